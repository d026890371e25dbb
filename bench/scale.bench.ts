// Benchmark: `pipeline run` on the youtube-spam example with its train split scaled to 1M and 3M rows (fresh ids):
// wall time, peak RSS and seconds per stage, each size in a fresh process; LF application in process against worker
// threads on a sample; and Snorkel 0.10 (PandasLFApplier with the same LFs + LabelModel, 500 epochs) on the 1M rows.
//
// npm run bench:scale [-- --json] [--sizes 1000000,3000000] [--workers-sample 200000] [--no-snorkel] [--profile dir] [--repeat N]
//                     [--chunk-rows N]
//
// --repeat N runs every size N times (sizes in turn, each in a fresh process): `headline.rssRatios` then lists the
// 3M / 1M peak ratio of each round, since V8's heap grows at its own pace from one process to the next.
//
// The store is the default of `store: { dataDir }`: embedded Postgres, in a temporary folder. Snorkel runs through
// $SNORKEL_PYTHON, else .cache/snorkel-venv/bin/python, else python3, when that imports snorkel. The machine is shared:
// timings are noisy, so each figure sits beside its baseline from the same run. Last line: one JSON object.

import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '@skimmer/core';
import { loadConfig } from '../apps/pipeline/src/config/loadConfig.ts';
import type { FileSplitConfig } from '../apps/pipeline/src/config/pipelineConfigSchema.ts';
import { loadRunData } from '../apps/pipeline/src/data/loadRunData.ts';
import { createLogger } from '../apps/pipeline/src/logger.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE = path.join(repoRoot, 'examples/youtube-spam/config.yaml');

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '1000000,3000000' },
    'workers-sample': { type: 'string', default: '200000' },
    'no-snorkel': { type: 'boolean', default: false },
    /** Folder for a V8 CPU profile of each `pipeline run` child (--cpu-prof). */
    profile: { type: 'string' },
    /** Rounds of every size, for the spread of wall time and peak RSS between fresh processes. */
    repeat: { type: 'string', default: '1' },
    /** `apply.chunkRows` of the runs (default: the pipeline's). */
    'chunk-rows': { type: 'string' },
  },
});
const say = (line: string) => process.stderr.write(`${line}\n`);

interface ChildResult {
  wallS: number;
  /** CPU seconds of the pipeline process, and of the embedded Postgres server it started (null off Linux). */
  cpuS: number;
  storeCpuS: number | null;
  stagesCpuS: Record<string, number>;
  peakRssMiB: number;
  stages: Record<string, number>;
  peakRssMiBByStage: Record<string, number>;
  train: { n: number; gold: number };
  testAccuracy: number | null;
}

/** CSV field: quoted, inner quotes doubled. */
const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Writes the example's 1586 train rows repeated to n rows, ids `<id>-r<repeat>` (fresh, unique). */
async function writeScaledTrain(file: string, n: number, rows: readonly { id: string; text: string; label: number }[]): Promise<void> {
  const out = createWriteStream(file);
  out.write('COMMENT_ID,CONTENT,CLASS\n');
  for (let i = 0; i < n; i++) {
    const row = rows[i % rows.length];
    if (!out.write(`${row.id}-r${Math.floor(i / rows.length)},${csv(row.text)},${row.label}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The example's config with train replaced by `trainCsv`, every path absolute, the store (embedded Postgres) under `dir`. */
async function writeScaledConfig(file: string, trainCsv: string, dir: string, apply?: { workers?: number; chunkRows?: number }): Promise<void> {
  const loaded = await loadConfig(EXAMPLE, createLogger('silent'));
  const abs = (entry: FileSplitConfig): FileSplitConfig => ({
    ...entry,
    path: (Array.isArray(entry.path) ? entry.path : [entry.path]).map((p) => path.resolve(loaded.baseDir, p)),
    ...(entry.ids ? { ids: path.resolve(loaded.baseDir, entry.ids) } : {}),
  });
  const data = loaded.config.data as Record<string, FileSplitConfig>;
  const config = {
    ...loaded.config,
    plugins: ['@skimmer/plugins-regex', path.join(repoRoot, 'examples/youtube-spam/shortComment.ts')],
    data: { train: { path: trainCsv, columns: data.train.columns }, valid: abs(data.valid), test: abs(data.test) },
    store: { dataDir: path.join(dir, 'db') },
    ...(apply ? { apply } : {}),
  };
  await writeFile(file, JSON.stringify(config, null, 2));
}

function runChild(configFile: string, outputDir: string, mode?: 'apply'): ChildResult {
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
  const args = [...profile, '--import', 'tsx', path.join(here, 'scaleRun.ts'), configFile, outputDir, ...(mode ? [mode] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24, cwd: repoRoot });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

/** The Python that can import snorkel, or undefined. */
function snorkelPython(): string | undefined {
  const candidates = [process.env.SNORKEL_PYTHON, path.join(repoRoot, '.cache/snorkel-venv/bin/python'), 'python3'].filter((p): p is string => !!p);
  for (const python of candidates) {
    if (python.includes('/') && !existsSync(python)) continue;
    try {
      execFileSync(python, ['-c', 'import snorkel'], { stdio: 'ignore' });
      return python;
    } catch {
      // next
    }
  }
  return undefined;
}

const sizes = values.sizes.split(',').map(Number);
const sample = Number(values['workers-sample']);
const dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-scale-'));
try {
  const loaded = await loadConfig(EXAMPLE, createLogger('silent'));
  const train = (await loadRunData(loaded.config, loaded.baseDir, undefined)).get('train')!;
  const base = train.points.map((p, i) => ({ id: p.id, text: p.text, label: train.gold![i] }));
  say(
    `scale bench: ${base.length} example train rows, sizes ${sizes.join(', ')}, ${os.availableParallelism()} CPUs (shared with other work: timings are noisy)`,
  );

  const rounds = Math.max(1, Number(values.repeat));
  const runs = [];
  /** Every round's runs, by size (the first round's are `runs`). */
  const allRuns: Array<Array<ChildResult & { rows: number }>> = [];
  for (const n of sizes) {
    const csvFile = path.join(dir, `train-${n}.csv`);
    await writeScaledTrain(csvFile, n, base);
  }
  for (let round = 0; round < rounds; round++) {
    const these = [];
    for (const n of sizes) {
      const csvFile = path.join(dir, `train-${n}.csv`);
      const runDir = path.join(dir, `run-${n}`);
      const chunkRows = values['chunk-rows'] ? { chunkRows: Number(values['chunk-rows']) } : undefined;
      await writeScaledConfig(path.join(dir, `config-${n}.yaml`), csvFile, runDir, chunkRows);
      const result = runChild(path.join(dir, `config-${n}.yaml`), path.join(runDir, 'runs'));
      these.push({ rows: n, ...result });
      if (round === 0) runs.push({ rows: n, ...result, rowsPerS: Math.round(n / result.wallS) });
      say(
        `  ${n} rows${rounds > 1 ? ` (round ${round + 1})` : ''}: ${result.wallS} s, CPU ${result.cpuS} s, peak RSS ${result.peakRssMiB} MiB, stages ${JSON.stringify(result.stages)}`,
      );
      await rm(runDir, { recursive: true, force: true });
    }
    allRuns.push(these);
  }
  for (const n of sizes.slice(1)) await rm(path.join(dir, `train-${n}.csv`), { force: true });

  // LF application alone (apply + analyze stages) on a sample: in process against 1 and 2 worker threads.
  const lfApply: Record<string, number> = {};
  if (sample > 0) {
    const csvFile = path.join(dir, `sample-${sample}.csv`);
    await writeScaledTrain(csvFile, sample, base);
    for (const workers of [0, 1, 2]) {
      const runDir = path.join(dir, `sample-${workers}`);
      const configFile = path.join(dir, `sample-${workers}.yaml`);
      await writeScaledConfig(configFile, csvFile, runDir, workers > 0 ? { workers } : undefined);
      const result = runChild(configFile, path.join(runDir, 'runs'), 'apply');
      lfApply[workers === 0 ? 'inProcessS' : `workers${workers}S`] = result.stages['apply train'];
      say(`  apply ${sample} rows, ${workers === 0 ? 'in process' : `${workers} worker thread(s)`}: ${result.stages['apply train']} s`);
      await rm(runDir, { recursive: true, force: true });
    }
  }

  let snorkel: Record<string, unknown> | null = null;
  const python = values['no-snorkel'] ? undefined : snorkelPython();
  if (python) {
    const csvFile = path.join(dir, `train-${sizes[0]}.csv`);
    const began = performance.now();
    const out = execFileSync(python, [path.join(here, 'snorkel_scale.py'), csvFile, '--epochs', '500', '--seed', '123'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    // processWallS: the whole Python process (interpreter, pandas and torch imports included), as Skimmer's wallS is its whole process.
    const processWallS = Number(((performance.now() - began) / 1000).toFixed(2));
    snorkel = { rows: sizes[0], ...(JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>), processWallS };
    say(`  snorkel ${sizes[0]} rows: ${JSON.stringify(snorkel)}`);
  } else if (!values['no-snorkel']) say('  snorkel: not installed (pip install snorkel==0.10.0, or set SNORKEL_PYTHON): skipped');

  const [small, large] = runs;
  const summary = {
    bench: 'scale',
    cpus: os.availableParallelism(),
    note: 'shared 2-core machine: timings are noisy; each size runs in a fresh process; store = embedded Postgres (default); cpuS = the pipeline process, storeCpuS = the Postgres server',
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(1))),
    runs,
    ...(large
      ? {
          rssRatio: Number((large.peakRssMiB / small.peakRssMiB).toFixed(3)),
          timePerRowRatio: Number((large.wallS / large.rows / (small.wallS / small.rows)).toFixed(3)),
          goal: {
            peakRssMiBMax: 1536,
            rssRatioMax: 1.25,
            met: large.peakRssMiB <= 1536 && large.peakRssMiB / small.peakRssMiB <= 1.25,
            timeRatioMax: Number(((1.1 * large.rows) / small.rows).toFixed(2)),
            timeRatio: Number((large.wallS / small.wallS).toFixed(2)),
            linear: large.wallS / small.wallS <= (1.1 * large.rows) / small.rows,
          },
        }
      : {}),
    lfApply: sample > 0 ? { rows: sample, ...lfApply } : null,
    snorkel: snorkel
      ? {
          ...snorkel,
          skimmerWallS: small.wallS,
          speedup: Number(((snorkel.totalS as number) / small.wallS).toFixed(2)),
          processSpeedup: Number(((snorkel.processWallS as number) / small.wallS).toFixed(2)),
          skimmerCpuS: Number((small.cpuS + (small.storeCpuS ?? 0)).toFixed(2)),
          cpuSpeedup: Number(((snorkel.cpuS as number) / (small.cpuS + (small.storeCpuS ?? 0))).toFixed(2)),
          goal: { speedupMin: 5, met: (snorkel.totalS as number) / small.wallS >= 5 },
        }
      : null,
  };
  // The figures the issue's goals are about, in one place: each round's wall / CPU / peak RSS by size, the 3M / 1M
  // peak ratios, and the speedups against Snorkel's timed part (reading the CSV to predicting) and its whole process.
  const snorkelTimed = snorkel ? (snorkel.totalS as number) : null;
  const snorkelProcess = snorkel ? (snorkel.processWallS as number) : null;
  const headline = {
    loadAverage: summary.loadAverage,
    rounds: allRuns.map((round) =>
      round.map((r) => ({ rows: r.rows, wallS: r.wallS, cpuS: r.cpuS, storeCpuS: r.storeCpuS, peakRssMiB: r.peakRssMiB, testAccuracy: r.testAccuracy })),
    ),
    rssRatios: large ? allRuns.map((round) => Number((round[1].peakRssMiB / round[0].peakRssMiB).toFixed(3))) : null,
    snorkelTimedS: snorkelTimed,
    snorkelProcessS: snorkelProcess,
    speedupTimed: snorkelTimed === null ? null : allRuns.map((round) => Number((snorkelTimed / round[0].wallS).toFixed(2))),
    speedupProcess: snorkelProcess === null ? null : allRuns.map((round) => Number((snorkelProcess / round[0].wallS).toFixed(2))),
  };
  say(`  headline: ${JSON.stringify(headline)}`);
  const output = { ...summary, headline };
  console.log(values.json ? JSON.stringify(output) : JSON.stringify(output, null, 2));
} finally {
  await rm(dir, { recursive: true, force: true });
}
