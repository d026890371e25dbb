// Worker threads that decode ingest batches and format their posts into the store's rows, so the consumer's thread
// only fetches records and writes rows (on two cores or more it is the ingest's narrowest part otherwise).

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ConsumedBatch } from '../bus.ts';
import { ConfigError, SkimmerError } from '../errors.ts';
import type { PostPreparerSpec } from '../store.ts';
import { rebuildWorkerError, workerReady } from '../workerErrors.ts';
import type { IngestDecodeJob, IngestDecodeWorkerData, IngestDecodeWorkerMessage } from './ingestDecodeWorker.ts';
import type { PostDecoder } from './postDecoder.ts';
import { loadPreparer, prepareIngestBatch } from './prepareIngestBatch.ts';
import type { LoadedPreparer } from './prepareIngestBatch.ts';
import type { PreparedBatch } from './prepareIngestBatch.ts';
import { siblingModuleUrl } from '../siblingModule.ts';

const BOOTSTRAP = new URL('../typescriptWorkerBootstrap.mjs', import.meta.url);
const WORKER_ENTRY = siblingModuleUrl('./ingestDecodeWorker', import.meta.url);

/** Decode workers for a machine with `cores` cores: one fewer than the cores, at most 4; none on one core. */
export function defaultDecodeWorkerCount(cores = os.availableParallelism()): number {
  return Math.min(4, Math.max(0, cores - 1));
}

interface Pending {
  resolve: (batch: PreparedBatch) => void;
  reject: (err: Error) => void;
}

/** One worker and the jobs it has not answered yet; tells the pool when it has decoded a batch and when it died. */
class DecodeWorker {
  readonly pending = new Map<number, Pending>();
  failure: Error | undefined;

  constructor(
    readonly worker: Worker,
    events: { decoded: () => void; died: (dead: DecodeWorker, err: Error) => void },
  ) {
    worker.on('message', (msg: IngestDecodeWorkerMessage) => {
      if (msg.type === 'ready' || msg.job === undefined) return;
      const job = this.pending.get(msg.job);
      if (!job) return;
      this.pending.delete(msg.job);
      if (this.pending.size === 0) worker.unref();
      if (msg.type === 'result') {
        events.decoded();
        job.resolve({ prepared: msg.prepared, deadLetters: msg.deadLetters });
      } else job.reject(rebuildWorkerError(msg, 'INGEST_DECODE_WORKER'));
    });
    const die = (err: Error): void => {
      if (this.failure) return;
      this.fail(err);
      events.died(this, err);
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new SkimmerError('INGEST_DECODE_WORKER_EXIT', `an ingest decode worker exited with code ${code}`, { code })));
  }

  /** Rejects every pending job; later jobs for this worker reject at once. */
  fail(err: Error): void {
    this.failure ??= err;
    for (const job of this.pending.values()) job.reject(err);
    this.pending.clear();
  }

  run(job: IngestDecodeJob): Promise<PreparedBatch> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(job.job, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(job, [job.values.buffer as ArrayBuffer, job.ends.buffer as ArrayBuffer]);
    });
  }
}

/** Dead workers replaced in a row without a batch decoded in between; one more death and the pool gives up. */
const MAX_RESPAWNS_WITHOUT_PROGRESS = 3;

/** A batch as a job: its values copied back to back into one buffer that is then handed to the worker. */
function toJob(job: number, batch: Pick<ConsumedBatch, 'topic' | 'partition' | 'records'>, defaultSource: string): IngestDecodeJob {
  const { records } = batch;
  let bytes = 0;
  for (const record of records) bytes += record.value.byteLength;
  const values = new Uint8Array(new ArrayBuffer(bytes));
  const ends = new Uint32Array(records.length);
  const offsets = new Array<string>(records.length);
  const sources = new Array<string | null>(records.length);
  let at = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    values.set(record.value, at);
    at += record.value.byteLength;
    ends[i] = at;
    offsets[i] = record.offset;
    sources[i] = record.headers.source ?? null;
  }
  return { type: 'decode', job, topic: batch.topic, partition: batch.partition, defaultSource, values, ends, offsets, sources };
}

/** Resolves once the worker has loaded the preparer; rejects with its error otherwise. */
function waitUntilReady(worker: Worker): Promise<void> {
  const exitError = (code: number): Error =>
    new SkimmerError('INGEST_DECODE_WORKER_EXIT', `an ingest decode worker exited with code ${code} while starting`, { code });
  return workerReady(worker, () => undefined, 'INGEST_DECODE_WORKER', exitError);
}

/**
 * Worker threads that each load a store's post preparer once, then decode batches of bus records as `decodeBatch`
 * does and return the posts already in the store's rows (`IngestBatch.prepared`), with the batch's dead letters.
 * Each batch goes to the worker with the fewest batches waiting; idle workers do not keep the process alive. With
 * no workers the batches are prepared on this thread (still a few records at a time, which spares the GC).
 *
 * A worker that dies fails the batches it held (their store transactions never start, so the consumer takes them
 * again) and is replaced; when replacements keep dying without decoding anything, the pool is broken: `broken`
 * aborts with the error and every later batch rejects with it.
 *
 * @example
 * const spec = await store.posts.postPreparer?.();
 * const pool = spec ? await IngestDecodePool.start(spec, { workers: 1 }) : undefined;
 * const handler = ingestBatchHandler({ target: store.posts, group: 'ingest', decodePool: pool });
 */
export class IngestDecodePool {
  private nextJob = 0;
  private closed = false;
  private respawnsWithoutProgress = 0;
  private readonly workers: DecodeWorker[] = [];
  private readonly brokenController = new AbortController();
  /** Aborts, with the error as its reason, when the pool can no longer decode (its workers keep dying). */
  readonly broken: AbortSignal = this.brokenController.signal;

  private constructor(
    private readonly preparer: PostPreparerSpec | undefined,
    private readonly decoders: readonly PostDecoder[],
    count: number,
    private readonly inline: LoadedPreparer | undefined,
  ) {
    for (let i = 0; i < count; i++) this.workers.push(this.spawn());
  }

  /** How many worker threads decode (0: batches are prepared on the calling thread). */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts `workers` threads (default `defaultDecodeWorkerCount()`) and waits until each has loaded the preparer and
   * the `decoders` (default none: flat rows only; each worker imports them by their specs).
   */
  static async start(preparer: PostPreparerSpec, options: { workers?: number; decoders?: readonly PostDecoder[] } = {}): Promise<IngestDecodePool> {
    const count = options.workers ?? defaultDecodeWorkerCount();
    const decoders = options.decoders ?? [];
    if (!Number.isInteger(count) || count < 0)
      throw new ConfigError('decodeWorkers', `decode workers must be an integer >= 0, got ${count}`, { workers: count });
    if (count === 0) return new IngestDecodePool(undefined, decoders, 0, await loadPreparer(preparer));
    const pool = new IngestDecodePool(preparer, decoders, count, undefined);
    try {
      await Promise.all(pool.workers.map((w) => waitUntilReady(w.worker)));
    } catch (err) {
      await pool.close();
      throw err;
    }
    for (const w of pool.workers) if (w.pending.size === 0) w.worker.unref();
    return pool;
  }

  /** A new worker, listened to from its first moment (one that dies while others still start is replaced too). */
  private spawn(): DecodeWorker {
    const data: IngestDecodeWorkerData = { entry: WORKER_ENTRY, preparer: this.preparer!, decoders: this.decoders.map((d) => d.spec) };
    return new DecodeWorker(new Worker(BOOTSTRAP, { workerData: data }), {
      decoded: () => (this.respawnsWithoutProgress = 0),
      died: (dead, err) => this.replace(dead, err),
    });
  }

  /** Puts a new worker in a dead one's place, or breaks the pool when replacements keep dying. */
  private replace(dead: DecodeWorker, err: Error): void {
    if (this.closed || this.broken.aborted) return;
    if (this.respawnsWithoutProgress >= MAX_RESPAWNS_WITHOUT_PROGRESS) {
      const failure = new SkimmerError(
        'INGEST_DECODE_POOL_BROKEN',
        `ingest decode workers keep dying (${err.message})`,
        { respawns: this.respawnsWithoutProgress },
        { cause: err },
      );
      this.brokenController.abort(failure);
      for (const w of this.workers) w.fail(failure);
      void Promise.all(this.workers.map((w) => w.worker.terminate()));
      return;
    }
    const slot = this.workers.indexOf(dead);
    if (slot < 0) return;
    this.respawnsWithoutProgress++;
    const replacement = this.spawn();
    replacement.worker.unref();
    this.workers[slot] = replacement;
  }

  /** The batch's posts as the store's rows and its dead letters; rejects with a typed error if a post cannot be stored. */
  decode(batch: Pick<ConsumedBatch, 'topic' | 'partition' | 'records'>, defaultSource: string): Promise<PreparedBatch> {
    if (this.closed) return Promise.reject(new SkimmerError('INGEST_DECODE_POOL_CLOSED', 'the ingest decode pool is closed'));
    if (this.broken.aborted) return Promise.reject(this.broken.reason as Error);
    if (this.inline) {
      try {
        const { prepared, deadLetters } = prepareIngestBatch(batch.records, defaultSource, this.inline.newWriter, this.inline.payloadProblem, this.decoders);
        return Promise.resolve({ prepared, deadLetters });
      } catch (err) {
        return Promise.reject(err);
      }
    }
    let least = this.workers[0];
    for (const w of this.workers) if (w.pending.size < least.pending.size) least = w;
    return least.run(toJob(this.nextJob++, batch, defaultSource));
  }

  /** Stops the workers; batches still waiting reject. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.workers) w.fail(new SkimmerError('INGEST_DECODE_POOL_CLOSED', 'the ingest decode pool is closed'));
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
