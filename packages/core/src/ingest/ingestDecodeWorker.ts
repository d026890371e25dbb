// Worker thread of the ingest decode pool: decodes a batch of bus records into Posts and dead letters, has the store's
// post preparer turn the Posts into the store's rows, and hands the rows' buffers back without copying them.

import { parentPort, workerData } from 'node:worker_threads';
import type { ConsumedRecord } from '../bus.ts';
import type { PayloadProblem, PostPreparerSpec, PreparedPostsWriterFactory } from '../store.ts';
import { workerErrorMessage, type WorkerErrorMessage } from '../workerErrors.ts';
import { loadPostDecoders } from './postDecoder.ts';
import type { PostDecoder, PostDecoderSpec } from './postDecoder.ts';
import { loadPreparer, prepareIngestBatch } from './prepareIngestBatch.ts';
import type { PreparedBatch } from './prepareIngestBatch.ts';

/** What the pool gives each worker at start. */
export interface IngestDecodeWorkerData {
  readonly entry: string;
  readonly preparer: PostPreparerSpec;
  /** The payload formats, loaded by their specs with the preparer. */
  readonly decoders: readonly PostDecoderSpec[];
}

/**
 * One batch of one partition: the record values back to back in `values` (record i is `values[ends[i-1]..ends[i])`),
 * with each record's offset and `source` header (null when it has none).
 */
export interface IngestDecodeJob {
  readonly type: 'decode';
  readonly job: number;
  readonly topic: string;
  readonly partition: number;
  readonly defaultSource: string;
  readonly values: Uint8Array;
  readonly ends: Uint32Array;
  readonly offsets: readonly string[];
  readonly sources: ReadonlyArray<string | null>;
}

/** What a worker posts: ready (preparer and decoders loaded) once, then one result or error per job. */
export type IngestDecodeWorkerMessage =
  | { readonly type: 'ready' }
  | ({ readonly type: 'result'; readonly job: number } & PreparedBatch)
  | ({ readonly type: 'error'; readonly job?: number } & WorkerErrorMessage);

const port = parentPort!;
const { preparer, decoders: decoderSpecs } = workerData as IngestDecodeWorkerData;

/** The job's records, each value a view of the job's buffer. */
function jobRecords(job: IngestDecodeJob): ConsumedRecord[] {
  const records: ConsumedRecord[] = new Array(job.ends.length);
  let start = 0;
  for (let i = 0; i < job.ends.length; i++) {
    const source = job.sources[i];
    records[i] = {
      topic: job.topic,
      partition: job.partition,
      offset: job.offsets[i],
      key: null,
      value: job.values.subarray(start, job.ends[i]),
      headers: source === null ? {} : { source },
    };
    start = job.ends[i];
  }
  return records;
}

function decode(
  newWriter: PreparedPostsWriterFactory,
  payloadProblem: PayloadProblem | undefined,
  decoders: readonly PostDecoder[],
  job: IngestDecodeJob,
): void {
  try {
    const { prepared, transfer, deadLetters } = prepareIngestBatch(jobRecords(job), job.defaultSource, newWriter, payloadProblem, decoders);
    // A dead letter's bytes are a view of the whole job buffer: each gets its own copy, or the message would clone it all.
    const letters = deadLetters.map((letter) => ({ ...letter, raw: letter.raw.slice() }));
    port.postMessage({ type: 'result', job: job.job, prepared, deadLetters: letters } satisfies IngestDecodeWorkerMessage, transfer);
  } catch (err) {
    port.postMessage({ type: 'error', job: job.job, ...workerErrorMessage(err) } satisfies IngestDecodeWorkerMessage);
  }
}

try {
  // One awaited step: a worker is ready as soon as its slowest import is done.
  const [{ newWriter, payloadProblem }, decoders] = await Promise.all([loadPreparer(preparer), loadPostDecoders(decoderSpecs)]);
  port.on('message', (job: IngestDecodeJob) => decode(newWriter, payloadProblem, decoders, job));
  port.postMessage({ type: 'ready' } satisfies IngestDecodeWorkerMessage);
} catch (err) {
  port.postMessage({ type: 'error', ...workerErrorMessage(err) } satisfies IngestDecodeWorkerMessage);
}
