// The tagger's HTTP server (fastify): the annotation page, sign-in, uploads, tagging, review and downloads, for members only.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { DataError, SkimmerError } from '@skimmer/core';
import type { TaggerRepository } from '@skimmer/core';
import {
  addMember,
  addRecords,
  closeSession,
  createProjectWithRecords,
  DEFAULT_SESSION_TTL_SECONDS,
  EXPORT_CONTENT_TYPES,
  exportGold,
  getProject,
  goldRows,
  isMember,
  listConflicts,
  listProjects,
  nextRecords,
  openSession,
  parseDataFile,
  parseLabelsFile,
  projectAgreement,
  projectProgress,
  queuedRecord,
  readGoldLabels,
  recordTag,
  resolveConflict,
  setPredictions,
  tagHistory,
  undoLastTag,
  userBySession,
  userByToken,
} from '@skimmer/tagging';
import type { ExportFormat, ProjectSettings, RecordInput, TaggerProject, TaggerUser } from '@skimmer/tagging';
import { formatBytes, HttpError } from './httpError.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';

/** Default upload limit: 20 MB per file (and per JSON body). */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

const TOKEN_COOKIE = 'tagger_token';
const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');
const STATIC_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

export interface TaggerServerOptions {
  /** The store's tagger repository, migrated (`store.tagger.migrate()`; openTaggerStore does both). */
  tagger: TaggerRepository;
  /** Largest accepted file or JSON body, in bytes (default 20 MB). */
  uploadLimitBytes?: number;
  /**
   * Log level of the server's pino logger, or false for none (default 'warn': every 5xx is logged with its cause).
   * Authorization and cookie headers are redacted and query strings left out of logged URLs.
   */
  logger?: false | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** How long a browser session lasts after sign-in, in seconds (default 12 h). */
  sessionTtlSeconds?: number;
  /** Mark the session cookie `Secure` (HTTPS only); on when the tagger is served behind TLS (default false). */
  secureCookie?: boolean;
  /** Where log lines go (default stdout); tests read them. */
  logStream?: { write(line: string): void };
}

/** pino options of the tagger: no secret in a log line (tokens travel in headers; a query string may hold anything). */
export function taggerLoggerOptions(level: string) {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip }),
    },
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    taggerUser: TaggerUser | null;
  }
}

/** The credential of a request: an add-user token as `Authorization: Bearer` (scripts), or a session cookie (the page). */
function credentialOf(request: FastifyRequest): { bearer: string } | { session: string } | null {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { bearer: auth.slice('Bearer '.length).trim() };
  const session = sessionCookie(request);
  return session ? { session } : null;
}

function sessionCookie(request: FastifyRequest): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

function signedIn(request: FastifyRequest): TaggerUser {
  if (!request.taggerUser) throw new HttpError(401, 'sign in first: this needs a valid annotator token');
  return request.taggerUser;
}

const body = (request: FastifyRequest): Record<string, unknown> =>
  request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};

function field<T>(value: unknown, check: (v: unknown) => v is T, name: string, expected: string): T {
  if (!check(value)) throw new DataError(`field '${name}' is ${JSON.stringify(value) ?? 'missing'}; expected ${expected}`, { field: name });
  return value;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isLabel = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isInteger(v));
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

/** Settings fields of a multipart upload, as strings. */
function settingsFromFields(fields: Record<string, string>, defaultName: string): Omit<ProjectSettings, 'labels'> {
  const num = (name: string) => {
    const raw = fields[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new DataError(`field '${name}' is ${JSON.stringify(raw)}; expected a number`, { field: name });
    return n;
  };
  return {
    name: fields.name?.trim() || defaultName,
    guidelines: fields.guidelines ?? '',
    ordering: (fields.ordering || 'sequential') as ProjectSettings['ordering'],
    seed: num('seed'),
    overlap: num('overlap'),
    evalFraction: num('evalFraction'),
    showHints: fields.showHints === undefined ? true : ['on', 'true', '1'].includes(fields.showHints),
  };
}

/**
 * Builds the tagger's fastify app (not listening; `app.inject` in tests, `app.listen` to serve).
 *
 * @example
 * const app = await buildTaggerApp({ tagger: store.tagger });
 * await app.listen({ port: 8080, host: '127.0.0.1' });
 */
export async function buildTaggerApp(options: TaggerServerOptions): Promise<FastifyInstance> {
  const { tagger } = options;
  const sessionTtl = options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
  if (!(Number.isInteger(sessionTtl) && sessionTtl > 0))
    throw new DataError(`sessionTtlSeconds ${sessionTtl}: expected a positive integer`, { field: 'sessionTtlSeconds' });
  const cookieFlags = `HttpOnly; SameSite=Strict; Path=/${options.secureCookie ? '; Secure' : ''}`;
  const limit = options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  const level = options.logger ?? 'warn';
  const app = Fastify({
    logger: level === false ? false : { ...taggerLoggerOptions(level), ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: limit,
  });
  await app.register(multipart, { limits: { fileSize: limit, files: 2, fields: 20 }, throwFileSizeLimit: true });
  const statics = new Map<string, { body: Buffer; type: string }>();
  for (const [route, { file, type }] of Object.entries(STATIC_FILES)) statics.set(route, { body: await readFile(path.join(PUBLIC_DIR, file)), type });

  app.decorateRequest('taggerUser', null);
  app.addHook('onRequest', async (request) => {
    const credential = credentialOf(request);
    request.taggerUser = !credential
      ? null
      : 'bearer' in credential
        ? await userByToken(tagger, credential.bearer)
        : await userBySession(tagger, credential.session);
  });
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (err instanceof HttpError) return reply.code(err.statusCode).send({ error: err.message });
    if (err instanceof DataError) return reply.code(400).send({ error: err.message, context: err.context });
    if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return reply.code(413).send({ error: `upload too large: the limit is ${formatBytes(limit)} per file` });
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message });
    // a 5xx is our fault: log it with its cause (the request line without its query string, no headers)
    request.log.error(
      { err, cause: err.cause instanceof Error ? err.cause.message : err.cause },
      `${request.method} ${request.url.split('?')[0]} failed: ${err.message}`,
    );
    return reply.code(500).send({ error: err instanceof SkimmerError ? err.message : 'internal error' });
  });

  /** The project of `:id` if the caller may open it: 401 signed out, 403 not a member, 404 unknown. */
  async function projectFor(request: FastifyRequest): Promise<{ user: TaggerUser; project: TaggerProject }> {
    const user = signedIn(request);
    const id = (request.params as { id: string }).id;
    if (!user.isAdmin && !(await isMember(tagger, id, user.name))) throw new HttpError(403, `user ${user.name} is not a member of project ${id}`);
    const project = await getProject(tagger, id);
    if (!project) throw new HttpError(404, `project ${id} does not exist`);
    return { user, project };
  }

  for (const [route, file] of statics) {
    app.get(route, async (_request, reply) => reply.type(file.type).send(file.body));
  }

  app.post('/api/session', async (request, reply) => {
    const user = field(body(request).user, isString, 'user', 'a user name');
    const token = field(body(request).token, isString, 'token', 'the token printed by add-user');
    const found = await userByToken(tagger, token);
    if (!found || found.name !== user) throw new HttpError(401, 'unknown user or wrong token');
    // Opened only if the token is still the user's when the session is written: a rotate-token between the look-up and
    // here leaves no session behind (docs/tagger.md: rotating ends every session).
    const session = await openSession(tagger, { user: found.name, token }, sessionTtl);
    if (!session) throw new HttpError(401, 'unknown user or wrong token');
    reply.header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(session)}; ${cookieFlags}; Max-Age=${sessionTtl}`);
    return { user: found.name, isAdmin: found.isAdmin };
  });
  app.delete('/api/session', async (request, reply) => {
    const session = sessionCookie(request);
    if (session) await closeSession(tagger, session); // revoked server-side: a copy of the cookie no longer signs in
    reply.header('set-cookie', `${TOKEN_COOKIE}=; ${cookieFlags}; Max-Age=0`);
    return { ok: true };
  });
  app.get('/api/me', async (request) => {
    const user = signedIn(request);
    return { user: user.name, isAdmin: user.isAdmin };
  });

  app.get('/api/projects', async (request) => ({ projects: await listProjects(tagger, signedIn(request)) }));

  app.post('/api/projects', async (request, reply) => {
    const user = signedIn(request);
    if (!request.isMultipart()) {
      const b = body(request);
      const settings = field(b.settings, (v): v is ProjectSettings => typeof v === 'object' && v !== null, 'settings', 'an object with name and labels');
      const records = field(b.records ?? [], isArray, 'records', 'an array of records') as RecordInput[];
      const created = await createProjectWithRecords(tagger, settings, records, user.name);
      return reply.code(201).send(created);
    }
    const fields: Record<string, string> = {};
    let data: { name: string; bytes: Buffer } | null = null;
    let labels: { name: string; bytes: Buffer } | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        let bytes: Buffer;
        try {
          bytes = await part.toBuffer();
        } catch (err) {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
            throw new HttpError(413, `${part.filename} is too large: the upload limit is ${formatBytes(limit)} per file`, { file: part.filename });
          }
          throw err;
        }
        if (part.fieldname === 'data') data = { name: part.filename, bytes };
        else if (part.fieldname === 'labels') labels = { name: part.filename, bytes };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    if (!data) throw new DataError("no data file: send a CSV or Parquet file in the field 'data'", { field: 'data' });
    if (!labels) throw new DataError("no labels file: send a CSV with columns label,index in the field 'labels'", { field: 'labels' });
    const labelDefs = parseLabelsFile(labels.name, labels.bytes, fields.encoding || undefined);
    const records = await parseDataFile(data.name, data.bytes, fields.encoding || undefined);
    if (records.length === 0) throw new DataError(`${data.name}: the file holds no records`, { file: data.name });
    const created = await createProjectWithRecords(tagger, { ...settingsFromFields(fields, data.name), labels: labelDefs }, records, user.name);
    return reply.code(201).send(created);
  });

  app.get('/api/projects/:id', async (request) => {
    const { user, project } = await projectFor(request);
    return { project, progress: await projectProgress(tagger, project.id, user.name), history: await tagHistory(tagger, project.id, user.name) };
  });

  app.post('/api/projects/:id/records', async (request) => {
    const { project } = await projectFor(request);
    const records = field(body(request).records, isArray, 'records', 'an array of { id, text, metadata?, hints?, prediction? }');
    return { added: await addRecords(tagger, project.id, records as RecordInput[]) };
  });

  app.post('/api/projects/:id/predictions', async (request) => {
    const { project } = await projectFor(request);
    const predictions = field(body(request).predictions, isArray, 'predictions', 'an array of { id, prediction: number[] }');
    return { updated: await setPredictions(tagger, project.id, predictions as Array<{ id: string; prediction: number[] }>) };
  });

  app.post('/api/projects/:id/members', async (request) => {
    const { project } = await projectFor(request);
    await addMember(tagger, project.id, field(body(request).user, isString, 'user', 'a user name'));
    return { ok: true };
  });

  app.post('/api/projects/:id/next', async (request) => {
    const { user, project } = await projectFor(request);
    const b = body(request);
    const exclude = (Array.isArray(b.exclude) ? b.exclude : []).filter(isString).slice(0, 200);
    const limitN = typeof b.limit === 'number' && b.limit >= 1 ? Math.min(50, Math.floor(b.limit)) : 5;
    return { records: await nextRecords(tagger, project, user.name, limitN, exclude) };
  });

  app.post('/api/projects/:id/tags', async (request) => {
    const { user, project } = await projectFor(request);
    const b = body(request);
    await recordTag(tagger, project, user.name, {
      recordId: field(b.recordId, isString, 'recordId', 'a record id'),
      label: field(b.label ?? null, isLabel, 'label', 'a label index or null (skip)'),
      timeSpentMs: typeof b.timeSpentMs === 'number' ? b.timeSpentMs : null,
    });
    return { progress: await projectProgress(tagger, project.id, user.name), history: await tagHistory(tagger, project.id, user.name) };
  });

  app.post('/api/projects/:id/undo', async (request) => {
    const { user, project } = await projectFor(request);
    const recordId = await undoLastTag(tagger, project.id, user.name);
    return {
      record: recordId === null ? null : await queuedRecord(tagger, project, recordId),
      progress: await projectProgress(tagger, project.id, user.name),
      history: await tagHistory(tagger, project.id, user.name),
    };
  });

  app.get('/api/projects/:id/export', async (request, reply) => {
    const { project } = await projectFor(request);
    const format = ((request.query as { format?: string }).format ?? 'csv') as ExportFormat;
    if (!(format in EXPORT_CONTENT_TYPES)) throw new DataError(`format ${JSON.stringify(format)}: expected csv, jsonl or parquet`, { field: 'format' });
    const file = await exportGold(await goldRows(tagger, project), format);
    return reply
      .type(EXPORT_CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${project.id.replace(/[^A-Za-z0-9._-]/g, '_')}-gold.${format}"`)
      .send(file);
  });

  app.get('/api/projects/:id/gold', async (request) => {
    const { project } = await projectFor(request);
    return { labels: await readGoldLabels(tagger, project.id) };
  });
  app.get('/api/projects/:id/agreement', async (request) => {
    const { project } = await projectFor(request);
    return projectAgreement(tagger, project.id);
  });
  app.get('/api/projects/:id/conflicts', async (request) => {
    const { project } = await projectFor(request);
    return { conflicts: await listConflicts(tagger, project.id) };
  });
  app.post('/api/projects/:id/resolve', async (request) => {
    const { user, project } = await projectFor(request);
    const b = body(request);
    const label = field(
      b.label,
      (v): v is number => typeof v === 'number' && project.labels.some((l) => l.index === v),
      'label',
      'one of the project label indexes',
    );
    await resolveConflict(tagger, project.id, field(b.recordId, isString, 'recordId', 'a record id'), label, user.name);
    return { conflicts: await listConflicts(tagger, project.id) };
  });

  return app;
}

/** A listening tagger server. */
export interface RunningTagger {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Starts the tagger on `host:port` (port 0 picks a free one).
 *
 * @example
 * const store = await openTaggerStore();
 * const tagger = await startTaggerServer({ tagger: store.tagger, port: 8080 });
 * console.log(tagger.url); // http://127.0.0.1:8080
 */
export async function startTaggerServer(options: TaggerServerOptions & { port?: number; host?: string }): Promise<RunningTagger> {
  const app = await buildTaggerApp(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${host}:${port}`, app, close: () => app.close() };
}
