// The tagger project an active-learning loop hands its batches to: created or reused, filled with records and hints, read for gold.

import { createHash } from 'node:crypto';
import { DataError } from '@skimmer/core';
import type { TaggerRepository } from '@skimmer/core';
import { addMember, addRecords, createProject, getProject, readGoldLabels, type TaggerProject } from '@skimmer/tagging';
import type { SelectedRow } from './selectBatch.ts';

/**
 * The project `id`, created (sequential order: the batch is served in the order chosen) when it does not exist; an
 * existing project must have the config's labels. `members` are added either way.
 */
export async function ensureIterationProject(
  tagger: TaggerRepository,
  id: string,
  labels: readonly string[],
  members: readonly string[],
  configName: string,
): Promise<TaggerProject> {
  let project = await getProject(tagger, id);
  if (!project) {
    project = await createProject(tagger, {
      id,
      name: `${configName}: active learning`,
      labels: labels.map((label, index) => ({ label, index })),
      ordering: 'sequential',
      guidelines: `Records chosen by \`pipeline iterate\` for ${configName}; hints show the labeling functions' votes and the model's probabilities.`,
      members,
    });
  } else {
    const same = project.labels.length === labels.length && project.labels.every((l, i) => l.index === i && l.label === labels[i]);
    if (!same) {
      throw new DataError(
        `tagger project ${id} has labels [${project.labels.map((l) => `${l.index}=${l.label}`).join(', ')}], the config [${labels.map((l, i) => `${i}=${l}`).join(', ')}]: choose another iterate.project`,
        { field: 'iterate.project', value: id },
      );
    }
    for (const member of members) await addMember(tagger, id, member);
  }
  return project;
}

/** One row's LF votes by LF name, abstains left out. */
function lfVotes(votes: Int32Array, lfNames: readonly string[], labels: readonly string[]): Record<string, number> {
  const named: Record<string, number> = {};
  votes.forEach((vote, j) => {
    if (vote >= 0 && vote < labels.length) named[lfNames[j]] = vote;
  });
  return named;
}

/**
 * Adds the chosen train rows to the project as 'train' records, with hints (LF votes, the label model's
 * probabilities) and the selecting model's probabilities as the prediction.
 */
export async function pushBatch(
  tagger: TaggerRepository,
  projectId: string,
  rows: readonly SelectedRow[],
  pool: { lfNames: readonly string[]; labels: readonly string[]; iteration: number },
): Promise<string[]> {
  await addRecords(
    tagger,
    projectId,
    rows.map((row) => ({
      id: row.id,
      text: row.text,
      split: 'train',
      metadata: { iteration: pool.iteration },
      hints: {
        lfVotes: lfVotes(row.votes, pool.lfNames, pool.labels),
        labelModel: Object.fromEntries(pool.labels.map((label, c) => [label, row.labelModel[c]])),
      },
      prediction: row.prediction,
    })),
  );
  return rows.map((row) => row.id);
}

/** The project's settled labels on pool records, as train row → label, with a digest that changes when any tag does. */
export interface ProjectGold {
  readonly labels: ReadonlyMap<number, number>;
  /** The same labels by record id. */
  readonly byId: ReadonlyMap<string, number>;
  /** Settled labels on records outside the pool (ignored for training). */
  readonly outsidePool: number;
  readonly digest: string;
}

/**
 * Reads the project's gold labels (a review's resolution, else the annotators' unanimous label) for the pool rows.
 *
 * @example
 * const gold = await readProjectGold(store.tagger, 'youtube-spam-active-learning', (ids) => pool.locate(ids));
 * gold.labels.size; // 20 after one tagged batch
 */
export async function readProjectGold(
  tagger: TaggerRepository,
  projectId: string,
  locate: (ids: readonly string[]) => Promise<ReadonlyMap<string, { row: number }>>,
): Promise<ProjectGold> {
  const labels = new Map<number, number>();
  const byId = new Map<string, number>();
  let outsidePool = 0;
  const settled: string[] = [];
  const gold = await readGoldLabels(tagger, projectId);
  const rows = await locate(gold.map((g) => g.itemId));
  for (const g of gold) {
    const row = rows.get(g.itemId)?.row;
    if (row === undefined) {
      outsidePool++;
      continue;
    }
    labels.set(row, g.label);
    byId.set(g.itemId, g.label);
    settled.push(`${g.itemId}\t${g.label}`);
  }
  const digest = createHash('sha256').update(settled.sort().join('\n')).digest('hex').slice(0, 16);
  return { labels, byId, outsidePool, digest };
}
