// Benchmark: write and read 100,000 real tweets as Parquet (parquetjs-lite, snappy) against JSON Lines in the same run.

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sharedDataPath } from '@skimmer/core';
import type { DataRecord } from '@skimmer/core';
import { jsonlReader, jsonlWriter, parquetReader, parquetWriter, readDatasetAll } from '@skimmer/plugins-datasets';

const N = Number(process.env.PARQUET_BENCH_N ?? 100_000);
const CRISES = ['2012_Sandy_Hurricane', '2013_Alberta_Floods', '2013_Boston_Bombings', '2013_Oklahoma_Tornado'];

/** N tweet rows (id, text, label, created_at, source, expanded_url) cycling over the 40,000 CrisisLexT6 tweets, ids made unique. */
async function tweetRows(): Promise<DataRecord[]> {
  const texts: DataRecord[] = [];
  for (const crisis of CRISES) {
    for (const record of await readDatasetAll(sharedDataPath('crisislex-t6', `${crisis}-ontopic_offtopic.csv`), { columns: { id: 'tweet id', text: 'tweet' } })) texts.push(record);
  }
  return Array.from({ length: N }, (_, i) => {
    const tweet = texts[i % texts.length];
    return {
      id: String(1_600_000_000_000_000_000n + BigInt(i)),
      text: tweet.text,
      label: tweet.label,
      created_at: new Date(Date.UTC(2013, 0, 1) + i * 1000).toISOString(),
      source: 'replay:crisislex-t6',
      expanded_url: i % 3 === 0 ? `https://example.org/story/${i}` : null,
    };
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - start) / 1000, value };
}

async function count(records: AsyncIterable<DataRecord>): Promise<number> {
  let n = 0;
  for await (const _record of records) n++;
  return n;
}

const rows = await tweetRows();
const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-parquet-bench-'));
try {
  const parquetFile = path.join(dir, 'tweets.parquet');
  const jsonlFile = path.join(dir, 'tweets.jsonl');
  const jsonlWrite = await timed(() => jsonlWriter.write(jsonlFile, rows));
  const parquetWrite = await timed(() => parquetWriter.write(parquetFile, rows));
  const jsonlRead = await timed(() => count(jsonlReader.read(jsonlFile)));
  const parquetRead = await timed(() => count(parquetReader.read(parquetFile)));
  if (jsonlRead.value !== N || parquetRead.value !== N) throw new Error(`read back ${jsonlRead.value} / ${parquetRead.value} rows, expected ${N}`);

  const perSecond = (seconds: number) => Math.round(N / seconds);
  console.log(`rows: ${N}; files: parquet ${parquetWrite.value.bytes} B, jsonl ${jsonlWrite.value.bytes} B`);
  console.log(`parquet write ${parquetWrite.seconds.toFixed(2)} s, read ${parquetRead.seconds.toFixed(2)} s`);
  console.log(`jsonl   write ${jsonlWrite.seconds.toFixed(2)} s, read ${jsonlRead.seconds.toFixed(2)} s`);
  console.log(
    JSON.stringify({
      parquet_write_rows_s: perSecond(parquetWrite.seconds),
      parquet_read_rows_s: perSecond(parquetRead.seconds),
      jsonl_write_rows_s: perSecond(jsonlWrite.seconds),
      jsonl_read_rows_s: perSecond(jsonlRead.seconds),
      parquet_bytes: parquetWrite.value.bytes,
      jsonl_bytes: jsonlWrite.value.bytes,
      rows: N,
      cores: cpus().length,
      loadAvg1m: Number(loadavg()[0].toFixed(2)),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
