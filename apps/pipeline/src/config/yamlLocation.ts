// Turns a config path (['lfs', 3, 'pattern']) into its printed form (`lfs[3].pattern`) and its line in the YAML source.

import { isMap, LineCounter, parseDocument, type Document } from 'yaml';

/** A parsed config file that can tell where a value sits. */
export interface LocatedYaml {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

/** Parses YAML text, keeping positions so errors can give line numbers. */
export function parseLocatedYaml(text: string): LocatedYaml {
  const lineCounter = new LineCounter();
  return { doc: parseDocument(text, { lineCounter, prettyErrors: false }), lineCounter };
}

/**
 * Prints a config path the way users read it.
 *
 * @example
 * formatConfigPath(['lfs', 3, 'pattern']); // 'lfs[3].pattern'
 */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** The 1-based line of the value at `path` (or of the key itself when `key` is true), undefined when the path is not in the file. */
export function lineOf(located: LocatedYaml, path: readonly PropertyKey[], key = false): number | undefined {
  const parts = path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (key && parts.length > 0) {
    const parent = located.doc.getIn(parts.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === parts[parts.length - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
      if (range) return located.lineCounter.linePos(range[0]).line;
    }
  }
  for (let depth = parts.length; depth >= 0; depth--) {
    const node = located.doc.getIn(parts.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return located.lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
