// Specification of `pipeline label --role publish|worker|fit` on the local Kafka broker: two, then three worker processes
// (one SIGKILLed mid-way and restarted) label the youtube example's train split; the merged statistics and the labels
// equal those of one `pipeline label` process exactly.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import type { Logger, Store } from '@skimmer/core';
import { OverlapStats } from '@skimmer/labelmodel';
import { labelCommand } from '../src/commands/label.ts';
import { main } from '../src/cli.ts';
import { silentProgress } from '../src/progress.ts';
import { runPipeline } from '../src/runPipeline.ts';
import { openRunStore } from '../src/runStore.ts';
import { loadConfig } from '../src/config/loadConfig.ts';
import { readSplitRowsIndex } from '../src/stages/splitRows.ts';
import { kafkaBrokers, privateSchema, REPO_ROOT, uniqueName } from '../../../test-support/testServices.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const BIN = path.join(REPO_ROOT, 'apps/pipeline/bin/pipeline.js');
const EXAMPLE = path.join(REPO_ROOT, 'examples/youtube-spam');
const TRAIN_ROWS = 1586;

let dir: string;
let config: string;
let schema: Awaited<ReturnType<typeof privateSchema>>;
let store: Store;
/** What one process computed: the label model's statistics on train and the train labels. */
let reference: { runId: string; O: Float64Array; lfSummary: unknown[]; labelCoverage: unknown; labels: Map<string, number[]> };

interface FitOutput {
  runId: string;
  labelled: number;
  statistics: {
    rows: number;
    coVotes: [number, number][];
    lfSummary: { name: string; coverage: number; overlaps: number; conflicts: number }[];
    labelCoverage: unknown;
  };
}

/** The example's config with absolute paths, a slow abstaining LF, this file's store schema and the test broker. */
function writeConfig(): string {
  const file = path.join(dir, 'config.yaml');
  const yaml = readFileSync(path.join(EXAMPLE, 'config.yaml'), 'utf8')
    .replaceAll('../../datasets/', `${path.join(REPO_ROOT, 'datasets')}/`)
    .replaceAll('split/', `${path.join(EXAMPLE, 'split')}/`)
    .replace('  - ./shortComment.ts', `  - ${path.join(EXAMPLE, 'shortComment.ts')}\n  - ${path.join(import.meta.dirname, 'fixtures/labelSlowLF.ts')}`);
  writeFileSync(
    file,
    `${yaml}\noutput_dir: ${path.join(dir, 'runs')}\nstore: { url: "${schema.url}" }\n` +
      `ingest:\n  bus: { type: kafka, brokers: [${kafkaBrokers().join(', ')}], sessionTimeoutMs: 3000 }\n`,
  );
  return file;
}

/** Runs a role in this process and returns its JSON line. */
async function inProcess(args: string[]): Promise<Record<string, unknown>> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    expect(await labelCommand([config, ...args], quiet)).toBe(0);
    return (JSON.parse(String(log.mock.calls.at(-1)![0])) as { label: Record<string, unknown> }).label;
  } finally {
    log.mockRestore();
  }
}

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

/** A running worker process: its exit (code or signal, stdout) and the batches it has reported storing so far. */
interface Member {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: string | null; out: string }>;
  batchesStored(): number;
}

/** A worker process of `job`, logging each stored batch (debug) on stderr. */
function worker(topic: string, job: string, batchSize: number): Member {
  const args = ['label', config, '--role', 'worker', '--topic', topic, '--group', job, '--batch-size', String(batchSize), '--until-caught-up'];
  const child = spawn(process.execPath, [BIN, ...args, '--log-level', 'debug'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exit = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (code !== 0 && signal === null) console.error(err);
      resolve({ code, signal, out });
    }),
  );
  return { child, exit, batchesStored: () => err.split('"msg":"label batch stored"').length - 1 };
}

/** Rows the job has stored so far. */
async function storedRows(job: string): Promise<number> {
  const { rows } = await store.sql.query<{ n: number }>('SELECT coalesce(sum(row_count), 0)::int AS n FROM label_vote_stats WHERE job = $1', [job]);
  return rows[0].n;
}

/** The fit's statistics and labels equal the single process's, exactly. */
async function expectSameAsOneProcess(fit: FitOutput): Promise<void> {
  const { statistics } = fit;
  expect(statistics.rows).toBe(TRAIN_ROWS);
  const m = statistics.lfSummary.length;
  const counts = new Float64Array((m * 2) ** 2);
  for (const [at, c] of statistics.coVotes) counts[at] = c;
  expect(new OverlapStats(m, 2).addCounts(counts, statistics.rows).toMatrix()).toEqual(reference.O);
  expect(statistics.lfSummary.map(({ name, coverage, overlaps, conflicts }) => ({ name, coverage, overlaps, conflicts }))).toEqual(reference.lfSummary);
  expect(statistics.labelCoverage).toEqual(reference.labelCoverage);
  expect(fit.labelled).toBe(TRAIN_ROWS);
  const labels = await store.labelOutputs.read(fit.runId);
  expect(labels.itemIds.length).toBe(TRAIN_ROWS);
  labels.itemIds.forEach((id, i) => {
    expect(Array.from(labels.probs.data.subarray(i * 2, i * 2 + 2)), id).toEqual(reference.labels.get(id));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'skimmer-label-dist-'));
  schema = await privateSchema('label_dist');
  config = writeConfig();
  // One process: `pipeline label` (apply, analyze, fit) on the same config and store.
  const { report, runId } = await runPipeline(config, { stages: ['apply', 'analyze', 'fit'], logger: quiet, progress: silentProgress, keepLabels: true });
  store = await openRunStore(await loadConfig(config, quiet), undefined, quiet);
  const train = (await readSplitRowsIndex(String(report.artifacts.labelMatrices)))!.splits.get('train')!;
  const stats = new OverlapStats(train.m, 2);
  const trainIds = new Set<string>();
  for await (const chunk of train.chunks()) {
    stats.add(chunk.L);
    for (const id of chunk.ids) trainIds.add(id);
  }
  const outputs = await store.labelOutputs.read(runId);
  const labels = new Map<string, number[]>();
  outputs.itemIds.forEach((id, i) => {
    if (trainIds.has(id)) labels.set(id, Array.from(outputs.probs.data.subarray(i * 2, i * 2 + 2)));
  });
  reference = {
    runId,
    O: stats.toMatrix(),
    lfSummary: report.lfSummary.map(({ name, coverage, overlaps, conflicts }) => ({ name, coverage, overlaps, conflicts })),
    labelCoverage: report.labelCoverage,
    labels,
  };
  expect(labels.size).toBe(TRAIN_ROWS);
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await store?.close();
  await schema?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('two workers label the train split; the fit merges their statistics into exactly one process’s model and labels', { timeout: 60_000 }, async () => {
  const topic = uniqueName('label-two');
  const job = `${topic}-job`;
  expect(await inProcess(['--role', 'publish', '--topic', topic, '--group', job, '--partitions', '4'])).toMatchObject({ produced: TRAIN_ROWS });
  const members = [worker(topic, job, 100), worker(topic, job, 100)];
  const exits = await Promise.all(members.map((m) => m.exit));
  expect(exits.map((e) => e.code)).toEqual([0, 0]);
  const stored = exits.map((e) => (JSON.parse(e.out.trim().split('\n').at(-1)!) as { label: { stored: number } }).label.stored);
  expect(stored[0] + stored[1]).toBe(TRAIN_ROWS);
  await expectSameAsOneProcess((await inProcess(['--role', 'fit', '--topic', topic, '--group', job, '--duration', '20s'])) as unknown as FitOutput);
  // As a `pipeline label` run's, the fit's labels replaced those of the dataset's earlier run.
  expect((await store.labelOutputs.read(reference.runId)).itemIds).toHaveLength(0);
});

test('three workers, one SIGKILLed mid-way and restarted: the same statistics and labels', { timeout: 60_000 }, async () => {
  const topic = uniqueName('label-three');
  const job = `${topic}-job`;
  await inProcess(['--role', 'publish', '--topic', topic, '--group', job, '--partitions', '4']);
  const members = [worker(topic, job, 20), worker(topic, job, 20), worker(topic, job, 20)];
  // Once the job has stored 200 rows, the member that has stored the most batches is killed while it labels.
  while ((await storedRows(job)) < 200) await new Promise((resolve) => setTimeout(resolve, 10));
  const victim = members.reduce((a, b) => (b.batchesStored() > a.batchesStored() ? b : a));
  victim.child.kill('SIGKILL');
  const killed = await victim.exit;
  expect(killed.signal).toBe('SIGKILL');
  expect(victim.batchesStored()).toBeGreaterThan(0);
  expect(await storedRows(job)).toBeLessThan(TRAIN_ROWS);
  const restarted = worker(topic, job, 20);
  const exits = await Promise.all([...members.filter((m) => m !== victim).map((m) => m.exit), restarted.exit]);
  expect(exits.map((e) => e.code)).toEqual([0, 0, 0]);
  // Every row stored once: a batch delivered again after the kill added nothing.
  expect(await storedRows(job)).toBe(TRAIN_ROWS);
  await expectSameAsOneProcess((await inProcess(['--role', 'fit', '--topic', topic, '--group', job, '--duration', '20s'])) as unknown as FitOutput);
});

/** Runs the CLI's `main` in this process; returns the exit code and its stderr. */
async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream);
  return { code, stderr };
}

test('exit codes: a fit whose workers never reach the end 1, a failing store 1; bad role, config or bus 2', { timeout: 30_000 }, async () => {
  const topic = uniqueName('label-nobody');
  const started = Date.now();
  expect(await cli(['label', config, '--role', 'fit', '--topic', topic, '--group', `${topic}-job`, '--duration', '2s', '--log-level', 'silent'])).toEqual({
    code: 1,
    stderr: `pipeline: the workers of job "${topic}-job" did not store ${topic} up to its end within 2 s: start more workers or wait longer (--duration)\n`,
  });
  expect(Date.now() - started).toBeLessThan(15_000);
  const yaml = readFileSync(config, 'utf8');
  const variant = (name: string, from: RegExp, to: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, yaml.replace(from, to));
    return file;
  };
  const deadStore = variant('dead-store.yaml', /^store: .*$/m, 'store: { kind: server, url: "postgres://skimmer:x@127.0.0.1:1/skimmer" }');
  expect(await cli(['label', deadStore, '--role', 'worker', '--log-level', 'silent'])).toMatchObject({
    code: 1,
    stderr: expect.stringMatching(/^pipeline: openStore failed/),
  });
  const inProcessBus = variant('in-process.yaml', /^ {2}bus: .*$/m, '  bus: { type: in-process }');
  expect(await cli(['label', inProcessBus, '--role', 'worker', '--log-level', 'silent'])).toEqual({
    code: 2,
    stderr: 'pipeline: ingest.bus: distributed labelling shares the posts between processes: set ingest.bus to a kafka bus\n',
  });
  expect(await cli(['label', path.join(dir, 'missing.yaml'), '--role', 'worker'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/file not found/) });
  expect(await cli(['label', config, '--role', 'bogus'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/'bogus' is invalid/) });
  expect(await cli(['label', config, '--role', 'worker', '--batch-size', '0'])).toEqual({
    code: 2,
    stderr: 'pipeline: --batch-size: expected a positive integer, got "0"\n',
  });
});
