// Names the line a CSV quoted field opened on when the file ends inside it: the CSV reader's "Quote Not Closed" names the file's last line.

import { readFile } from 'node:fs/promises';
import { DataError } from '@skimmer/core';
import type { DataRecord } from '@skimmer/core';

const LF = 0x0a;
const QUOTE = 0x22;

/**
 * The 1-based line on which the quoted field still open at the end of `text` opened (RFC 4180 quoting: `""` inside a
 * quoted field is a quote), undefined when every quoted field closes.
 *
 * @example
 * unclosedQuoteLine('id,text\n1,ok\n2,"broken\n3,more\n'); // 3
 */
export function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let openedOn: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF) line++;
    else if (code !== QUOTE) continue;
    else if (openedOn === undefined) openedOn = line;
    else if (text.charCodeAt(i + 1) === QUOTE) i++;
    else openedOn = undefined;
  }
  return openedOn;
}

/**
 * The records of `records` (a dataset reader's, of CSV `file`); its "Quote Not Closed" error, which names the file's
 * last line, is thrown again naming the line where the unclosed quote opened.
 *
 * @example
 * for await (const record of withQuoteOpenLine(datasets.read(file), file)) records.push(record);
 */
export async function* withQuoteOpenLine(records: AsyncIterable<DataRecord>, file: string): AsyncGenerator<DataRecord> {
  try {
    yield* records;
  } catch (error) {
    if (!(error instanceof DataError) || error.context.code !== 'CSV_QUOTE_NOT_CLOSED') throw error;
    const text = await readFile(file, 'utf8');
    const opened = unclosedQuoteLine(text);
    if (opened === undefined) throw error;
    const last = typeof error.context.record === 'number' ? error.context.record : text.split('\n').length;
    throw new DataError(`${file}:${opened}: Quote Not Closed: the quoted field opened on line ${opened} is never closed (the file ends at line ${last})`, {
      file,
      record: opened,
      code: 'CSV_QUOTE_NOT_CLOSED',
    });
  }
}
