// The end model's pieces around a classifier: blending it with the label model, pseudo-labels for self-training, label-model confidence as weights.

import { ClassifierError, type ProbMatrix } from '@skimmer/core';

function assertSameShape(a: ProbMatrix, b: ProbMatrix, what: string): void {
  if (a.n !== b.n || a.k !== b.k) throw new ClassifierError(`${what}: probability matrices are ${a.n} × ${a.k} and ${b.n} × ${b.k}, expected the same shape`);
}

/**
 * The ensemble of classifier and label model: alpha · P_classifier + (1 − alpha) · P_labelModel on the rows where an LF
 * voted (`covered[i]`), the classifier alone where every LF abstained. alpha = 1 is the classifier, 0 the label model.
 *
 * @example
 * blendWithLabelModel({ n: 1, k: 2, data: Float64Array.from([0.2, 0.8]) }, { n: 1, k: 2, data: Float64Array.from([0.6, 0.4]) }, 0.5, [true]).data
 * // Float64Array [0.4, 0.6]
 */
export function blendWithLabelModel(classifier: ProbMatrix, labelModel: ProbMatrix, alpha: number, covered: ArrayLike<boolean>): ProbMatrix {
  assertSameShape(classifier, labelModel, 'blendWithLabelModel');
  if (!(alpha >= 0 && alpha <= 1)) throw new ClassifierError(`blendWithLabelModel: alpha must be in [0, 1], got ${alpha}`);
  const { n, k } = classifier;
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const a = covered[i] ? alpha : 1;
    for (let c = 0; c < k; c++) data[i * k + c] = a * classifier.data[i * k + c] + (1 - a) * labelModel.data[i * k + c];
  }
  return { n, k, data };
}

/** Binary predictions: class 1 where P(class 1) ≥ threshold, else 0 (a threshold chosen on dev moves the operating point). */
export function predictAtThreshold(P: ProbMatrix, threshold: number): Int32Array {
  if (P.k !== 2) throw new ClassifierError(`predictAtThreshold: expected 2 classes, got ${P.k}`);
  const preds = new Int32Array(P.n);
  for (let i = 0; i < P.n; i++) preds[i] = P.data[i * 2 + 1] >= threshold ? 1 : 0;
  return preds;
}

/**
 * Self-training targets: a one-hot pseudo-label where the classifier's top probability reaches `minConfidence`, the
 * label model's soft label elsewhere. Returns the targets and how many rows took a pseudo-label.
 *
 * @example
 * pseudoLabelTargets({ n: 2, k: 2, data: Float64Array.from([0.05, 0.95, 0.4, 0.6]) }, { n: 2, k: 2, data: Float64Array.from([0.5, 0.5, 0.3, 0.7]) }, 0.9)
 * // { targets: [0, 1, 0.3, 0.7], replaced: 1 }
 */
export function pseudoLabelTargets(classifier: ProbMatrix, labelModel: ProbMatrix, minConfidence: number): { targets: ProbMatrix; replaced: number } {
  assertSameShape(classifier, labelModel, 'pseudoLabelTargets');
  const { n, k } = classifier;
  const data = Float64Array.from(labelModel.data);
  let replaced = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (classifier.data[i * k + c] > classifier.data[i * k + best]) best = c;
    if (classifier.data[i * k + best] < minConfidence) continue;
    for (let c = 0; c < k; c++) data[i * k + c] = c === best ? 1 : 0;
    replaced++;
  }
  return { targets: { n, k, data }, replaced };
}

/**
 * Label-model confidence as sample weights: one-hot targets on the label model's top class, each row weighted by how far
 * its top probability is above chance (0 for a tie, 1 for certainty), so confident labels count fully and guesses little.
 *
 * @example
 * confidenceWeightedTargets({ n: 2, k: 2, data: Float64Array.from([0.1, 0.9, 0.5, 0.5]) })
 * // { targets: [0, 1, 1, 0], weights: [0.8, 0] }
 */
export function confidenceWeightedTargets(labelModel: ProbMatrix): { targets: ProbMatrix; weights: Float64Array } {
  const { n, k } = labelModel;
  const data = new Float64Array(n * k);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (labelModel.data[i * k + c] > labelModel.data[i * k + best]) best = c;
    data[i * k + best] = 1;
    weights[i] = Math.max(0, (labelModel.data[i * k + best] - 1 / k) / (1 - 1 / k));
  }
  return { targets: { n, k, data }, weights };
}
