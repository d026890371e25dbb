// The dashboard's read queries over the store: post rate, relevant share, top domains and URLs, LF table, runs, learning curve, latest relevant posts.

import type { SqlExecutor } from '@skimmer/core';

/** Time buckets are read over the last 24 hours of data (by post time), newest 120 at most. */
const WINDOW = `(SELECT max(created_at) FROM raw_posts) - interval '24 hours'`;

export interface DashboardSummary {
  modelId: string | null;
  postsPerMinute: Array<{ t: string; n: number }>;
  relevantShare: Array<{ t: string; share: number; n: number }>;
  /** Domains of expanded URLs only: a link known only by its shortener (t.co, bit.ly, …) is counted in `shortenedOnly`. */
  topDomains: Array<{ domain: string; count: number }>;
  topUrls: Array<{ url: string; count: number }>;
  /** Links of relevant posts whose source gave only the shortened URL (no expansion to count a domain by). */
  shortenedOnly: number;
  lfTable: { runId: string; rows: Array<Record<string, unknown>> } | null;
  runs: Array<{ id: string; startedAt: string; status: string; metrics: Record<string, number> }>;
  /** Active-learning iterations (`pipeline iterate`) of the project trained last: gold size against the classifier's scores. */
  learningCurve: LearningCurvePoint[];
}

export interface LearningCurvePoint {
  project: string;
  iteration: number;
  goldSize: number;
  split: string | null;
  macroF1: number | null;
  accuracy: number | null;
}

export interface FeedPost {
  id: string;
  text: string;
  createdAt: string;
  probability: number;
  urls: string[];
}

/** The key under which `pipeline run` stores its LF summary table (one row per LF) in the run's metrics. */
export const LF_TABLE_KEY = 'lfSummary';

/** The key under which `pipeline run` stores the few scores the runs chart plots (`labelModel.test.f1`, …). */
export const CURVE_KEY = 'curve';

/** URL shorteners: a link whose domain is one of these was never expanded, so its domain says nothing. */
export const SHORTENER_DOMAINS: readonly string[] = [
  't.co',
  'bit.ly',
  'buff.ly',
  'ow.ly',
  'tinyurl.com',
  'goo.gl',
  'dlvr.it',
  'ift.tt',
  'lnkd.in',
  'trib.al',
  'fb.me',
  'youtu.be',
  'flip.it',
  'hubs.ly',
  'gag.gl',
  'wp.me',
  'amzn.to',
  'is.gd',
  'rebrand.ly',
  'cutt.ly',
  'shar.es',
];

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());

/** Numeric metrics: the run's `curve` when it has one, else the metrics with nested objects flattened one level (`test.f1`). */
export function numericMetrics(metrics: Record<string, unknown> | null): Record<string, number> {
  const out: Record<string, number> = {};
  const curve = metrics?.[CURVE_KEY];
  const source = curve && typeof curve === 'object' && !Array.isArray(curve) ? (curve as Record<string, unknown>) : metrics;
  for (const [key, value] of Object.entries(source ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) out[`${key}.${inner}`] = v;
    }
  }
  return out;
}

async function latestModelId(sql: SqlExecutor): Promise<string | null> {
  const { rows } = await sql.query<{ model_id: string }>('SELECT model_id FROM predictions ORDER BY at DESC, model_id LIMIT 1');
  return rows[0]?.model_id ?? null;
}

/**
 * Everything the dashboard charts, in one read. `relevant` is the class index of relevant posts; predictions are
 * those of the model that predicted last.
 */
export async function readDashboardSummary(sql: SqlExecutor, relevant: number): Promise<DashboardSummary> {
  const modelId = await latestModelId(sql);
  const perMinute = await sql.query<{ t: unknown; n: number }>(
    `SELECT date_trunc('minute', created_at) AS t, count(*)::int AS n FROM raw_posts WHERE created_at >= ${WINDOW} GROUP BY 1 ORDER BY 1 DESC LIMIT 120`,
  );
  const share = await sql.query<{ t: unknown; share: number; n: number }>(
    `SELECT date_trunc('minute', r.created_at) AS t, avg((p.label = $2)::int)::float8 AS share, count(*)::int AS n
     FROM predictions p JOIN raw_posts r ON r.id = p.post_id
     WHERE p.model_id = $1 AND r.created_at >= ${WINDOW} GROUP BY 1 ORDER BY 1 DESC LIMIT 120`,
    [modelId, relevant],
  );
  const domains = await sql.query<{ domain: string; count: number }>(
    'SELECT domain, count(*)::int AS count FROM post_urls WHERE label = $1 AND domain IS NOT NULL AND domain <> ALL($2::text[]) GROUP BY domain ORDER BY count DESC, domain LIMIT 10',
    [relevant, SHORTENER_DOMAINS],
  );
  const urls = await sql.query<{ url: string; count: number }>(
    'SELECT expanded_url AS url, count(*)::int AS count FROM post_urls WHERE label = $1 AND (domain IS NULL OR domain <> ALL($2::text[])) GROUP BY expanded_url ORDER BY count DESC, expanded_url LIMIT 10',
    [relevant, SHORTENER_DOMAINS],
  );
  const shortened = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM post_urls WHERE label = $1 AND domain = ANY($2::text[])', [
    relevant,
    SHORTENER_DOMAINS,
  ]);
  const runs = await sql.query<{ id: string; started_at: unknown; status: string; metrics: Record<string, unknown> | null }>(
    'SELECT id, started_at, status, metrics FROM (SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT 50) AS recent ORDER BY started_at, id',
  );
  let lfTable: DashboardSummary['lfTable'] = null;
  for (const run of [...runs.rows].reverse()) {
    const rows = run.metrics?.[LF_TABLE_KEY];
    if (Array.isArray(rows)) {
      lfTable = { runId: run.id, rows: rows as Array<Record<string, unknown>> };
      break;
    }
  }
  return {
    modelId,
    postsPerMinute: perMinute.rows.reverse().map((r) => ({ t: iso(r.t), n: r.n })),
    relevantShare: share.rows.reverse().map((r) => ({ t: iso(r.t), share: r.share, n: r.n })),
    topDomains: domains.rows,
    topUrls: urls.rows,
    shortenedOnly: shortened.rows[0]?.n ?? 0,
    lfTable,
    runs: runs.rows.map((r) => ({ id: r.id, startedAt: iso(r.started_at), status: r.status, metrics: numericMetrics(r.metrics) })),
    learningCurve: await readLearningCurve(sql),
  };
}

interface IterationMetricsRow {
  splits?: Record<string, { macroF1?: number | null; accuracy?: number | null }>;
  evaluationSplit?: string | null;
}

/**
 * The trained iterations of the active-learning project that trained last (`pipeline_iterations`, created by the
 * pipeline's migrations; empty when `pipeline iterate` never ran on this store).
 */
export async function readLearningCurve(sql: SqlExecutor): Promise<LearningCurvePoint[]> {
  const exists = await sql.query<{ t: string | null }>("SELECT to_regclass('pipeline_iterations')::text AS t");
  if (!exists.rows[0]?.t) return [];
  const { rows } = await sql.query<{ project_id: string; iteration: number; gold_size: number; metrics: IterationMetricsRow | null }>(
    `SELECT project_id, iteration, gold_size, metrics FROM pipeline_iterations
     WHERE gold_size IS NOT NULL AND project_id = (SELECT project_id FROM pipeline_iterations WHERE trained_at IS NOT NULL ORDER BY trained_at DESC LIMIT 1)
     ORDER BY iteration`,
  );
  return rows.map((r) => {
    const split = r.metrics?.evaluationSplit ?? null;
    const scores = split ? r.metrics?.splits?.[split] : undefined;
    return {
      project: r.project_id,
      iteration: r.iteration,
      goldSize: r.gold_size,
      split,
      macroF1: scores?.macroF1 ?? null,
      accuracy: scores?.accuracy ?? null,
    };
  });
}

/** The latest relevant posts (newest prediction first) of the model that predicted last. */
export async function readRelevantFeed(sql: SqlExecutor, relevant: number, limit = 20): Promise<FeedPost[]> {
  const modelId = await latestModelId(sql);
  const { rows } = await sql.query<{ id: string; text: string; created_at: unknown; probability: number; urls: string[] }>(
    `SELECT r.id, r.text, r.created_at, p.probability, r.expanded_urls AS urls
     FROM predictions p JOIN raw_posts r ON r.id = p.post_id
     WHERE p.model_id = $1 AND p.label = $2 ORDER BY p.at DESC, r.id DESC LIMIT $3`,
    [modelId, relevant, limit],
  );
  return rows.map((r) => ({ id: r.id, text: r.text, createdAt: iso(r.created_at), probability: Number(r.probability), urls: r.urls ?? [] }));
}
