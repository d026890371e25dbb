// The in-process applier: runs labeling functions over data points in batches and fills the label matrix L.

import { LFApplyError } from './errors.ts';
import { ABSTAIN, type LabelMatrix } from './labelMatrix.ts';
import { assertUniqueNames, type LabelingFunction } from './labelingFunction.ts';
import type { DataPoint } from './post.ts';

/** One vote that could not be cast: the LF threw or returned an invalid label. The cell holds ABSTAIN. */
export interface LFFailure {
  readonly lf: string;
  readonly pointId: string;
  /** Row of the point in L (offset by `rowOffset` when a chunk is applied). */
  readonly rowIndex: number;
  readonly message: string;
}

export interface ApplyLabelingFunctionsOptions {
  /** Points per batch (vectorised LFs see one batch at a time). Default 1024. */
  readonly batchSize?: number;
  /** When true, an LF that fails on a point votes ABSTAIN there and the failure is recorded; else the first failure throws. */
  readonly faultTolerant?: boolean;
  /** Called after each batch with (points done, total points). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Failures kept per LF in `failures` (the counts stay exact). Default 1000. */
  readonly maxRecordedFailuresPerLF?: number;
  /** Row index of `points[0]` in a larger dataset, used in failures and errors. Default 0. */
  readonly rowOffset?: number;
}

export interface LFApplyResult {
  readonly L: LabelMatrix;
  readonly failures: LFFailure[];
  /** Failures per LF name (every LF appears, with 0 when it never failed). */
  readonly failureCounts: Record<string, number>;
}

const DEFAULT_BATCH_SIZE = 1024;
const DEFAULT_MAX_RECORDED_FAILURES = 1000;

/**
 * Applies `lfs` to `points` (Snorkel's `LFApplier.apply`): row i of L holds the votes on `points[i]`, column j those of `lfs[j]`.
 * Throws {@link LFApplyError} (naming the LF, point id and row) on the first failure unless `faultTolerant`.
 *
 * @example
 * const { L } = applyLabelingFunctions([{ id: 'a', text: 'check out my channel' }, { id: 'b', text: 'great song' }], [checkOut]);
 * labelMatrixToArrays(L); // [[1], [-1]]
 */
export function applyLabelingFunctions(
  points: readonly DataPoint[],
  lfs: readonly LabelingFunction[],
  options: ApplyLabelingFunctionsOptions = {},
): LFApplyResult {
  assertUniqueNames(lfs);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const n = points.length;
  const m = lfs.length;
  const data = new Int32Array(n * m);
  const failures = new FailureLog(lfs, options);

  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const batch = points.slice(start, end);
    for (let j = 0; j < m; j++) {
      const votes = voteOnBatch(lfs[j], batch, start, failures);
      for (let b = 0; b < votes.length; b++) data[(start + b) * m + j] = votes[b];
    }
    failures.throwPending();
    options.onProgress?.(end, n);
  }
  return { L: { n, m, data }, failures: failures.recorded, failureCounts: failures.counts };
}

/** Votes of one LF on one batch; a failing vectorised call is retried point by point to find the failing points. */
function voteOnBatch(lf: LabelingFunction, batch: readonly DataPoint[], start: number, failures: FailureLog): Int32Array {
  if (lf.hasBatch) {
    try {
      return lf.applyBatch(batch);
    } catch {
      // fall through: locate the failing point(s) one by one
    }
  }
  const votes = new Int32Array(batch.length);
  for (let b = 0; b < batch.length; b++) {
    try {
      votes[b] = lf.apply(batch[b]);
    } catch (err) {
      votes[b] = failures.onFailure(lf, batch[b], start + b, err);
    }
  }
  return votes;
}

/**
 * Collects failures. Fault tolerant: keeps them (at most `maxPerLF` per LF, lowest rows first) and counts them all.
 * Otherwise: remembers the first failure in row-major order within the batch and throws it once the batch is done,
 * so the error does not depend on the batch size or on how rows are split across workers.
 */
class FailureLog {
  readonly counts: Record<string, number> = {};
  private readonly kept: LFFailure[] = [];
  private readonly column = new Map<string, number>();
  private readonly faultTolerant: boolean;
  private readonly maxPerLF: number;
  private readonly rowOffset: number;
  private pending: { row: number; col: number; error: LFApplyError } | undefined;

  constructor(lfs: readonly LabelingFunction[], options: ApplyLabelingFunctionsOptions) {
    lfs.forEach((lf, j) => {
      this.counts[lf.name] = 0;
      this.column.set(lf.name, j);
    });
    this.faultTolerant = options.faultTolerant ?? false;
    this.maxPerLF = options.maxRecordedFailuresPerLF ?? DEFAULT_MAX_RECORDED_FAILURES;
    this.rowOffset = options.rowOffset ?? 0;
  }

  /** Notes a failure and returns the vote to store there (ABSTAIN). */
  onFailure(lf: LabelingFunction, point: DataPoint, localRow: number, err: unknown): number {
    const rowIndex = this.rowOffset + localRow;
    const pointId = String((point as Partial<DataPoint> | null | undefined)?.id ?? `#${rowIndex}`);
    const reason = err instanceof Error ? err.message : String(err);
    if (this.faultTolerant) {
      const count = ++this.counts[lf.name];
      if (count <= this.maxPerLF) this.kept.push({ lf: lf.name, pointId, rowIndex, message: reason });
      return ABSTAIN;
    }
    const col = this.column.get(lf.name) ?? 0;
    if (!this.pending || localRow < this.pending.row || (localRow === this.pending.row && col < this.pending.col)) {
      const message =
        err instanceof LFApplyError
          ? `${reason} (row ${rowIndex})`
          : `labeling function "${lf.name}" failed on point "${pointId}" (row ${rowIndex}): ${reason}`;
      this.pending = { row: localRow, col, error: new LFApplyError(message, { lf: lf.name, pointId, rowIndex }, { cause: err }) };
    }
    return ABSTAIN;
  }

  /** Throws the batch's first failure, if any (not fault tolerant). */
  throwPending(): void {
    if (this.pending) throw this.pending.error;
  }

  /** Kept failures in row-major order (by row, then LF column). */
  get recorded(): LFFailure[] {
    return [...this.kept].sort((a, b) => a.rowIndex - b.rowIndex || this.column.get(a.lf)! - this.column.get(b.lf)!);
  }
}
