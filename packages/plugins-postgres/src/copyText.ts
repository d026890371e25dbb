// Values in Postgres COPY text format: tab-separated fields, \N for NULL, backslash escapes, NUL-free.

import { pgText, textArrayLiteral } from './sqlValues.ts';

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPED = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The COPY NULL marker. */
export const COPY_NULL = '\\N';

/**
 * One field of a COPY text line: NULL as `\N`, U+0000 removed, backslash, tab, CR and LF escaped.
 *
 * @example
 * copyField('a\tb\\c') // 'a\\tb\\\\c'
 */
export function copyField(value: string | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  const text = pgText(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c]) : text;
}

/** A text[] field: the array literal, then COPY-escaped. */
export function copyTextArray(values: readonly string[]): string {
  return values.length === 0 ? '{}' : copyField(textArrayLiteral(values));
}

/**
 * Joins lines into chunks of about `chunkChars` characters each, so a large COPY is sent without one huge string.
 *
 * @example
 * [...copyChunks(['1\ta', '2\tb'], 1 << 16)] // ['1\ta\n2\tb\n']
 */
export function* copyChunks(lines: Iterable<string>, chunkChars = 1 << 20): Generator<string> {
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    chunk.push(line);
    size += line.length + 1;
    if (size >= chunkChars) {
      yield `${chunk.join('\n')}\n`;
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length > 0) yield `${chunk.join('\n')}\n`;
}
