// The replay Source: recorded files replayed as a stream, as fast as possible or at a time-scaled rate, resumable by cursor.

import path from 'node:path';
import { ConfigError } from '@skimmer/core';
import type { Source, SourceReadOptions, SourceRecord } from '@skimmer/core';
import { replayFileItemBatches } from './replayRecords.ts';
import type { ColumnMap } from './replayRecords.ts';

export interface ReplaySourceOptions {
  /** Recorded files, replayed in this order. */
  files: readonly string[];
  /** `0` (default): as fast as possible; `10`: ten times real time, from the records' creation times. */
  speed?: number;
  /** Column names of CSV / flat JSON files, by Post field. */
  columns?: ColumnMap;
  /** Waits this long (injected by tests); default setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds now (injected by tests); default Date.now. */
  now?: () => number;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Replays recorded Twitter v2 pages and stream lines, v1.1 statuses, CSV and JSONL as a Source. The cursor is
 * the number of records already emitted, so `records({ cursor })` resumes right after the last one delivered.
 *
 * @example
 * const source = replaySource({ files: [datasetPath('twitter-v2-twarc-csv', 'brexit.jsonl')], speed: 10 });
 * for await (const record of source.records()) console.log(record.key, record.cursor);
 */
export function replaySource(options: ReplaySourceOptions): Source {
  const speed = options.speed ?? 0;
  if (!(speed >= 0) || !Number.isFinite(speed)) throw new ConfigError('speed', `must be a number >= 0 (0 = as fast as possible), got ${speed}`);
  if (options.files.length === 0) throw new ConfigError('files', 'name at least one recorded file to replay');
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  /** The records after `read.cursor`, as read (a batch per read of a file), paced one at a time when speed > 0. */
  async function* recordBatches(read: SourceReadOptions = {}): AsyncGenerator<SourceRecord[]> {
    const skip = read.cursor ? Number(read.cursor) : 0;
    if (!Number.isInteger(skip) || skip < 0) throw new ConfigError('cursor', `a replay cursor is a record count, got ${JSON.stringify(read.cursor)}`);
    let emitted = 0;
    let clock: { recordMs: number; wallMs: number } | null = null;
    for (const file of options.files) {
      const source = `replay:${path.basename(file)}`;
      // Creation times are read only to pace a time-scaled replay; at speed 0 they would be parsed for nothing.
      for await (const items of replayFileItemBatches(file, options.columns, { times: speed > 0 })) {
        if (read.signal?.aborted) return;
        const records: SourceRecord[] = [];
        for (const item of items) {
          emitted += 1;
          if (emitted <= skip) continue;
          const record = { key: item.key, value: item.value, source, cursor: String(emitted) };
          if (speed === 0 || item.createdAtMs === null) {
            records.push(record);
            continue;
          }
          clock ??= { recordMs: item.createdAtMs, wallMs: now() };
          const due = clock.wallMs + (item.createdAtMs - clock.recordMs) / speed;
          if (due > now()) {
            // Paced: what is due now goes first, then this record after its wait.
            if (records.length > 0) yield records.splice(0);
            await sleep(due - now(), read.signal);
            if (read.signal?.aborted) return;
          }
          records.push(record);
        }
        if (records.length > 0) yield records;
      }
    }
  }

  return {
    name: 'replay',
    recordBatches,
    async *records(read: SourceReadOptions = {}): AsyncGenerator<SourceRecord> {
      for await (const records of recordBatches(read)) yield* records;
    },
  };
}
