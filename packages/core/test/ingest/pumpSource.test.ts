// Specification of pumpSource: full batches as records arrive, a partial batch flushed flushMs after its first record, the count and last cursor.

import { expect, test } from 'vitest';
import { pumpSource } from '../../src/ingest/pumpSource.ts';
import type { Bus, BusRecord } from '../../src/bus.ts';
import type { Source, SourceRecord } from '../../src/source.ts';

const record = (i: number): SourceRecord => ({ key: String(i), value: `{"id":"${i}"}`, source: 'test', cursor: String(i) });

/** A source yielding `count` records, waiting `gapMs` before each record listed in `slowBefore`. */
function source(count: number, gapMs = 0, slowBefore: readonly number[] = []): Source {
  return {
    name: 'test',
    async *records() {
      for (let i = 1; i <= count; i++) {
        if (slowBefore.includes(i)) await new Promise((resolve) => setTimeout(resolve, gapMs));
        yield record(i);
      }
    },
  };
}

/** A bus that remembers each produce call's keys. */
function recordingBus(): { bus: Bus; calls: Array<{ keys: string[] }> } {
  const calls: Array<{ keys: string[] }> = [];
  const bus = {
    async produce(_topic: string, batch: readonly BusRecord[]) {
      calls.push({ keys: batch.map((r) => r.key!) });
    },
  } as unknown as Bus;
  return { bus, calls };
}

test('produces full batches of batchSize and the rest at the end, with the count and the last cursor', async () => {
  const { bus, calls } = recordingBus();
  expect(await pumpSource(source(7), bus, 't', { batchSize: 3 })).toEqual({ produced: 7, cursor: '7' });
  expect(calls.map((c) => c.keys)).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
});

test('a partial batch goes out flushMs after its first record while the source is quiet', async () => {
  const { bus, calls } = recordingBus();
  await pumpSource(source(3, 400, [3]), bus, 't', { batchSize: 10, flushMs: 50 });
  // Without the flush, records 1 and 2 would have waited for record 3 and gone out with it.
  expect(calls.map((c) => c.keys)).toEqual([['1', '2'], ['3']]);
});

test('a steady source fills batches without waiting for the flush timer', async () => {
  const { bus, calls } = recordingBus();
  await pumpSource(source(1000), bus, 't', { batchSize: 250, flushMs: 10_000 });
  expect(calls.map((c) => c.keys.length)).toEqual([250, 250, 250, 250]);
});

test('a source that gives records in batches is read by batch; produce calls still hold batchSize records', async () => {
  const { bus, calls } = recordingBus();
  const batched: Source = {
    name: 'batched',
    records: () => {
      throw new Error('records() is not read when recordBatches exists');
    },
    async *recordBatches() {
      for (const [from, to] of [
        [1, 4],
        [5, 11],
        [12, 12],
      ])
        yield Array.from({ length: to - from + 1 }, (_, i) => record(from + i));
    },
  };
  expect(await pumpSource(batched, bus, 't', { batchSize: 5, flushMs: 10_000 })).toEqual({ produced: 12, cursor: '12' });
  expect(calls.map((c) => c.keys)).toEqual([
    ['1', '2', '3', '4', '5'],
    ['6', '7', '8', '9', '10'],
    ['11', '12'],
  ]);
});

test('an abort stops the pump after the produce call in flight, even inside a source batch; the cursor is the last produced', async () => {
  const stop = new AbortController();
  const calls: number[] = [];
  const bus = {
    async produce(_topic: string, batch: readonly BusRecord[]) {
      calls.push(batch.length);
      stop.abort();
    },
  } as unknown as Bus;
  const batched: Source = {
    name: 'batched',
    records: () => {
      throw new Error('not read');
    },
    async *recordBatches() {
      yield Array.from({ length: 2000 }, (_, i) => record(i + 1));
    },
  };
  expect(await pumpSource(batched, bus, 't', { batchSize: 500, signal: stop.signal })).toEqual({ produced: 500, cursor: '500' });
  expect(calls).toEqual([500]);
});
