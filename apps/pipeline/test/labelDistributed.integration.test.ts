// Specification of `pipeline label --role publish|worker|fit` on the local Kafka broker: two, then three worker processes
// label the youtube example's train split and then the fit's partitions (one member SIGKILLed while labelling, and in
// the second test also while applying the LFs, each time restarted); the merged statistics and the labels equal those
// of one `pipeline label` process exactly.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { labelVotesOf } from '@skimmer/core';
import type { Logger, Store } from '@skimmer/core';
import { OverlapStats } from '@skimmer/labelmodel';
import { labelCommand } from '../src/commands/label.ts';
import { main } from '../src/cli.ts';
import { silentProgress } from '../src/progress.ts';
import { runPipeline } from '../src/runPipeline.ts';
import { openProjectStore, storeConfigOf } from '../src/runStore.ts';
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

/** A running worker process: its exit (code or signal, stdout), the batches it has reported storing and the partitions it has claimed to label so far. */
interface Member {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: string | null; out: string }>;
  batchesStored(): number;
  partitionsClaimed(): number;
}

/** A worker process of `job` that stays until the fit's partitions are labelled, logging each stored batch (debug) on stderr. */
function worker(topic: string, job: string, batchSize: number): Member {
  const args = ['label', config, '--role', 'worker', '--topic', topic, '--group', job, '--batch-size', String(batchSize), '--until-labelled'];
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
  const count = (msg: string) => (): number => err.split(`"msg":"${msg}"`).length - 1;
  return { child, exit, batchesStored: count('label batch stored'), partitionsClaimed: count('label worker labelling a partition') };
}

/** Rows the job has stored so far. */
async function storedRows(job: string): Promise<number> {
  const { rows } = await store.sql.query<{ n: number }>('SELECT coalesce(sum(row_count), 0)::int AS n FROM label_vote_stats WHERE job = $1', [job]);
  return rows[0].n;
}

/** Resolves once `condition()` holds, polling the store; fails the test after `ms`. */
async function until(what: string, condition: () => Promise<boolean>, ms = 40_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Holds a SHARE lock on label_output_blocks, so that every process labelling a partition waits, inside its claim's
 * transaction, at its first write of labels: the spec sees them mid-partition in pg_locks. Returns the release.
 */
async function holdLabelWrites(): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => (locked = resolve));
  const held = store.sql.transaction(async (tx) => {
    await tx.query('LOCK TABLE label_output_blocks IN SHARE MODE');
    locked();
    await released;
  });
  await Promise.race([lockTaken, held]);
  return async () => {
    release();
    await held;
  };
}

/** Transactions waiting to write labels (processes mid-partition while holdLabelWrites holds its lock). */
async function labellersWaiting(): Promise<number> {
  const { rows } = await store.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'label_output_blocks'::regclass AND NOT granted`,
  );
  return rows[0].n;
}

/**
 * With `members` all labelling a partition (each has claimed one and waits on holdLabelWrites' lock), SIGKILLs one of
 * them and starts a worker in its place, which claims a partition too; returns the new member. The killed member's
 * transaction holds its partition until Postgres sees its connection gone, then rolls back: another member labels
 * that partition.
 */
async function killWhileLabelling(members: Member[], start: () => Member): Promise<Member> {
  await until(
    `${members.length} members are labelling`,
    async () => members.every((m) => m.partitionsClaimed() > 0) && (await labellersWaiting()) >= members.length,
  );
  const victim = members[0];
  victim.child.kill('SIGKILL');
  expect((await victim.exit).signal).toBe('SIGKILL');
  const restarted = start();
  await until('the restarted member is labelling', async () => restarted.partitionsClaimed() > 0 && (await labellersWaiting()) >= members.length);
  return restarted;
}

/** Exit codes and the last JSON lines of members that stopped by themselves. */
async function finished(members: readonly Member[]): Promise<{ codes: (number | null)[]; stats: { stored: number; labelled: number }[] }> {
  const exits = await Promise.all(members.map((m) => m.exit));
  return {
    codes: exits.map((e) => e.code),
    stats: exits.map((e) => (JSON.parse(e.out.trim().split('\n').at(-1)!) as { label: { stored: number; labelled: number } }).label),
  };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

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
  store = await openProjectStore(storeConfigOf(await loadConfig(config, quiet)), { logger: quiet });
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

test('two workers label the train split and the fit’s partitions (one SIGKILLed while labelling, restarted): exactly one process’s statistics and labels', {
  timeout: 60_000,
}, async () => {
  const topic = uniqueName('label-two');
  const job = `${topic}-job`;
  const roles = ['--topic', topic, '--group', job];
  expect(await inProcess(['--role', 'publish', ...roles, '--partitions', '4'])).toMatchObject({ produced: TRAIN_ROWS });
  const release = await holdLabelWrites();
  let fit: Promise<Record<string, unknown>> | undefined;
  let members: Member[];
  try {
    members = [worker(topic, job, 100), worker(topic, job, 100)];
    // The fit waits for the workers to store the topic, fits, and leaves every partition to them.
    fit = inProcess(['--role', 'fit', ...roles, '--predict', 'workers', '--duration', '45s']);
    fit.catch(() => {});
    members = [members[1], await killWhileLabelling(members, () => worker(topic, job, 100))];
  } finally {
    await release();
  }
  const output = (await fit) as unknown as FitOutput;
  const { codes, stats } = await finished(members);
  expect(codes).toEqual([0, 0]);
  // The survivor stored what the killed member did not; the partitions were labelled once, by the members only.
  expect(sum(stats.map((s) => s.labelled))).toBe(TRAIN_ROWS);
  expect(await storedRows(job)).toBe(TRAIN_ROWS);
  await expectSameAsOneProcess(output);
  expect((await labelVotesOf(store)!.partitionStates(job, output.runId)).map((p) => p.rows !== null)).toEqual([true, true, true, true]);
  // As a `pipeline label` run's, the fit's labels replaced those of the dataset's earlier run.
  expect((await store.labelOutputs.read(reference.runId)).itemIds).toHaveLength(0);
  // No worker left: a fit that leaves the labelling to the workers gives up at its deadline (exit 1) …
  expect(await cli(['label', config, '--role', 'fit', ...roles, '--predict', 'workers', '--duration', '2s', '--log-level', 'silent'])).toEqual({
    code: 1,
    stderr: expect.stringMatching(
      new RegExp(
        `^pipeline: the workers of job "${job}" did not label partition\\(s\\) 0, 1, 2, 3 of run \\S+ in time \\(--duration\\): start a worker \\(--role worker\\), or let the fit label them \\(--predict both or fit\\)\n$`,
      ),
    ),
  });
  // … and one that may label (the default) labels every partition itself: the same labels.
  await expectSameAsOneProcess((await inProcess(['--role', 'fit', ...roles, '--duration', '20s'])) as unknown as FitOutput);
});

test('three workers, one SIGKILLed while applying the LFs and one while labelling, each restarted: the same statistics and labels', {
  timeout: 60_000,
}, async () => {
  const topic = uniqueName('label-three');
  const job = `${topic}-job`;
  const roles = ['--topic', topic, '--group', job];
  await inProcess(['--role', 'publish', ...roles, '--partitions', '4']);
  const release = await holdLabelWrites();
  let fit: Promise<Record<string, unknown>> | undefined;
  let members: Member[];
  try {
    members = [worker(topic, job, 20), worker(topic, job, 20), worker(topic, job, 20)];
    fit = inProcess(['--role', 'fit', ...roles, '--predict', 'workers', '--duration', '45s']);
    fit.catch(() => {});
    // Once the job has stored 200 rows, the member that has stored the most batches is killed while it applies the LFs.
    await until('200 rows are stored', async () => (await storedRows(job)) >= 200);
    const victim = members.reduce((a, b) => (b.batchesStored() > a.batchesStored() ? b : a));
    victim.child.kill('SIGKILL');
    expect((await victim.exit).signal).toBe('SIGKILL');
    expect(victim.batchesStored()).toBeGreaterThan(0);
    expect(await storedRows(job)).toBeLessThan(TRAIN_ROWS);
    members = [...members.filter((m) => m !== victim), worker(topic, job, 20)];
    // Every row stored once (a batch delivered again after the kill added nothing); then the fit's model is labelled.
    await until('every row is stored', async () => (await storedRows(job)) >= TRAIN_ROWS);
    members = [...members.slice(1), await killWhileLabelling(members, () => worker(topic, job, 20))];
  } finally {
    await release();
  }
  const output = (await fit) as unknown as FitOutput;
  const { codes, stats } = await finished(members);
  expect(codes).toEqual([0, 0, 0]);
  expect(sum(stats.map((s) => s.labelled))).toBe(TRAIN_ROWS);
  expect(await storedRows(job)).toBe(TRAIN_ROWS);
  await expectSameAsOneProcess(output);
});

/** Runs the CLI's `main` in this process; returns the exit code and its stderr. */
async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream);
  return { code, stderr };
}

test('exit codes: a fit whose workers never reach the end 1, a failing store 1; bad role, config, label model or bus 2', { timeout: 30_000 }, async () => {
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
  const wholeL = variant('whole-l.yaml', /^ {2}type: snorkel\n {2}options: .*$/m, '  type: ds');
  expect(await cli(['label', wholeL, '--role', 'fit', '--topic', topic, '--log-level', 'silent'])).toEqual({
    code: 2,
    stderr:
      'pipeline: labelModel: "ds" fits on the whole label matrix, which no process of a distributed job holds (each worker stores its own rows); ' +
      'the fit fits from the statistics the workers merged: use snorkel (fitted from the merged overlaps) or mv (nothing to fit)\n',
  });
  const inProcessBus = variant('in-process.yaml', /^ {2}bus: .*$/m, '  bus: { type: in-process }');
  const busLine = yaml.split('\n').findIndex((line) => line.startsWith('  bus: ')) + 1;
  expect(await cli(['label', inProcessBus, '--role', 'worker', '--log-level', 'silent'])).toEqual({
    code: 2,
    stderr: `pipeline: ${inProcessBus}: ingest.bus: distributed labelling shares the posts between processes: set ingest.bus to a kafka bus (line ${busLine})\n`,
  });
  expect(await cli(['label', path.join(dir, 'missing.yaml'), '--role', 'worker'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/file not found/) });
  expect(await cli(['label', config, '--role', 'bogus'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/'bogus' is invalid/) });
  expect(await cli(['label', config, '--role', 'fit', '--predict', 'nobody'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/'nobody' is invalid/) });
  expect(await cli(['label', config, '--role', 'worker', '--until-caught-up', '--until-labelled'])).toEqual({
    code: 2,
    stderr: 'pipeline: --until-labelled: give --until-caught-up or --until-labelled, not both\n',
  });
  expect(await cli(['label', config, '--role', 'worker', '--batch-size', '0'])).toEqual({
    code: 2,
    stderr: 'pipeline: --batch-size: expected a positive integer, got "0"\n',
  });
});
