// Active-learning selection: which untagged rows a person should tag next (margin, disagreement or random sampling).

import type { ProbMatrix } from '../labelMatrix.ts';
import { SkimmerError } from '../errors.ts';
import { argmaxRow } from '../probsToPreds.ts';
import { seededRandom, shuffleInPlace } from '../seededRandom.ts';

/** How to choose rows to tag: least confident classifier first, label model vs classifier disagreement first, or uniformly at random. */
export type SelectionStrategy = 'margin' | 'disagreement' | 'random';

export const SELECTION_STRATEGIES: readonly SelectionStrategy[] = ['margin', 'disagreement', 'random'];

export interface SelectForTaggingInput {
  /** The classifier's n × k probabilities over the whole pool. */
  probs: ProbMatrix;
  /** The label model's n × k probabilities over the same rows (required by 'disagreement'). */
  labelModelProbs?: ProbMatrix;
  /** Row indices (into `probs`) not yet tagged; only these are chosen from. */
  candidates: ArrayLike<number>;
  /** How many rows to return (fewer when there are fewer candidates). */
  k: number;
  /** Seed for 'random' (default 0). */
  seed?: number;
  /**
   * Optional group key per pool row (e.g. the id of the normalised text): at most one row per key is chosen, so a
   * batch is not spent on retweets of one uncertain tweet.
   */
  groupKeys?: ArrayLike<number>;
}

/** The selection request is inconsistent (unknown strategy, a missing matrix, a row outside the pool). */
export class ActiveLearningError extends SkimmerError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('ACTIVE_LEARNING', message, context);
    this.name = 'ActiveLearningError';
  }
}

/** Top-1 minus top-2 probability of row `i`: 0 for a coin toss, 1 for a certain prediction. */
export function predictionMargin(probs: ProbMatrix, i: number): number {
  const { k, data } = probs;
  let first = -Infinity;
  let second = -Infinity;
  for (let c = 0; c < k; c++) {
    const p = data[i * k + c];
    if (p > first) {
      second = first;
      first = p;
    } else if (p > second) second = p;
  }
  return k < 2 ? 1 : first - second;
}

function validate(strategy: SelectionStrategy, input: SelectForTaggingInput): void {
  if (!SELECTION_STRATEGIES.includes(strategy)) {
    throw new ActiveLearningError(`unknown selection strategy '${String(strategy)}', expected one of ${SELECTION_STRATEGIES.join(', ')}`, { strategy });
  }
  if (!Number.isInteger(input.k) || input.k < 0) {
    throw new ActiveLearningError(`k must be a non-negative integer, got ${input.k}`, { k: input.k });
  }
  const { n } = input.probs;
  for (let j = 0; j < input.candidates.length; j++) {
    const row = input.candidates[j];
    if (!Number.isInteger(row) || row < 0 || row >= n) {
      throw new ActiveLearningError(`candidate ${j} is row ${row}, outside the pool of ${n} rows`, { candidate: j, row, n });
    }
  }
  if (input.groupKeys && input.groupKeys.length !== n) {
    throw new ActiveLearningError(`groupKeys has ${input.groupKeys.length} entries, expected one per pool row (${n})`, { n });
  }
  if (strategy === 'disagreement') {
    const lm = input.labelModelProbs;
    if (!lm) throw new ActiveLearningError("strategy 'disagreement' needs labelModelProbs", { strategy });
    if (lm.n !== n || lm.k !== input.probs.k) {
      throw new ActiveLearningError(`labelModelProbs is ${lm.n} × ${lm.k}, expected ${n} × ${input.probs.k} like probs`, { n, k: input.probs.k });
    }
  }
}

/**
 * Chooses up to `k` candidate rows to tag next.
 * - 'margin': smallest top-1 minus top-2 classifier probability first (ties: lower row index first).
 * - 'disagreement': rows where the label model's and the classifier's argmax differ first, then the rest; each group by margin.
 * - 'random': a seeded uniform sample of the candidates.
 *
 * @example
 * const probs = { n: 3, k: 2, data: Float64Array.from([0.9, 0.1, 0.55, 0.45, 0.3, 0.7]) };
 * selectForTagging('margin', { probs, candidates: [0, 1, 2], k: 2 }); // [1, 2]
 */
export function selectForTagging(strategy: SelectionStrategy, input: SelectForTaggingInput): number[] {
  validate(strategy, input);
  const rows = Array.from(input.candidates);
  if (strategy === 'random') {
    return firstOfEachGroup(shuffleInPlace(rows, seededRandom(input.seed ?? 0)), input.k, input.groupKeys);
  }
  const margins = new Float64Array(rows.length);
  const group = new Uint8Array(rows.length);
  rows.forEach((row, j) => {
    margins[j] = predictionMargin(input.probs, row);
    if (strategy === 'disagreement') group[j] = argmaxRow(input.labelModelProbs!, row) === argmaxRow(input.probs, row) ? 1 : 0;
  });
  const order = Array.from(rows.keys());
  order.sort((a, b) => group[a] - group[b] || margins[a] - margins[b] || rows[a] - rows[b]);
  return firstOfEachGroup(
    order.map((j) => rows[j]),
    input.k,
    input.groupKeys,
  );
}

/** The first `k` rows of `ranked`, skipping any whose group key an earlier chosen row already has. */
function firstOfEachGroup(ranked: readonly number[], k: number, groupKeys: ArrayLike<number> | undefined): number[] {
  if (!groupKeys) return ranked.slice(0, k);
  const seen = new Set<number>();
  const chosen: number[] = [];
  for (const row of ranked) {
    if (chosen.length >= k) break;
    if (seen.has(groupKeys[row])) continue;
    seen.add(groupKeys[row]);
    chosen.push(row);
  }
  return chosen;
}
