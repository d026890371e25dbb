// Benchmark: SnorkelLabelModel fit + predict time and peak memory on synthetic L (m = 50, k = 2 and k = 6) and WRENCH trec, against snorkel's own LabelModel.
//
// npm run bench:labelmodel [-- --ns 10000,100000,1000000] [--k6-n 1000000] [--no-snorkel] [--snorkel-threads 1]
// Rows: k = 2 for each n of --ns (0 skips them); k = 6 (m = 50) at --k6-n (0 skips it); WRENCH trec train (k = 6, m = 68)
// when the optional, unlicensed folder $SKIMMER_EXTRA_DATA/wrench-trec is present (said on stderr when absent). Both sides fit and predict twice
// in one process and report the second call (no JIT / torch warm-up in the figures).
// Each n runs in a child process (this file with --child N) so its peak RSS (process.resourceUsage().maxRSS) is its
// own. The child writes L and Y as .npy to a temp folder and times bench/snorkel_labelmodel.py on them when python3
// can import snorkel. Same settings on both sides: 100 epochs, lr 0.01, seed 123, predictions with the sha1 tie rule.
// Same phases timed on both sides: fit (O built from L + 100 epochs), predict (probabilities for every row), tie (the
// tie rule turning them into labels). speedup = snorkel (fit + predict) / Skimmer (fit + predict); speedup_with_ties
// adds the tie rule to both sides. threads / snorkel_threads: threads each side computed on.
// Last line: {"rows":[{"data","k","m","n","fit_ms","dense_fit_ms","predict_ms","tie_ms","peak_mb","acc","snorkel_fit_ms",…,"speedup","speedup_with_ties"}]}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { accuracy, probsToPreds } from '@skimmer/core';
import { extraDataMissing, extraDataPath } from '@skimmer/core';
import type { LabelMatrix, ProbMatrix } from '@skimmer/core';
import { SnorkelLabelModel, generateSimpleLabelMatrix, overlapThreads, readWrenchDir } from '@skimmer/labelmodel';

const M = 50;
const FIT = { nEpochs: 100, lr: 0.01, seed: 123 };
const here = path.dirname(fileURLToPath(import.meta.url));

interface BenchRow {
  /** 'synthetic' or the WRENCH set's name. */
  data: string;
  k: number;
  m: number;
  n: number;
  gen_ms: number;
  /** Threads Skimmer's fit counted co-votes on (predict runs on one). */
  threads: number;
  fit_ms: number;
  /** The same fit with `objective: 'dense'` (snorkel's O((mk)²·k) epoch, this repo's path before the sparse one), after the timed calls. */
  dense_fit_ms: number;
  /** predictProba on every row. */
  predict_ms: number;
  /** probsToPreds with the 'random' (sha1) tie rule. */
  tie_ms: number;
  peak_mb: number;
  acc: number;
  snorkel_threads: number | null;
  snorkel_fit_ms: number | null;
  /** predict_proba on every row. */
  snorkel_predict_ms: number | null;
  /** probs_to_preds with tie_break_policy="random". */
  snorkel_tie_ms: number | null;
  snorkel_acc: number | null;
  /** Snorkel (fit + predict) time / Skimmer (fit + predict) time. */
  speedup: number | null;
  /** Snorkel (fit + predict + tie) time / Skimmer (fit + predict + tie) time. */
  speedup_with_ties: number | null;
  snorkel_error?: string;
}

/** A .npy file (format 1.0, little-endian int32, C order) holding `data` with `shape`. */
function npyInt32(data: Int32Array, shape: number[]): Buffer {
  let header = `{'descr': '<i4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix.writeUInt8(1, 6);
  prefix.writeUInt8(0, 7);
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

/** L and gold Y of one row: synthetic (snorkel's generator) or WRENCH trec's train split. */
async function benchData(spec: string): Promise<{ data: string; k: number; L: LabelMatrix; Y: Int32Array; genMs: number }> {
  const t = performance.now();
  if (spec === 'trec') {
    const { train, cardinality } = await readWrenchDir(extraDataPath('wrench-trec')!);
    return { data: 'wrench-trec', k: cardinality, L: train.L, Y: train.labels, genMs: performance.now() - t };
  }
  const [k, n] = spec.split(':').map(Number);
  const { L, Y } = generateSimpleLabelMatrix(n, M, k, 1, 123);
  return { data: 'synthetic', k, L, Y, genMs: performance.now() - t };
}

/** One row ('K:N' synthetic or 'trec'), measured in this (child) process: the second of two fits and predicts. */
async function measure(spec: string, withSnorkel: boolean, snorkelThreads: number): Promise<BenchRow> {
  const { data, k: K, L, Y, genMs } = await benchData(spec);
  const n = L.n;
  let t = 0;
  let fitMs = 0;
  let predictMs = 0;
  let probs: ProbMatrix = { n: 0, k: K, data: new Float64Array(0) };
  for (let call = 0; call < 2; call++) {
    const model = new SnorkelLabelModel({ cardinality: K });
    t = performance.now();
    // The product's path (the pipeline's fit stage): co-votes counted on worker threads once n is large enough to pay.
    await model.fitParallel(L, FIT);
    fitMs = performance.now() - t;
    t = performance.now();
    probs = model.predictProba(L);
    predictMs = performance.now() - t;
  }
  t = performance.now();
  await new SnorkelLabelModel({ cardinality: K }).fitParallel(L, { ...FIT, objective: 'dense' });
  const denseFitMs = performance.now() - t;
  t = performance.now();
  const preds = probsToPreds(probs, 'random');
  const tieMs = performance.now() - t;
  const row: BenchRow = {
    data,
    k: K,
    m: L.m,
    n,
    gen_ms: Math.round(genMs),
    threads: overlapThreads(n),
    fit_ms: Math.round(fitMs),
    dense_fit_ms: Math.round(denseFitMs),
    predict_ms: Math.round(predictMs),
    tie_ms: Math.round(tieMs),
    peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    acc: Math.round(accuracy(Y, preds) * 1e4) / 1e4,
    snorkel_threads: null,
    snorkel_fit_ms: null,
    snorkel_predict_ms: null,
    snorkel_tie_ms: null,
    snorkel_acc: null,
    speedup: null,
    speedup_with_ties: null,
  };
  if (withSnorkel) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skimmer-lm-bench-'));
    try {
      writeFileSync(path.join(dir, 'L.npy'), npyInt32(L.data, [n, L.m]));
      writeFileSync(path.join(dir, 'Y.npy'), npyInt32(Y, [n]));
      const out = execFileSync(
        'python3',
        [
          path.join(here, 'snorkel_labelmodel.py'),
          path.join(dir, 'L.npy'),
          path.join(dir, 'Y.npy'),
          '--epochs',
          String(FIT.nEpochs),
          '--lr',
          String(FIT.lr),
          '--seed',
          String(FIT.seed),
          '--threads',
          String(snorkelThreads),
          '--cardinality',
          String(K),
          '--repeat',
          '2',
        ],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          maxBuffer: 1 << 24,
        },
      );
      const ref = JSON.parse(out.trim().split('\n').at(-1)!) as { fit_ms: number; predict_ms: number; tie_ms: number; threads: number; acc: number };
      row.snorkel_threads = ref.threads;
      row.snorkel_fit_ms = Math.round(ref.fit_ms);
      row.snorkel_predict_ms = Math.round(ref.predict_ms);
      row.snorkel_tie_ms = Math.round(ref.tie_ms);
      row.snorkel_acc = Math.round(ref.acc * 1e4) / 1e4;
      row.speedup = Math.round(((ref.fit_ms + ref.predict_ms) / (fitMs + predictMs)) * 10) / 10;
      row.speedup_with_ties = Math.round(((ref.fit_ms + ref.predict_ms + ref.tie_ms) / (fitMs + predictMs + tieMs)) * 10) / 10;
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr ?? (err as Error).message);
      row.snorkel_error = stderr.trim().split('\n').at(-1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return row;
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    ns: { type: 'string', default: '10000,100000,1000000' },
    'k6-n': { type: 'string', default: '1000000' },
    'no-snorkel': { type: 'boolean', default: false },
    'snorkel-threads': { type: 'string', default: '1' },
  },
});

if (values.child) {
  console.log(JSON.stringify(await measure(values.child, !values['no-snorkel'], Number(values['snorkel-threads']))));
} else {
  const rows: BenchRow[] = [];
  const specs = values.ns
    .split(',')
    .filter((n) => Number(n) > 0)
    .map((n) => `2:${n}`);
  if (Number(values['k6-n']) > 0) specs.push(`6:${values['k6-n']}`);
  if (extraDataPath('wrench-trec', 'train.json')) specs.push('trec');
  else console.error(`no trec row: ${extraDataMissing('wrench-trec')}`);
  for (const spec of specs) {
    const args = [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--child',
      spec,
      '--snorkel-threads',
      values['snorkel-threads'],
      ...(values['no-snorkel'] ? ['--no-snorkel'] : []),
    ];
    const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    const row = JSON.parse(out.trim().split('\n').at(-1)!) as BenchRow;
    console.log(
      `${row.data} k=${row.k} m=${row.m} n=${row.n}: fit ${row.fit_ms} ms (dense epoch ${row.dense_fit_ms} ms), predict ${row.predict_ms} ms, tie ${row.tie_ms} ms, peak ${row.peak_mb} MB, acc ${row.acc}` +
        (row.snorkel_fit_ms === null
          ? ` (snorkel: ${row.snorkel_error ?? 'skipped'})`
          : ` | snorkel fit ${row.snorkel_fit_ms} ms, predict ${row.snorkel_predict_ms} ms, tie ${row.snorkel_tie_ms} ms, acc ${row.snorkel_acc}, speedup ${row.speedup}x (${row.speedup_with_ties}x with ties)`),
    );
    rows.push(row);
  }
  const perRow = rows.map((r) => (r.fit_ms + r.predict_ms) / r.n);
  console.log(
    JSON.stringify({
      bench: 'labelmodel',
      ...FIT,
      timedCall: 2,
      cores: os.cpus().length,
      snorkelThreads: Number(values['snorkel-threads']),
      loadAvg1m: Math.round(os.loadavg()[0] * 100) / 100,
      usPerRow: perRow.map((v) => Math.round(v * 1e5) / 100),
      rows,
    }),
  );
}
