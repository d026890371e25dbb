// The Store contract: the database every stage reads and writes through (posts, offsets, datasets, runs, labels, predictions).

import type { Post } from './post.ts';
import type { ProbMatrix } from './labelMatrix.ts';

/** A parameterised SQL runner over one driver (PGlite in process, or `pg` on a Postgres server). */
export interface SqlExecutor {
  /** Runs one statement; parameters are `$1, $2, …`, never spliced into the text. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  /** Runs `fn` in one transaction: commits when it resolves, rolls back when it throws (and rethrows). */
  transaction<R>(fn: (tx: SqlExecutor) => Promise<R>): Promise<R>;
  /** Releases the connection(s); the executor is unusable afterwards. */
  close(): Promise<void>;
}

/** A bus record that could not be decoded or stored, kept byte for byte. */
export interface DeadLetter {
  /** The record's value exactly as received. */
  raw: Uint8Array;
  /** Why it was rejected (the DataError message). */
  error: string;
  topic?: string | null;
  partition?: number | null;
  /** Bus offset as a decimal string (Kafka offsets exceed 2^53). */
  offset?: string | null;
  /** Where it came from, e.g. 'twitter-v2', 'replay:file.jsonl'. */
  source?: string | null;
}

/** "Everything up to and including `offset` on this partition is stored": the store keeps `offset + 1`. */
export interface OffsetUpdate {
  consumerGroup: string;
  topic: string;
  partition: number;
  /** The last processed offset (decimal string or number). */
  offset: string | number;
}

/** Where a consumer group resumes on one partition. */
export interface OffsetPosition {
  partition: number;
  /** The next offset to read (decimal string). */
  nextOffset: string;
}

/** "Every record of this source up to and including `cursor` is stored": where ingest resumes the source. */
export interface SourceCursorUpdate {
  consumerGroup: string;
  topic: string;
  /** The source's resume position (`SourceRecord.cursor`). */
  cursor: string;
}

/** One consumed batch: posts, their rejects and the offsets they cover, written in one transaction. */
export interface IngestBatch {
  posts: readonly Post[];
  /**
   * More posts, already turned into the store's own rows by its post preparer (`PostRepository.postPreparer`) in a
   * decode worker; a batch carries these or `posts`, not both.
   */
  prepared?: PreparedPosts;
  deadLetters?: readonly DeadLetter[];
  offsets?: readonly OffsetUpdate[];
  /** The source position the batch completes, on a bus that does not persist (written with the rows, replacing the last). */
  sourceCursor?: SourceCursorUpdate;
}

/** Posts turned into a store's own rows (e.g. Postgres binary COPY) by its post preparer, ready for `ingestBatch`. */
export interface PreparedPosts {
  /** The preparer's format name: a store refuses rows in a format it does not write. */
  readonly format: string;
  /** How many posts the rows hold. */
  readonly posts: number;
  /** The rows, in that format (plain data and typed arrays, so they can cross threads). */
  readonly rows: unknown;
}

/**
 * Where a store's post preparer lives: a module whose `preparedPostsWriter` export is a `PreparedPostsWriterFactory`
 * (and whose optional `payloadProblem` export is the store's `PayloadProblem`). Decode workers import it, so posts are
 * checked and formatted into the store's rows beside their decoding, off the consumer's thread.
 */
export interface PostPreparerSpec {
  /** The module's file URL. */
  readonly module: string;
  /** The `format` of what it prepares. */
  readonly format: string;
}

/** Formats posts, one at a time as they are decoded, into a store's rows. */
export interface PreparedPostsWriter {
  /** Checks `post` and appends its rows; throws DataError naming the post and the field the store cannot take. */
  add(post: Post): void;
  /** The rows of every post added, and the buffers they own (a worker hands them over without copying). */
  finish(): { prepared: PreparedPosts; transfer: ArrayBuffer[] };
}

/** A post preparer module's `preparedPostsWriter` export: a new, empty writer for each batch. */
export type PreparedPostsWriterFactory = () => PreparedPostsWriter;

/** What an ingest batch changed (rows already present are not counted). */
export interface IngestResult {
  insertedPosts: number;
  insertedUrls: number;
  deadLetters: number;
}

export interface StreamPostsOptions {
  /** Rows fetched per query (keyset page). Default 1000. */
  batchSize?: number;
  /** Start after this id (exclusive), to resume a scan. */
  afterId?: string;
}

/** Why a store could not keep a record whose JSON text is `jsonText` (e.g. Postgres jsonb's limits), or null when it can. */
export type PayloadProblem = (jsonText: string) => string | null;

/**
 * A part of the store that refuses some JSON payloads says which: decoders ask it before handing posts over, so such a
 * record is dead-lettered instead of a whole batch failing on it (and the consumer retrying that batch for ever).
 */
export interface PayloadLimits {
  payloadProblem?(jsonText: string): string | null;
}

/** raw_posts, post_urls, dead_letters, ingest_offsets and ingest_source_cursors. */
export interface PostRepository extends PayloadLimits {
  /** Idempotent: posts already stored (same id) are left as they are; offsets only move forward. */
  ingestBatch(batch: IngestBatch): Promise<IngestResult>;
  /** The module that prepares posts for `ingestBatch`'s `prepared`, or null when this store takes Posts only. */
  postPreparer?(): Promise<PostPreparerSpec | null>;
  readOffsets(consumerGroup: string, topic: string): Promise<OffsetPosition[]>;
  /** The source cursor stored with the last batch of `consumerGroup` on `topic` (`IngestBatch.sourceCursor`), or null. */
  readSourceCursor(consumerGroup: string, topic: string): Promise<string | null>;
  countPosts(): Promise<number>;
  /** Every post in id order (keyset pagination), one at a time. */
  streamPosts(options?: StreamPostsOptions): AsyncIterable<Post>;
  /** The posts with these ids (missing ids are left out), in the order given. */
  getPosts(ids: readonly string[]): Promise<Post[]>;
  /** Dead letters, oldest first. */
  listDeadLetters(options?: { limit?: number }): Promise<Array<DeadLetter & { id: string; at: string }>>;
}

/** Split names used by `prepare`; other names are allowed. */
export type DatasetSplit = 'train' | 'dev' | 'test' | 'val' | (string & {});

export interface DatasetItem {
  itemId: string;
  split: DatasetSplit;
  /** The programmatic label `prepare` assigned, if any. */
  naiveLabel?: number | null;
}

export interface DatasetInfo {
  name: string;
  createdAt: string;
  config: unknown;
  seed: number | null;
}

/** datasets and dataset_items (split membership). */
export interface DatasetRepository {
  /** Creates or replaces the dataset `name` and all its items, in one transaction. */
  saveDataset(dataset: { name: string; config?: unknown; seed?: number | null; items: readonly DatasetItem[] }): Promise<void>;
  getDataset(name: string): Promise<DatasetInfo | undefined>;
  listDatasets(): Promise<DatasetInfo[]>;
  /** The items of one split, ordered by item id. */
  readSplit(dataset: string, split: DatasetSplit): Promise<DatasetItem[]>;
}

export interface GoldLabel {
  /** The dataset (or tagging project) the item belongs to. */
  dataset: string;
  itemId: string;
  label: number;
  annotator: string;
  timeSpentMs?: number | null;
  /** ISO-8601; set by the store when absent. */
  at?: string;
}

/** gold_labels: one label per (dataset, item, annotator); a new label replaces the annotator's previous one. */
export interface GoldLabelRepository {
  upsert(labels: readonly GoldLabel[]): Promise<void>;
  /** Labels of a dataset, ordered by item id then annotator. */
  read(dataset: string, options?: { annotator?: string }): Promise<GoldLabel[]>;
}

export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface RunRecord {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  config: unknown;
  metrics: Record<string, unknown> | null;
  artifacts: Record<string, unknown> | null;
}

/** runs: one row per pipeline run, with its config, metrics and artifact paths. */
export interface RunRepository {
  /** Starts a run (status 'running'); `id` defaults to a random UUID. */
  create(run: { id?: string; config: unknown }): Promise<RunRecord>;
  finish(
    id: string,
    result: { status: Exclude<RunStatus, 'running'>; metrics?: Record<string, unknown>; artifacts?: Record<string, unknown> },
  ): Promise<RunRecord>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Most recent first. */
  list(options?: { limit?: number }): Promise<RunRecord[]>;
}

/** The probabilistic labels a run produced: row i of `probs` belongs to `itemIds[i]`. */
export interface LabelOutputs {
  itemIds: readonly string[];
  probs: ProbMatrix;
  /** Hard labels (-1 = abstain); argmax of probs when absent on save. */
  preds?: Int32Array;
}

/** label_outputs: probabilistic labels per run and item. */
export interface LabelOutputRepository {
  /** Saves (replacing same run + item) in bulk. */
  save(runId: string, outputs: LabelOutputs): Promise<number>;
  /** A run's outputs ordered by item id (empty matrix when none). */
  read(runId: string): Promise<Required<LabelOutputs>>;
  /**
   * A run's outputs as stored, one block at a time (nothing when it has none): first, as one block, the labels stored
   * a row per item before blocks existed that no block replaced, then the blocks in save order. An item saved twice
   * in a run is in two blocks; `read` keeps the later.
   *
   * @example
   * for await (const block of store.labelOutputs.readBlocks(runId)) block.itemIds.length;
   */
  readBlocks(runId: string): AsyncIterable<Required<LabelOutputs>>;
  /** Deletes the outputs of these runs (the runs stay); returns the rows deleted. */
  deleteRuns(runIds: readonly string[]): Promise<number>;
}

export interface Prediction {
  postId: string;
  modelId: string;
  label: number;
  probability: number;
  probs?: readonly number[] | null;
}

/** One classified batch from the bus: predictions, labels for the posts' URLs and the offsets they cover. */
export interface PredictionBatch {
  predictions: readonly Prediction[];
  /** Posts to store first when they are not stored yet (so their URLs can be labelled). */
  posts?: readonly Post[];
  /** When true (default), every post_urls row of a predicted post takes the prediction's label. */
  labelUrls?: boolean;
  offsets?: readonly OffsetUpdate[];
  /** The source position the batch completes, on a bus that does not persist (written with the rows, replacing the last). */
  sourceCursor?: SourceCursorUpdate;
}

/** What one `PredictionRepository.saveBatch` stored. */
export interface SavedPredictions {
  predictions: number;
  redelivered: number;
  labelledUrls: number;
}

/** predictions (+ post_urls labels), written with the consumer offsets in one transaction. */
export interface PredictionRepository extends PayloadLimits {
  /**
   * `predictions`: rows newly stored; `redelivered`: predictions of the batch that were stored already (updated, or
   * repeated within the batch); `labelledUrls`: post_urls rows whose label this batch set or changed.
   */
  saveBatch(batch: PredictionBatch): Promise<SavedPredictions>;
  /** Predictions of one model, ordered by post id. */
  read(modelId: string, options?: { postIds?: readonly string[] }): Promise<Array<Prediction & { at: string }>>;
  /** Counts of labelled URLs per domain (and label), most shared first. */
  domainCounts(options?: { label?: number; limit?: number }): Promise<Array<{ domain: string; label: number | null; count: number }>>;
}

/** One label of a tagging project: the name shown and the integer stored (the pipeline's class index). */
export interface TaggerLabel {
  label: string;
  index: number;
}

/** The order a tagging project serves its records in. */
export type TaggerOrdering = 'sequential' | 'random' | 'active';

/** A stored tagging project. */
export interface TaggerProject {
  id: string;
  name: string;
  labels: readonly TaggerLabel[];
  guidelines: string;
  ordering: TaggerOrdering;
  seed: number;
  /** Annotators per record. */
  overlap: number;
  showHints: boolean;
  evalFraction: number;
  createdBy: string | null;
}

/** A tagger annotator (signed in by token or session). */
export interface TaggerUser {
  name: string;
  isAdmin: boolean;
}

/** Hints shown to annotators on request: labeling functions' votes by LF name (-1 = abstain), and more. */
export interface TaggerHints {
  lfVotes?: Record<string, number>;
  [key: string]: unknown;
}

/** A record checked and ranked by the tagging domain, ready to store (positions follow the order given). */
export interface TaggerRecordWrite {
  id: string;
  text: string;
  metadata: Record<string, unknown>;
  split: string;
  /** The record's seeded rank in [0, 1) (random ordering, evaluation split). */
  randomRank: number;
  hints: TaggerHints | null;
  /** Class probabilities by label index, and their margin (active ordering). */
  prediction: readonly number[] | null;
  margin: number | null;
}

/** A stored record as the annotator queue reads it. */
export interface TaggerStoredRecord {
  id: string;
  text: string;
  metadata: Record<string, unknown>;
  split: string;
  hints: TaggerHints | null;
  prediction: number[] | null;
}

/** One annotator's label on a record, with the record and its review resolution (if any). */
export interface TaggerLabelledTag {
  recordId: string;
  text: string;
  split: string;
  annotator: string;
  label: number;
  timeSpentMs: number | null;
  resolvedLabel: number | null;
  resolvedBy: string | null;
}

/** A decision of one annotator on one record; `label` null means skipped. */
export interface TaggerDecision {
  recordId: string;
  /** The record's first 80 characters, for the history list. */
  excerpt: string;
  label: number | null;
  timeSpentMs: number | null;
  at: string;
}

/** How far a project is: records with at least one label, all records, and this annotator's decisions. */
export interface TaggerProgress {
  done: number;
  total: number;
  mine: number;
}

/**
 * The tagger's tables (users, sessions, projects, members, records, tags, resolutions). Plain data access: the
 * checks and rules live in @skimmer/tagging, which calls these.
 */
export interface TaggerRepository {
  /** Applies the tagger's own pending migrations; returns those applied now. */
  migrate(): Promise<string[]>;
  /** Inserts a user; false (nothing written) when the name is taken. */
  createUser(user: { name: string; tokenHash: string; isAdmin: boolean }): Promise<boolean>;
  /** Replaces a user's token and ends its sessions, in one transaction; the user (role kept), or null when none. */
  rekeyUser(user: { name: string; tokenHash: string }): Promise<TaggerUser | null>;
  userByTokenHash(tokenHash: string): Promise<TaggerUser | null>;
  /** The names (of those given) that are no user. */
  unknownUsers(names: readonly string[]): Promise<string[]>;
  /**
   * Stores a session valid `ttlSeconds` from now, removing expired ones, only if the user's token still hashes to
   * `userTokenHash` (checked in the same statement, so a token rotated meanwhile opens nothing); false when not stored.
   */
  openSession(session: { tokenHash: string; user: string; userTokenHash: string; ttlSeconds: number }): Promise<boolean>;
  /** The user of a live (not expired, not closed) session. */
  userBySessionHash(tokenHash: string): Promise<TaggerUser | null>;
  closeSession(tokenHash: string): Promise<void>;
  /** Inserts a project with its members and records in one transaction; null when the id is taken (nothing written). */
  createProject(project: TaggerProject, members: readonly string[], records: readonly TaggerRecordWrite[]): Promise<TaggerProject | null>;
  getProject(id: string): Promise<TaggerProject | null>;
  /** The projects `user` is a member of (all for an admin), newest first, with their record and tagged counts. */
  listProjects(user: TaggerUser): Promise<Array<TaggerProject & { records: number; tagged: number }>>;
  isMember(projectId: string, user: string): Promise<boolean>;
  addMember(projectId: string, user: string): Promise<void>;
  /** Adds records after the project's last one; an existing id is replaced (keeping its position and tags). */
  upsertRecords(projectId: string, records: readonly TaggerRecordWrite[]): Promise<number>;
  /** Replaces predictions of existing records; returns how many were updated. */
  setPredictions(projectId: string, predictions: ReadonlyArray<{ id: string; prediction: readonly number[]; margin: number | null }>): Promise<number>;
  /**
   * Stores a decision and mirrors a label into gold_labels (a skip removes the mirror), in one transaction; false
   * when the record is not in the project (nothing written).
   */
  saveTag(tag: { projectId: string; recordId: string; annotator: string; label: number | null; timeSpentMs: number | null }): Promise<boolean>;
  /** Removes the annotator's most recent decision (and its gold mirror); its record id, or null when none. */
  undoLastTag(projectId: string, annotator: string): Promise<string | null>;
  /** The annotator's last `limit` decisions, newest first. */
  tagHistory(projectId: string, annotator: string, limit: number): Promise<TaggerDecision[]>;
  progress(projectId: string, annotator: string): Promise<TaggerProgress>;
  /** Every label (skips left out) in record order, then annotator. */
  labelledTags(projectId: string): Promise<TaggerLabelledTag[]>;
  /** Stores a review's label (replacing an earlier one); false when the record is not in the project. */
  saveResolution(resolution: { projectId: string; recordId: string; label: number; resolvedBy: string }): Promise<boolean>;
  /**
   * The next `limit` records, in `ordering`, that `annotator` has not decided and that have fewer than `overlap`
   * labels, leaving out `exclude`.
   */
  nextRecords(query: {
    projectId: string;
    annotator: string;
    ordering: TaggerOrdering;
    overlap: number;
    exclude: readonly string[];
    limit: number;
  }): Promise<TaggerStoredRecord[]>;
  getRecord(projectId: string, recordId: string): Promise<TaggerStoredRecord | null>;
}

/** One active-learning iteration of a tagging project: the batch pushed, and (once trained) what training gave. */
export interface IterationRecord {
  readonly projectId: string;
  readonly iteration: number;
  readonly runId: string;
  readonly strategy: string;
  readonly selectedIds: readonly string[];
  readonly pushedAt: string;
  /** Null while the batch waits for tags. */
  readonly goldSize: number | null;
  readonly goldDigest: string | null;
  /** The metrics the pipeline recorded (its own shape). */
  readonly metrics: unknown;
  readonly classifierDir: string | null;
  readonly trainedAt: string | null;
}

/** pipeline_iterations: the history of `pipeline iterate` per tagging project. */
export interface IterationRepository {
  /** Applies the tagger's migrations, then the iterations' (they reference tagger projects); returns those applied now. */
  migrate(): Promise<string[]>;
  /** The project's iterations, first to last. */
  list(projectId: string): Promise<IterationRecord[]>;
  /** Records a batch pushed as iteration `iteration` (not trained yet). */
  recordPushedBatch(batch: { projectId: string; iteration: number; runId: string; strategy: string; selectedIds: readonly string[] }): Promise<IterationRecord>;
  /** Records what retraining gave for iteration `iteration`. */
  recordTraining(
    projectId: string,
    iteration: number,
    result: { runId: string; goldSize: number; goldDigest: string; metrics: unknown; classifierDir: string },
  ): Promise<IterationRecord>;
}

/** Reads for the live dashboard: posts and relevant share per minute, links of relevant posts, runs, the learning curve. */
export interface DashboardRepository {
  /** Whether the database answers (readiness). */
  ping(): Promise<boolean>;
  /** The model that predicted last, or null. */
  latestModelId(): Promise<string | null>;
  /** Posts per minute over the last 24 hours of data (by post time), the newest `limit` minutes, oldest first. */
  postsPerMinute(limit: number): Promise<Array<{ t: string; n: number }>>;
  /** Per minute, as postsPerMinute: the share of `modelId`'s predictions that are `relevant`, and how many there were. */
  relevantShare(modelId: string | null, relevant: number, limit: number): Promise<Array<{ t: string; share: number; n: number }>>;
  /** Domains of URLs labelled `relevant`, most shared first, leaving out `exceptDomains`. */
  topDomains(relevant: number, exceptDomains: readonly string[], limit: number): Promise<Array<{ domain: string; count: number }>>;
  /** Expanded URLs labelled `relevant` whose domain is unknown or not in `exceptDomains`, most shared first. */
  topUrls(relevant: number, exceptDomains: readonly string[], limit: number): Promise<Array<{ url: string; count: number }>>;
  /** How many URLs labelled `relevant` have one of `domains`. */
  countUrlsIn(relevant: number, domains: readonly string[]): Promise<number>;
  /** The `limit` latest runs, oldest first. */
  recentRuns(limit: number): Promise<Array<{ id: string; startedAt: string; status: string; metrics: Record<string, unknown> | null }>>;
  /** The trained iterations of the project trained last, first to last (none when `pipeline iterate` never ran here). */
  lastTrainedIterations(): Promise<Array<{ projectId: string; iteration: number; goldSize: number; metrics: unknown }>>;
  /** The latest posts `modelId` predicted `relevant`, newest first by the post's creation time (ties: id), with their predictions. */
  relevantFeed(
    modelId: string | null,
    relevant: number,
    limit: number,
  ): Promise<Array<{ id: string; text: string; createdAt: string; probability: number; urls: string[] }>>;
}

/** The database, migrated and ready: one repository per concern, plus raw SQL for what they do not cover. */
export interface Store {
  /** Which backend the store plugin opened (its own names, e.g. 'pglite'), for logs and messages. */
  readonly kind: string;
  /** A URL other processes can connect to, when the backend has one. */
  readonly url?: string;
  readonly sql: SqlExecutor;
  readonly posts: PostRepository;
  readonly datasets: DatasetRepository;
  readonly goldLabels: GoldLabelRepository;
  readonly runs: RunRepository;
  readonly labelOutputs: LabelOutputRepository;
  readonly predictions: PredictionRepository;
  readonly tagger: TaggerRepository;
  readonly iterations: IterationRepository;
  readonly dashboard: DashboardRepository;
  /** Applies pending migrations; returns the names applied now (empty when up to date). */
  migrate(): Promise<string[]>;
  /** Closes connections and stops an embedded server this store started. */
  close(): Promise<void>;
}
