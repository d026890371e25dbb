// `npm run demo`: the ai-stream example's whole chain as separate CLI processes on the embedded default, as the README runs it; prints one JSON object on its last line.
// Options: --workdir DIR (default: this folder; another folder gets copies of the configs), --posts N (default 30000),
// --splits LF,TEST,VAL (default the config's 1000,1000,500), --iterations N (default 2).

import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, startServe, type CliResult } from '../../apps/pipeline/src/cliProcess.ts';
import { writeStream } from './buildStream.ts';
import { tagGold } from './tagGold.ts';

const exampleDir = path.dirname(fileURLToPath(import.meta.url));

export interface DemoOptions {
  workdir?: string;
  posts?: number;
  splits?: readonly [number, number, number];
  iterations?: number;
  /** Progress lines (one per step) go here; default stderr. */
  log?: (line: string) => void;
}

export interface DemoResult {
  ingested: number;
  deadLetters: number;
  prepared: { full: number; train: number; lf: number; test: number; val: number };
  gold: number;
  labelModel: { test_f1: number };
  classifier: { test_f1: number };
  served: { modelId: string; classified: number };
  streamClassified: number;
  links: number;
  dashboard: { lfRows: number; learningCurvePoints: number };
  seconds: number;
}

/** The JSON object a command printed on one of its stdout lines (the first line that parses and has `key`). */
function jsonLine<T>(result: CliResult, key: string): T {
  for (const line of result.stdout.split('\n').reverse()) {
    if (!line.startsWith('{')) continue;
    const value = JSON.parse(line) as Record<string, unknown>;
    if (key in value) return value as T;
  }
  throw new Error(`no JSON line with "${key}" in:\n${result.stdout}`);
}

async function step(name: string, args: readonly string[], log: (line: string) => void): Promise<CliResult> {
  const started = Date.now();
  const result = await runCli(args, { timeoutMs: 600_000 });
  log(`demo: ${name} → exit ${result.code} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (result.code !== 0) throw new Error(`pipeline ${args.join(' ')} exited ${result.code}\n${result.stderr.slice(-4000)}`);
  return result;
}

/** Fresh copies of the configs in `workdir` (unless it is this folder), with the split sizes given. */
function prepareWorkdir(workdir: string, splits: readonly [number, number, number] | undefined): void {
  for (const generated of ['.skimmer', 'prepared', 'gold', 'runs', 'data']) rmSync(path.join(workdir, generated), { recursive: true, force: true });
  mkdirSync(workdir, { recursive: true });
  if (path.resolve(workdir) !== exampleDir)
    for (const file of ['config.yaml', 'live.yaml', 'labels.csv']) cpSync(path.join(exampleDir, file), path.join(workdir, file));
  if (splits) {
    const config = path.join(workdir, 'config.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(/splits: \{ lf: \d+, test: \d+, val: \d+ \}/, `splits: { lf: ${splits[0]}, test: ${splits[1]}, val: ${splits[2]} }`),
    );
  }
}

/**
 * Runs build stream → ingest → prepare → tag → run → iterate → classify-stream → serve (classify over HTTP, read
 * the dashboard's JSON), each `pipeline` command in its own process.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const workdir = path.resolve(options.workdir ?? exampleDir);
  prepareWorkdir(workdir, options.splits);
  const config = path.join(workdir, 'config.yaml');
  const live = path.join(workdir, 'live.yaml');

  const written = await writeStream(path.join(workdir, 'data'), options.posts ?? 30_000);
  log(`demo: stream of ${written.posts} posts written (${written.live} kept back for classify-stream)`);

  const quiet = ['--log-level', 'warn'];
  const ingest = jsonLine<{ ingest: { consumed: number; deadLetters: number; posts: number } }>(
    await step('ingest', ['ingest', config, ...quiet], log),
    'ingest',
  ).ingest;
  const prepare = jsonLine<{ rows: { all: number; train: number; lf: number; test: number; val: number } }>(
    await step('prepare', ['prepare', config], log),
    'rows',
  ).rows;
  const tagged = await tagGold(workdir);
  log(`demo: gold tagged ${JSON.stringify(tagged)}`);
  const run = await step('run', ['run', config, '--quiet', ...quiet], log);
  const report = JSON.parse(readFileSync(run.stdout.trim().split('\n').at(-1)!, 'utf8')) as {
    labelModel: { test: { f1: number } };
    classifier: { metrics: { test: { f1: number } } };
  };
  await step('iterate', ['iterate', config, '--simulate', '--iterations', String(options.iterations ?? 2), ...quiet], log);
  const classified = jsonLine<{ classified: { predictions: number; labelledUrls: number } }>(
    await step('classify-stream', ['classify-stream', live], log),
    'classified',
  ).classified;

  const key = randomBytes(16).toString('hex');
  const server = await startServe(config, { env: { SKIMMER_API_KEYS: key } });
  let served: DemoResult['served'];
  let dashboard: DemoResult['dashboard'];
  try {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const texts = [
      'New paper: fine-tuning a small LLM on our support tickets beat GPT-4 on cost',
      'Flood waters rising on 4th street, stay safe everyone',
      'Our #rstats workshop on tidy data science starts at 3pm',
    ];
    const res = await fetch(`${server.url}/v1/classify`, { method: 'POST', headers, body: JSON.stringify({ texts }) });
    const body = (await res.json()) as { modelId: string; predictions: unknown[] };
    if (res.status !== 200) throw new Error(`POST /v1/classify: HTTP ${res.status} ${JSON.stringify(body)}`);
    served = { modelId: body.modelId, classified: body.predictions.length };
    const summary = (await (await fetch(`${server.url}/v1/dashboard/summary`, { headers })).json()) as {
      lfTable: { rows: unknown[] } | null;
      learningCurve: unknown[];
    };
    dashboard = { lfRows: summary.lfTable?.rows.length ?? 0, learningCurvePoints: summary.learningCurve.length };
    log(`demo: serve ${server.url} → model ${served.modelId}, dashboard ${JSON.stringify(dashboard)}`);
  } finally {
    await server.stop();
  }
  return {
    ingested: ingest.consumed,
    deadLetters: ingest.deadLetters,
    prepared: { full: prepare.all, train: prepare.train, lf: prepare.lf, test: prepare.test, val: prepare.val },
    gold: tagged.test + tagged.val,
    labelModel: { test_f1: report.labelModel.test.f1 },
    classifier: { test_f1: report.classifier.metrics.test.f1 },
    served,
    streamClassified: classified.predictions,
    links: classified.labelledUrls,
    dashboard,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const splits = arg('--splits')?.split(',').map(Number) as [number, number, number] | undefined;
  const result = await runDemo({
    workdir: arg('--workdir'),
    posts: arg('--posts') ? Number(arg('--posts')) : undefined,
    splits,
    iterations: arg('--iterations') ? Number(arg('--iterations')) : undefined,
  });
  console.log(JSON.stringify(result));
}
