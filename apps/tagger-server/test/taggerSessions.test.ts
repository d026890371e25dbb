// Specifies the tagger's export and upload safety and its sessions: formula cells neutralised (OWASP), non-UTF-8
// uploads refused with the line (or decoded as declared), sign-out revoking the cookie server-side, expiry and Secure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store } from '@skimmer/core';
import { addRecords, addUser, createProject, csvField, recordTag, rotateToken } from '@skimmer/tagging';
import { buildTaggerApp } from '../src/server.ts';
import { signUp, SPAM_LABELS_CSV, taggerTestStore, uploadBody } from './taggerFixtures.ts';

let store: Store;
let app: FastifyInstance;
let tokens: Record<string, string>;
const bearer = () => ({ authorization: `Bearer ${tokens.alice}` });

beforeAll(async () => {
  store = await taggerTestStore();
  tokens = await signUp(store, 'alice');
  app = await buildTaggerApp({ tagger: store.tagger, logger: false, sessionTtlSeconds: 600 });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('CSV export', () => {
  it('neutralises every formula prefix (= + - @ tab CR) with a quote, as OWASP recommends', async () => {
    const texts = ["=cmd|' /C calc'!A0", '@SUM(1+1)', '+1', '-2+3', '\tx', '\ry', 'plain', 'say "hi"'];
    const project = await createProject(store.tagger, {
      name: 'formulas',
      labels: [
        { label: 'ham', index: 0 },
        { label: 'spam', index: 1 },
      ],
      members: ['alice'],
    });
    await addRecords(
      store.tagger,
      project.id,
      texts.map((text, i) => ({ id: `r${i}`, text })),
    );
    for (const i of texts.keys()) await recordTag(store.tagger, project, 'alice', { recordId: `r${i}`, label: 1 });
    const res = await app.inject({ method: 'GET', url: `/api/projects/${project.id}/export?format=csv`, headers: bearer() });
    const textColumn = res.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.slice(line.indexOf(',alice,') + ',alice,'.length).replace(/^[^,]*,/, ''));
    expect(textColumn).toEqual([`"'=cmd|' /C calc'!A0"`, `"'@SUM(1+1)"`, `"'+1"`, `"'-2+3"`, `"'\tx"`, `"'\ry"`, 'plain', '"say ""hi"""']);
    expect([csvField(-1), csvField(null), csvField('-')]).toEqual(['-1', '', `"'-"`]);
  });
});

describe('uploads', () => {
  const latin1 = Buffer.concat([Buffer.from('id,text\n1,tea\n2,caf'), Buffer.from([0xe9]), Buffer.from(' cr'), Buffer.from([0xe8]), Buffer.from('me\n')]);
  const upload = (fields: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: bearer(),
      payload: uploadBody({ data: ['latin.csv', latin1], labels: ['labels.csv', SPAM_LABELS_CSV] }, fields),
    });

  it('refuses a file that is not UTF-8, naming the line, and stores nothing', async () => {
    const before = (await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM tagger_projects')).rows[0]!.n;
    const res = await upload();
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('latin.csv:3: the file is not valid UTF-8; save it as UTF-8, or declare its encoding (e.g. encoding=windows-1252)');
    expect((await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM tagger_projects')).rows[0]!.n).toBe(before);
  });

  it('decodes the file as the encoding it declares', async () => {
    const res = await upload({ encoding: 'windows-1252' });
    expect(res.statusCode).toBe(201);
    const { rows } = await store.sql.query<{ text: string }>('SELECT text FROM tagger_records WHERE project_id = $1 ORDER BY position', [
      res.json().project.id,
    ]);
    expect(rows.map((r) => r.text)).toEqual(['tea', 'café crème']);
  });
});

describe('sessions', () => {
  const signIn = () => app.inject({ method: 'POST', url: '/api/session', payload: { user: 'alice', token: tokens.alice } });
  const cookieOf = (res: Awaited<ReturnType<typeof signIn>>) => String(res.headers['set-cookie']).split(';')[0]!;

  it('sign-out revokes the session server-side: the old cookie gets 401', async () => {
    const res = await signIn();
    const cookie = cookieOf(res);
    expect(cookie).not.toContain(encodeURIComponent(tokens.alice!)); // the cookie holds a session, not the add-user token
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer() })).statusCode).toBe(200); // the add-user token still works
  });

  it('the cookie carries the configured expiry, and Secure when asked; an expired session is refused', async () => {
    expect(String((await signIn()).headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=Strict; Path=\/; Max-Age=600$/);
    const secure = await buildTaggerApp({ tagger: store.tagger, logger: false, secureCookie: true, sessionTtlSeconds: 60 });
    try {
      const res = await secure.inject({ method: 'POST', url: '/api/session', payload: { user: 'alice', token: tokens.alice } });
      expect(String(res.headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=Strict; Path=\/; Secure; Max-Age=60$/);
      await store.sql.query("UPDATE tagger_sessions SET expires_at = now() - interval '1 second'");
      expect((await secure.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieOf(res) } })).statusCode).toBe(401);
    } finally {
      await secure.close();
    }
  });

  it('a sign-in whose token is rotated between its look-up and its session opens no session (401)', async () => {
    const token = await addUser(store.tagger, 'zoe');
    // The rotation commits right after the sign-in has read zoe by the old token, before it writes the session.
    const racing = await buildTaggerApp({
      tagger: {
        ...store.tagger,
        userByTokenHash: async (hash) => {
          const user = await store.tagger.userByTokenHash(hash);
          await rotateToken(store.tagger, 'zoe');
          return user;
        },
      },
      logger: false,
    });
    try {
      const res = await racing.inject({ method: 'POST', url: '/api/session', payload: { user: 'zoe', token } });
      expect({ status: res.statusCode, error: res.json().error, cookie: res.headers['set-cookie'] }).toEqual({
        status: 401,
        error: 'unknown user or wrong token',
        cookie: undefined,
      });
      const { rows } = await store.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM tagger_sessions WHERE user_name = 'zoe'");
      expect(rows[0]!.n).toBe(0);
    } finally {
      await racing.close();
    }
  });
});
