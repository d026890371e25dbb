// AutoLabelModel: fits candidate label models and keeps one by its score on the gold dev split (Snorkel's model unless another beats it significantly).

import { LabelModelError, probsToPreds, scoreMetrics } from '@skimmer/core';
import type { LabelMatrix, LabelModel, LabelModelFitOptions, LabelModelJSON, ProbMatrix, TieBreakPolicy } from '@skimmer/core';
import { BaseLabelModel, checkLabelMatrix, jsonOfType } from './baseLabelModel.ts';
import { AUTO_SELECTION_RULES, selectCandidate } from './autoSelection.ts';
import type { AutoSelectionRule } from './autoSelection.ts';
import { diagnoseProbs, votedRows } from './fitDiagnostics.ts';
import { selectRows } from './labelMatrixRows.ts';

/** One model `auto` tries: a registry type, its fit options, and whether it learns from the dev labels. */
export interface AutoCandidate {
  /** The name in the report (unique). */
  readonly name: string;
  /** A `createLabelModel` type. */
  readonly type: string;
  readonly fitOptions?: Readonly<Record<string, unknown>>;
  /** true: fitted with `Ldev` / `Ydev`, so its dev score is a cross-validated one (see `AutoFitOptions.folds`). */
  readonly usesDev?: boolean;
}

/**
 * The default candidates, simplest first (the order the 'one-se' rule prefers, fixed by counting what each model
 * estimates; 'vs-default' keeps 'snorkel' unless beaten significantly): majority vote (nothing), FlyingSquid (one accuracy per LF and
 * one-vs-rest task), Snorkel (an m·k × k table μ, snorkel's defaults: 100 epochs, lr 0.01), Dawid-Skene (a (k+1) × k
 * confusion matrix per LF), EBCC (one per LF, class and subtype), then the dev-initialised Dawid-Skene, whose
 * confusion matrices are also fitted to the dev labels, with a dev row weighing 1, 10 or 100 unlabelled rows.
 */
export const DEFAULT_AUTO_CANDIDATES: readonly AutoCandidate[] = [
  { name: 'mv', type: 'mv' },
  { name: 'fs', type: 'fs' },
  { name: 'snorkel', type: 'snorkel' },
  { name: 'ds', type: 'ds' },
  { name: 'ebcc', type: 'ebcc' },
  { name: 'ds-dev', type: 'ds-dev', usesDev: true },
  { name: 'ds-dev:w10', type: 'ds-dev', fitOptions: { devWeight: 10 }, usesDev: true },
  { name: 'ds-dev:w100', type: 'ds-dev', fitOptions: { devWeight: 100 }, usesDev: true },
];

/** Registry types that have a label-shift version ('-ls'). */
const LABEL_SHIFT_TYPES: Readonly<Record<string, string>> = { snorkel: 'snorkel-ls', ds: 'ds-ls', ebcc: 'ebcc-ls', 'ds-dev': 'ds-dev-ls' };

/**
 * A candidate's label-shift version (`PriorShiftLabelModel`), named with '-ls' after its type; a candidate whose
 * model has no class prior (majority vote, FlyingSquid) is returned unchanged.
 *
 * @example
 * labelShiftCandidate({ name: 'ds-dev:w10', type: 'ds-dev', fitOptions: { devWeight: 10 }, usesDev: true });
 * // { name: 'ds-dev-ls:w10', type: 'ds-dev-ls', fitOptions: { devWeight: 10 }, usesDev: true }
 */
export function labelShiftCandidate(candidate: AutoCandidate): AutoCandidate {
  const type = LABEL_SHIFT_TYPES[candidate.type];
  if (!type) return candidate;
  const name = candidate.name.startsWith(candidate.type) ? `${type}${candidate.name.slice(candidate.type.length)}` : `${candidate.name}-ls`;
  return { ...candidate, name, type };
}

/**
 * Opt-in, not the default: `DEFAULT_AUTO_CANDIDATES` with every model that has a class prior replaced by its
 * label-shift version ('-ls': the prior re-estimated on the rows being predicted): mv, fs, snorkel-ls, ds-ls, ebcc-ls,
 * ds-dev-ls, ds-dev-ls:w10, ds-dev-ls:w100; meant with `rule: 'vs-baselines'` (then 'snorkel-ls' is kept unless a
 * candidate beats it and majority vote significantly). It scored best on simulated label shift, but lost to the
 * defaults on unshifted train rows (youtube F1 .7515 vs .8129) and on the one test run (docs/label-models.md).
 *
 * @example
 * auto.fit(train.L, { Ldev, Ydev, candidates: LABEL_SHIFT_AUTO_CANDIDATES, rule: 'vs-baselines' });
 */
export const LABEL_SHIFT_AUTO_CANDIDATES: readonly AutoCandidate[] = DEFAULT_AUTO_CANDIDATES.map(labelShiftCandidate);

/** Options of `AutoLabelModel.fit`: the gold dev split is required. */
export interface AutoFitOptions extends LabelModelFitOptions {
  Ldev?: LabelMatrix;
  Ydev?: ArrayLike<number>;
  /** The dev metric to maximise: default 'f1' for k = 2, 'accuracy' otherwise. */
  metric?: string;
  candidates?: readonly AutoCandidate[];
  /** Folds of the dev cross-validation that scores candidates which learn from the dev labels (default 5). */
  folds?: number;
  /** Tie policy of the dev predictions (default 'random', as the bench scores). */
  tieBreakPolicy?: TieBreakPolicy;
  /** How the dev scores become a choice (default 'vs-default'; see `AUTO_SELECTION_RULES`). */
  rule?: AutoSelectionRule;
  /** Paired bootstrap resamples of the dev rows behind the standard errors (default 1000). */
  resamples?: number;
  /** The candidate 'vs-default' / 'vs-baselines' keep unless beaten significantly (default 'snorkel', else 'snorkel-ls', else the first candidate). */
  defaultCandidate?: string;
  /** 'vs-baselines': the other candidates a choice must also beat significantly (default ['mv'], those present). */
  baselines?: readonly string[];
}

/** One candidate's line of the report. */
export interface AutoCandidateReport {
  name: string;
  /** The dev score; null when the fit failed. Cross-validated for candidates that learn from the dev labels. */
  devScore: number | null;
  crossValidated: boolean;
  /** Bootstrap standard error of (best dev score − this one), paired over the dev rows; null for 'best' or an unusable candidate. */
  standardError: number | null;
  /** Degenerate-fit warnings (`diagnoseProbs` on L) or the fit's error; a candidate with any is never chosen. */
  warnings: string[];
  fitMs: number;
}

/** What `auto` chose and why. */
export interface AutoReport {
  metric: string;
  /** The selection rule, and the candidate with the best dev score (which 'vs-default' and 'one-se' may pass over). */
  rule: AutoSelectionRule;
  best: string;
  chosen: string;
  candidates: AutoCandidateReport[];
}

/** What `AutoLabelModel.toJSON()` writes: the report and the chosen model's own JSON. */
export interface AutoJSON extends LabelModelJSON {
  readonly type: 'auto';
  readonly report: AutoReport;
  readonly model: LabelModelJSON;
}

type CreateModel = (type: string, options: { cardinality: number }) => LabelModel;
type RestoreModel = (json: unknown) => LabelModel;

/**
 * Fits every candidate on the unlabelled L, scores it on the gold dev split (Ldev, Ydev) (`fitAutoCandidates`:
 * cross-validated for candidates that learn from the dev labels) and chooses among those that are not degenerate
 * (`diagnoseProbs`: NaN, uniform, one class for every row) by `rule`: by default Snorkel's model unless the best
 * candidate beats it in 95% of paired bootstrap resamples of the dev rows, so a lead the dev split cannot resolve
 * does not move the choice (`AUTO_SELECTION_RULES`; chosen on train / valid data, docs/label-models.md). Never reads
 * test labels: it has none. Label-shift adaptation is opt-in: `LABEL_SHIFT_AUTO_CANDIDATES` with rule 'vs-baselines'.
 *
 * @example
 * const auto = createLabelModel('auto', { cardinality: 2 }) as AutoLabelModel;
 * auto.fit(train.L, { Ldev: valid.L, Ydev: valid.labels });
 * auto.report; // { metric: 'f1', rule: 'vs-default', best: 'snorkel', chosen: 'snorkel', candidates: [{ name: 'mv', devScore: 0.7742, standardError: 0.04, ... }, ...] }
 */
export class AutoLabelModel extends BaseLabelModel {
  readonly type = 'auto';
  private readonly create: CreateModel;
  private state?: { report: AutoReport; model: LabelModel };

  constructor({ cardinality, create }: { cardinality: number; create: CreateModel }) {
    super({ cardinality });
    this.create = create;
  }

  fit(L: LabelMatrix, options: AutoFitOptions = {}): void {
    this.checkLabelMatrix(L);
    const k = this.cardinality;
    const { Ldev, Ydev, candidates = DEFAULT_AUTO_CANDIDATES, rule = 'vs-default', resamples = 1000, seed = 123 } = options;
    const metric = options.metric ?? (k === 2 ? 'f1' : 'accuracy');
    if (Ldev === undefined || Ydev === undefined) {
      throw new LabelModelError('the auto label model chooses on gold dev rows: fit(L, { Ldev, Ydev })', { field: Ldev ? 'Ydev' : 'Ldev' });
    }
    checkLabelMatrix(Ldev, k, L.m);
    if (Ydev.length !== Ldev.n) throw new LabelModelError(`Ydev has ${Ydev.length} labels, Ldev has ${Ldev.n} rows`, { field: 'Ydev' });
    if (candidates.length === 0) throw new LabelModelError('auto needs at least one candidate', { field: 'candidates' });
    if (!(AUTO_SELECTION_RULES as readonly string[]).includes(rule)) {
      throw new LabelModelError(`auto: rule "${rule}": expected one of ${AUTO_SELECTION_RULES.join(', ')}`, { field: 'rule' });
    }
    if (!(Number.isInteger(resamples) && resamples >= 10))
      throw new LabelModelError(`resamples = ${resamples}: expected an integer >= 10`, { field: 'resamples' });
    const fitted = fitAutoCandidates(L, Ldev, Ydev, { ...options, metric, candidates }, this.create, k);
    const usable = usableDevPreds(fitted);
    if (usable.every((p) => p === null)) {
      const reasons = fitted.reports.map((r) => `${r.name}: ${r.warnings.join('; ')}`).join(' | ');
      throw new LabelModelError(`auto: every candidate is degenerate or failed (${reasons})`, { field: 'candidates' });
    }
    const defaultIndex = options.defaultCandidate
      ? candidates.findIndex((c) => c.name === options.defaultCandidate)
      : (['snorkel', 'snorkel-ls'].map((name) => candidates.findIndex((c) => c.name === name)).find((i) => i >= 0) ?? 0);
    if (options.defaultCandidate !== undefined && defaultIndex < 0) {
      throw new LabelModelError(`auto: defaultCandidate "${options.defaultCandidate}" is not among the candidates`, { field: 'defaultCandidate' });
    }
    const baselineIndices = (options.baselines ?? ['mv']).map((name) => candidates.findIndex((c) => c.name === name)).filter((i) => i >= 0);
    const selection = selectCandidate({ preds: usable, Ydev, metric, rule, resamples, seed, defaultIndex: Math.max(0, defaultIndex), baselineIndices });
    const reports = fitted.reports.map((r, c) => ({ ...r, standardError: selection.standardErrors[c] === null ? null : round(selection.standardErrors[c]!) }));
    const report: AutoReport = { metric, rule, best: reports[selection.best].name, chosen: reports[selection.chosen].name, candidates: reports };
    this.state = { report, model: fitted.models[selection.chosen]! };
  }

  /** The choice, its metric and every candidate's dev score and warnings. */
  get report(): AutoReport {
    return this.fitted().report;
  }

  /** The chosen, fitted model. */
  get chosenModel(): LabelModel {
    return this.fitted().model;
  }

  predictProba(L: LabelMatrix): ProbMatrix {
    return this.fitted().model.predictProba(L);
  }

  toJSON(): AutoJSON {
    const { report, model } = this.fitted();
    return { type: 'auto', cardinality: this.cardinality, report, model: model.toJSON() };
  }

  /** Restores a model written by `toJSON`; `restore` rebuilds the chosen model from its JSON (the registry's `labelModelFromJSON`). */
  static fromJSON(json: unknown, restore: RestoreModel, create: CreateModel): AutoLabelModel {
    const j = jsonOfType(json, 'auto');
    const model = new AutoLabelModel({ cardinality: j.cardinality, create });
    const report = j.report as AutoReport | undefined;
    if (!report || typeof report.chosen !== 'string' || !Array.isArray(report.candidates)) {
      throw new LabelModelError('label model JSON field report: expected {metric, chosen, candidates}', { field: 'report' });
    }
    model.state = { report, model: restore(j.model) };
    return model;
  }

  private fitted(): { report: AutoReport; model: LabelModel } {
    if (!this.state) throw new LabelModelError('the auto label model is not fitted: call fit(L, { Ldev, Ydev }) first', {});
    return this.state;
  }
}

function round(value: number, digits = 4): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** What `fitAutoCandidates` returns: per candidate, its report line (no standard error yet), fitted model and dev predictions. */
export interface FittedAutoCandidates {
  reports: Omit<AutoCandidateReport, 'standardError'>[];
  models: (LabelModel | undefined)[];
  /** Predictions on the dev rows (out-of-fold for candidates that learn from the dev labels); null when the fit failed. */
  devPreds: (Int32Array | null)[];
}

/** The dev predictions of the candidates auto may choose (no warning, a dev score); null for the others. */
export function usableDevPreds(fitted: FittedAutoCandidates): (Int32Array | null)[] {
  return fitted.reports.map((r, c) => (r.warnings.length === 0 && r.devScore !== null ? fitted.devPreds[c] : null));
}

/**
 * Fits every candidate on L and predicts the dev rows: candidates that learn from the dev labels are scored by
 * `folds`-fold cross-validation over the dev rows (each fold predicted by a model fitted without it, the pooled
 * predictions scored once), then refitted on the whole dev split; the others are scored on the dev split directly.
 * Each fitted model is checked by `diagnoseProbs` on L. `AutoLabelModel.fit` then applies its selection rule.
 */
export function fitAutoCandidates(
  L: LabelMatrix,
  Ldev: LabelMatrix,
  Ydev: ArrayLike<number>,
  options: AutoFitOptions & { metric: string; candidates: readonly AutoCandidate[] },
  create: CreateModel,
  k: number,
): FittedAutoCandidates {
  const { candidates, metric, folds = 5, tieBreakPolicy = 'random', seed = 123 } = options;
  if (!(Number.isInteger(folds) && folds >= 2)) throw new LabelModelError(`folds = ${folds}: expected an integer >= 2`, { field: 'folds' });
  const voted = votedRows(L);
  const out: FittedAutoCandidates = { reports: [], models: [], devPreds: [] };
  for (const candidate of candidates) {
    const start = performance.now();
    const base = { seed, ...candidate.fitOptions };
    let devScore: number | null = null;
    let warnings: string[] = [];
    let model: LabelModel | undefined;
    let preds: Int32Array | null = null;
    try {
      model = create(candidate.type, { cardinality: k });
      let devProbs: ProbMatrix;
      if (candidate.usesDev) {
        devProbs = crossValidatedProbs(L, Ldev, Ydev, candidate, base, folds, create, k);
        model.fit(L, { ...base, Ldev, Ydev });
      } else {
        model.fit(L, base);
        devProbs = model.predictProba(Ldev);
      }
      preds = probsToPreds(devProbs, tieBreakPolicy);
      devScore = scoreMetrics(Ydev, preds, [metric])[metric];
      warnings = diagnoseProbs(model.predictProba(L), voted);
      if (!Number.isFinite(devScore)) warnings.push(`dev ${metric} is ${devScore}`);
    } catch (err) {
      warnings = [`fit failed: ${(err as Error).message}`];
      model = undefined;
      preds = null;
    }
    out.reports.push({
      name: candidate.name,
      devScore: devScore === null ? null : round(devScore),
      crossValidated: candidate.usesDev === true,
      warnings,
      fitMs: round(performance.now() - start, 1),
    });
    out.models.push(model);
    out.devPreds.push(preds);
  }
  return out;
}

/** Out-of-fold dev probabilities of a candidate that learns from the dev labels (fold of row i: i mod folds). */
function crossValidatedProbs(
  L: LabelMatrix,
  Ldev: LabelMatrix,
  Ydev: ArrayLike<number>,
  candidate: AutoCandidate,
  base: Record<string, unknown>,
  folds: number,
  create: CreateModel,
  k: number,
): ProbMatrix {
  const out = new Float64Array(Ldev.n * k);
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < Ldev.n; i++) (i % folds === f ? held : train).push(i);
    if (held.length === 0) continue;
    const model = create(candidate.type, { cardinality: k });
    model.fit(L, { ...base, Ldev: selectRows(Ldev, train), Ydev: train.map((i) => Ydev[i]) });
    const probs = model.predictProba(selectRows(Ldev, held));
    held.forEach((i, r) => out.set(probs.data.subarray(r * k, (r + 1) * k), i * k));
  }
  return { n: Ldev.n, k, data: out };
}
