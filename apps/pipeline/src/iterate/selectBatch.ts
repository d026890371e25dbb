// Chooses the next batch of train rows to tag: the untagged, not yet pushed rows, ranked by the strategy, one per normalised text, read chunk by chunk.

import { argmaxRow, normalizeForGrouping, predictionMargin } from '@skimmer/core';
import type { ProbMatrix, SelectionStrategy } from '@skimmer/core';
import { shuffledPrefix } from './shuffledPrefix.ts';
import { TopGroups } from './topGroups.ts';
import type { PoolChunk, TrainPool } from './trainPool.ts';

export interface BatchRequest {
  readonly strategy: SelectionStrategy;
  readonly k: number;
  readonly pool: TrainPool;
  /** The current model's probabilities over a chunk of the pool (the classifier's, or the label model's before any). */
  readonly modelProbs: (chunk: PoolChunk) => Promise<ProbMatrix>;
  /** Ids of the records already pushed to the project (tagged or not): never offered again. */
  readonly pushed: ReadonlySet<string>;
  /** Only rows with a gold label may be chosen (the simulated annotator can only answer those). */
  readonly goldOnly: boolean;
  /** One row per normalised text, and none whose text was pushed already. */
  readonly dedupe: boolean;
  readonly seed: number;
}

/** A chosen row with what the tagger shows about it. */
export interface SelectedRow {
  readonly row: number;
  readonly id: string;
  readonly text: string;
  readonly gold: number;
  /** Its LF votes (one a LF, -1 abstain). */
  readonly votes: Int32Array;
  readonly labelModel: number[];
  /** The selecting model's probabilities. */
  readonly prediction: number[];
}

/** Margin / disagreement rank: disagreeing rows first, then the smaller margin, then the lower row (selectForTagging's order). */
interface MarginRank {
  readonly agree: number;
  readonly margin: number;
  readonly row: number;
}

const byMargin = (a: MarginRank, b: MarginRank): number => a.agree - b.agree || a.margin - b.margin || a.row - b.row;

const rowOf = (P: ProbMatrix, i: number): number[] => Array.from(P.data.subarray(i * P.k, (i + 1) * P.k));

function selected(chunk: PoolChunk, i: number, model: ProbMatrix): SelectedRow {
  const m = chunk.L.m;
  return {
    row: chunk.rowOffset + i,
    id: chunk.ids[i],
    text: chunk.texts[i],
    gold: chunk.gold[i],
    votes: chunk.L.data.slice(i * m, (i + 1) * m),
    labelModel: rowOf(chunk.labelModelProbs, i),
    prediction: rowOf(model, i),
  };
}

/** The first `k` kept rows whose group is not a pushed record's. */
function firstK<R>(top: TopGroups<R, SelectedRow>, pushedGroups: ReadonlySet<string>, k: number): SelectedRow[] {
  return top
    .items()
    .filter((kept) => kept.group === undefined || !pushedGroups.has(kept.group))
    .slice(0, k)
    .map((kept) => kept.value);
}

/** One pass: rows ranked by margin (and disagreement), at most `k` + pushed groups kept (a pushed record's group may hold some). */
async function selectByMargin(request: BatchRequest): Promise<SelectedRow[]> {
  const { pushed, dedupe } = request;
  const top = new TopGroups<MarginRank, SelectedRow>(request.k + (dedupe ? pushed.size : 0), byMargin);
  const pushedGroups = new Set<string>();
  for await (const chunk of request.pool.chunks()) {
    const model = await request.modelProbs(chunk);
    for (let i = 0; i < chunk.ids.length; i++) {
      if (pushed.has(chunk.ids[i])) {
        if (dedupe) pushedGroups.add(normalizeForGrouping(chunk.texts[i]));
        continue;
      }
      if (request.goldOnly && chunk.gold[i] < 0) continue;
      const agree = request.strategy === 'disagreement' && argmaxRow(chunk.labelModelProbs, i) === argmaxRow(model, i) ? 1 : 0;
      const rank = { agree, margin: predictionMargin(model, i), row: chunk.rowOffset + i };
      if (!top.admits(rank)) continue;
      top.offer(rank, dedupe ? normalizeForGrouping(chunk.texts[i]) : undefined, () => selected(chunk, i, model));
    }
  }
  return firstK(top, pushedGroups, request.k);
}

/** Places of the shuffle looked at first, a multiple of the batch: enough for k groups unless texts repeat a lot; doubled until they give k. */
const RANDOM_PREFIX_BATCHES = 4;

/**
 * Random: the candidates (not pushed, eligible, not in a pushed record's group) shuffled as selectForTagging shuffles
 * them, then the first of each group. Passes: the pushed groups (when deduplicating), a count of the candidates, then
 * the candidates at the shuffle's first places (`shuffledPrefix`: a Map of those places, never the n-sized shuffle) by
 * their place; that pass again with twice the places while they hold fewer than k groups.
 */
async function selectAtRandom(request: BatchRequest): Promise<SelectedRow[]> {
  const { pool, pushed, dedupe } = request;
  const pushedGroups = new Set<string>();
  if (dedupe && pushed.size > 0) {
    for await (const chunk of pool.chunks())
      for (let i = 0; i < chunk.ids.length; i++) if (pushed.has(chunk.ids[i])) pushedGroups.add(normalizeForGrouping(chunk.texts[i]));
  }
  const isCandidate = (chunk: PoolChunk, i: number) =>
    !pushed.has(chunk.ids[i]) && !(request.goldOnly && chunk.gold[i] < 0) && !(pushedGroups.size > 0 && pushedGroups.has(normalizeForGrouping(chunk.texts[i])));
  let count = 0;
  for await (const chunk of pool.chunks()) for (let i = 0; i < chunk.ids.length; i++) if (isCandidate(chunk, i)) count++;
  for (let places = Math.min(count, RANDOM_PREFIX_BATCHES * request.k); ; places = Math.min(count, places * 2)) {
    const placeOf = new Map<number, number>();
    shuffledPrefix(count, request.seed, places).forEach((candidate, place) => placeOf.set(candidate, place));
    const top = new TopGroups<number, SelectedRow>(request.k, (a, b) => a - b);
    let candidate = 0;
    for await (const chunk of pool.chunks()) {
      let model: ProbMatrix | undefined;
      for (let i = 0; i < chunk.ids.length; i++) {
        if (!isCandidate(chunk, i)) continue;
        const rank = placeOf.get(candidate++);
        if (rank === undefined || !top.admits(rank)) continue;
        model ??= await request.modelProbs(chunk);
        const probs = model;
        top.offer(rank, dedupe ? normalizeForGrouping(chunk.texts[i]) : undefined, () => selected(chunk, i, probs));
      }
    }
    const chosen = firstK(top, new Set(), request.k);
    if (chosen.length >= request.k || places >= count) return chosen;
  }
}

/**
 * The rows to push next, in the order they should be tagged (fewer than `k` when the pool runs out): the rows
 * selectForTagging would choose over the whole pool, found chunk by chunk.
 *
 * @example
 * const rows = await selectBatch({ strategy: 'margin', k: 20, pool, modelProbs: async (chunk) => chunk.labelModelProbs, pushed: new Set(), goldOnly: false, dedupe: true, seed: 1 });
 */
export async function selectBatch(request: BatchRequest): Promise<SelectedRow[]> {
  return request.strategy === 'random' ? selectAtRandom(request) : selectByMargin(request);
}
