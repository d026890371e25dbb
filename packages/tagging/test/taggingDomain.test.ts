// The tagging domain over a real store (PGlite in memory): what it checks before writing, what a tag writes, gold and review.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import {
  addRecords,
  addUser,
  closeSession,
  createProject,
  createProjectWithRecords,
  goldRows,
  listConflicts,
  listProjects,
  nextRecords,
  openSession,
  readGoldLabels,
  recordTag,
  resolveConflict,
  undoLastTag,
  userBySession,
} from '../src/index.ts';

const LABELS = [
  { label: 'ham', index: 0 },
  { label: 'spam', index: 1 },
];
const ADMIN = { name: 'root', isAdmin: true };

let store: Store;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  expect(await store.tagger.migrate()).toEqual(['tagger/001_tagger', 'tagger/002_sessions']);
  for (const name of ['alice', 'bob']) tokens[name] = await addUser(store.tagger, name);
});
afterAll(async () => {
  await store?.close();
});

describe('projects and records', () => {
  it('checks every record before writing, so a refused record leaves no project behind', async () => {
    const before = (await listProjects(store.tagger, ADMIN)).length;
    const refused = createProjectWithRecords(store.tagger, { id: 'p-bad', name: 'bad', labels: LABELS }, [
      { id: 'a', text: 'fine' },
      { id: 'b', text: 'bad prediction', prediction: [0.5] },
    ]);
    await expect(refused).rejects.toMatchObject({ name: 'DataError', context: { record: 'b', field: 'prediction' } });
    expect((await listProjects(store.tagger, ADMIN)).length).toBe(before);
    await expect(createProject(store.tagger, { name: 'x', labels: LABELS, members: ['nobody'] })).rejects.toThrow(
      `field 'members': "nobody" is no user; create users with tagger add-user`,
    );
  });

  it('appends records after the last one and replaces an existing id in place', async () => {
    const { project } = await createProjectWithRecords(store.tagger, { id: 'p-order', name: 'order', labels: LABELS, members: ['alice'] }, [
      { id: 'r1', text: 'one' },
      { id: 'r2', text: 'two' },
    ]);
    expect(
      await addRecords(store.tagger, project.id, [
        { id: 'r3', text: 'three' },
        { id: 'r1', text: 'one, edited\u0000' },
      ]),
    ).toBe(2);
    const queue = await nextRecords(store.tagger, project, 'alice', 10);
    expect(queue.map((r) => [r.id, r.text])).toEqual([
      ['r1', 'one, edited'],
      ['r2', 'two'],
      ['r3', 'three'],
    ]);
    await expect(createProject(store.tagger, { id: 'p-order', name: 'again', labels: LABELS })).rejects.toThrow('project id "p-order" already exists');
  });
});

describe('tags, gold labels and review', () => {
  it('mirrors a label into gold_labels, removes it on a skip or an undo, and refuses an unknown record', async () => {
    const project = await createProject(store.tagger, { id: 'p-tags', name: 'tags', labels: LABELS, members: ['alice'] });
    await addRecords(store.tagger, project.id, [{ id: 'c1', text: 'buy now' }]);
    await recordTag(store.tagger, project, 'alice', { recordId: 'c1', label: 1, timeSpentMs: 812.4 });
    expect(await store.goldLabels.read(project.id)).toMatchObject([{ itemId: 'c1', label: 1, annotator: 'alice', timeSpentMs: 812 }]);
    await recordTag(store.tagger, project, 'alice', { recordId: 'c1', label: null });
    expect(await store.goldLabels.read(project.id)).toEqual([]);
    await recordTag(store.tagger, project, 'alice', { recordId: 'c1', label: 0 });
    expect(await undoLastTag(store.tagger, project.id, 'alice')).toBe('c1');
    expect(await store.goldLabels.read(project.id)).toEqual([]);
    expect(await undoLastTag(store.tagger, project.id, 'alice')).toBeNull();
    await expect(recordTag(store.tagger, project, 'alice', { recordId: 'nope', label: 0 })).rejects.toThrow('record "nope" is not in project p-tags');
  });

  it('settles unanimous labels, lists a disagreement until a review resolves it', async () => {
    const project = await createProject(store.tagger, { id: 'p-gold', name: 'gold', labels: LABELS, overlap: 2, members: ['alice', 'bob'] });
    await addRecords(store.tagger, project.id, [
      { id: 'g1', text: 'same' },
      { id: 'g2', text: 'differ' },
    ]);
    for (const [who, id, label] of [
      ['alice', 'g1', 1],
      ['bob', 'g1', 1],
      ['alice', 'g2', 0],
      ['bob', 'g2', 1],
    ] as const)
      await recordTag(store.tagger, project, who, { recordId: id, label });
    expect((await goldRows(store.tagger, project)).map((r) => [r.id, r.label])).toEqual([['g1', 1]]);
    expect(await listConflicts(store.tagger, project.id)).toEqual([
      {
        id: 'g2',
        text: 'differ',
        votes: [
          { annotator: 'alice', label: 0 },
          { annotator: 'bob', label: 1 },
        ],
      },
    ]);
    await resolveConflict(store.tagger, project.id, 'g2', 0, 'alice');
    expect(await listConflicts(store.tagger, project.id)).toEqual([]);
    expect((await readGoldLabels(store.tagger, project.id)).map((g) => [g.itemId, g.label, g.annotator])).toEqual([
      ['g1', 1, 'alice+bob'],
      ['g2', 0, 'alice+alice+bob'],
    ]);
    await expect(resolveConflict(store.tagger, project.id, 'nope', 0, 'alice')).rejects.toThrow(`field 'recordId': record "nope" is not in project p-gold`);
  });
});

describe('sessions', () => {
  it('finds the user of an open session, and nobody once it is closed', async () => {
    const token = (await openSession(store.tagger, { user: 'bob', token: tokens.bob! }, 60))!;
    expect(await userBySession(store.tagger, token)).toEqual({ name: 'bob', isAdmin: false });
    await closeSession(store.tagger, token);
    expect(await userBySession(store.tagger, token)).toBeNull();
  });

  it("opens no session for a wrong token, nor for another user's token", async () => {
    expect(await openSession(store.tagger, { user: 'bob', token: 'tg_forged' }, 60)).toBeNull();
    expect(await openSession(store.tagger, { user: 'bob', token: tokens.alice! }, 60)).toBeNull();
  });
});

describe('iterations', () => {
  it('records a pushed batch, then its training, on a tagger project', async () => {
    expect(await store.iterations.migrate()).toEqual(['pipeline/001_iterations']);
    const pushed = await store.iterations.recordPushedBatch({
      projectId: 'p-gold',
      iteration: 1,
      runId: 'run-1',
      strategy: 'margin',
      selectedIds: ['g1', 'g2'],
    });
    expect(pushed).toMatchObject({ projectId: 'p-gold', iteration: 1, selectedIds: ['g1', 'g2'], goldSize: null, metrics: null, trainedAt: null });
    await store.iterations.recordTraining('p-gold', 1, { runId: 'run-2', goldSize: 2, goldDigest: 'abc', metrics: { f1: 0.5 }, classifierDir: 'out/1' });
    expect(await store.iterations.list('p-gold')).toMatchObject([{ iteration: 1, runId: 'run-2', goldSize: 2, metrics: { f1: 0.5 }, classifierDir: 'out/1' }]);
  });
});
