// AutoLabelModel: fits candidate label models and keeps the one with the best score on the gold dev split.

import { LabelModelError, probsToPreds, scoreMetrics } from '@skimmer/core';
import type { LabelMatrix, LabelModel, LabelModelFitOptions, LabelModelJSON, ProbMatrix, TieBreakPolicy } from '@skimmer/core';
import { BaseLabelModel, checkLabelMatrix, jsonOfType } from './baseLabelModel.ts';
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
 * The default candidates: every unsupervised model with its own defaults (Snorkel's are snorkel's: 100 epochs,
 * lr 0.01), and the dev-initialised Dawid-Skene with a dev row weighing 1, 10 or 100 unlabelled rows.
 */
export const DEFAULT_AUTO_CANDIDATES: readonly AutoCandidate[] = [
  { name: 'snorkel', type: 'snorkel' },
  { name: 'mv', type: 'mv' },
  { name: 'ds', type: 'ds' },
  { name: 'fs', type: 'fs' },
  { name: 'ebcc', type: 'ebcc' },
  { name: 'ds-dev', type: 'ds-dev', usesDev: true },
  { name: 'ds-dev:w10', type: 'ds-dev', fitOptions: { devWeight: 10 }, usesDev: true },
  { name: 'ds-dev:w100', type: 'ds-dev', fitOptions: { devWeight: 100 }, usesDev: true },
];

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
}

/** One candidate's line of the report. */
export interface AutoCandidateReport {
  name: string;
  /** The dev score; null when the fit failed. Cross-validated for candidates that learn from the dev labels. */
  devScore: number | null;
  crossValidated: boolean;
  /** Degenerate-fit warnings (`diagnoseProbs` on L) or the fit's error; a candidate with any is never chosen. */
  warnings: string[];
  fitMs: number;
}

/** What `auto` chose and why. */
export interface AutoReport {
  metric: string;
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
 * Fits every candidate on the unlabelled L, scores it on the gold dev split (Ldev, Ydev) and keeps the best that
 * is not degenerate (`diagnoseProbs`: NaN, uniform, one class for every row). Candidates that learn from the dev
 * labels are scored by `folds`-fold cross-validation over the dev rows (each fold predicted by a model fitted
 * without it, the pooled predictions scored once), then refitted on the whole dev split; the others are scored on
 * the dev split directly. Ties keep the earlier candidate. Never reads test labels: it has none.
 *
 * @example
 * const auto = createLabelModel('auto', { cardinality: 2 }) as AutoLabelModel;
 * auto.fit(train.L, { Ldev: valid.L, Ydev: valid.labels });
 * auto.report; // { metric: 'f1', chosen: 'ds-dev:w100', candidates: [{ name: 'snorkel', devScore: 0.84, ... }, ...] }
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
    const { Ldev, Ydev, candidates = DEFAULT_AUTO_CANDIDATES, folds = 5, tieBreakPolicy = 'random', seed = 123 } = options;
    const metric = options.metric ?? (k === 2 ? 'f1' : 'accuracy');
    if (Ldev === undefined || Ydev === undefined) {
      throw new LabelModelError('the auto label model chooses on gold dev rows: fit(L, { Ldev, Ydev })', { field: Ldev ? 'Ydev' : 'Ldev' });
    }
    checkLabelMatrix(Ldev, k, L.m);
    if (Ydev.length !== Ldev.n) throw new LabelModelError(`Ydev has ${Ydev.length} labels, Ldev has ${Ldev.n} rows`, { field: 'Ydev' });
    if (!(Number.isInteger(folds) && folds >= 2)) throw new LabelModelError(`folds = ${folds}: expected an integer >= 2`, { field: 'folds' });
    if (candidates.length === 0) throw new LabelModelError('auto needs at least one candidate', { field: 'candidates' });
    const voted = votedRows(L);
    const score = (probs: ProbMatrix, Y: ArrayLike<number>): number => scoreMetrics(Y, probsToPreds(probs, tieBreakPolicy), [metric])[metric];
    const reports: AutoCandidateReport[] = [];
    const models: (LabelModel | undefined)[] = [];
    for (const candidate of candidates) {
      const start = performance.now();
      const base = { seed, ...candidate.fitOptions };
      let devScore: number | null = null;
      let warnings: string[] = [];
      let model: LabelModel | undefined;
      try {
        model = this.create(candidate.type, { cardinality: k });
        if (candidate.usesDev) {
          devScore = score(this.crossValidatedProbs(L, Ldev, Ydev, candidate, base, folds), Ydev);
          model.fit(L, { ...base, Ldev, Ydev });
        } else {
          model.fit(L, base);
          devScore = score(model.predictProba(Ldev), Ydev);
        }
        warnings = diagnoseProbs(model.predictProba(L), voted);
        if (!Number.isFinite(devScore)) warnings.push(`dev ${metric} is ${devScore}`);
      } catch (err) {
        warnings = [`fit failed: ${(err as Error).message}`];
        model = undefined;
      }
      reports.push({
        name: candidate.name,
        devScore: devScore === null ? null : round(devScore),
        crossValidated: candidate.usesDev === true,
        warnings,
        fitMs: round(performance.now() - start, 1),
      });
      models.push(model);
    }
    let best = -1;
    reports.forEach((r, i) => {
      if (r.warnings.length === 0 && r.devScore !== null && (best < 0 || r.devScore > reports[best].devScore!)) best = i;
    });
    if (best < 0) {
      throw new LabelModelError(`auto: every candidate is degenerate or failed (${reports.map((r) => `${r.name}: ${r.warnings.join('; ')}`).join(' | ')})`, {
        field: 'candidates',
      });
    }
    this.state = { report: { metric, chosen: reports[best].name, candidates: reports }, model: models[best]! };
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

  /** Out-of-fold dev probabilities of a candidate that learns from the dev labels (fold of row i: i mod folds). */
  private crossValidatedProbs(
    L: LabelMatrix,
    Ldev: LabelMatrix,
    Ydev: ArrayLike<number>,
    candidate: AutoCandidate,
    base: Record<string, unknown>,
    folds: number,
  ): ProbMatrix {
    const k = this.cardinality;
    const out = new Float64Array(Ldev.n * k);
    for (let f = 0; f < folds; f++) {
      const train: number[] = [];
      const held: number[] = [];
      for (let i = 0; i < Ldev.n; i++) (i % folds === f ? held : train).push(i);
      if (held.length === 0) continue;
      const model = this.create(candidate.type, { cardinality: k });
      model.fit(L, { ...base, Ldev: selectRows(Ldev, train), Ydev: train.map((i) => Ydev[i]) });
      const probs = model.predictProba(selectRows(Ldev, held));
      held.forEach((i, r) => out.set(probs.data.subarray(r * k, (r + 1) * k), i * k));
    }
    return { n: Ldev.n, k, data: out };
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
