// `pipeline labelmodel bench --wrench DIR`: fits label models on a WRENCH train split without gold and scores them on its test split.

import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SkimmerError, probsToPreds, scoreMetrics } from '@skimmer/core';
import type { LabelModelFitOptions, TieBreakPolicy } from '@skimmer/core';
import { AutoLabelModel, LABEL_MODEL_TYPES, createLabelModel, diagnoseProbs, readWrenchDir, votedRows } from '@skimmer/labelmodel';
import type { AutoReport, WrenchDataset, WrenchSplit } from '@skimmer/labelmodel';
import { isArgParseError } from '../exitCodes.ts';
import { UsageError } from '../usageError.ts';

/** The models `--model all` runs, in this order. */
const ALL_MODELS = ['mv', 'snorkel', 'ds', 'fs', 'ebcc', 'ds-dev', 'snorkel-ls', 'ds-ls', 'ebcc-ls', 'ds-dev-ls', 'auto'] as const;
/** Models fitted with the gold dev split (valid.json). */
const DEV_MODELS = new Set(['ds-dev', 'ds-dev-ls', 'auto']);
const MODEL_CHOICES = [...LABEL_MODEL_TYPES, 'all'];

const USAGE = `usage: pipeline labelmodel bench --wrench DIR [--model ${MODEL_CHOICES.join('|')}] [--seed N] [--preds-out FILE] [--json] [--balance-from-valid] [--tie-policy random|abstain]`;

const HELP = `${USAGE}

Fits label models on DIR/train.json without its gold labels (valid.json stands in when there is no train.json) and
scores them on DIR/test.json: accuracy, F1 (binary for 2 classes, macro otherwise), coverage, fit and predict times.
  --model NAME          one model, or 'all' (default): ${ALL_MODELS.join(', ')}
  --seed N              seed of every random choice (default 123)
  --json                one JSON object on the last line instead of a table
  --preds-out FILE      one JSON line per test row: {"id", "probs", "pred"} (plus "model" with several models)
  --balance-from-valid  class balance from valid.json's gold labels for the models without dev labels
  --tie-policy P        random (default, snorkel's sha1 rule) or abstain
'ds-dev', 'ds-dev-ls' and 'auto' learn from valid.json's gold labels (never test's): ds-dev starts its confusion
matrices from them, auto keeps the Snorkel model unless the best candidate beats it significantly on valid (paired
bootstrap) and reports every candidate's valid score. A '-ls' model (opt-in, not among auto's candidates) re-estimates
the class prior on the rows it predicts (test.json's votes, never its labels: label-shift adaptation).`;

/** One model's line of the report. */
export interface LabelModelBenchRow {
  model: string;
  accuracy: number;
  /** Binary F1 of label 1 for k = 2, macro F1 otherwise (see `f1_metric`). */
  f1: number;
  coverage: number;
  fit_ms: number;
  predict_ms: number;
  /** Degenerate-fit warnings on train (uniform, NaN, one class for every row); empty when sound. */
  warnings: string[];
  /** For 'auto': its choice and every candidate's valid score. */
  auto?: AutoReport;
}

/** A usage problem: reported on one line by the CLI, exit code 2. */
class BenchUsageError extends UsageError {}

/**
 * Runs the benchmark; returns the exit code (0 ok, 2 bad arguments or unreadable data). Prints a table, or with
 * `--json` one JSON object on the last line: `{dataset, k, n_train, n_test, f1_metric, class_balance, rows: [...]}`.
 *
 * @example
 * await labelmodelBenchCommand(['--wrench', datasetPath('wrench-youtube'), '--model', 'mv', '--json']);
 * // {"dataset":".../wrench-youtube",...,"rows":[{"model":"mv","accuracy":0.84,"f1":0.8077,...}]}
 */
export async function labelmodelBenchCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const options = parseBenchArgs(argv);
  const isDir = await stat(options.wrench).then(
    (st) => st.isDirectory(),
    () => false,
  );
  if (!isDir) throw new BenchUsageError(`--wrench ${options.wrench}: no such folder`);
  if (options.predsOut) await checkPredsOut(options.predsOut);
  const data = await readWrenchDir(options.wrench, { validAsTrain: true });
  const notes: string[] = [];
  if (data.trainFrom === 'valid.json')
    notes.push(`${options.wrench} has no train.json: fitting on valid.json instead (its gold labels are not used for fitting)`);
  let models = options.models;
  if (!data.valid && models.some((name) => DEV_MODELS.has(name))) {
    if (options.models.length === 1) throw new BenchUsageError(`--model ${models[0]} needs valid.json (gold dev labels) in ${options.wrench}`);
    models = models.filter((name) => !DEV_MODELS.has(name));
    notes.push(`${options.wrench} has no valid.json: skipping ${[...DEV_MODELS].join(', ')} (they need gold dev labels)`);
  }
  for (const note of notes) console.error(`pipeline labelmodel bench: ${note}`);
  const classBalance = options.balanceFromValid ? validBalance(data) : undefined;
  const f1Metric = data.cardinality === 2 ? 'f1' : 'f1_macro';
  const rows: LabelModelBenchRow[] = [];
  const predLines: string[] = [];
  for (const name of models) {
    const fitOptions: LabelModelFitOptions = DEV_MODELS.has(name)
      ? { seed: options.seed, Ldev: data.valid!.L, Ydev: data.valid!.labels }
      : { seed: options.seed, ...(classBalance ? { classBalance } : {}) };
    const { row, probs } = benchOne(name, data, fitOptions, options.tiePolicy, f1Metric);
    rows.push(row);
    if (!options.json) for (const warning of row.warnings) console.error(`pipeline labelmodel bench: warning: ${name}: ${warning}`);
    if (options.predsOut) for (const line of predictionLines(data.test, probs, options.tiePolicy, models.length > 1 ? name : undefined)) predLines.push(line);
  }
  if (options.predsOut)
    await writeFile(options.predsOut, predLines.length === 0 ? '' : `${predLines.join('\n')}\n`).catch((err: NodeJS.ErrnoException) => {
      throw predsOutWriteError(options.predsOut!, err);
    });
  const report = {
    dataset: options.wrench,
    k: data.cardinality,
    n_train: data.train.L.n,
    n_test: data.test.L.n,
    f1_metric: f1Metric,
    class_balance: classBalance ? Array.from(classBalance) : null,
    train_from: data.trainFrom ?? 'train.json',
    notes,
    rows,
  };
  const auto = rows.find((r) => r.auto)?.auto;
  const autoLine = auto
    ? `\nauto chose ${auto.chosen} (valid ${auto.metric}: ${auto.candidates.map((c) => `${c.name} ${c.devScore ?? 'failed'}${c.warnings.length ? ' [degenerate]' : ''}`).join(', ')})`
    : '';
  console.log(options.json ? JSON.stringify(report) : formatTable(report.rows, f1Metric) + autoLine);
  return 0;
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
  try {
    return benchOptions(argv);
  } catch (err) {
    if (isArgParseError(err)) throw new BenchUsageError((err as Error).message);
    throw err;
  }
}

function benchOptions(argv: string[]): BenchOptions {
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

/** Fits one model on train (no gold; dev models also on valid's gold) with its own defaults, predicts test and scores it. */
function benchOne(name: string, data: WrenchDataset, fitOptions: LabelModelFitOptions, tiePolicy: TieBreakPolicy, f1Metric: string) {
  const model = createLabelModel(name, { cardinality: data.cardinality });
  const fitStart = performance.now();
  model.fit(data.train.L, fitOptions);
  const fitMs = performance.now() - fitStart;
  const warnings = diagnoseProbs(model.predictProba(data.train.L), votedRows(data.train.L));
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
    warnings,
    ...(model instanceof AutoLabelModel ? { auto: model.report } : {}),
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

/** `--preds-out FILE` is refused before the fits run when its folder is missing, not a folder, or not writable, or FILE is a folder. */
async function checkPredsOut(file: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  const problem = await stat(folder).then(
    (st) =>
      st.isDirectory()
        ? access(folder, constants.W_OK).then(
            () => undefined,
            () => `folder ${folder} is not writable`,
          )
        : `${folder} is not a folder`,
    () => `no such folder ${folder}`,
  );
  if (problem) throw new BenchUsageError(`--preds-out ${file}: ${problem}`);
  const isDir = await stat(file).then(
    (st) => st.isDirectory(),
    () => false,
  );
  if (isDir) throw new BenchUsageError(`--preds-out ${file}: is a folder (expected a file)`);
}

/** Write errors of --preds-out the user can fix in the command line (permission, a folder, a missing folder). */
const PREDS_OUT_USAGE_CODES = new Set(['EACCES', 'EISDIR', 'ENOENT', 'ENOTDIR']);

/**
 * The error a failed --preds-out write ends the bench with. Its folder was checked before the fits, so only a path
 * problem (EACCES, EISDIR, ENOENT, ENOTDIR) is bad usage (exit 2); anything else (disk full, I/O) is a failure while
 * running (exit 1).
 *
 * @example
 * predsOutWriteError('p.jsonl', Object.assign(new Error('no space'), { code: 'ENOSPC' })); // SkimmerError (exit 1)
 */
export function predsOutWriteError(file: string, err: NodeJS.ErrnoException): Error {
  const message = `--preds-out ${file}: cannot write (${err.code ?? err.message})`;
  if (PREDS_OUT_USAGE_CODES.has(err.code ?? '')) return new BenchUsageError(message);
  return new SkimmerError('PREDS_OUT_WRITE_FAILED', message, { file, code: err.code ?? null }, { cause: err });
}
