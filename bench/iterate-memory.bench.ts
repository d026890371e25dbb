// Benchmark: memory of `pipeline iterate` and of `pipeline run`'s classifier stage as the train split grows: the
// youtube-spam example with its train split repeated to each size (fresh ids), the linear classifier, one simulated
// iteration of 20 records; each run and each iterate in a fresh process (peak RSS, peak V8 heap + ArrayBuffers, wall time).
//
// npm run bench:iterate-memory [-- --sizes 100000,300000] [--max-old-space 192] [--train-alone]
// (--train-alone: also `pipeline train` alone after the iterate, on the run's stored labels; a third child per size)
//
// Store: embedded Postgres in a temporary folder (its own process, not in these figures). The machine is shared:
// timings are noisy. Last line: one JSON object.

import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { datasetPath, repoRoot } from '@skimmer/core';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE = path.join(repoRoot, 'examples/youtube-spam');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,300000' },
    /** Also runs the train stage alone (`pipeline train config.yaml`) after the iterate: its classifier reads the stored labels. */
    'train-alone': { type: 'boolean', default: false },
    /** Runs each child with --max-old-space-size=<MiB>: it fails if what it holds outgrows that, garbage left aside. */
    'max-old-space': { type: 'string' },
  },
});
const heapCap = values['max-old-space'] ? [`--max-old-space-size=${Number(values['max-old-space'])}`] : [];
const say = (line: string) => process.stderr.write(`${line}\n`);

/** The example's train rows: the four training files of datasets/uci-youtube-spam (the example keeps them all but duplicates). */
async function exampleTrainRows(): Promise<string[][]> {
  const rows: string[][] = [];
  for (const file of ['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv', 'Youtube03-LMFAO.csv', 'Youtube04-Eminem.csv']) {
    const records = parse(await readFile(datasetPath('uci-youtube-spam', file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    for (const r of records) rows.push([r.COMMENT_ID, r.CONTENT, r.CLASS]);
  }
  return rows;
}

/** `n` rows cycling through `rows`, the id of repeat r suffixed `~x<r>` so every id is fresh. */
async function writeTrainCsv(file: string, n: number, rows: readonly string[][]): Promise<void> {
  const out = createWriteStream(file);
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  out.write('COMMENT_ID,CONTENT,CLASS\n');
  for (let i = 0; i < n; i++) {
    const [id, text, label] = rows[i % rows.length];
    if (!out.write(`${quote(`${id}~x${Math.floor(i / rows.length)}`)},${quote(text)},${label}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The example's config.yaml, train read from `trainCsv` (streamed: no id list), other paths absolute, plus a classifier, `iterate:` and the store. */
async function writeConfig(file: string, trainCsv: string, dir: string): Promise<void> {
  const text = (await readFile(path.join(EXAMPLE, 'config.yaml'), 'utf8'))
    .replace(/ {4}path:\n( {6}- .*\n)+/, `    path: ${trainCsv}\n`)
    .replace('    ids: split/train_ids.txt\n', '')
    .replaceAll('../../datasets/', `${path.join(repoRoot, 'datasets')}/`)
    .replace('./shortComment.ts', path.join(EXAMPLE, 'shortComment.ts'))
    .replaceAll('ids: split/', `ids: ${path.join(EXAMPLE, 'split')}/`)
    .replace('plugins:\n', "plugins:\n  - '@skimmer/plugins-linear'\n");
  await writeFile(
    file,
    `${text}\nclassifier: { type: linear }\niterate: { k: 20, strategy: margin, iterations: 1, project: bench }\nstore: { dataDir: ${path.join(dir, 'db')} }\noutput_dir: ${path.join(dir, 'runs')}\n`,
  );
}

function child(mode: 'run' | 'train' | 'iterate', configFile: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, [...heapCap, '--import', 'tsx', path.join(here, 'iterateMemoryRun.ts'), mode, configFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: repoRoot,
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

const sizes = values.sizes.split(',').map(Number);
const dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-iterate-memory-'));
try {
  const rows = await exampleTrainRows();
  say(`iterate-memory bench: ${rows.length} example train rows repeated to ${sizes.join(', ')}; ${os.availableParallelism()} CPUs, shared`);
  const results = [];
  for (const n of sizes) {
    const sizeDir = path.join(dir, String(n));
    const csv = path.join(dir, `train-${n}.csv`);
    await writeTrainCsv(csv, n, rows);
    const config = path.join(dir, `config-${n}.yaml`);
    await writeConfig(config, csv, sizeDir);
    const run = child('run', config);
    say(`  ${n} rows, pipeline run: ${JSON.stringify(run)}`);
    const iterate = child('iterate', config);
    say(`  ${n} rows, iterate: ${JSON.stringify(iterate)}`);
    const train = values['train-alone'] ? child('train', config) : undefined;
    if (train) say(`  ${n} rows, pipeline train alone: ${JSON.stringify(train)}`);
    results.push({ rows: n, run, iterate, ...(train ? { train } : {}) });
    await rm(sizeDir, { recursive: true, force: true });
    await rm(csv, { force: true });
  }
  const first = results[0];
  const last = results[results.length - 1];
  const ratio = (a: unknown, b: unknown) => Number((Number(a) / Number(b)).toFixed(2));
  /** `pipeline run`'s figure after its last progress stage: the classifier stage and the report. */
  const classifierPhase = (run: Record<string, unknown>, key: string) => (run[key] as Record<string, number>)['after the last stage'];
  console.log(
    JSON.stringify({
      bench: 'iterate-memory',
      sizes,
      maxOldSpaceMiB: values['max-old-space'] ? Number(values['max-old-space']) : null,
      results,
      growth: {
        rows: ratio(last.rows, first.rows),
        iteratePeakHeld: ratio(last.iterate.peakHeldMiB, first.iterate.peakHeldMiB),
        iteratePeakRss: ratio(last.iterate.peakRssMiB, first.iterate.peakRssMiB),
        classifierStagePeakHeld: ratio(classifierPhase(last.run, 'peakHeldMiBByPhase'), classifierPhase(first.run, 'peakHeldMiBByPhase')),
        classifierStagePeakRss: ratio(classifierPhase(last.run, 'peakRssMiBByPhase'), classifierPhase(first.run, 'peakRssMiBByPhase')),
        ...(last.train && first.train
          ? {
              trainAlonePeakHeld: ratio(last.train.peakHeldMiB, first.train.peakHeldMiB),
              trainAlonePeakRss: ratio(last.train.peakRssMiB, first.train.peakRssMiB),
            }
          : {}),
      },
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
