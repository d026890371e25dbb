// Shared base of the label models: predict / score on top of predictProba, and the input checks every model makes.

import { LabelModelError, probsToPreds, scoreMetrics } from '@skimmer/core';
import type { LabelMatrix, LabelModel, LabelModelFitOptions, LabelModelJSON, ProbMatrix, TieBreakPolicy } from '@skimmer/core';
import { invalidLabel } from './overlaps.ts';
import { saveLabelModel } from './saveLabelModel.ts';

/**
 * A label model that only has to write `fit`, `predictProba` and `toJSON`: hard predictions go through core's
 * `probsToPreds` (Snorkel's tie rules) and scores through core's `scoreMetrics` (Snorkel's Scorer).
 *
 * @example
 * class MyModel extends BaseLabelModel {
 *   readonly type = 'my-model';
 *   fit(L: LabelMatrix): void { this.checkLabelMatrix(L); ... }
 *   predictProba(L: LabelMatrix): ProbMatrix { ... }
 *   toJSON(): LabelModelJSON { ... }
 * }
 */
export abstract class BaseLabelModel implements LabelModel {
  abstract readonly type: string;
  readonly cardinality: number;

  constructor({ cardinality = 2 }: { cardinality?: number } = {}) {
    this.cardinality = checkCardinality(cardinality);
  }

  abstract fit(L: LabelMatrix, options?: LabelModelFitOptions): void;
  abstract predictProba(L: LabelMatrix): ProbMatrix;
  abstract toJSON(): LabelModelJSON;

  /** Hard labels from predictProba; ties follow `tieBreakPolicy` ('abstain' → -1, 'random' → Snorkel's sha1 rule). */
  predict(L: LabelMatrix, tieBreakPolicy: TieBreakPolicy = 'abstain'): Int32Array {
    return probsToPreds(this.predictProba(L), tieBreakPolicy);
  }

  /** Scores predictions against gold labels Y (gold -1 rows ignored), e.g. `{ accuracy: 0.84 }`. */
  score(L: LabelMatrix, Y: ArrayLike<number>, metrics: readonly string[] = ['accuracy'], tieBreakPolicy: TieBreakPolicy = 'abstain'): Record<string, number> {
    if (Y.length !== L.n) throw new LabelModelError(`gold labels Y has ${Y.length} entries, L has ${L.n} rows`, { n: L.n, length: Y.length });
    const probs = this.predictProba(L);
    return scoreMetrics(Y, probsToPreds(probs, tieBreakPolicy), metrics, { probs });
  }

  /** Writes the fitted model's JSON to `file`; `loadLabelModel(file)` restores it. */
  save(file: string): Promise<void> {
    return saveLabelModel(this, file);
  }

  /** Throws a LabelModelError for an empty L or a vote outside -1..k-1 (naming the row and the LF). */
  protected checkLabelMatrix(L: LabelMatrix, expectedM?: number): void {
    checkLabelMatrix(L, this.cardinality, expectedM);
  }
}

/** Checks that a cardinality is an integer ≥ 2 and returns it. */
export function checkCardinality(cardinality: number): number {
  if (!Number.isInteger(cardinality) || cardinality < 2) {
    throw new LabelModelError(`cardinality must be an integer >= 2, got ${cardinality}`, { field: 'cardinality', value: cardinality });
  }
  return cardinality;
}

/**
 * Throws a LabelModelError when L has no rows or no LFs, when its LF count differs from `expectedM`, or when a vote
 * is outside -1 (abstain) .. k-1, naming the row and the LF.
 *
 * @example
 * checkLabelMatrix(labelMatrix([[0, 2]]), 2); // LabelModelError: L[0][1] = 2: LF 1 voted a label outside -1 (abstain) .. 1 ...
 */
export function checkLabelMatrix(L: LabelMatrix, cardinality: number, expectedM?: number): void {
  if (L.n === 0) throw new LabelModelError('the label matrix is empty (n = 0): a label model needs at least one row', { n: 0 });
  if (L.m === 0) throw new LabelModelError('the label matrix has no labeling functions (m = 0)', { m: 0 });
  if (expectedM !== undefined && L.m !== expectedM) {
    throw new LabelModelError(`label matrix has ${L.m} LFs, the model was fitted on ${expectedM}`, { m: L.m, expected: expectedM });
  }
  const { data, m } = L;
  for (let t = 0; t < data.length; t++) {
    const v = data[t];
    if (v < -1 || v >= cardinality) throw invalidLabel(Math.floor(t / m), t % m, v, cardinality);
  }
}

/** Normalises each row of a row-major n × k array in place; a row summing to 0 becomes uniform. */
export function normalizeRows(data: Float64Array, k: number): void {
  for (let row = 0; row < data.length; row += k) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += data[row + c];
    if (sum > 0) for (let c = 0; c < k; c++) data[row + c] /= sum;
    else for (let c = 0; c < k; c++) data[row + c] = 1 / k;
  }
}

/** Writes softmax(logits) to out[offset..offset+k); non-finite logits give a uniform row. */
export function softmaxInto(logits: Float64Array, out: Float64Array, offset: number): void {
  const k = logits.length;
  let max = -Infinity;
  for (let y = 0; y < k; y++) if (logits[y] > max) max = logits[y];
  if (!Number.isFinite(max)) {
    for (let y = 0; y < k; y++) out[offset + y] = 1 / k;
    return;
  }
  let z = 0;
  for (let y = 0; y < k; y++) z += out[offset + y] = Math.exp(logits[y] - max);
  for (let y = 0; y < k; y++) out[offset + y] /= z;
}

/** Reads a fitted model's JSON field as a number array of the given length, or throws a LabelModelError naming the field. */
export function jsonNumbers(json: Record<string, unknown>, field: string, length: number): Float64Array {
  const values = json[field];
  if (!Array.isArray(values) || values.length !== length || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new LabelModelError(`label model JSON field ${field}: expected an array of ${length} finite numbers`, { field, expected: length });
  }
  return Float64Array.from(values as number[]);
}

/** Checks a model JSON's `type` and returns it as a record, or throws a LabelModelError. */
export function jsonOfType(json: unknown, type: string): Record<string, unknown> & { cardinality: number } {
  const j = json as Record<string, unknown> | null;
  if (!j || typeof j !== 'object' || j.type !== type) {
    throw new LabelModelError(`expected a label model JSON with type '${type}', got ${String(j?.type)}`, { field: 'type', expected: type });
  }
  return j as Record<string, unknown> & { cardinality: number };
}
