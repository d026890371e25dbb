// Specifies the tagger's HTTP API: who may call it, upload checks, durable tags and undo, ordering, hints, agreement, exports.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDataset } from '@skimmer/plugins-datasets';
import type { FastifyInstance } from 'fastify';
import type { Store } from '@skimmer/core';
import { buildTaggerApp } from '../src/server.ts';
import { addRecords, addUser, createProject, hashToken, listProjects, openSession, readGoldLabels, userBySession, userByToken } from '@skimmer/tagging';
import { runTaggerCli } from '../src/cli.ts';
import { csvText, signUp, SPAM_LABELS_CSV, taggerTestStore, uploadBody, youtubeComments } from './taggerFixtures.ts';

const LABELS = [
  { label: 'ham', index: 0 },
  { label: 'spam', index: 1 },
];
let store: Store;
let app: FastifyInstance;
let tokens: Record<string, string>;

const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

async function call(user: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await app.inject({ method, url, headers: user ? as(user) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, json: () => res.json(), text: res.body, headers: res.headers };
}

async function tag(user: string, projectId: string, recordId: string, label: number | null) {
  return call(user, 'POST', `/api/projects/${projectId}/tags`, { recordId, label, timeSpentMs: 1200 });
}

beforeAll(async () => {
  store = await taggerTestStore();
  tokens = await signUp(store, 'alice', 'bob', 'mallory');
  app = await buildTaggerApp({ tagger: store.tagger, uploadLimitBytes: 64 * 1024 });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('access', () => {
  it('refuses a request without a token with 401', async () => {
    const res = await call(null, 'GET', '/api/projects');
    expect(res.status).toBe(401);
    expect(res.json().error).toBe('sign in first: this needs a valid annotator token');
  });

  it('refuses a wrong token with 401', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/projects', headers: { authorization: 'Bearer tg_forged' } });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a signed-in user who is not a member of the project with 403', async () => {
    const project = await createProject(store.tagger, { name: 'private', labels: LABELS, members: ['alice'] });
    const res = await call('mallory', 'GET', `/api/projects/${project.id}`);
    expect(res.status).toBe(403);
    expect(res.json().error).toBe(`user mallory is not a member of project ${project.id}`);
  });

  it('sends a strict Content-Security-Policy with the page', async () => {
    const res = await call(null, 'GET', '/');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });
});

describe('uploads', () => {
  it('creates a project from a CSV data file and a labels file, keeping other columns as metadata', async () => {
    const data = csvText(
      ['id', 'text', 'author'],
      [
        ['c1', 'check my channel', 'ann'],
        ['c2', 'great song', 'bo'],
      ],
    );
    const res = await call('alice', 'POST', '/api/projects', uploadBody({ data: ['comments.csv', data], labels: ['labels.csv', SPAM_LABELS_CSV] }));
    expect(res.status).toBe(201);
    const { project, records } = res.json();
    expect(records).toBe(2);
    expect(project.labels).toEqual(LABELS);
    const next = await call('alice', 'POST', `/api/projects/${project.id}/next`, { limit: 5 });
    expect(next.json().records.map((r: { id: string; metadata: unknown }) => [r.id, r.metadata])).toEqual([
      ['c1', { author: 'ann' }],
      ['c2', { author: 'bo' }],
    ]);
  });

  it('creates a project from a Parquet data file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tagger-parquet-'));
    try {
      const file = path.join(dir, 'comments.parquet');
      await writeDataset(
        file,
        youtubeComments(5).map((c) => ({ id: c.id, text: c.text, author: c.author })),
      );
      const res = await call(
        'alice',
        'POST',
        '/api/projects',
        uploadBody({ data: ['comments.parquet', await readFile(file)], labels: ['labels.csv', SPAM_LABELS_CSV] }),
      );
      expect(res.status).toBe(201);
      const next = await call('alice', 'POST', `/api/projects/${res.json().project.id}/next`, { limit: 1 });
      expect(next.json().records[0]).toMatchObject({ id: youtubeComments(1)[0]!.id, metadata: { author: youtubeComments(1)[0]!.author } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file over the limit with 413 and names the limit', async () => {
    const big = csvText(
      ['id', 'text'],
      Array.from({ length: 3000 }, (_, i) => [`r${i}`, 'x'.repeat(30)]),
    );
    const res = await call('alice', 'POST', '/api/projects', uploadBody({ data: ['big.csv', big], labels: ['labels.csv', SPAM_LABELS_CSV] }));
    expect(res.status).toBe(413);
    expect(res.json().error).toBe('big.csv is too large: the upload limit is 64 KB per file');
  });

  it('refuses a CSV without a text column, naming the columns it found', async () => {
    const res = await call(
      'alice',
      'POST',
      '/api/projects',
      uploadBody({ data: ['notext.csv', 'id,body\n1,hello\n'], labels: ['labels.csv', SPAM_LABELS_CSV] }),
    );
    expect(res.status).toBe(400);
    expect(res.json().error).toBe("notext.csv: no column 'text' (columns: id, body); a data file needs columns id and text");
  });

  it('refuses a malformed row, naming the file and line', async () => {
    const res = await call(
      'alice',
      'POST',
      '/api/projects',
      uploadBody({ data: ['short.csv', 'id,text\n1,hello\n2\n'], labels: ['labels.csv', SPAM_LABELS_CSV] }),
    );
    expect(res.status).toBe(400);
    expect(res.json().error).toBe('short.csv:3: Invalid Record Length: columns length is 2, got 1 on line 3');
  });

  it('refuses a labels file whose index is not an integer, naming row and column', async () => {
    const res = await call(
      'alice',
      'POST',
      '/api/projects',
      uploadBody({ data: ['ok.csv', 'id,text\n1,hi\n'], labels: ['labels.csv', 'label,index\nham,0\nspam,one\n'] }),
    );
    expect(res.status).toBe(400);
    expect(res.json().error).toBe(`labels.csv:3: column 'index' is "one"; expected an integer`);
  });
});

describe('tagging', () => {
  it('acknowledges a tag only once it is stored, and undo removes the latest one', async () => {
    const project = await createProject(store.tagger, { name: 'undo', labels: LABELS, members: ['alice'] });
    await addRecords(store.tagger, project.id, youtubeComments(3));
    const [c1, c2] = youtubeComments(2);
    expect((await tag('alice', project.id, c1!.id, 1)).status).toBe(200);
    expect((await tag('alice', project.id, c2!.id, 0)).json().progress).toEqual({ done: 2, total: 3, mine: 2 });
    const undo = await call('alice', 'POST', `/api/projects/${project.id}/undo`);
    expect(undo.json().record.id).toBe(c2!.id);
    expect(await readGoldLabels(store.tagger, project.id)).toEqual([{ dataset: project.id, itemId: c1!.id, label: 1, annotator: 'alice', timeSpentMs: 1200 }]);
    expect(await store.goldLabels.read(project.id)).toMatchObject([{ itemId: c1!.id, label: 1, annotator: 'alice', timeSpentMs: 1200 }]);
  });

  it('serves the most uncertain record first under active ordering, and refreshes when predictions are posted', async () => {
    const project = await createProject(store.tagger, { name: 'active', labels: LABELS, ordering: 'active', members: ['alice'] });
    await addRecords(store.tagger, project.id, [
      { id: 'sure', text: 'a', prediction: [0.95, 0.05] },
      { id: 'unsure', text: 'b', prediction: [0.55, 0.45] },
      { id: 'middle', text: 'c', prediction: [0.2, 0.8] },
    ]);
    const first = await call('alice', 'POST', `/api/projects/${project.id}/next`, { limit: 3 });
    expect(first.json().records.map((r: { id: string }) => r.id)).toEqual(['unsure', 'middle', 'sure']);
    await call('alice', 'POST', `/api/projects/${project.id}/predictions`, { predictions: [{ id: 'sure', prediction: [0.5, 0.5] }] });
    const second = await call('alice', 'POST', `/api/projects/${project.id}/next`, { limit: 1 });
    expect(second.json().records.map((r: { id: string }) => r.id)).toEqual(['sure']);
  });

  it('hides hints for records of the test split, and reserves the evaluation slice before the model ranks anything', async () => {
    const project = await createProject(store.tagger, { name: 'eval', labels: LABELS, ordering: 'active', evalFraction: 0.5, seed: 3, members: ['alice'] });
    const comments = youtubeComments(20);
    await addRecords(
      store.tagger,
      project.id,
      comments.map((c, i) => ({ ...c, prediction: [i / 20, 1 - i / 20], hints: { lfVotes: { has_link: 1 } } })),
    );
    const { records } = (await call('alice', 'POST', `/api/projects/${project.id}/next`, { limit: 20 })).json();
    const tests = records.filter((r: { split: string }) => r.split === 'test');
    expect(tests.length).toBeGreaterThan(0);
    expect(records.slice(0, tests.length).every((r: { split: string }) => r.split === 'test')).toBe(true);
    expect(tests.every((r: { hints?: unknown }) => r.hints === undefined)).toBe(true);
    expect(records.find((r: { split: string }) => r.split === 'train').hints.lfVotes).toEqual({ has_link: 1 });
  });

  it("serves the hints `pipeline iterate` stores: the LFs' votes, the label model's probabilities and the prediction", async () => {
    const project = await createProject(store.tagger, { name: 'iterate hints', labels: LABELS, members: ['alice'] });
    const hints = { lfVotes: { has_link: 1, short: 0 }, labelModel: { ham: 0.125, spam: 0.875 } };
    await addRecords(store.tagger, project.id, [
      { id: 'h1', text: 'check out my channel', split: 'train', hints, prediction: [0.25, 0.75] },
      { id: 'h2', text: 'nice song', split: 'train', hints: { labelModel: { ham: 0.5, spam: 0.5 } } },
      { id: 'h3', text: 'no hints', split: 'train' },
    ]);
    const { records } = (await call('alice', 'POST', `/api/projects/${project.id}/next`, { limit: 10 })).json();
    expect(records.map((r: { id: string; hints?: unknown }) => [r.id, r.hints])).toEqual([
      ['h1', { lfVotes: { has_link: 1, short: 0 }, labelModel: { ham: 0.125, spam: 0.875 }, prediction: [0.25, 0.75] }],
      ['h2', { labelModel: { ham: 0.5, spam: 0.5 } }],
      ['h3', undefined],
    ]);
  });
});

describe('two annotators on overlapping records', () => {
  it("reports Cohen's kappa equal to the hand computation, and lists the disagreements for review", async () => {
    const project = await createProject(store.tagger, { name: 'overlap', labels: LABELS, overlap: 2, members: ['alice', 'bob'] });
    const comments = youtubeComments(10);
    await addRecords(store.tagger, project.id, comments);
    // alice: 1 1 1 1 1 0 0 0 0 0     bob: 1 1 1 0 0 0 0 0 0 1
    // Agreement on records 1–3 and 6–9: p_o = 7/10. alice says 1 on 5/10, bob on 4/10:
    // p_e = 0.5·0.4 + 0.5·0.6 = 0.5, so κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    // α (nominal): n = 20 values, 6 disagreeing pairings, n_1 = 9, n_0 = 11 → 1 − 19·6 / (2·9·11) = 14/33.
    const alice = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    const bob = [1, 1, 1, 0, 0, 0, 0, 0, 0, 1];
    for (const [i, c] of comments.entries()) {
      await tag('alice', project.id, c.id, alice[i]!);
      await tag('bob', project.id, c.id, bob[i]!);
    }
    const agreement = (await call('alice', 'GET', `/api/projects/${project.id}/agreement`)).json();
    expect(agreement.annotators).toEqual(['alice', 'bob']);
    expect(agreement.overlapping).toBe(10);
    expect(agreement.cohensKappa).toBeCloseTo(0.4, 12);
    expect(agreement.krippendorffAlpha).toBeCloseTo(14 / 33, 12);
    const conflicts = (await call('alice', 'GET', `/api/projects/${project.id}/conflicts`)).json().conflicts;
    expect(conflicts.map((c: { id: string }) => c.id)).toEqual([comments[3]!.id, comments[4]!.id, comments[9]!.id]);
    await call('bob', 'POST', `/api/projects/${project.id}/resolve`, { recordId: comments[3]!.id, label: 1 });
    const gold = await readGoldLabels(store.tagger, project.id);
    expect(gold).toHaveLength(8);
    expect(gold.find((g) => g.itemId === comments[3]!.id)).toMatchObject({ label: 1, annotator: 'bob+alice+bob' });
  });
});

describe('downloads', () => {
  it('exports the same gold labels as CSV and JSONL, and Parquet starts with its magic bytes', async () => {
    const project = await createProject(store.tagger, { name: 'export', labels: LABELS, members: ['alice'] });
    await addRecords(store.tagger, project.id, [
      { id: 'q', text: 'say "hi", then\nleave' },
      { id: 'r', text: 'plain' },
    ]);
    await tag('alice', project.id, 'q', 1);
    await tag('alice', project.id, 'r', null);
    const csv = await call('alice', 'GET', `/api/projects/${project.id}/export?format=csv`);
    expect(csv.text).toBe('id,label,label_name,split,annotators,time_spent_ms,text\r\nq,1,spam,train,alice,1200,"say ""hi"", then\nleave"\r\n');
    const jsonl = await call('alice', 'GET', `/api/projects/${project.id}/export?format=jsonl`);
    expect(
      jsonl.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ id: 'q', label: 1, label_name: 'spam', split: 'train', annotators: 'alice', time_spent_ms: 1200, text: 'say "hi", then\nleave' }]);
    const parquet = await app.inject({ method: 'GET', url: `/api/projects/${project.id}/export?format=parquet`, headers: as('alice') });
    expect(parquet.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
  });
});

describe('the add-user command', () => {
  it('prints a token once and stores only its hash', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await runTaggerCli(['add-user', 'carol'], async () => ({ ...store, close: async () => {} }))).toBe(0);
      const printed = String(log.mock.calls[0]![0]);
      const token = printed.split('\n')[1]!;
      expect(printed).toBe(`user carol created; token (shown once, keep it safe):\n${token}`);
      expect(await userByToken(store.tagger, token)).toEqual({ name: 'carol', isAdmin: false });
      const { rows } = await store.sql.query<{ token_hash: string }>("SELECT token_hash FROM tagger_users WHERE name = 'carol'");
      expect(rows).toEqual([{ token_hash: hashToken(token) }]);
    } finally {
      log.mockRestore();
    }
  });

  /** Runs the CLI on the test store; what it printed on stdout and stderr. */
  async function cli(...argv: string[]) {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await runTaggerCli(argv, async () => ({ ...store, close: async () => {} }));
      return { code, stdout: log.mock.calls.map((c) => c.join(' ')), stderr: err.mock.calls.map((c) => c.join(' ')) };
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  }

  it('refuses an existing user with one line and exit 2, and leaves its token working', async () => {
    const token = await addUser(store.tagger, 'erin');
    expect(await cli('add-user', 'erin')).toEqual({
      code: 2,
      stdout: [],
      stderr: ['tagger: user "erin" exists; to issue a new token and revoke the old one, run tagger rotate-token erin'],
    });
    expect(await cli('add-user', 'erin', '--admin')).toMatchObject({ code: 2, stdout: [] });
    expect(await userByToken(store.tagger, token)).toEqual({ name: 'erin', isAdmin: false });
  });

  it('rotate-token prints a new token, revokes the old one and the open sessions, and keeps the role', async () => {
    const old = await addUser(store.tagger, 'frank', { admin: true });
    const session = (await openSession(store.tagger, { user: 'frank', token: old }, 3600))!;
    const other = (await openSession(store.tagger, { user: 'alice', token: tokens.alice! }, 3600))!;
    const { code, stdout, stderr } = await cli('rotate-token', 'frank');
    expect({ code, stderr }).toEqual({ code: 0, stderr: [] });
    const [line, token] = stdout[0]!.split('\n');
    expect(line).toBe('user frank (admin): new token (shown once, keep it safe); the old token and open sessions no longer work:');
    expect(token).toMatch(/^tg_[A-Za-z0-9_-]{43}$/);
    expect(await userByToken(store.tagger, token!)).toEqual({ name: 'frank', isAdmin: true });
    expect(await userByToken(store.tagger, old)).toBeNull();
    expect(await userBySession(store.tagger, session)).toBeNull();
    expect(await userBySession(store.tagger, other)).toEqual({ name: 'alice', isAdmin: false }); // only frank's sessions end
  });

  it('refuses bad command lines with one line and exit 2, before opening the store', async () => {
    const open = vi.fn(async () => store);
    const refused = async (...argv: string[]) => {
      const err = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        return { code: await runTaggerCli(argv, open), stderr: err.mock.calls.map((c) => c.join(' ')) };
      } finally {
        err.mockRestore();
      }
    };
    expect(await refused('rotate-token', 'erin', '--admin')).toEqual({
      code: 2,
      stderr: ["tagger: rotate-token: Unknown option '--admin' (tagger --help shows the usage)"],
    });
    expect(await refused('add-user')).toEqual({ code: 2, stderr: ['tagger: add-user needs NAME (tagger add-user NAME)'] });
    expect(await refused('add-user', 'a', 'b')).toEqual({ code: 2, stderr: ['tagger: add-user: unexpected argument "b" (tagger --help shows the usage)'] });
    expect(await refused('frob')).toEqual({
      code: 2,
      stderr: ['tagger: unknown command "frob" (commands: add-user, rotate-token, add-member, serve; tagger --help shows the usage)'],
    });
    expect(await refused('serve', '--upload-limit-mb', 'abc')).toEqual({
      code: 2,
      stderr: ['tagger: --upload-limit-mb: expected a positive number of megabytes, got "abc"'],
    });
    expect(await refused('serve', '--session-hours', '0')).toEqual({
      code: 2,
      stderr: ['tagger: --session-hours: expected a positive number of hours, got "0"'],
    });
    expect(open).not.toHaveBeenCalled();
  });

  it('add-member lets a user open a project; an unknown project or user is refused with one line and exit 2', async () => {
    const project = await createProject(store.tagger, { id: 'youtube-spam-active-learning', name: 'iterate', labels: LABELS });
    await addUser(store.tagger, 'gina');
    const gina = { name: 'gina', isAdmin: false };
    expect((await listProjects(store.tagger, gina)).map((p) => p.id)).toEqual([]);
    expect(await cli('add-member', project.id, 'gina')).toEqual({
      code: 0,
      stdout: ['user gina is a member of project youtube-spam-active-learning'],
      stderr: [],
    });
    expect((await listProjects(store.tagger, gina)).map((p) => p.id)).toEqual([project.id]);
    expect(await cli('add-member', project.id, 'gina')).toMatchObject({ code: 0 }); // again: no change, no error
    expect(await cli('add-member', 'nope', 'gina')).toEqual({ code: 2, stdout: [], stderr: ['tagger: project "nope" does not exist'] });
    expect(await cli('add-member', project.id, 'nobody')).toEqual({
      code: 2,
      stdout: [],
      stderr: [`tagger: field 'user': "nobody" is no user; create it with tagger add-user`],
    });
    expect(await cli('add-member', project.id)).toEqual({
      code: 2,
      stdout: [],
      stderr: ['tagger: add-member needs PROJECT USER (tagger add-member PROJECT USER)'],
    });
  });

  it('rotate-token refuses an unknown user with one line and exit 2', async () => {
    expect(await cli('rotate-token', 'nobody')).toEqual({ code: 2, stdout: [], stderr: ['tagger: no user "nobody"; create it with tagger add-user nobody'] });
  });
});
