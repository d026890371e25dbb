// The dashboard's read queries over the store: post rate, relevant share, top domains and URLs, LF table, runs, latest relevant posts.

import type { SqlExecutor } from '@skimmer/core';

/** Time buckets are read over the last 24 hours of data (by post time), newest 120 at most. */
const WINDOW = `(SELECT max(created_at) FROM raw_posts) - interval '24 hours'`;

export interface DashboardSummary {
  modelId: string | null;
  postsPerMinute: Array<{ t: string; n: number }>;
  relevantShare: Array<{ t: string; share: number; n: number }>;
  topDomains: Array<{ domain: string; count: number }>;
  topUrls: Array<{ url: string; count: number }>;
  lfTable: { runId: string; rows: Array<Record<string, unknown>> } | null;
  runs: Array<{ id: string; startedAt: string; status: string; metrics: Record<string, number> }>;
}

export interface FeedPost {
  id: string;
  text: string;
  createdAt: string;
  probability: number;
  urls: string[];
}

/** Keys under which a run's metrics may hold its LF summary table (one row per LF). */
export const LF_TABLE_KEYS = ['lfSummary', 'lfAnalysis', 'lfs'] as const;

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());

/** Numeric metrics, nested objects flattened one level (`test.f1`). */
export function numericMetrics(metrics: Record<string, unknown> | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics ?? {})) {
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
    'SELECT domain, count(*)::int AS count FROM post_urls WHERE label = $1 AND domain IS NOT NULL GROUP BY domain ORDER BY count DESC, domain LIMIT 10',
    [relevant],
  );
  const urls = await sql.query<{ url: string; count: number }>(
    'SELECT expanded_url AS url, count(*)::int AS count FROM post_urls WHERE label = $1 GROUP BY expanded_url ORDER BY count DESC, expanded_url LIMIT 10',
    [relevant],
  );
  const runs = await sql.query<{ id: string; started_at: unknown; status: string; metrics: Record<string, unknown> | null }>(
    'SELECT id, started_at, status, metrics FROM (SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT 50) AS recent ORDER BY started_at, id',
  );
  let lfTable: DashboardSummary['lfTable'] = null;
  for (const run of [...runs.rows].reverse()) {
    const key = LF_TABLE_KEYS.find((k) => Array.isArray(run.metrics?.[k]));
    if (key) {
      lfTable = { runId: run.id, rows: run.metrics![key] as Array<Record<string, unknown>> };
      break;
    }
  }
  return {
    modelId,
    postsPerMinute: perMinute.rows.reverse().map((r) => ({ t: iso(r.t), n: r.n })),
    relevantShare: share.rows.reverse().map((r) => ({ t: iso(r.t), share: r.share, n: r.n })),
    topDomains: domains.rows,
    topUrls: urls.rows,
    lfTable,
    runs: runs.rows.map((r) => ({ id: r.id, startedAt: iso(r.started_at), status: r.status, metrics: numericMetrics(r.metrics) })),
  };
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
