// The store contract of distributed labelling: each consumed batch's votes and partial statistics, written with the partition offset in one transaction.

import type { LabelOutputs, OffsetPosition, Store } from './store.ts';

/** One labelled bus record: its position, the item it labels and the LFs' votes on it (-1 = abstain). */
export interface LabelVoteRow {
  /** Bus offset of the record (decimal string). */
  offset: string;
  itemId: string;
  /** One vote per LF, in the job's LF order. */
  votes: Int32Array;
}

/** One consumed batch of one partition, labelled. */
export interface LabelVoteBatch {
  /** The labelling job: the consumer group whose offsets are stored with the votes. */
  job: string;
  topic: string;
  partition: number;
  /** Rows in offset order (a record carrying several posts gives several rows of one offset). */
  rows: readonly LabelVoteRow[];
  /** Offset of the batch's last record: the stored position moves past it. */
  lastOffset: string;
}

/** The partial statistics of one stored batch (a JSON object the labelling command defines: sums that merge exactly). */
export interface LabelStatsPart {
  partition: number;
  firstOffset: string;
  lastOffset: string;
  rows: number;
  stats: Record<string, unknown>;
}

/** Stored votes of one partition, in (offset, item id) order: rows × m, row-major. */
export interface StoredVotes {
  offsets: string[];
  itemIds: string[];
  m: number;
  votes: Int32Array;
}

/** Who labels a fit's stored votes: the fit alone, the job's workers alone, or both (whoever is free). */
export type LabelPredictMode = 'fit' | 'workers' | 'both';

/** The label model a job's fit stored. */
export interface LabelJobModel {
  job: string;
  /** The fit's run: the labels of every partition go there. */
  runId: string;
  modelType: string;
  model: unknown;
  stats: Record<string, unknown>;
  predict: LabelPredictMode;
  /** The fit's cut: each partition's stored position then; the rows before it were fitted and are labelled. */
  cut: OffsetPosition[];
}

/** A job's fit as its members watch it while they wait: no model, no statistics, so that looking often costs little. */
export interface LabelJobStatus {
  runId: string;
  predict: LabelPredictMode;
  /** The fit's cut (as LabelJobModel's). */
  cut: OffsetPosition[];
  /** Tasks of the run not labelled yet: free to claim or being labelled. */
  open: number;
}

/** One partition's share of a fit's labelling: its stored rows before `before`. */
export interface LabelPartitionTask {
  job: string;
  runId: string;
  partition: number;
  /** The cut's offset on this partition (decimal string). */
  before: string;
}

/** A partition's labelling as the fit planned it: done once `rows` is set. */
export interface LabelPartitionState {
  partition: number;
  before: string;
  /** Labels stored for the partition; null while nobody has labelled it. */
  rows: number | null;
}

/** What the labelling of a claimed partition may do, all inside the claim's transaction. */
export interface LabelPartitionWork {
  /** As LabelVoteRepository.readVotes, on the claimed partition. */
  readVotes(options: { after?: { offset: string; itemId: string }; limit: number }): Promise<StoredVotes>;
  /** Stores labels into the fit's run (as LabelOutputRepository.save). */
  saveLabels(outputs: LabelOutputs): Promise<number>;
}

/**
 * label_votes, label_vote_stats and label_jobs: what the members of a distributed labelling job store.
 * `saveBatch` is exactly-once: under a lock on the partition's stored position it keeps only the rows at or past it,
 * stores their votes and `summarize(kept)` and moves the position past the batch, all in one transaction; a batch
 * delivered again (a restarted or evicted member) adds nothing.
 */
export interface LabelVoteRepository {
  saveBatch(batch: LabelVoteBatch, summarize: (kept: readonly LabelVoteRow[]) => Record<string, unknown>): Promise<{ stored: number; skipped: number }>;
  /** Where the job resumes on each partition of `topic` (the positions stored with its votes). */
  readOffsets(job: string, topic: string): Promise<OffsetPosition[]>;
  /** Every stored batch's partial statistics, in (partition, offset) order. */
  readStats(job: string): Promise<LabelStatsPart[]>;
  /** Up to `limit` stored rows of a partition after the row `after` (none: from the first), in (offset, item id) order. */
  readVotes(job: string, partition: number, options: { after?: { offset: string; itemId: string }; limit: number }): Promise<StoredVotes>;
  /** Stores the fit's model (replacing the job's earlier one) and, in the same transaction, one pending labelling task per partition of `partitions`. */
  saveModel(model: LabelJobModel, partitions: readonly number[]): Promise<void>;
  readModel(job: string): Promise<LabelJobModel | undefined>;
  /** The job's fit as its members watch it (no model, no statistics); undefined before a fit has stored its model. */
  readStatus(job: string): Promise<LabelJobStatus | undefined>;
  /**
   * Claims a partition of the run that is not labelled and that no other process is labelling (a row lock held for
   * the transaction: a process that dies releases it with its connection), runs `label` in that transaction, and
   * marks the partition labelled with the rows `label` returns, in the same transaction: labels and mark commit
   * together or not at all. Undefined when no partition is left to claim.
   */
  labelNextPartition(
    job: string,
    runId: string,
    label: (task: LabelPartitionTask, work: LabelPartitionWork) => Promise<number>,
  ): Promise<{ partition: number; rows: number } | undefined>;
  /** The run's labelling tasks, in partition order. */
  partitionStates(job: string, runId: string): Promise<LabelPartitionState[]>;
  /** Drops the run's unfinished tasks (a failed fit): no process labels them any more. */
  dropPendingPartitions(job: string, runId: string): Promise<void>;
}

/** A store that keeps distributed labelling jobs. */
export interface LabelVoteStore extends Store {
  readonly labelVotes: LabelVoteRepository;
}

/**
 * The store's label-vote repository, or undefined when its plugin keeps none.
 *
 * @example
 * const votes = labelVotesOf(store); // store.labelVotes on the postgres plugin's stores
 */
export function labelVotesOf(store: Store): LabelVoteRepository | undefined {
  return (store as Partial<LabelVoteStore>).labelVotes;
}
