// `pipeline labelmodel bench --wrench DIR`: fits label models on a WRENCH train split without gold and scores them on its test split.

import { stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SkimmerError, probsToPreds, scoreMetrics } from '@skimmer/core';
import type { LabelModelFitOptions, TieBreakPolicy } from '@skimmer/core';
import { createLabelModel, readWrenchDir } from '@skimmer/labelmodel';
import type { WrenchDataset, WrenchSplit } from '@skimmer/labelmodel';

const USAGE =
  'usage: pipeline labelmodel bench --wrench DIR [--model mv|prior|snorkel|ds|fs|all] [--seed N] [--preds-out FILE] [--json] [--balance-from-valid] [--tie-policy random|abstain]';

/** The models `--model all` runs, in this order. */
const ALL_MODELS = ['mv', 'snorkel', 'ds', 'fs'] as const;
const MODEL_CHOICES = ['mv', 'majority', 'prior', 'snorkel', 'ds', 'fs', 'all'];

/** Settings for the Snorkel model: docs/label-models.md's WRENCH youtube settings (snorkel's defaults give 0.840 there). */
const SNORKEL_FIT = { nEpochs: 200, lr: 0.01 };

/** One model's line of the report. */
export interface LabelModelBenchRow {
  model: string;
  accuracy: number;
  /** Binary F1 of label 1 for k = 2, macro F1 otherwise (see `f1_metric`). */
  f1: number;
  coverage: number;
  fit_ms: number;
  predict_ms: number;
}

/** A usage problem: reported on one line, exit code 2. */
class BenchUsageError extends Error {}

/**
 * Runs the benchmark; returns the exit code (0 ok, 2 bad arguments or unreadable data). Prints a table, or with
 * `--json` one JSON object on the last line: `{dataset, k, n_train, n_test, f1_metric, class_balance, rows: [...]}`.
 *
 * @example
 * await labelmodelBenchCommand(['--wrench', sharedDataPath('wrench-youtube'), '--model', 'mv', '--json']);
 * // {"dataset":".../wrench-youtube",...,"rows":[{"model":"mv","accuracy":0.84,"f1":0.8077,...}]}
 */
export async function labelmodelBenchCommand(argv: string[]): Promise<number> {
  try {
    const options = parseBenchArgs(argv);
    const isDir = await stat(options.wrench).then((st) => st.isDirectory(), () => false);
    if (!isDir) throw new BenchUsageError(`--wrench ${options.wrench}: no such folder`);
    const data = await readWrenchDir(options.wrench);
    const classBalance = options.balanceFromValid ? validBalance(data) : undefined;
    const f1Metric = data.cardinality === 2 ? 'f1' : 'f1_macro';
    const rows: LabelModelBenchRow[] = [];
    const predLines: string[] = [];
    for (const name of options.models) {
      const { row, probs } = benchOne(name, data, { seed: options.seed, ...(classBalance ? { classBalance } : {}) }, options.tiePolicy, f1Metric);
      rows.push(row);
      if (options.predsOut) for (const line of predictionLines(data.test, probs, options.tiePolicy, options.models.length > 1 ? name : undefined)) predLines.push(line);
    }
    if (options.predsOut) await writeFile(options.predsOut, predLines.length === 0 ? '' : `${predLines.join('\n')}\n`);
    const report = {
      dataset: options.wrench,
      k: data.cardinality,
      n_train: data.train.L.n,
      n_test: data.test.L.n,
      f1_metric: f1Metric,
      class_balance: classBalance ? Array.from(classBalance) : null,
      rows,
    };
    console.log(options.json ? JSON.stringify(report) : formatTable(report.rows, f1Metric));
    return 0;
  } catch (err) {
    if (err instanceof BenchUsageError || err instanceof SkimmerError || isParseArgsError(err)) {
      console.error(`pipeline labelmodel bench: ${(err as Error).message}`);
      return 2;
    }
    throw err;
  }
}

interface BenchOptions {
  wrench: string;
  models: string[];
  seed: number;
  predsOut?: string;
  json: boolean;
  balanceFromValid: boolean;
  tiePolicy: TieBreakPolicy;
}

/** Parses the flags; positionals 'labelmodel' and 'bench' (the subcommand words) are accepted and skipped. */
function parseBenchArgs(argv: string[]): BenchOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      wrench: { type: 'string' },
      model: { type: 'string', default: 'all' },
      seed: { type: 'string', default: '123' },
      'preds-out': { type: 'string' },
      json: { type: 'boolean', default: false },
      'balance-from-valid': { type: 'boolean', default: false },
      'tie-policy': { type: 'string', default: 'random' },
    },
  });
  const extra = positionals.filter((p, i) => !(p === ['labelmodel', 'bench'][i] || (i === 0 && p === 'bench')));
  if (extra.length > 0) throw new BenchUsageError(`unexpected argument '${extra[0]}'`);
  if (!values.wrench) throw new BenchUsageError(`--wrench DIR is required (a WRENCH folder with label.json, train.json, test.json); ${USAGE}`);
  const model = values.model as string;
  if (!MODEL_CHOICES.includes(model)) throw new BenchUsageError(`--model ${model}: expected one of ${MODEL_CHOICES.join(', ')}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new BenchUsageError(`--seed ${values.seed}: expected an integer`);
  const tiePolicy = values['tie-policy'] as string;
  if (tiePolicy !== 'random' && tiePolicy !== 'abstain') throw new BenchUsageError(`--tie-policy ${tiePolicy}: expected random or abstain`);
  return {
    wrench: values.wrench,
    models: model === 'all' ? [...ALL_MODELS] : [model],
    seed,
    ...(values['preds-out'] ? { predsOut: values['preds-out'] } : {}),
    json: values.json as boolean,
    balanceFromValid: values['balance-from-valid'] as boolean,
    tiePolicy,
  };
}

/** Fits one model on train (no gold), predicts test and scores it. */
function benchOne(name: string, data: WrenchDataset, fitOptions: LabelModelFitOptions, tiePolicy: TieBreakPolicy, f1Metric: string) {
  const model = createLabelModel(name, { cardinality: data.cardinality });
  const fitStart = performance.now();
  model.fit(data.train.L, name === 'snorkel' ? { ...SNORKEL_FIT, ...fitOptions } : fitOptions);
  const fitMs = performance.now() - fitStart;
  const predictStart = performance.now();
  const probs = model.predictProba(data.test.L);
  const predictMs = performance.now() - predictStart;
  const scores = scoreMetrics(data.test.labels, probsToPreds(probs, tiePolicy), ['accuracy', f1Metric, 'coverage']);
  const row: LabelModelBenchRow = {
    model: name,
    accuracy: round(scores.accuracy),
    f1: round(scores[f1Metric]),
    coverage: round(scores.coverage),
    fit_ms: round(fitMs, 1),
    predict_ms: round(predictMs, 1),
  };
  return { row, probs };
}

/** The class balance of valid.json's gold labels (rows labelled -1 skipped). */
function validBalance(data: WrenchDataset): Float64Array {
  if (!data.valid) throw new BenchUsageError('--balance-from-valid needs valid.json in the WRENCH folder');
  const counts = new Float64Array(data.cardinality);
  let total = 0;
  for (const y of data.valid.labels) {
    if (y >= 0) {
      counts[y]++;
      total++;
    }
  }
  if (total === 0) throw new BenchUsageError('--balance-from-valid: valid.json has no gold labels');
  if (counts.some((c) => c === 0)) throw new BenchUsageError('--balance-from-valid: some class never occurs in valid.json, so its prior would be 0');
  return counts.map((c) => c / total);
}

/** One JSON line per test row, in file order: {"id", "probs", "pred"} (plus "model" when several models ran). */
function predictionLines(split: WrenchSplit, probs: { k: number; data: Float64Array }, tiePolicy: TieBreakPolicy, model?: string): string[] {
  const preds = probsToPreds({ n: split.L.n, k: probs.k, data: probs.data }, tiePolicy);
  return split.ids.map((id, i) =>
    JSON.stringify({ ...(model ? { model } : {}), id, probs: Array.from(probs.data.subarray(i * probs.k, (i + 1) * probs.k)), pred: preds[i] }),
  );
}

function formatTable(rows: LabelModelBenchRow[], f1Metric: string): string {
  const header = ['model', 'accuracy', f1Metric, 'coverage', 'fit_ms', 'predict_ms'];
  const lines = rows.map((r) => [r.model, r.accuracy.toFixed(4), r.f1.toFixed(4), r.coverage.toFixed(4), r.fit_ms.toFixed(1), r.predict_ms.toFixed(1)]);
  const widths = header.map((h, c) => lines.reduce((w, l) => Math.max(w, l[c].length), h.length));
  return [header, ...lines].map((cells) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

function round(value: number, digits = 4): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** node:util parseArgs throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown or malformed flags. */
function isParseArgsError(err: unknown): boolean {
  return err instanceof TypeError && String((err as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS');
}
