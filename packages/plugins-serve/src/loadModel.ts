// Loads a saved classifier for serving, from a directory or from a run's artifacts in the store.

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ClassifierError, type ClassifierFactory, type RunRecord, type RunRepository } from '@skimmer/core';
import type { LoadedModel } from './modelSlot.ts';

/** Which model to serve: a directory, one run's model, or the model of the latest succeeded run that has one. */
export type ModelRef = { dir: string } | { runId: string } | { latestRun: true };

export interface LoadModelDeps {
  /** Factories by classifier type (the `type` in the saved model.json). */
  factories: readonly ClassifierFactory[];
  /** Needed for `runId` and `latestRun`. */
  runs?: Pick<RunRepository, 'get' | 'list'>;
  /** Refuse a model trained with another label set. */
  expectClassNames?: readonly string[];
}

/** The artifact key under which `pipeline run` / `train` / `iterate` record the trained classifier's directory. */
export const MODEL_ARTIFACT_KEY = 'classifier';

/** The model directory recorded in a run's artifacts (`artifacts.classifier`), or undefined. */
export function runModelDir(run: RunRecord): string | undefined {
  const value = run.artifacts?.[MODEL_ARTIFACT_KEY];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

async function savedType(dir: string): Promise<string> {
  try {
    const saved = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as { type?: unknown };
    if (typeof saved.type === 'string') return saved.type;
  } catch (cause) {
    throw new ClassifierError(`${dir}: no readable model.json (${(cause as Error).message})`, { dir });
  }
  throw new ClassifierError(`${dir}/model.json: field "type" missing; expected the classifier type, e.g. "linear"`, { dir, field: 'type' });
}

/** SHA-256 over the directory's files (name and bytes, sorted by name): the same files give the same id. */
async function contentHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  for (const name of entries)
    hash
      .update(name)
      .update('\0')
      .update(await readFile(path.join(dir, name)));
  return hash.digest('hex').slice(0, 12);
}

async function resolveRun(ref: { runId: string } | { latestRun: true }, runs: LoadModelDeps['runs']): Promise<{ dir: string; runId: string }> {
  if (!runs) throw new ClassifierError('serving a model by run needs the store (runs table)', { ref });
  if ('runId' in ref) {
    const run = await runs.get(ref.runId);
    if (!run) throw new ClassifierError(`run ${ref.runId} does not exist in the store`, { runId: ref.runId });
    const dir = runModelDir(run);
    if (!dir) {
      const why = run.status === 'succeeded' ? 'trained no classifier (add a `classifier:` section to its config)' : `is ${run.status}`;
      throw new ClassifierError(`run ${ref.runId} has no model: it ${why}; artifacts.${MODEL_ARTIFACT_KEY} is missing`, {
        runId: ref.runId,
        artifacts: run.artifacts,
      });
    }
    return { dir, runId: run.id };
  }
  const latest = (await runs.list({ limit: 100 })).find((r) => r.status === 'succeeded' && runModelDir(r));
  if (!latest) {
    throw new ClassifierError(
      `no succeeded run with a trained classifier among the last 100 runs (artifacts.${MODEL_ARTIFACT_KEY}): run \`pipeline run config.yaml\` with a \`classifier:\` section first`,
      {},
    );
  }
  return { dir: runModelDir(latest)!, runId: latest.id };
}

/**
 * Loads the model `ref` points to with the factory of its saved type. The id is the run id when loaded by run,
 * otherwise `<type>-<hash of the files>`.
 *
 * @example
 * const model = await loadModel({ dir: 'runs/42/model' }, { factories: [linearClassifierFactory] });
 * model.id; // 'linear-3f9c0a1b2c3d'
 */
export async function loadModel(ref: ModelRef, deps: LoadModelDeps): Promise<LoadedModel> {
  const { dir, runId } = 'dir' in ref ? { dir: ref.dir, runId: null } : await resolveRun(ref, deps.runs);
  const type = await savedType(dir);
  const factory = deps.factories.find((f) => f.type === type);
  if (!factory) {
    throw new ClassifierError(`${dir}: classifier type '${type}' has no factory here; expected one of ${deps.factories.map((f) => f.type).join(', ')}`, {
      dir,
      type,
    });
  }
  const classifier = await factory.load(dir, deps.expectClassNames);
  const id = runId ?? `${type}-${await contentHash(dir)}`;
  return { id, classifier, dir, runId, loadedAt: new Date().toISOString() };
}
