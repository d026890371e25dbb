// Specifies that every bad request to the tagger gets a 4xx naming the field (none a 500), that a refused upload
// leaves no project behind, and that a 5xx is logged with its cause and without secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store, TaggerRepository } from '@skimmer/core';
import { buildTaggerApp } from '../src/server.ts';
import { addRecords, createProject } from '@skimmer/tagging';
import { signUp, taggerTestStore, uploadBody } from './taggerFixtures.ts';

const LABELS = [
  { label: 'ham', index: 0 },
  { label: 'spam', index: 1 },
];
let store: Store;
let app: FastifyInstance;
let tokens: Record<string, string>;
let projectId: string;

async function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${tokens.alice}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, error: (res.json() as { error?: string }).error ?? '' };
}

const projectCount = async () => (await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM tagger_projects')).rows[0]!.n;

beforeAll(async () => {
  store = await taggerTestStore();
  tokens = await signUp(store, 'alice');
  app = await buildTaggerApp({ tagger: store.tagger, logger: false });
  projectId = (await createProject(store.tagger, { name: 'bad input', labels: LABELS, members: ['alice'] })).id;
  await addRecords(store.tagger, projectId, [{ id: 'r1', text: 'hello' }]);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('bad requests get a 4xx naming the field', () => {
  const cases: Array<[string, 'POST', () => string, unknown, RegExp]> = [
    ['an unknown member', 'POST', () => `/api/projects/${projectId}/members`, { user: 'nobody' }, /field 'user': "nobody" is no user/],
    ['seed "abc"', 'POST', () => '/api/projects', { settings: { name: 'p', labels: LABELS, seed: 'abc' } }, /field 'seed' is "abc"; expected an integer/],
    ['a non-string name', 'POST', () => '/api/projects', { settings: { name: 42, labels: LABELS } }, /field 'name' is 42; expected a non-empty string/],
    ['labels that are not label objects', 'POST', () => '/api/projects', { settings: { name: 'p', labels: [null, 1] } }, /labels\[0\] is null/],
    [
      'a label index beyond the label count',
      'POST',
      () => '/api/projects',
      {
        settings: {
          name: 'p',
          labels: [
            { label: 'ham', index: 0 },
            { label: 'spam', index: 99999999999 },
          ],
        },
      },
      /index 99999999999; expected an integer from 0 to 1/,
    ],
    [
      'a prediction without `prediction`',
      'POST',
      () => `/api/projects/${projectId}/predictions`,
      { predictions: [{ id: 'r1' }] },
      /predictions\[0\] \(record r1\) has no field 'prediction'/,
    ],
    ['records: [null]', 'POST', () => `/api/projects/${projectId}/records`, { records: [null] }, /records\[0\] is null; expected an object/],
    [
      'resolving an unknown record',
      'POST',
      () => `/api/projects/${projectId}/resolve`,
      { recordId: 'nope', label: 1 },
      /field 'recordId': record "nope" is not in project/,
    ],
    [
      'a tag with a label index outside the project',
      'POST',
      () => `/api/projects/${projectId}/tags`,
      { recordId: 'r1', label: 99999999999 },
      /label 99999999999 is not one of project/,
    ],
  ];
  for (const [what, method, url, payload, message] of cases) {
    it(`refuses ${what} with 400`, async () => {
      const res = await call(method, url(), payload);
      expect(res.status).toBe(400);
      expect(res.error).toMatch(message);
    });
  }

  it('refuses a labels file with index 99999999999 at upload, before any tag can fail', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { authorization: `Bearer ${tokens.alice}` },
      payload: uploadBody({ data: ['ok.csv', 'id,text\n1,hi\n'], labels: ['labels.csv', 'label,index\nham,0\nspam,99999999999\n'] }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('labels.csv: label "spam" has index 99999999999; expected an integer from 0 to 1 (one per label)');
  });
});

describe('a refused upload is all or nothing', () => {
  it('leaves no empty project behind when a record is refused after the project was valid', async () => {
    const before = await projectCount();
    const res = await call('POST', '/api/projects', {
      settings: { name: 'half', labels: LABELS },
      records: [
        { id: 'a', text: 'ok' },
        { id: 'a', text: 'twice' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.error).toBe('record a appears twice');
    expect(await projectCount()).toBe(before);
  });
});

describe('a 5xx is logged with its cause, without secrets', () => {
  it('logs the failing request without its query string or token', async () => {
    const lines: string[] = [];
    const failing: TaggerRepository = {
      ...store.tagger,
      listProjects: async () => {
        throw new Error('disk on fire');
      },
    };
    const logged = await buildTaggerApp({ tagger: failing, logStream: { write: (l) => lines.push(l) } });
    try {
      const res = await logged.inject({ method: 'GET', url: '/api/projects?api_key=sekrit-in-query', headers: { authorization: `Bearer ${tokens.alice}` } });
      expect(res.statusCode).toBe(500);
      const text = lines.join('');
      expect(text).toContain('GET /api/projects failed: disk on fire');
      expect(text).not.toContain('sekrit-in-query');
      expect(text).not.toContain(tokens.alice!);
    } finally {
      await logged.close();
    }
  });
});
