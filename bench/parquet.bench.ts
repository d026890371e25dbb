// Benchmark: Parquet libraries side by side in one run — correctness on the interop fixtures first, then rows/s, peak memory and size at 100k tweets.
//
// Old: parquetjs-lite 0.8.7 (Skimmer's reader and writer before issue 18). Candidates: hyparquet (+ hyparquet-compressors)
// for reading, hyparquet-writer for writing (both as Skimmer's readers / writers use them, and hyparquet raw), and
// parquet-wasm 0.8 (Rust parquet compiled to wasm; Arrow tables, rows through apache-arrow). Each timed case runs in
// its own child process so its peak RSS is its own. Usage: npm run bench:parquet  (PARQUET_BENCH_N=20000 for a quick run)

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { asyncBufferFromFile, parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import * as parquetWasm from 'parquet-wasm/node';
import { datasetPath } from '@skimmer/core';
import type { DataRecord } from '@skimmer/core';
import { createParquetWriter, readDatasetAll, readParquetRows } from '@skimmer/plugins-datasets';
import { parquetjsLiteRows, parquetjsLiteWrite } from './parquetjsLiteBaseline.ts';

const N = Number(process.env.PARQUET_BENCH_N ?? 100_000);
const CRISES = ['2012_Sandy_Hurricane', '2013_Alberta_Floods', '2013_Boston_Bombings', '2013_Oklahoma_Tornado'];
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../packages/plugins-datasets/test/fixtures/interop');

type Row = Record<string, unknown>;

/** N tweet rows (id, text, label, created_at, source, expanded_url) cycling over the CrisisLexT6 tweets, ids above 2^53. */
async function tweetRows(): Promise<DataRecord[]> {
  const texts: DataRecord[] = [];
  for (const crisis of CRISES) {
    for (const record of await readDatasetAll(datasetPath('crisislex-t6', `${crisis}-ontopic_offtopic.csv`), { columns: { id: 'tweet id', text: 'tweet' } }))
      texts.push(record);
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

// ------------------------------------------------------------------ readers and writers under test

/** Every row of a file, as each library hands it out (values not normalised). */
const READERS: Record<string, (file: string) => AsyncIterable<Row> | Promise<Row[]>> = {
  'parquetjs-lite 0.8.7 (old)': parquetjsLiteRows,
  'hyparquet 1.31 raw': async (file) => parquetReadObjects({ file: await asyncBufferFromFile(file), compressors }),
  'hyparquet via Skimmer reader': readParquetRows,
  'parquet-wasm 0.8 + apache-arrow': async (file) => {
    const table = tableFromIPC(parquetWasm.readParquet(readFileSync(file)).intoIPCStream());
    return table.toArray().map((row) => row.toJSON() as Row);
  },
};

async function collect(rows: AsyncIterable<Row> | Promise<Row[]>): Promise<Row[]> {
  if (rows instanceof Promise) return rows;
  const out: Row[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const OLD_TYPES = { id: 'UTF8', text: 'UTF8', label: 'UTF8', created_at: 'UTF8', source: 'UTF8', expanded_url: 'UTF8' };

/** Writers: each writes the rows to a file (ids as declared by `idType`). */
const WRITERS: Record<string, (file: string, rows: readonly DataRecord[], idType?: 'int64') => Promise<void>> = {
  'parquetjs-lite 0.8.7 (old)': (file, rows, idType) =>
    parquetjsLiteWrite(
      file,
      { ...OLD_TYPES, id: idType === 'int64' ? 'INT64' : 'UTF8' },
      idType === 'int64' ? rows.map((row) => ({ ...row, id: BigInt(row.id) })) : rows,
    ),
  'hyparquet-writer snappy (Skimmer)': async (file, rows, idType) => void (await createParquetWriter({ idType }).write(file, rows)),
  'hyparquet-writer zstd (Skimmer)': async (file, rows, idType) => void (await createParquetWriter({ compression: 'ZSTD', idType }).write(file, rows)),
  'parquet-wasm 0.8 zstd': async (file, rows, idType) => {
    const column = (name: string) => rows.map((row) => (row[name] ?? null) as string | null);
    const arrow = tableFromArrays({
      id: idType === 'int64' ? BigInt64Array.from(rows, (row) => BigInt(row.id)) : column('id'),
      text: column('text'),
      label: column('label'),
      created_at: rows.map((row) => (row.created_at ? new Date(row.created_at as string) : null)),
      source: column('source'),
      expanded_url: column('expanded_url'),
    } as never) as unknown as Parameters<typeof tableToIPC>[0];
    const table = parquetWasm.Table.fromIPCStream(tableToIPC(arrow, 'stream'));
    const properties = new parquetWasm.WriterPropertiesBuilder().setCompression(parquetWasm.Compression.ZSTD).build();
    writeFileSync(file, parquetWasm.writeParquet(table, properties));
  },
};

// ------------------------------------------------------------------ correctness on the committed interop fixtures

const sha256Lines = (lines: Iterable<string>) => {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest('hex');
};
const expectation = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name.replace('.parquet', '.expected.json')), 'utf8'));
const idText = (row: Row) => JSON.stringify({ id: String(row.id), text: row.text });

/** Named checks a reader passes or fails (an exception is a failure with its message). */
const READ_CHECKS: Record<string, (rows: (name: string) => Promise<Row[]>) => Promise<boolean>> = {
  'pyarrow row group >1 MiB distinct text: all 20,000 rows exact': async (rows) =>
    sha256Lines((await rows('pyarrow_big_text_rowgroup.parquet')).map(idText)) === expectation('pyarrow_big_text_rowgroup.parquet').sha256,
  'page v2 booleans': async (rows) => {
    const flags = (await rows('pyarrow_booleans_page2.parquet')).map((row) => row.flag);
    return JSON.stringify(flags) === JSON.stringify([true, false, false, true, true, true, false, true, ...Array.from({ length: 100 }, (_, i) => i % 3 === 0)]);
  },
  ...Object.fromEntries(
    ['none', 'snappy', 'gzip', 'zstd', 'lz4_raw', 'brotli'].map((codec) => [
      `pyarrow ${codec}: ids (int64 > 2^53) and texts exact`,
      async (rows: (name: string) => Promise<Row[]>) => {
        const name = `pyarrow_${codec}_page1_dict.parquet`;
        const expected = expectation(name).values.map((row: Row) => JSON.stringify({ id: row.id === null ? 'null' : String(row.id), text: row.text }));
        return (
          JSON.stringify((await rows(name)).map((row) => JSON.stringify({ id: String(row.id ?? null), text: row.text ?? null }))) === JSON.stringify(expected)
        );
      },
    ]),
  ),
  'polars 100k rows (zstd): every row': async (rows) => (await rows('polars_100k_rows.parquet')).length === 100_000,
};

async function readCorrectness(): Promise<Record<string, { passed: number; failed: string[] }>> {
  const result: Record<string, { passed: number; failed: string[] }> = {};
  for (const [library, read] of Object.entries(READERS)) {
    const rows = (name: string) => collect(read(path.join(FIXTURES, name)));
    result[library] = { passed: 0, failed: [] };
    for (const [check, run] of Object.entries(READ_CHECKS)) {
      const ok = await run(rows).catch((error: unknown) => `${(error as Error).message ?? error}`.slice(0, 80));
      if (ok === true) result[library].passed += 1;
      else result[library].failed.push(ok === false ? check : `${check} (${ok})`);
    }
  }
  return result;
}

async function writeCorrectness(dir: string, rows: readonly DataRecord[]): Promise<Record<string, { passed: number; failed: string[] }>> {
  const result: Record<string, { passed: number; failed: string[] }> = {};
  const ids = Array.from({ length: 8 }, (_, i) => ({ id: String(1_600_000_000_000_000_000n + BigInt(i)), text: `t${i}` }));
  for (const [library, write] of Object.entries(WRITERS)) {
    const checks: Record<string, () => Promise<boolean>> = {
      'int64 ids above 2^53 exact': async () => {
        const file = path.join(dir, 'ids.parquet');
        await write(file, ids, 'int64');
        return JSON.stringify((await readDatasetAll(file)).map((row) => row.id)) === JSON.stringify(ids.map((row) => row.id));
      },
      [`${rows.length} tweets round trip (id, text, label)`]: async () => {
        const file = path.join(dir, `${slug(library)}.parquet`);
        const back = await readDatasetAll(file);
        const key = (row: Row) => JSON.stringify([row.id, row.text, row.label ?? null]);
        return back.length === rows.length && back.every((row, i) => key(row) === key(rows[i]));
      },
      'created_at written as a timestamp': async () => {
        const bytes = readFileSync(path.join(dir, `${slug(library)}.parquet`));
        const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        const element = metadata.schema.find((column) => column.name === 'created_at');
        return element?.logical_type?.type === 'TIMESTAMP' || element?.converted_type === 'TIMESTAMP_MILLIS' || element?.converted_type === 'TIMESTAMP_MICROS';
      },
    };
    result[library] = { passed: 0, failed: [] };
    for (const [check, run] of Object.entries(checks)) {
      const ok = await run().catch((error: unknown) => `${(error as Error).message ?? error}`.slice(0, 80));
      if (ok === true) result[library].passed += 1;
      else result[library].failed.push(ok === false ? check : `${check} (${ok})`);
    }
  }
  return result;
}

// ------------------------------------------------------------------ timed cases, one child process each

const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

interface CaseResult {
  seconds: number;
  rows: number;
  peakMiB: number;
}

/** Runs one timed case in this (child) process; peak memory is the rise of max RSS over the RSS before the case. */
async function runCase(kind: 'read' | 'write', library: string, file: string): Promise<CaseResult> {
  const rows = kind === 'write' ? await tweetRows() : [];
  global.gc?.();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  let count = rows.length;
  if (kind === 'write') await WRITERS[library](file, rows);
  else {
    count = 0;
    const result = READERS[library](file);
    if (result instanceof Promise) count = (await result).length;
    else for await (const _row of result) count += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  const peakMiB = (process.resourceUsage().maxRSS * 1024 - before) / 2 ** 20;
  return { seconds, rows: count, peakMiB: Math.max(0, Math.round(peakMiB)) };
}

function child(kind: 'read' | 'write', library: string, file: string): CaseResult {
  const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--case', kind, library, file], {
    encoding: 'utf8',
    env: { ...process.env },
    maxBuffer: 1 << 24,
  });
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (!last.startsWith('{'))
    return { seconds: Number.NaN, rows: 0, peakMiB: 0, error: (run.stderr || run.stdout).trim().split('\n').slice(-3).join(' | ') } as CaseResult;
  const result = JSON.parse(last) as CaseResult & { seconds: number | null };
  return { ...result, seconds: result.seconds ?? Number.NaN };
}

if (process.argv[2] === '--case') {
  const [kind, library, file] = process.argv.slice(3) as ['read' | 'write', string, string];
  const result = await runCase(kind, library, file).catch((error: unknown) => ({
    seconds: Number.NaN,
    rows: 0,
    peakMiB: 0,
    error: String((error as Error).message ?? error),
  }));
  console.log(JSON.stringify(result));
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-parquet-bench-'));
  try {
    const read = await readCorrectness();
    const writes: Record<string, CaseResult & { bytes: number }> = {};
    for (const library of Object.keys(WRITERS)) {
      const file = path.join(dir, `${slug(library)}.parquet`);
      const result = child('write', library, file);
      writes[library] = { ...result, bytes: Number.isNaN(result.seconds) ? 0 : statSync(file).size };
    }
    const rows = await tweetRows();
    const write = await writeCorrectness(dir, rows);
    // Every reader reads the file the old writer wrote (the one all four can open) and Skimmer's snappy and zstd files.
    const reads: Record<string, CaseResult> = {};
    for (const source of ['parquetjs-lite 0.8.7 (old)', 'hyparquet-writer snappy (Skimmer)', 'hyparquet-writer zstd (Skimmer)']) {
      for (const library of Object.keys(READERS)) reads[`${library} ← ${source}`] = child('read', library, path.join(dir, `${slug(source)}.parquet`));
    }

    const perSecond = (result: CaseResult) => (Number.isNaN(result.seconds) ? null : Math.round(result.rows / result.seconds));
    console.log(`rows: ${N}; cores: ${cpus().length}; load (1 min): ${loadavg()[0].toFixed(2)}`);
    console.log('\ncorrectness, reading the interop fixtures (pyarrow / Polars files):');
    for (const [library, { passed, failed }] of Object.entries(read))
      console.log(`  ${library}: ${passed}/${passed + failed.length}${failed.length ? `; fails: ${failed.join('; ')}` : ''}`);
    console.log('correctness, writing (read back with the verified reader):');
    for (const [library, { passed, failed }] of Object.entries(write))
      console.log(`  ${library}: ${passed}/${passed + failed.length}${failed.length ? `; fails: ${failed.join('; ')}` : ''}`);
    console.log('\nwrite                                   rows/s    peak MiB   file bytes');
    for (const [library, result] of Object.entries(writes)) {
      console.log(
        `  ${library.padEnd(36)} ${String(perSecond(result) ?? 'failed').padStart(9)} ${String(result.peakMiB).padStart(9)} ${String(result.bytes).padStart(12)}`,
      );
    }
    console.log('read                                                         rows/s    peak MiB');
    for (const [name, result] of Object.entries(reads)) {
      const error = (result as CaseResult & { error?: string }).error;
      console.log(
        `  ${name.padEnd(58)} ${String(perSecond(result) ?? 'failed').padStart(9)} ${String(result.peakMiB).padStart(9)}${error ? `  (${error.slice(0, 100)})` : ''}`,
      );
    }
    console.log(
      JSON.stringify({
        rows: N,
        correctness: { read, write },
        write: Object.fromEntries(
          Object.entries(writes).map(([library, result]) => [library, { rows_s: perSecond(result), peak_mib: result.peakMiB, bytes: result.bytes }]),
        ),
        read: Object.fromEntries(Object.entries(reads).map(([name, result]) => [name, { rows_s: perSecond(result), peak_mib: result.peakMiB }])),
        cores: cpus().length,
        loadAvg1m: Number(loadavg()[0].toFixed(2)),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
