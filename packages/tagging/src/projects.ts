// Tagging projects: create one, add its records (with optional hints and predictions), post predictions later, manage members.

import { randomBytes } from 'node:crypto';
import { DataError } from '@skimmer/core';
import type { TaggerHints, TaggerLabel, TaggerOrdering, TaggerProject, TaggerRecordWrite, TaggerRepository, TaggerUser } from '@skimmer/core';
import { seededRank, uncertaintyMargin } from './recordRank.ts';

export type { TaggerProject } from '@skimmer/core';

/** One label of a project: the name shown and the integer stored (the pipeline's class index). */
export type LabelDefinition = TaggerLabel;

export type RecordOrdering = TaggerOrdering;

/** What a project is created with; everything but `name` and `labels` has a default. */
export interface ProjectSettings {
  /** Default: a slug of the name plus random characters. */
  id?: string;
  name: string;
  labels: readonly LabelDefinition[];
  guidelines?: string;
  /** Default 'sequential'; 'random' uses `seed`; 'active' serves the smallest prediction margin first. */
  ordering?: RecordOrdering;
  seed?: number;
  /** Annotators per record (default 1). */
  overlap?: number;
  /** Show LF votes and model predictions (never for the test split). Default true. */
  showHints?: boolean;
  /** Fraction of records reserved, at random by `seed`, as the 'test' split when they are added (default 0). */
  evalFraction?: number;
  /** Users who may read and write the project. */
  members?: readonly string[];
}

/** Hints shown to annotators on request: the LFs' votes (label index by LF name), the label model's probabilities by label name. */
export type RecordHints = TaggerHints & { labelModel?: Record<string, number> };

/** One record pushed into a project. */
export interface RecordInput {
  id: string;
  text: string;
  /** Other columns, shown as metadata. */
  metadata?: Record<string, unknown>;
  /** Forces the split; otherwise 'test' for the evaluation slice, else 'train'. */
  split?: string;
  hints?: RecordHints | null;
  /** Class probabilities of a model, by label index (active ordering and hints). */
  prediction?: readonly number[] | null;
}

const ORDERINGS: readonly RecordOrdering[] = ['sequential', 'random', 'active'];

/** Checks label definitions: non-empty unique names, unique integer indexes in [0, number of labels), at most 9 labels (one key each). */
export function validateLabels(labels: readonly LabelDefinition[], source = 'labels'): LabelDefinition[] {
  if (!Array.isArray(labels))
    throw new DataError(`${source}: field 'labels' is ${JSON.stringify(labels) ?? 'missing'}; expected an array of { label, index }`, { field: 'labels' });
  if (labels.length < 2) throw new DataError(`${source}: a project needs at least 2 labels, got ${labels.length}`, { field: 'labels' });
  if (labels.length > 9) throw new DataError(`${source}: at most 9 labels (keys 1–9), got ${labels.length}`, { field: 'labels' });
  const names = new Set<string>();
  const indexes = new Set<number>();
  for (const [i, l] of (labels as unknown[]).entries()) {
    if (typeof l !== 'object' || l === null)
      throw new DataError(`${source}: labels[${i}] is ${JSON.stringify(l)}; expected { label, index }`, { field: `labels[${i}]`, record: i + 1 });
    const { label, index } = l as { label: unknown; index: unknown };
    if (typeof label !== 'string' || label.trim() === '')
      throw new DataError(`${source}: label ${i + 1} has an empty or non-string name (${JSON.stringify(label)})`, { field: 'label', record: i + 1 });
    // the index is the pipeline's class index: 0 … k-1 for k labels
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= labels.length) {
      throw new DataError(
        `${source}: label ${JSON.stringify(label)} has index ${JSON.stringify(index)}; expected an integer from 0 to ${labels.length - 1} (one per label)`,
        { field: 'index', record: i + 1 },
      );
    }
    if (names.has(label)) throw new DataError(`${source}: label ${JSON.stringify(label)} appears twice`, { field: 'label', record: i + 1 });
    if (indexes.has(index as number)) throw new DataError(`${source}: index ${index} appears twice`, { field: 'index', record: i + 1 });
    names.add(label);
    indexes.add(index as number);
  }
  return [...labels].sort((a, b) => a.index - b.index).map((l) => ({ label: l.label, index: l.index }));
}

const INT32_MAX = 2 ** 31 - 1;

/** Refuses settings of the wrong type with the field's name, before anything is written. */
function checkSettingTypes(settings: ProjectSettings): void {
  const bad = (field: string, value: unknown, expected: string) =>
    new DataError(`field '${field}' is ${JSON.stringify(value) ?? 'missing'}; expected ${expected}`, { field });
  if (typeof settings.name !== 'string' || settings.name.trim() === '') throw bad('name', settings.name, 'a non-empty string');
  if (settings.id !== undefined && (typeof settings.id !== 'string' || settings.id === '')) throw bad('id', settings.id, 'a non-empty string');
  if (settings.guidelines !== undefined && typeof settings.guidelines !== 'string') throw bad('guidelines', settings.guidelines, 'a string');
  if (settings.seed !== undefined && !(Number.isInteger(settings.seed) && Math.abs(settings.seed) <= INT32_MAX))
    throw bad('seed', settings.seed, `an integer from -${INT32_MAX} to ${INT32_MAX}`);
  if (settings.overlap !== undefined && !(Number.isInteger(settings.overlap) && settings.overlap >= 1 && settings.overlap <= 1000))
    throw bad('overlap', settings.overlap, 'an integer from 1 to 1000');
  if (settings.evalFraction !== undefined && !(typeof settings.evalFraction === 'number' && settings.evalFraction >= 0 && settings.evalFraction <= 1))
    throw bad('evalFraction', settings.evalFraction, 'a number in [0, 1]');
  if (settings.showHints !== undefined && typeof settings.showHints !== 'boolean') throw bad('showHints', settings.showHints, 'true or false');
  if (settings.members !== undefined && !(Array.isArray(settings.members) && settings.members.every((m) => typeof m === 'string')))
    throw bad('members', settings.members, 'an array of user names');
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/\.[a-z]+$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'project';
}

/** The project `settings` describe, checked (nothing is written); throws DataError naming the field. */
function checkedProject(settings: ProjectSettings, createdBy: string | null): TaggerProject {
  checkSettingTypes(settings);
  const labels = validateLabels(settings.labels);
  const ordering = settings.ordering ?? 'sequential';
  if (!ORDERINGS.includes(ordering)) throw new DataError(`ordering ${JSON.stringify(ordering)}: expected sequential, random or active`, { field: 'ordering' });
  const evalFraction = settings.evalFraction ?? 0;
  if (!(evalFraction >= 0 && evalFraction <= 1)) throw new DataError(`evalFraction ${evalFraction}: expected a number in [0, 1]`, { field: 'evalFraction' });
  const overlap = settings.overlap ?? 1;
  if (!Number.isInteger(overlap) || overlap < 1) throw new DataError(`overlap ${overlap}: expected an integer ≥ 1`, { field: 'overlap' });
  return {
    id: settings.id ?? `${slug(settings.name)}-${randomBytes(3).toString('hex')}`,
    name: settings.name,
    labels,
    guidelines: settings.guidelines ?? '',
    ordering,
    seed: settings.seed ?? 0,
    overlap,
    showHints: settings.showHints ?? true,
    evalFraction,
    createdBy,
  };
}

/** Refuses members that are no tagger user. */
async function checkMembers(tagger: TaggerRepository, names: readonly string[]): Promise<void> {
  const unknown = await tagger.unknownUsers(names);
  if (unknown.length > 0)
    throw new DataError(
      `field 'members': ${unknown.map((u) => JSON.stringify(u)).join(', ')} ${unknown.length === 1 ? 'is no user' : 'are no users'}; create users with tagger add-user`,
      { field: 'members', value: unknown },
    );
}

/**
 * Creates a tagging project.
 *
 * @example
 * const p = await createProject(store.tagger, { name: 'youtube spam', labels: [{ label: 'ham', index: 0 }, { label: 'spam', index: 1 }], members: ['alice'] });
 */
export async function createProject(tagger: TaggerRepository, settings: ProjectSettings, createdBy: string | null = null): Promise<TaggerProject> {
  return (await createProjectWithRecords(tagger, settings, [], createdBy)).project;
}

/**
 * Creates a project and adds its records in one transaction: every record is checked first, so when one is refused,
 * nothing is written.
 *
 * @example
 * await createProjectWithRecords(store.tagger, { name: 'spam', labels }, [{ id: 'c1', text: 'hi' }], 'alice')
 */
export async function createProjectWithRecords(
  tagger: TaggerRepository,
  settings: ProjectSettings,
  records: readonly RecordInput[],
  createdBy: string | null = null,
): Promise<{ project: TaggerProject; records: number }> {
  const project = checkedProject(settings, createdBy);
  await checkMembers(tagger, settings.members ?? []);
  const rows = recordRows(project, records);
  const members = [...new Set([...(settings.members ?? []), ...(createdBy ? [createdBy] : [])])];
  const created = await tagger.createProject(project, members, rows);
  if (!created) throw new DataError(`project id ${JSON.stringify(project.id)} already exists`, { field: 'id', value: project.id });
  return { project: created, records: rows.length };
}

/** A project by id, or null. */
export function getProject(tagger: TaggerRepository, id: string): Promise<TaggerProject | null> {
  return tagger.getProject(id);
}

/** The projects a user may open (all of them for an admin), newest first, with their progress. */
export function listProjects(tagger: TaggerRepository, user: TaggerUser): Promise<Array<TaggerProject & { records: number; tagged: number }>> {
  return tagger.listProjects(user);
}

/** Whether `user` is a member of the project. */
export function isMember(tagger: TaggerRepository, projectId: string, user: string): Promise<boolean> {
  return tagger.isMember(projectId, user);
}

/** Lets `user` read and write the project. */
export async function addMember(tagger: TaggerRepository, projectId: string, user: string): Promise<void> {
  await existingProject(tagger, projectId);
  if ((await tagger.unknownUsers([user])).length > 0)
    throw new DataError(`field 'user': ${JSON.stringify(user)} is no user; create it with tagger add-user`, { field: 'user', value: user });
  await tagger.addMember(projectId, user);
}

function checkPrediction(p: readonly number[], recordId: string, k: number): number[] {
  if (!Array.isArray(p) || p.length !== k || p.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new DataError(`record ${recordId}: prediction must be ${k} finite probabilities (one per label index), got ${JSON.stringify(p)}`, {
      record: recordId,
      field: 'prediction',
    });
  }
  return [...p];
}

/** The number of classes of a project (label indexes run 0 … k-1). */
const classCount = (project: TaggerProject): number => project.labels.reduce((a, l) => Math.max(a, l.index), -Infinity) + 1;

/**
 * Checks records and turns them into stored rows: the seeded rank, the split (the 'test' split for ranks under the
 * project's `evalFraction`), the prediction's margin. Throws DataError naming the record and the field.
 */
function recordRows(project: TaggerProject, records: readonly RecordInput[]): TaggerRecordWrite[] {
  const k = classCount(project);
  const seen = new Set<string>();
  return records.map((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r))
      throw new DataError(`records[${i}] is ${JSON.stringify(r)}; expected an object { id, text, metadata?, hints?, prediction? }`, {
        record: i + 1,
        field: `records[${i}]`,
      });
    if (typeof r.id !== 'string' || r.id === '') throw new DataError(`record ${i + 1}: id must be a non-empty string`, { record: i + 1, field: 'id' });
    if (typeof r.text !== 'string') throw new DataError(`record ${r.id}: text must be a string`, { record: r.id, field: 'text' });
    if (seen.has(r.id)) throw new DataError(`record ${r.id} appears twice`, { record: r.id, field: 'id' });
    seen.add(r.id);
    const rank = seededRank(project.seed, r.id);
    const prediction = r.prediction === undefined || r.prediction === null ? null : checkPrediction(r.prediction, r.id, k);
    return {
      id: r.id,
      text: r.text.replaceAll('\u0000', ''),
      metadata: r.metadata ?? {},
      split: r.split ?? (rank < project.evalFraction ? 'test' : 'train'),
      randomRank: rank,
      hints: r.hints ?? null,
      prediction,
      margin: prediction ? uncertaintyMargin(prediction) : null,
    };
  });
}

/** The project `projectId`, or a DataError naming it. */
async function existingProject(tagger: TaggerRepository, projectId: string): Promise<TaggerProject> {
  const project = await tagger.getProject(projectId);
  if (!project) throw new DataError(`project ${JSON.stringify(projectId)} does not exist`, { field: 'project', value: projectId });
  return project;
}

/**
 * Adds records to a project (an existing id is replaced, keeping its tags); returns how many were written.
 * Records whose seeded rank falls under the project's `evalFraction` go to the 'test' split.
 *
 * @example
 * await addRecords(store.tagger, p.id, [{ id: 'c1', text: 'check out my channel', prediction: [0.4, 0.6] }]);
 */
export async function addRecords(tagger: TaggerRepository, projectId: string, records: readonly RecordInput[]): Promise<number> {
  const project = await existingProject(tagger, projectId);
  return tagger.upsertRecords(projectId, recordRows(project, records));
}

/**
 * Stores new model predictions (class probabilities by label index); active ordering uses them from the next request on.
 * Returns how many records were updated (unknown ids are ignored).
 */
export async function setPredictions(
  tagger: TaggerRepository,
  projectId: string,
  predictions: ReadonlyArray<{ id: string; prediction: readonly number[] }>,
): Promise<number> {
  const k = classCount(await existingProject(tagger, projectId));
  const checked = predictions.map((p, i) => {
    if (typeof p !== 'object' || p === null || typeof p.id !== 'string') {
      throw new DataError(`predictions[${i}] is ${JSON.stringify(p)}; expected { id: string, prediction: number[] }`, {
        record: i + 1,
        field: `predictions[${i}].id`,
      });
    }
    if (p.prediction === undefined)
      throw new DataError(`predictions[${i}] (record ${p.id}) has no field 'prediction'; expected ${k} probabilities`, {
        record: p.id,
        field: `predictions[${i}].prediction`,
      });
    const prediction = checkPrediction(p.prediction, p.id, k);
    return { id: p.id, prediction, margin: uncertaintyMargin(prediction) };
  });
  return tagger.setPredictions(projectId, checked);
}
