// Builds the fastify server: API-key auth, size limits, JSON errors, metrics, the classification routes and the dashboard.

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ClassifierError, DataError, SkimmerError } from '@skimmer/core';
import { apiKeyCheck } from './apiKeyCheck.ts';
import { registerClassifyRoutes } from './classifyRoutes.ts';
import type { ClassifyLimits } from './classifyRequest.ts';
import type { LoadedModel, ModelSlot } from './modelSlot.ts';
import type { ModelRef } from './loadModel.ts';
import { openApiDocument } from './openApiDocument.ts';
import { createServeMetrics, type ServeMetrics } from './serveMetrics.ts';

export interface ServeAppOptions {
  slot: ModelSlot;
  /** Reloads: the model `ref` names, or the configured one when `ref` is absent. */
  loadModel: (ref?: ModelRef) => Promise<LoadedModel>;
  /** Accepted bearer keys; an empty list refuses every protected route. */
  apiKeys: readonly string[];
  /** Request body limit in bytes. Default 1 MiB. */
  bodyLimitBytes?: number;
  limits?: Partial<ClassifyLimits>;
  metrics?: ServeMetrics;
  /** Extra readiness check (e.g. the store answers); the server is ready when it resolves true. */
  ready?: () => Promise<boolean>;
  /** Registers more routes (the dashboard) after the API routes; they are protected unless `config.public`. */
  extraRoutes?: (app: FastifyInstance) => void | Promise<void>;
  logger?: FastifyServerOptions['logger'];
}

/** Defaults: 1 MiB bodies, 256 texts a request, 10,000 characters a text. */
export const SERVE_DEFAULTS = { bodyLimitBytes: 1024 * 1024, maxBatch: 256, maxTextLength: 10_000 } as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs no API key. */
    public?: boolean;
  }
}

function errorReply(err: unknown): { status: number; body: { error: string; message: string } } {
  if (err instanceof ClassifierError) return { status: 422, body: { error: err.code, message: err.message } };
  if (err instanceof DataError) return { status: 400, body: { error: err.code, message: err.message } };
  if (err instanceof SkimmerError) return { status: 500, body: { error: err.code, message: err.message } };
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { error: e.code ?? 'BAD_REQUEST', message: e.message ?? 'bad request' } };
  }
  return { status: 500, body: { error: 'INTERNAL', message: 'internal server error' } };
}

/**
 * Creates the server (not listening yet: call `listen`, or `inject` in tests).
 *
 * @example
 * const slot = new ModelSlot(await loadModel({ dir: 'model' }, { factories: [linearClassifierFactory] }));
 * const app = await createServeApp({ slot, loadModel: () => loadModel({ dir: 'model' }, { factories: [linearClassifierFactory] }), apiKeys: ['s3cret'] });
 * await app.listen({ port: 8080 });
 */
export async function createServeApp(options: ServeAppOptions): Promise<FastifyInstance> {
  const bodyLimitBytes = options.bodyLimitBytes ?? SERVE_DEFAULTS.bodyLimitBytes;
  const limits: ClassifyLimits = { maxBatch: options.limits?.maxBatch ?? SERVE_DEFAULTS.maxBatch, maxTextLength: options.limits?.maxTextLength ?? SERVE_DEFAULTS.maxTextLength };
  const metrics = options.metrics ?? createServeMetrics();
  metrics.setModel(options.slot.current().id);
  const allowed = apiKeyCheck(options.apiKeys);
  const app = Fastify({ bodyLimit: bodyLimitBytes, logger: options.logger ?? false });

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.public) return;
    if (!allowed(request.headers.authorization)) {
      reply.header('www-authenticate', 'Bearer');
      return reply.code(401).send({ error: 'UNAUTHORIZED', message: 'missing or wrong API key: send "Authorization: Bearer <key>"' });
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((err, request, reply) => {
    const { status, body } = errorReply(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` }));

  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true } }, async (_request, reply) => {
    const ok = await (options.ready?.() ?? Promise.resolve(true)).catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', modelId: options.slot.current().id });
  });
  const doc = openApiDocument({ ...limits, bodyLimitBytes });
  app.get('/openapi.json', { config: { public: true } }, async () => doc);
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  registerClassifyRoutes(app, { slot: options.slot, limits, metrics, loadModel: options.loadModel });
  await options.extraRoutes?.(app);
  return app;
}
