// Finds the run `pipeline iterate` builds on (the given one, or the latest succeeded run of this config) and reads its outputs.

import path from 'node:path';
import { DataError } from '@skimmer/core';
import type { LabelMatrix, ProbMatrix, Store } from '@skimmer/core';
import type { SplitName } from '../config/pipelineConfigSchema.ts';
import type { RunData } from '../data/splitData.ts';
import { loadLabelMatrices } from '../runArtifacts.ts';

/** What an iteration needs from a run: its label model's train labels, the LF votes and its classifier, if any. */
export interface BaseRun {
  readonly id: string;
  readonly lfNames: readonly string[];
  readonly matrices: ReadonlyMap<SplitName, LabelMatrix>;
  /** The label model's probabilities over the train split, in train order. */
  readonly trainProbs: ProbMatrix;
  /** Where the run saved its classifier (selection for the first batch uses it), if it trained one. */
  readonly classifierDir: string | null;
}

function configFileOf(config: unknown): string | undefined {
  const file = (config as { file?: unknown } | null)?.file;
  return typeof file === 'string' ? file : undefined;
}

/** The label outputs of `runId`, reordered to the train split's points. */
async function trainLabelModelProbs(store: Store, runId: string, data: RunData): Promise<ProbMatrix> {
  const outputs = await store.labelOutputs.read(runId);
  const row = new Map(outputs.itemIds.map((id, i) => [id, i]));
  const train = data.get('train')!.points;
  const k = outputs.probs.k;
  const probs = new Float64Array(train.length * k);
  train.forEach((point, i) => {
    const r = row.get(point.id);
    if (r === undefined)
      throw new DataError(`run ${runId} has no label-model label for train record "${point.id}": the data changed since that run; run \`pipeline run\` again`, {
        record: point.id,
      });
    probs.set(outputs.probs.data.subarray(r * k, (r + 1) * k), i * k);
  });
  return { n: train.length, k, data: probs };
}

/**
 * The run `fromRun` names, else the most recent succeeded run of `configFile` that stored label-model labels and
 * label matrices. A DataError says what to run first when there is none.
 *
 * @example
 * const base = await findBaseRun(store, 'examples/youtube-spam/config.yaml', data, undefined);
 * base.trainProbs.n; // 1586
 */
export async function findBaseRun(store: Store, configFile: string, data: RunData, fromRun: string | undefined): Promise<BaseRun> {
  const wanted = path.resolve(configFile);
  const runs = fromRun
    ? [await store.runs.get(fromRun)].filter((r) => r !== undefined)
    : (await store.runs.list({ limit: 200 })).filter((r) => configFileOf(r.config) === wanted);
  const run = runs.find((r) => r.status === 'succeeded' && typeof r.artifacts?.labelOutputs === 'string' && typeof r.artifacts?.labelMatrices === 'string');
  if (!run) {
    const which = fromRun
      ? `run "${fromRun}" (not in the store, not succeeded, or without label-model labels)`
      : `no succeeded run of ${configFile} with label-model labels in the store`;
    throw new DataError(`${which}: run \`pipeline run ${configFile}\` first`, { field: 'run', value: fromRun });
  }
  const artifacts = run.artifacts!;
  const { lfNames, matrices } = await loadLabelMatrices(String(artifacts.labelMatrices));
  const trainProbs = await trainLabelModelProbs(store, String(artifacts.labelOutputs), data);
  const trainL = matrices.get('train');
  if (!trainL || trainL.n !== trainProbs.n)
    throw new DataError(`run ${run.id}: its train label matrix has ${trainL?.n ?? 0} rows, the train split ${trainProbs.n}: run \`pipeline run\` again`, {
      field: 'labelMatrices',
    });
  return { id: run.id, lfNames, matrices, trainProbs, classifierDir: typeof artifacts.classifier === 'string' ? artifacts.classifier : null };
}
