// Tagging projects: create one, add its records (with optional hints and predictions), post predictions later, manage members.

import { randomBytes } from 'node:crypto';
import { DataError } from '@skimmer/core';
import type { SqlExecutor } from '@skimmer/core';
import { seededRank, uncertaintyMargin } from './recordRank.ts';

/** One label of a project: the name shown and the integer stored (the pipeline's class index). */
export interface LabelDefinition {
  label: string;
  index: number;
}

export type RecordOrdering = 'sequential' | 'random' | 'active';

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

/** A stored project. */
export interface TaggerProject extends Required<Omit<ProjectSettings, 'members'>> {
  createdBy: string | null;
}

/** Hints shown to annotators on request. */
export interface RecordHints {
  /** Votes of labeling functions by LF name (-1 = abstain). */
  lfVotes?: Record<string, number>;
  [key: string]: unknown;
}

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

interface ProjectRow {
  id: string;
  name: string;
  labels: LabelDefinition[];
  guidelines: string;
  ordering: RecordOrdering;
  seed: number;
  overlap: number;
  show_hints: boolean;
  eval_fraction: number;
  created_by: string | null;
}

const ORDERINGS: readonly RecordOrdering[] = ['sequential', 'random', 'active'];

function projectFromRow(r: ProjectRow): TaggerProject {
  return {
    id: r.id,
    name: r.name,
    labels: r.labels,
    guidelines: r.guidelines,
    ordering: r.ordering,
    seed: r.seed,
    overlap: r.overlap,
    showHints: r.show_hints,
    evalFraction: r.eval_fraction,
    createdBy: r.created_by,
  };
}

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

/** The members (a name may be listed once) that are no tagger user. */
async function unknownUsers(sql: SqlExecutor, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { rows } = await sql.query<{ name: string }>('SELECT name FROM tagger_users WHERE name = ANY($1::text[])', [[...names]]);
  const known = new Set(rows.map((r) => r.name));
  return names.filter((n) => !known.has(n));
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

/**
 * Creates a tagging project.
 *
 * @example
 * const p = await createProject(store.sql, { name: 'youtube spam', labels: [{ label: 'ham', index: 0 }, { label: 'spam', index: 1 }], members: ['alice'] });
 */
export async function createProject(sql: SqlExecutor, settings: ProjectSettings, createdBy: string | null = null): Promise<TaggerProject> {
  checkSettingTypes(settings);
  const labels = validateLabels(settings.labels);
  const ordering = settings.ordering ?? 'sequential';
  if (!ORDERINGS.includes(ordering)) throw new DataError(`ordering ${JSON.stringify(ordering)}: expected sequential, random or active`, { field: 'ordering' });
  const evalFraction = settings.evalFraction ?? 0;
  if (!(evalFraction >= 0 && evalFraction <= 1)) throw new DataError(`evalFraction ${evalFraction}: expected a number in [0, 1]`, { field: 'evalFraction' });
  const overlap = settings.overlap ?? 1;
  if (!Number.isInteger(overlap) || overlap < 1) throw new DataError(`overlap ${overlap}: expected an integer ≥ 1`, { field: 'overlap' });
  const id = settings.id ?? `${slug(settings.name)}-${randomBytes(3).toString('hex')}`;
  const unknown = await unknownUsers(sql, settings.members ?? []);
  if (unknown.length > 0)
    throw new DataError(
      `field 'members': ${unknown.map((u) => JSON.stringify(u)).join(', ')} ${unknown.length === 1 ? 'is no user' : 'are no users'}; create users with tagger add-user`,
      { field: 'members', value: unknown },
    );
  return createProjectIn(sql, { ...settings, labels, ordering, evalFraction, overlap }, id, createdBy);
}

/** Inserts a checked project (and its members) in one transaction. */
async function createProjectIn(
  sql: SqlExecutor,
  settings: ProjectSettings & Required<Pick<ProjectSettings, 'ordering' | 'evalFraction' | 'overlap'>>,
  id: string,
  createdBy: string | null,
): Promise<TaggerProject> {
  const { labels, ordering, evalFraction, overlap } = settings;
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<ProjectRow>(
      `INSERT INTO tagger_projects (id, name, labels, guidelines, ordering, seed, overlap, show_hints, eval_fraction, created_by)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [
        id,
        settings.name,
        JSON.stringify(labels),
        settings.guidelines ?? '',
        ordering,
        settings.seed ?? 0,
        overlap,
        settings.showHints ?? true,
        evalFraction,
        createdBy,
      ],
    );
    if (rows.length === 0) throw new DataError(`project id ${JSON.stringify(id)} already exists`, { field: 'id', value: id });
    const members = new Set([...(settings.members ?? []), ...(createdBy ? [createdBy] : [])]);
    if (members.size > 0) {
      await tx.query('INSERT INTO tagger_members (project_id, user_name) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [id, [...members]]);
    }
    return projectFromRow(rows[0]!);
  });
}

/**
 * Creates a project and adds its records in one transaction: when a record is refused, no project is left behind.
 *
 * @example
 * await createProjectWithRecords(store.sql, { name: 'spam', labels }, [{ id: 'c1', text: 'hi' }], 'alice')
 */
export async function createProjectWithRecords(
  sql: SqlExecutor,
  settings: ProjectSettings,
  records: readonly RecordInput[],
  createdBy: string | null = null,
): Promise<{ project: TaggerProject; records: number }> {
  return sql.transaction(async (tx) => {
    const project = await createProject(tx, settings, createdBy);
    return { project, records: await addRecords(tx, project.id, records) };
  });
}

/** A project by id, or null. */
export async function getProject(sql: SqlExecutor, id: string): Promise<TaggerProject | null> {
  const { rows } = await sql.query<ProjectRow>('SELECT * FROM tagger_projects WHERE id = $1', [id]);
  return rows[0] ? projectFromRow(rows[0]) : null;
}

/** The projects a user may open (all of them for an admin), newest first, with their progress. */
export async function listProjects(
  sql: SqlExecutor,
  user: { name: string; isAdmin: boolean },
): Promise<Array<TaggerProject & { records: number; tagged: number }>> {
  const { rows } = await sql.query<ProjectRow & { records: number; tagged: number }>(
    `SELECT p.*, (SELECT count(*)::int FROM tagger_records r WHERE r.project_id = p.id) AS records,
            (SELECT count(DISTINCT t.record_id)::int FROM tagger_tags t WHERE t.project_id = p.id AND t.label IS NOT NULL) AS tagged
     FROM tagger_projects p
     WHERE $2 OR EXISTS (SELECT 1 FROM tagger_members m WHERE m.project_id = p.id AND m.user_name = $1)
     ORDER BY p.created_at DESC, p.id`,
    [user.name, user.isAdmin],
  );
  return rows.map((r) => ({ ...projectFromRow(r), records: r.records, tagged: r.tagged }));
}

/** Whether `user` is a member of the project. */
export async function isMember(sql: SqlExecutor, projectId: string, user: string): Promise<boolean> {
  const { rows } = await sql.query('SELECT 1 FROM tagger_members WHERE project_id = $1 AND user_name = $2', [projectId, user]);
  return rows.length > 0;
}

/** Lets `user` read and write the project. */
export async function addMember(sql: SqlExecutor, projectId: string, user: string): Promise<void> {
  if ((await unknownUsers(sql, [user])).length > 0)
    throw new DataError(`field 'user': ${JSON.stringify(user)} is no user; create it with tagger add-user`, { field: 'user', value: user });
  await sql.query('INSERT INTO tagger_members (project_id, user_name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [projectId, user]);
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

/**
 * Adds records to a project (an existing id is replaced, keeping its tags); returns how many were written.
 * Records whose seeded rank falls under the project's `evalFraction` go to the 'test' split.
 *
 * @example
 * await addRecords(store.sql, p.id, [{ id: 'c1', text: 'check out my channel', prediction: [0.4, 0.6] }]);
 */
export async function addRecords(sql: SqlExecutor, projectId: string, records: readonly RecordInput[]): Promise<number> {
  const project = await getProject(sql, projectId);
  if (!project) throw new DataError(`project ${JSON.stringify(projectId)} does not exist`, { field: 'project', value: projectId });
  const k = project.labels.reduce((a, l) => Math.max(a, l.index), -Infinity) + 1;
  const { rows } = await sql.query<{ next: number }>('SELECT coalesce(max(position) + 1, 0)::int AS next FROM tagger_records WHERE project_id = $1', [
    projectId,
  ]);
  let position = rows[0]!.next;
  const seen = new Set<string>();
  const cols = {
    id: [] as string[],
    pos: [] as number[],
    text: [] as string[],
    meta: [] as string[],
    split: [] as string[],
    rank: [] as number[],
    hints: [] as (string | null)[],
    pred: [] as (string | null)[],
    margin: [] as (number | null)[],
  };
  for (const [i, r] of records.entries()) {
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
    cols.id.push(r.id);
    cols.pos.push(position++);
    cols.text.push(r.text.replaceAll('\u0000', ''));
    cols.meta.push(JSON.stringify(r.metadata ?? {}));
    cols.split.push(r.split ?? (rank < project.evalFraction ? 'test' : 'train'));
    cols.rank.push(rank);
    cols.hints.push(r.hints ? JSON.stringify(r.hints) : null);
    cols.pred.push(prediction ? JSON.stringify(prediction) : null);
    cols.margin.push(prediction ? uncertaintyMargin(prediction) : null);
  }
  await sql.query(
    `INSERT INTO tagger_records (project_id, id, position, text, metadata, split, random_rank, hints, prediction, margin)
     SELECT $1, id, pos, text, meta::jsonb, split, rank, hints::jsonb,
            CASE WHEN pred IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(pred::jsonb)::float8) END, margin
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[], $10::float8[])
       AS t(id, pos, text, meta, split, rank, hints, pred, margin)
     ON CONFLICT (project_id, id) DO UPDATE SET text = EXCLUDED.text, metadata = EXCLUDED.metadata, split = EXCLUDED.split,
       hints = EXCLUDED.hints, prediction = EXCLUDED.prediction, margin = EXCLUDED.margin`,
    [projectId, cols.id, cols.pos, cols.text, cols.meta, cols.split, cols.rank, cols.hints, cols.pred, cols.margin],
  );
  return records.length;
}

/**
 * Stores new model predictions (class probabilities by label index); active ordering uses them from the next request on.
 * Returns how many records were updated (unknown ids are ignored).
 */
export async function setPredictions(
  sql: SqlExecutor,
  projectId: string,
  predictions: ReadonlyArray<{ id: string; prediction: readonly number[] }>,
): Promise<number> {
  const project = await getProject(sql, projectId);
  if (!project) throw new DataError(`project ${JSON.stringify(projectId)} does not exist`, { field: 'project', value: projectId });
  const k = project.labels.reduce((a, l) => Math.max(a, l.index), -Infinity) + 1;
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
    return checkPrediction(p.prediction, p.id, k);
  });
  const { rows } = await sql.query<{ n: number }>(
    `WITH upd AS (
       UPDATE tagger_records r SET prediction = ARRAY(SELECT jsonb_array_elements_text(t.pred::jsonb)::float8), margin = t.margin
       FROM unnest($2::text[], $3::text[], $4::float8[]) AS t(id, pred, margin)
       WHERE r.project_id = $1 AND r.id = t.id RETURNING 1)
     SELECT count(*)::int AS n FROM upd`,
    [projectId, predictions.map((p) => p.id), checked.map((p) => JSON.stringify(p)), checked.map((p) => uncertaintyMargin(p))],
  );
  return rows[0]!.n;
}
