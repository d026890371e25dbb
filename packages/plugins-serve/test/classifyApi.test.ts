import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { linearClassifierFactory, type LinearClassifier } from '@skimmer/plugins-linear';
import { ModelSlot, createServeApp, loadModel } from '../src/index.ts';
import { CLASS_NAMES, trainAndSaveModel } from './trainedModel.ts';

const KEY = 'test-key-0123456789';
const auth = { authorization: `Bearer ${KEY}` };
const FLOOD = 'Hurricane Sandy flooding in Manhattan, subway stations under water';

describe('the classification API', () => {
  let app: FastifyInstance;
  let dir: string;
  let trained: LinearClassifier;

  beforeAll(async () => {
    ({ dir, classifier: trained } = await trainAndSaveModel());
    const load = () => loadModel({ dir }, { factories: [linearClassifierFactory] });
    app = await createServeApp({ slot: new ModelSlot(await load()), loadModel: load, apiKeys: [KEY] });
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('classifies one text with the label, the probabilities of the trained model and the model id', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: { text: FLOOD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const expected = (await trained.predictProba([FLOOD])).data;
    expect(body.probabilities).toEqual({ 'off-topic': expected[0], 'on-topic': expected[1] });
    expect(body.label).toBe(expected[1] > expected[0] ? 'on-topic' : 'off-topic');
    expect(body.modelId).toMatch(/^linear-[0-9a-f]{12}$/);
  });

  it('classifies a batch in order, one prediction per text', async () => {
    const texts = [FLOOD, 'my cat likes the new sofa', 'power outage after the storm in New Jersey'];
    const res = await app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: { texts } });
    expect(res.statusCode).toBe(200);
    const probs = (await trained.predictProba(texts)).data;
    expect(res.json().predictions.map((p: { probabilities: Record<string, number> }) => p.probabilities['on-topic'])).toEqual([probs[1], probs[3], probs[5]]);
  });

  it('answers 400 with a JSON message for a body that is not JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/classify',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"text": "unterminated',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'FST_ERR_CTP_INVALID_JSON_BODY', message: expect.stringMatching(/JSON/) });
  });

  it.each([
    ['text/plain', '{"text": "flood"}'],
    ['text/plain; charset=utf-8', '{"text": "flood"}'],
    ['application/xml', '<text>flood</text>'],
    ['application/x-www-form-urlencoded', 'text=flood'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/vnd.api+json', '{"text": "flood"}'],
  ])('answers 415 to a %s body, JSON or not, on both POST routes', async (type, payload) => {
    for (const url of ['/v1/classify', '/v1/models/reload']) {
      const res = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': type }, payload });
      expect(res.statusCode, url).toBe(415);
      expect(res.json()).toEqual({ error: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'the body must be JSON sent as content-type: application/json' });
    }
  });

  it('answers 415 to a body without a content type, and takes no body without one as an empty body', async () => {
    const typeless = await app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: '{"text": "flood"}' });
    expect(typeless.statusCode).toBe(415);
    expect(typeless.json().error).toBe('FST_ERR_CTP_INVALID_MEDIA_TYPE');
    const empty = await app.inject({ method: 'POST', url: '/v1/classify', headers: auth });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ error: 'DATA_INVALID', message: 'the body must be a JSON object: {"text": "..."} or {"texts": ["...", ...]}' });
    const reload = await app.inject({ method: 'POST', url: '/v1/models/reload', headers: auth });
    expect(reload.statusCode).toBe(200);
  });

  it('takes JSON with a charset', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/classify',
      headers: { ...auth, 'content-type': 'application/json; charset=utf-8' },
      payload: `{"text": "${FLOOD}"}`,
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers 400 naming the field for an empty text', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: { texts: ['fine', '  '] } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'DATA_INVALID', message: 'texts[1] is empty; expected a non-empty text' });
  });

  it('answers 400 for a batch over 256 texts', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: { texts: Array(257).fill('storm') } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('"texts" has 257 texts; the limit is 256');
  });

  it('answers 400 for a text over the length limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: { text: 'a'.repeat(10_001) } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('text has 10001 characters; the limit is 10000');
  });

  it('answers 413 for a 10 MB body', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: { text: 'x'.repeat(10 * 1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
  });

  it('answers 401 without a key', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/classify', payload: { text: FLOOD } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'UNAUTHORIZED', message: 'missing or wrong API key: send "Authorization: Bearer <key>"' });
  });

  it('answers 401 with a wrong key', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/classify', headers: { authorization: `Bearer ${KEY}x` }, payload: { text: FLOOD } });
    expect(res.statusCode).toBe(401);
  });

  it('serves health, readiness and the OpenAPI document without a key', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect(Object.keys((await app.inject({ url: '/openapi.json' })).json().paths)).toContain('/v1/classify');
  });

  it('describes the served model', async () => {
    const res = await app.inject({ url: '/v1/models', headers: auth });
    expect(res.json().current).toMatchObject({ type: 'linear', classNames: [...CLASS_NAMES], runId: null });
  });

  it('exports request counts, the latency histogram and the model id to Prometheus', async () => {
    await app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: { text: FLOOD } });
    const text = (await app.inject({ url: '/metrics', headers: auth })).body;
    expect(text).toMatch(/skimmer_http_requests_total\{method="POST",route="\/v1\/classify",status="200"\} \d+/);
    expect(text).toContain('skimmer_http_request_duration_seconds_bucket{le="0.02",method="POST",route="/v1/classify"}');
    expect(text).toMatch(/skimmer_model_info\{model_id="linear-[0-9a-f]{12}"\} 1/);
  });
});
