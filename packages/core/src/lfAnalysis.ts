// LF analysis on a label matrix: coverage, overlaps, conflicts, polarities and empirical accuracies, as Snorkel's LFAnalysis computes them.

import { DataError } from './errors.ts';
import { ABSTAIN, type LabelMatrix } from './labelMatrix.ts';

/** One row of {@link LFAnalysis.lfSummary} (Snorkel's `lf_summary` columns). */
export interface LFSummaryRow {
  readonly j: number;
  readonly name: string;
  readonly polarity: number[];
  readonly coverage: number;
  readonly overlaps: number;
  readonly conflicts: number;
  /** Votes equal to the gold label (rows with a gold label and a vote); only with Y. */
  readonly correct?: number;
  /** Votes that differ from a known gold label; only with Y. */
  readonly incorrect?: number;
  /** Snorkel's empirical accuracy; only with Y. */
  readonly empiricalAccuracy?: number;
  /** Learned weight / estimated accuracy from a label model; only when given. */
  readonly learnedWeight?: number;
}

/**
 * Empirical conditional probability tables: P(λ_j = l | Y = y) at `data[j*(k+1)*k + (l+1)*k + y]`
 * for l in -1..k-1 (abstain first, as in Snorkel). NaN where no gold label equals y.
 */
export interface LFEmpiricalProbs {
  readonly m: number;
  readonly k: number;
  readonly data: Float64Array;
}

/** Per-row facts every statistic needs, from one pass over L. */
interface RowFacts {
  /** 1 where at least one LF votes. */
  readonly covered: Uint8Array;
  /** 1 where at least two LFs vote. */
  readonly overlapped: Uint8Array;
  /** 1 where two votes differ. */
  readonly conflicted: Uint8Array;
}

/**
 * Statistics of labeling functions on a label matrix (Snorkel's `LFAnalysis`). Every method is O(n·m); on an empty matrix every fraction is 0.
 *
 * @example
 * const lfa = lfAnalysis(labelMatrix([[-1, 0, 0], [-1, -1, -1], [1, 0, -1], [-1, 0, -1], [0, 0, 0]]));
 * lfa.labelCoverage(); // 0.8
 * lfa.lfOverlaps();    // Float64Array [0.4, 0.6, 0.4]
 */
export class LFAnalysis {
  readonly L: LabelMatrix;
  readonly lfNames: readonly string[] | undefined;
  private facts: RowFacts | undefined;

  constructor(L: LabelMatrix, lfNames?: readonly (string | { readonly name: string })[]) {
    if (lfNames !== undefined && lfNames.length !== L.m) {
      throw new DataError(`number of LF names (${lfNames.length}) differs from the label matrix's columns (${L.m})`, {
        field: 'lfNames',
        expected: L.m,
        got: lfNames.length,
      });
    }
    this.L = L;
    this.lfNames = lfNames?.map((x) => (typeof x === 'string' ? x : x.name));
  }

  /** Fraction of points with at least one vote. */
  labelCoverage(): number {
    return fractionSet(this.rowFacts().covered);
  }

  /** Fraction of points with at least two votes. */
  labelOverlap(): number {
    return fractionSet(this.rowFacts().overlapped);
  }

  /** Fraction of points with two votes that differ. */
  labelConflict(): number {
    return fractionSet(this.rowFacts().conflicted);
  }

  /** The sorted distinct labels each LF emits (ABSTAIN excluded). */
  lfPolarities(): number[][] {
    const { n, m, data } = this.L;
    const seen = Array.from({ length: m }, () => new Set<number>());
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const v = data[i * m + j];
        if (v !== ABSTAIN) seen[j].add(v);
      }
    }
    return seen.map((s) => [...s].sort((a, b) => a - b));
  }

  /** Fraction of points each LF votes on. */
  lfCoverages(): Float64Array {
    return this.perLFFraction(undefined);
  }

  /** Fraction of points each LF votes on that another LF also votes on; divided by the LF's coverage when asked (0 where coverage is 0). */
  lfOverlaps(normalizeByCoverage = false): Float64Array {
    const overlaps = this.perLFFraction(this.rowFacts().overlapped);
    return normalizeByCoverage ? divideOrZero(overlaps, this.lfCoverages()) : overlaps;
  }

  /** Fraction of points each LF votes on where another LF votes differently; divided by the LF's overlaps when asked (0 where 0). */
  lfConflicts(normalizeByOverlaps = false): Float64Array {
    const conflicts = this.perLFFraction(this.rowFacts().conflicted);
    return normalizeByOverlaps ? divideOrZero(conflicts, this.lfOverlaps()) : conflicts;
  }

  /** Per LF: the fraction of its votes that equal the gold label Y (0 for an LF that never votes). */
  lfEmpiricalAccuracies(Y: ArrayLike<number>): Float64Array {
    const { n, m, data } = this.L;
    this.checkGold(Y);
    const score = new Float64Array(m); // +1 per correct vote, -1 per wrong vote (Snorkel's X matrix)
    const votes = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      const y = Y[i];
      for (let j = 0; j < m; j++) {
        const v = data[i * m + j];
        if (v === ABSTAIN) continue;
        votes[j]++;
        score[j] += v === y ? 1 : -1;
      }
    }
    const acc = new Float64Array(m);
    for (let j = 0; j < m; j++) acc[j] = votes[j] === 0 ? 0 : 0.5 * (score[j] / votes[j] + 1);
    return acc;
  }

  /**
   * Empirical P(λ_j = l | Y = y) for every LF j, vote l in -1..k-1 and class y in 0..k-1 (Snorkel's `lf_empirical_probs`).
   *
   * @example
   * const P = lfa.lfEmpiricalProbs(Y, 3); // P.data[j * 4 * 3 + (l + 1) * 3 + y]
   */
  lfEmpiricalProbs(Y: ArrayLike<number>, k: number): LFEmpiricalProbs {
    const { n, m, data } = this.L;
    this.checkGold(Y);
    const stride = (k + 1) * k;
    const out = new Float64Array(m * stride);
    const classCount = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const y = Y[i];
      if (y < 0 || y >= k) continue;
      classCount[y]++;
      for (let j = 0; j < m; j++) {
        const l = data[i * m + j];
        if (l >= ABSTAIN && l < k) out[j * stride + (l + 1) * k + y]++;
      }
    }
    for (let idx = 0; idx < out.length; idx++) out[idx] /= classCount[idx % k];
    return { m, k, data: out };
  }

  /**
   * One row per LF: polarity, coverage, overlaps, conflicts; with gold labels Y also correct / incorrect / empirical accuracy;
   * with `estAccs` (a label model's learned weights) also `learnedWeight`.
   */
  lfSummary(Y?: ArrayLike<number>, estAccs?: ArrayLike<number>): LFSummaryRow[] {
    const { m } = this.L;
    const polarity = this.lfPolarities();
    const coverage = this.lfCoverages();
    const overlaps = this.lfOverlaps();
    const conflicts = this.lfConflicts();
    const counts = Y === undefined ? undefined : this.correctIncorrect(Y);
    const accs = Y === undefined ? undefined : this.lfEmpiricalAccuracies(Y);
    if (estAccs !== undefined && estAccs.length !== m) {
      throw new DataError(`estAccs has ${estAccs.length} entries, expected one per LF (${m})`, { field: 'estAccs', expected: m, got: estAccs.length });
    }
    return Array.from({ length: m }, (_, j) => ({
      j,
      name: this.lfNames?.[j] ?? String(j),
      polarity: polarity[j],
      coverage: coverage[j],
      overlaps: overlaps[j],
      conflicts: conflicts[j],
      ...(counts && accs ? { correct: counts.correct[j], incorrect: counts.incorrect[j], empiricalAccuracy: accs[j] } : {}),
      ...(estAccs !== undefined ? { learnedWeight: estAccs[j] } : {}),
    }));
  }

  /** Votes equal to / different from known gold labels (rows with gold -1 and abstains are left out, like Snorkel's confusion matrix[1:, 1:]). */
  private correctIncorrect(Y: ArrayLike<number>): { correct: Int32Array; incorrect: Int32Array } {
    const { n, m, data } = this.L;
    this.checkGold(Y);
    const correct = new Int32Array(m);
    const incorrect = new Int32Array(m);
    for (let i = 0; i < n; i++) {
      const y = Y[i];
      if (y === ABSTAIN) continue;
      for (let j = 0; j < m; j++) {
        const v = data[i * m + j];
        if (v === ABSTAIN) continue;
        if (v === y) correct[j]++;
        else incorrect[j]++;
      }
    }
    return { correct, incorrect };
  }

  /** Per LF: (points it votes on, restricted to rows where `rowMask` is 1 when given) / n. */
  private perLFFraction(rowMask: Uint8Array | undefined): Float64Array {
    const { n, m, data } = this.L;
    const counts = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      if (rowMask !== undefined && rowMask[i] === 0) continue;
      for (let j = 0; j < m; j++) if (data[i * m + j] !== ABSTAIN) counts[j]++;
    }
    for (let j = 0; j < m; j++) counts[j] = n === 0 ? 0 : counts[j] / n;
    return counts;
  }

  private rowFacts(): RowFacts {
    if (this.facts) return this.facts;
    const { n, m, data } = this.L;
    const covered = new Uint8Array(n);
    const overlapped = new Uint8Array(n);
    const conflicted = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let votes = 0;
      let first = ABSTAIN;
      let differs = false;
      for (let j = 0; j < m; j++) {
        const v = data[i * m + j];
        if (v === ABSTAIN) continue;
        if (votes === 0) first = v;
        else if (v !== first) differs = true;
        votes++;
      }
      covered[i] = votes > 0 ? 1 : 0;
      overlapped[i] = votes > 1 ? 1 : 0;
      conflicted[i] = differs ? 1 : 0;
    }
    this.facts = { covered, overlapped, conflicted };
    return this.facts;
  }

  private checkGold(Y: ArrayLike<number>): void {
    if (Y.length !== this.L.n) {
      throw new DataError(`gold labels Y have ${Y.length} entries, expected one per row of L (${this.L.n})`, { field: 'Y', expected: this.L.n, got: Y.length });
    }
    for (let i = 0; i < Y.length; i++) {
      if (!Number.isInteger(Y[i]) || Y[i] < ABSTAIN) {
        throw new DataError(`gold label Y[${i}] = ${Y[i]}: expected an integer label >= 0 or -1 (unknown)`, { record: i, field: 'Y' });
      }
    }
  }
}

/**
 * Creates an {@link LFAnalysis} for L; `lfNames` (strings or LFs) name the columns in the summary.
 *
 * @example
 * lfAnalysis(L, lfs).lfSummary(Ydev);
 */
export function lfAnalysis(L: LabelMatrix, lfNames?: readonly (string | { readonly name: string })[]): LFAnalysis {
  return new LFAnalysis(L, lfNames);
}

/** Fraction of rows flagged 1 (0 for an empty matrix). */
function fractionSet(flags: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < flags.length; i++) s += flags[i];
  return flags.length === 0 ? 0 : s / flags.length;
}

/** a / b elementwise, with 0 where the quotient is not finite (numpy's nan_to_num after division). */
function divideOrZero(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let j = 0; j < a.length; j++) {
    const q = a[j] / b[j];
    out[j] = Number.isFinite(q) ? q : 0;
  }
  return out;
}
