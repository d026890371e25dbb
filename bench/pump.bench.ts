// Benchmark: the collector's half without Kafka — 200,000 v2 stream lines replayed by pumpSource into a bus that drops
// them — reading the replay source by batch (recordBatches, one array per file read) against one record at a time
// (the same source seen through records() only), alternating rounds in one process.
// Usage: npm run bench:pump -- [--posts N] [--rounds N]; the last line is one JSON object.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pumpSource } from '@skimmer/core';
import type { Bus, BusRecord, Source } from '@skimmer/core';
import { replaySource } from '@skimmer/plugins-replay';
import { writeSyntheticStream } from '../test-support/syntheticStream.ts';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const POSTS = Number(flag('posts', '200000'));
const ROUNDS = Number(flag('rounds', '3'));

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-pump-bench-'));
const { file } = writeSyntheticStream(path.join(dir, 'stream.jsonl'), POSTS, 0);

let produced = 0;
const droppingBus = {
  async produce(_topic: string, records: readonly BusRecord[]) {
    produced += records.length;
  },
} as unknown as Bus;

/** The replay source, or the same seen through `records()` alone (how every source was read before recordBatches). */
function source(batched: boolean): Source {
  const replay = replaySource({ files: [file] });
  return batched ? replay : { name: replay.name, records: (options) => replay.records(options) };
}

/** CPU and wall milliseconds of one pump of the whole file. */
async function pump(batched: boolean): Promise<{ cpu_ms: number; wall_ms: number }> {
  produced = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await pumpSource(source(batched), droppingBus, 'posts', { batchSize: 5000 });
  const used = process.cpuUsage(cpu);
  if (produced !== POSTS) throw new Error(`pumped ${produced} records, expected ${POSTS}`);
  return { cpu_ms: Math.round((used.user + used.system) / 1000), wall_ms: Math.round(performance.now() - start) };
}

try {
  await pump(true); // warm-up: module loading and JIT
  const runs: Record<'batched' | 'per_record', Array<{ cpu_ms: number; wall_ms: number }>> = { batched: [], per_record: [] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.per_record.push(await pump(false));
    runs.batched.push(await pump(true));
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const perS = (ms: number): number => Math.round(POSTS / (ms / 1000));
  const batchedCpu = median(runs.batched.map((r) => r.cpu_ms));
  const perRecordCpu = median(runs.per_record.map((r) => r.cpu_ms));
  console.error(`batched: ${runs.batched.map((r) => r.cpu_ms).join(' / ')} ms CPU; per record: ${runs.per_record.map((r) => r.cpu_ms).join(' / ')} ms CPU`);
  console.log(
    JSON.stringify({
      posts: POSTS,
      rounds: ROUNDS,
      batched_cpu_ms: batchedCpu,
      per_record_cpu_ms: perRecordCpu,
      batched_records_per_s: perS(median(runs.batched.map((r) => r.wall_ms))),
      per_record_records_per_s: perS(median(runs.per_record.map((r) => r.wall_ms))),
      cpu_ratio: Number((perRecordCpu / batchedCpu).toFixed(2)),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
