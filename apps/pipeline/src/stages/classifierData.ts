// What a classifier is trained and scored on, read chunk by chunk: train's texts joined to a run's votes, the validation set, a split's predictions.

import { DataError, fitFromChunks, labelMatrixFromData } from '@skimmer/core';
import type { Classifier, ClassifierFitOptions, ClassifierFitReport, LabelMatrix, ProbMatrix, TrainingChunks } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { SplitSource } from '../data/splitSources.ts';
import type { RowChunk, SplitRows } from './splitRows.ts';

/** Rows `rowOffset ..` of a split: texts and gold labels from the data, votes and ids from the run. */
export interface JoinedChunk {
  readonly rowOffset: number;
  readonly ids: readonly string[];
  readonly texts: readonly string[];
  /** Gold labels (-1 unknown). */
  readonly gold: Int32Array;
  readonly L: LabelMatrix;
}

/** Takes rows off a split's row chunks in runs of any length, whatever the chunks' own sizes. */
class RowReader {
  private chunk: RowChunk | undefined;
  private at = 0;

  constructor(
    private readonly chunks: AsyncIterator<RowChunk>,
    private readonly m: number,
  ) {}

  /** The next `count` rows (fewer at the end of the split). */
  async take(count: number): Promise<{ L: LabelMatrix; ids: string[] }> {
    const data = new Int32Array(count * this.m);
    const ids: string[] = [];
    while (ids.length < count) {
      if (!this.chunk || this.at >= this.chunk.L.n) {
        const next = await this.chunks.next();
        if (next.done) break;
        this.chunk = next.value;
        this.at = 0;
      }
      const rows = Math.min(count - ids.length, this.chunk.L.n - this.at);
      data.set(this.chunk.L.data.subarray(this.at * this.m, (this.at + rows) * this.m), ids.length * this.m);
      for (let i = 0; i < rows; i++) ids.push(this.chunk.ids[this.at + i]);
      this.at += rows;
    }
    return { L: labelMatrixFromData(ids.length === count ? data : data.slice(0, ids.length * this.m), ids.length, this.m), ids };
  }

  /** Stops reading (the row files are closed). */
  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}

/**
 * The split's points (`source`, chunks of `chunkRows`) joined to the votes run `runId` stored for them (`rows`), each
 * record's id checked: a DataError names the first record that is not the run's (the data changed since the run).
 *
 * @example
 * for await (const chunk of joinSplitRows(sources.get('train')!, splits.get('train')!, 20_000, runId)) chunk.L.n;
 */
export async function* joinSplitRows(source: SplitSource, rows: SplitRows, chunkRows: number, runId: string): AsyncIterable<JoinedChunk> {
  const votes = new RowReader(rows.chunks()[Symbol.asyncIterator](), rows.m);
  let seen = 0;
  try {
    for await (const chunk of source.chunks(chunkRows)) {
      const { L, ids } = await votes.take(chunk.points.length);
      chunk.points.forEach((point, i) => {
        if (ids[i] !== point.id) {
          throw new DataError(
            `${rows.name} record ${chunk.rowOffset + i} is "${point.id}", but run ${runId} labelled "${ids[i] ?? '(nothing: fewer rows)'}" there: the data changed since that run; run \`pipeline run\` again`,
            { record: point.id },
          );
        }
      });
      yield { rowOffset: chunk.rowOffset, ids, texts: chunk.points.map((p) => p.text), gold: chunk.gold, L };
      seen += ids.length;
    }
  } finally {
    await votes.close();
  }
  if (seen !== rows.n)
    throw new DataError(`the ${rows.name} split has ${seen} records, run ${runId} labelled ${rows.n}: run \`pipeline run\` again`, {
      field: `data.${rows.name}`,
    });
}

/** True when some LF voted on row `i` of `L`. */
export function isCovered(L: LabelMatrix, i: number): boolean {
  for (let j = 0; j < L.m; j++) if (L.data[i * L.m + j] >= 0) return true;
  return false;
}

/**
 * The gold-labelled texts early stopping validates on: dev, else valid, read whole (a hand-made split), or undefined.
 *
 * @example
 * const validation = await validationSet(sources, 20_000); // { texts, labels } of dev or valid
 */
export async function validationSet(
  sources: ReadonlyMap<SplitName, SplitSource>,
  chunkRows: number,
): Promise<{ texts: string[]; labels: Int32Array } | undefined> {
  for (const name of ['dev', 'valid'] as const) {
    const source = sources.get(name);
    if (!source) continue;
    const texts: string[] = [];
    const labels: number[] = [];
    for await (const chunk of source.chunks(chunkRows)) {
      for (const point of chunk.points) texts.push(point.text);
      for (const y of chunk.gold) labels.push(y);
    }
    if (labels.some((y) => y >= 0)) return { texts, labels: Int32Array.from(labels) };
  }
  return undefined;
}

/** True when some row of the split has a gold label: read up to the first chunk that has one, nothing predicted. */
async function hasGoldRows(source: SplitSource, chunkRows: number): Promise<boolean> {
  for await (const chunk of source.chunks(chunkRows)) if (chunk.gold.some((y) => y >= 0)) return true;
  return false;
}

/**
 * A gold split's probabilities under `classifier` and its gold labels, predicted chunk by chunk (n × k numbers kept,
 * no texts); undefined, nothing predicted, when no row of the split has a gold label (there is nothing to score).
 *
 * @example
 * const scored = await predictGoldSplit(classifier, sources.get('test')!, 20_000); // { probs, gold } or undefined
 */
export async function predictGoldSplit(
  classifier: Classifier,
  source: SplitSource,
  chunkRows: number,
): Promise<{ probs: ProbMatrix; gold: Int32Array } | undefined> {
  if (!(await hasGoldRows(source, chunkRows))) return undefined;
  const k = classifier.classNames.length;
  const parts: Array<{ probs: Float64Array; gold: Int32Array }> = [];
  let n = 0;
  for await (const chunk of source.chunks(chunkRows)) {
    parts.push({ probs: (await classifier.predictProba(chunk.points.map((p) => p.text))).data, gold: chunk.gold });
    n += chunk.gold.length;
  }
  const probs = new Float64Array(n * k);
  const gold = new Int32Array(n);
  let at = 0;
  for (const part of parts) {
    probs.set(part.probs, at * k);
    gold.set(part.gold, at);
    at += part.gold.length;
  }
  return { probs: { n, k, data: probs }, gold };
}

/**
 * Fits `classifier` on `chunks` (through `fitFromChunks`: chunk by chunk where it can) and counts the rows of a full read.
 *
 * @example
 * const { fit, rows } = await fitCountingRows(classifier, 2, chunks, { seed: 1 });
 */
export async function fitCountingRows(
  classifier: Classifier,
  k: number,
  chunks: TrainingChunks,
  options: ClassifierFitOptions,
): Promise<{ fit: ClassifierFitReport; rows: number }> {
  let rows = 0;
  const counted = async function* () {
    let read = 0;
    for await (const chunk of chunks()) {
      read += chunk.texts.length;
      yield chunk;
    }
    rows = read;
  };
  const fit = await fitFromChunks(classifier, k, counted, options);
  return { fit, rows };
}
