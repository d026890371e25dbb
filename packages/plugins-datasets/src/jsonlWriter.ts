// Writes datasets as JSON Lines, one record per line (bigints as decimal strings).

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { DatasetWriter, WriteDatasetResult } from '@skimmer/core';

const bigintAsString = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/**
 * JSONL DatasetWriter.
 *
 * @example
 * await jsonlWriter.write('out.jsonl', [{ id: '1', text: 'hello' }]) // { rows: 1, bytes: 27 }
 */
export const jsonlWriter: DatasetWriter = {
  format: 'jsonl',
  async write(path, records): Promise<WriteDatasetResult> {
    const out = createWriteStream(path, 'utf8');
    const failed = once(out, 'error').then(([error]) => Promise.reject(error));
    failed.catch(() => undefined);
    let rows = 0;
    for await (const record of records) {
      rows += 1;
      if (!out.write(`${JSON.stringify(record, bigintAsString)}\n`)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    return { rows, bytes: out.bytesWritten };
  },
};
