// Specifies the API's hardening: every route's real responses match the OpenAPI document, invisible-only text is
// refused, reload errors carry no server path, logs carry no query string, slow and surplus sockets are closed,
// and one minimum key length holds for $SKIMMER_API_KEYS too.
import net from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ClassifierError, ConfigError, type Classifier, type ProbMatrix } from '@skimmer/core';
import { ModelSlot, createServeApp, openApiDocument, resolveApiKeys, type LoadedModel } from '../src/index.ts';
import { SERVE_DEFAULTS } from '../src/createServeApp.ts';

const KEY = 'hardening-key-0123456789';
const auth = { authorization: `Bearer ${KEY}` };

function stubModel(id: string): LoadedModel {
  const classifier: Classifier = {
    type: 'stub',
    classNames: ['off-topic', 'on-topic'],
    fit: async () => {
      throw new Error('not trainable');
    },
    predictProba: async (texts): Promise<ProbMatrix> => ({ n: texts.length, k: 2, data: Float64Array.from(texts.flatMap(() => [0.25, 0.75])) }),
    save: async () => undefined,
  };
  return { id, classifier, dir: `/srv/models/${id}`, runId: null, loadedAt: '2026-01-01T00:00:00.000Z' };
}

describe('real responses against the OpenAPI document', () => {
  let app: FastifyInstance;
  let fail = false;
  let ready = true;
  const doc = openApiDocument({ maxBatch: SERVE_DEFAULTS.maxBatch, maxTextLength: SERVE_DEFAULTS.maxTextLength, bodyLimitBytes: 2048 }) as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const checked = new Set<string>();

  beforeAll(async () => {
    app = await createServeApp({
      slot: new ModelSlot(stubModel('m1')),
      loadModel: async () => {
        if (fail) throw new ClassifierError('/srv/skimmer/models/m9: no readable model.json in /srv/skimmer/models/m9');
        return stubModel('m2');
      },
      apiKeys: [KEY],
      bodyLimitBytes: 2048,
      ready: async () => ready,
    });
  });
  afterAll(async () => app.close());

  /** Sends the request, then validates status, content type and body against the document's entry for it. */
  async function conforms(method: 'GET' | 'POST', url: string, opts: { headers?: Record<string, string>; payload?: unknown; status: number }) {
    const res = await app.inject({ method, url, headers: opts.headers, payload: opts.payload as string | object | undefined });
    expect(res.statusCode, res.body).toBe(opts.status);
    const entry = doc.paths[url]?.[method.toLowerCase()]?.responses[String(res.statusCode)];
    expect(entry, `${method} ${url} ${res.statusCode} is in the document`).toBeDefined();
    const [type, media] = Object.entries(entry!.content ?? {})[0] ?? [];
    if (type) {
      expect(String(res.headers['content-type'])).toContain(type);
      const body = type === 'application/json' ? res.json() : res.body;
      const validate = ajv.compile(media!.schema);
      expect(validate(body), `${method} ${url} ${res.statusCode}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    checked.add(`${method} ${url} ${res.statusCode}`);
    return res;
  }

  it('POST /v1/classify: one text (exactly one oneOf branch), a batch, and every refusal', async () => {
    const single = await conforms('POST', '/v1/classify', { headers: auth, payload: { text: 'flood' }, status: 200 });
    const branches = (doc.paths['/v1/classify']!.post!.responses['200']!.content!['application/json']!.schema as { oneOf: object[] }).oneOf;
    expect(branches.map((b) => ajv.compile(b)(single.json()))).toEqual([true, false]);
    await conforms('POST', '/v1/classify', { headers: auth, payload: { texts: ['a', 'b'] }, status: 200 });
    await conforms('POST', '/v1/classify', { headers: auth, payload: { text: '' }, status: 400 });
    await conforms('POST', '/v1/classify', { payload: { text: 'x' }, status: 401 });
    await conforms('POST', '/v1/classify', { headers: auth, payload: { text: 'x'.repeat(4000) }, status: 413 });
    await conforms('POST', '/v1/classify', { headers: { ...auth, 'content-type': 'application/xml' }, payload: '<text>flood</text>', status: 415 });
  });

  it('refuses a text of only zero-width and other invisible characters as empty', async () => {
    for (const text of ['\u200B\u200C\u200D', '\uFEFF\u2060', '\u00AD \u3164', '\u2800\u034F\t']) {
      const res = await conforms('POST', '/v1/classify', { headers: auth, payload: { texts: ['fine', text] }, status: 400 });
      expect(res.json()).toEqual({ error: 'DATA_INVALID', message: 'texts[1] is empty; expected a non-empty text' });
    }
  });

  it('the model routes, reload errors without server paths, health, readiness, metrics and the document itself', async () => {
    await conforms('GET', '/v1/models', { headers: auth, status: 200 });
    await conforms('GET', '/v1/models', { status: 401 });
    await conforms('POST', '/v1/models/reload', { headers: auth, status: 200 });
    await conforms('POST', '/v1/models/reload', { headers: auth, payload: { model: 'x' }, status: 400 });
    fail = true;
    const refused = await conforms('POST', '/v1/models/reload', { headers: auth, status: 422 });
    expect(refused.json().message).toBe('m9: no readable model.json in m9');
    await conforms('GET', '/healthz', { status: 200 });
    await conforms('GET', '/readyz', { status: 200 });
    ready = false;
    await conforms('GET', '/readyz', { status: 503 });
    await conforms('GET', '/metrics', { headers: auth, status: 200 });
    await conforms('GET', '/metrics', { status: 401 });
    await conforms('GET', '/openapi.json', { status: 200 });
    // every documented route was called at least once
    const documented = Object.entries(doc.paths).map(([url, methods]) => `${Object.keys(methods)[0]!.toUpperCase()} ${url}`);
    expect(documented.filter((route) => ![...checked].some((c) => c.startsWith(`${route} `)))).toEqual([]);
  });
});

describe('logs and sockets', () => {
  it('leaves the query string (and the key in it) out of request logs', async () => {
    const lines: string[] = [];
    const app = await createServeApp({
      slot: new ModelSlot(stubModel('m1')),
      loadModel: async () => stubModel('m1'),
      apiKeys: [KEY],
      logger: { level: 'info', stream: { write: (l) => lines.push(l) } },
    });
    try {
      await app.inject({ method: 'GET', url: '/v1/models?api_key=leaked-key-0123456789', headers: { authorization: 'Bearer wrong-key-0123456789' } });
      await app.inject({ method: 'GET', url: '/nowhere?api_key=leaked-key-0123456789' });
      const text = lines.join('');
      expect(text).toContain('/v1/models');
      expect(text).not.toContain('leaked-key');
      expect(text).not.toContain('wrong-key');
    } finally {
      await app.close();
    }
  });

  it('closes a socket that sends its headers too slowly, and sockets over the connection cap', { timeout: 20_000 }, async () => {
    const app = await createServeApp({
      slot: new ModelSlot(stubModel('m1')),
      loadModel: async () => stubModel('m1'),
      apiKeys: [KEY],
      server: { headersTimeoutMs: 300, requestTimeoutMs: 600, maxConnections: 2 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const open = () =>
      new Promise<net.Socket>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
      });
    const closedWithin = (socket: net.Socket, ms: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
        socket.on('error', () => {});
        socket.resume();
      });
    try {
      const slow = await open();
      slow.write('POST /v1/classify HTTP/1.1\r\nHost: x\r\n'); // and never the rest
      const a = await open();
      const over = await open(); // the third of a cap of 2
      expect(await closedWithin(over, 1000)).toBe(true);
      expect(await closedWithin(slow, 5000)).toBe(true);
      a.destroy();
    } finally {
      await app.close();
    }
  });

  it('refuses an API key under 16 characters in $SKIMMER_API_KEYS as in the config file', () => {
    expect(() => resolveApiKeys({ apiKeys: [], apiKeysEnv: 'SKIMMER_API_KEYS' }, { SKIMMER_API_KEYS: `${KEY},x` })).toThrow(ConfigError);
    expect(() => resolveApiKeys({ apiKeys: [], apiKeysEnv: 'SKIMMER_API_KEYS' }, { SKIMMER_API_KEYS: `${KEY},x` })).toThrow(
      'key 2 has 1 characters; an API key needs at least 16',
    );
    expect(resolveApiKeys({ apiKeys: [], apiKeysEnv: 'SKIMMER_API_KEYS' }, { SKIMMER_API_KEYS: ` ${KEY} ` })).toEqual([KEY]);
  });
});
