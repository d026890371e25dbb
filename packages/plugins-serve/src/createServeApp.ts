// Builds the fastify server: API-key auth, size limits, JSON errors, metrics, the classification routes and the dashboard.

import Fastify, { type FastifyInstance } from 'fastify';
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
  /** pino options (level …); query strings are left out of logged URLs and the Authorization header is redacted. */
  logger?: false | { level?: string; stream?: { write(line: string): void } };
  /** Socket limits; see SERVE_DEFAULTS. */
  server?: Partial<ServerLimits>;
}

/** How long a client may take, and how many may be connected. */
export interface ServerLimits {
  /** Time to receive a request's headers (slow-loris guard). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutMs: number;
  /** A socket with no traffic for this long is closed. */
  idleTimeoutMs: number;
  /** Open connections at most; a connection over the cap is closed at once. */
  maxConnections: number;
}

/** Defaults: 1 MiB bodies, 256 texts a request, 10,000 characters a text; 10 s for headers, 30 s a request, 60 s idle, 1,024 connections. */
export const SERVE_DEFAULTS = {
  bodyLimitBytes: 1024 * 1024,
  maxBatch: 256,
  maxTextLength: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1024,
} as const;

/** Absolute paths of this machine in a message sent to a client are cut to their last part (`/srv/models/m1` → `m1`). */
export function withoutServerPaths(message: string): string {
  return message.replace(/(^|[\s'"(=])\/(?:[^\s'"():,/]+\/)*([^\s'"():,/]+)/g, '$1$2');
}

/** The logged form of a request: method and path, never the query string (it may carry a key) nor headers. */
export function requestLogLine(req: { method: string; url: string }): { method: string; url: string } {
  return { method: req.method, url: req.url.split('?')[0]! };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs no API key. */
    public?: boolean;
  }
}

function errorReply(err: unknown): { status: number; body: { error: string; message: string } } {
  if (err instanceof ClassifierError) return { status: 422, body: { error: err.code, message: withoutServerPaths(err.message) } };
  if (err instanceof DataError) return { status: 400, body: { error: err.code, message: withoutServerPaths(err.message) } };
  if (err instanceof SkimmerError) return { status: 500, body: { error: err.code, message: withoutServerPaths(err.message) } };
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.statusCode === 415)
    return { status: 415, body: { error: e.code ?? 'UNSUPPORTED_MEDIA_TYPE', message: 'the body must be JSON sent as content-type: application/json' } };
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
 * const app = await createServeApp({ slot, loadModel: () => loadModel({ dir: 'model' }, { factories: [linearClassifierFactory] }),  apiKeys: [process.env.API_KEY!] });
 * await app.listen({ port: 8080 });
 */
export async function createServeApp(options: ServeAppOptions): Promise<FastifyInstance> {
  const bodyLimitBytes = options.bodyLimitBytes ?? SERVE_DEFAULTS.bodyLimitBytes;
  const limits: ClassifyLimits = {
    maxBatch: options.limits?.maxBatch ?? SERVE_DEFAULTS.maxBatch,
    maxTextLength: options.limits?.maxTextLength ?? SERVE_DEFAULTS.maxTextLength,
  };
  const metrics = options.metrics ?? createServeMetrics();
  metrics.setModel(options.slot.current().id);
  const allowed = apiKeyCheck(options.apiKeys);
  const server: ServerLimits = { ...SERVE_DEFAULTS, ...options.server };
  const app = Fastify({
    bodyLimit: bodyLimitBytes,
    logger: options.logger ? { ...options.logger, redact: ['req.headers.authorization', 'req.headers.cookie'], serializers: { req: requestLogLine } } : false,
    requestTimeout: server.requestTimeoutMs,
    connectionTimeout: server.idleTimeoutMs,
    // Node checks the header and request deadlines every connectionsCheckingInterval (30 s by default)
    http: { headersTimeout: server.headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, server.headersTimeoutMs) },
  });
  app.server.maxConnections = server.maxConnections;
  // JSON only: fastify also parses text/plain, which would reach the routes as a string and answer 400; every other
  // content type (a body without one too) is 415, as docs/deploy.md says.
  app.removeContentTypeParser('text/plain');

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
    else if (status === 422) request.log.warn({ err: (err as Error).message }, 'model could not be loaded'); // the full path stays in the log
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` }));

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
