// DashboardRepository: the live dashboard's reads (post rate, relevant share, links of relevant posts, runs, learning curve, feed).

import type { DashboardRepository, SqlExecutor } from '@skimmer/core';
import { isoTimestamp } from './sqlValues.ts';

/** Time buckets are read over the last 24 hours of data (by post time). */
const WINDOW = `(SELECT max(created_at) FROM raw_posts) - interval '24 hours'`;

/** The DashboardRepository of a store. */
export function dashboardRepository(sql: SqlExecutor): DashboardRepository {
  return {
    async ping() {
      return (await sql.query('SELECT 1')).rows.length === 1;
    },
    async latestModelId() {
      const { rows } = await sql.query<{ model_id: string }>('SELECT model_id FROM predictions ORDER BY at DESC, model_id LIMIT 1');
      return rows[0]?.model_id ?? null;
    },
    async postsPerMinute(limit) {
      const { rows } = await sql.query<{ t: unknown; n: number }>(
        `SELECT date_trunc('minute', created_at) AS t, count(*)::int AS n FROM raw_posts WHERE created_at >= ${WINDOW} GROUP BY 1 ORDER BY 1 DESC LIMIT $1`,
        [limit],
      );
      return rows.reverse().map((r) => ({ t: isoTimestamp(r.t), n: r.n }));
    },
    async relevantShare(modelId, relevant, limit) {
      const { rows } = await sql.query<{ t: unknown; share: number; n: number }>(
        `SELECT date_trunc('minute', r.created_at) AS t, avg((p.label = $2)::int)::float8 AS share, count(*)::int AS n
         FROM predictions p JOIN raw_posts r ON r.id = p.post_id
         WHERE p.model_id = $1 AND r.created_at >= ${WINDOW} GROUP BY 1 ORDER BY 1 DESC LIMIT $3`,
        [modelId, relevant, limit],
      );
      return rows.reverse().map((r) => ({ t: isoTimestamp(r.t), share: r.share, n: r.n }));
    },
    async topDomains(relevant, exceptDomains, limit) {
      const { rows } = await sql.query<{ domain: string; count: number }>(
        `SELECT domain, count(*)::int AS count FROM post_urls WHERE label = $1 AND domain IS NOT NULL AND domain <> ALL($2::text[])
         GROUP BY domain ORDER BY count DESC, domain LIMIT $3`,
        [relevant, [...exceptDomains], limit],
      );
      return rows;
    },
    async topUrls(relevant, exceptDomains, limit) {
      const { rows } = await sql.query<{ url: string; count: number }>(
        `SELECT expanded_url AS url, count(*)::int AS count FROM post_urls WHERE label = $1 AND (domain IS NULL OR domain <> ALL($2::text[]))
         GROUP BY expanded_url ORDER BY count DESC, expanded_url LIMIT $3`,
        [relevant, [...exceptDomains], limit],
      );
      return rows;
    },
    async countUrlsIn(relevant, domains) {
      const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM post_urls WHERE label = $1 AND domain = ANY($2::text[])', [
        relevant,
        [...domains],
      ]);
      return rows[0]?.n ?? 0;
    },
    async recentRuns(limit) {
      const { rows } = await sql.query<{ id: string; started_at: unknown; status: string; metrics: Record<string, unknown> | null }>(
        'SELECT id, started_at, status, metrics FROM (SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT $1) AS recent ORDER BY started_at, id',
        [limit],
      );
      return rows.map((r) => ({ id: r.id, startedAt: isoTimestamp(r.started_at), status: r.status, metrics: r.metrics }));
    },
    async lastTrainedIterations() {
      // pipeline_iterations exists once `pipeline iterate` migrated this store (store.iterations.migrate()).
      const exists = await sql.query<{ t: string | null }>("SELECT to_regclass('pipeline_iterations')::text AS t");
      if (!exists.rows[0]?.t) return [];
      const { rows } = await sql.query<{ project_id: string; iteration: number; gold_size: number; metrics: unknown }>(
        `SELECT project_id, iteration, gold_size, metrics FROM pipeline_iterations
         WHERE gold_size IS NOT NULL AND project_id = (SELECT project_id FROM pipeline_iterations WHERE trained_at IS NOT NULL ORDER BY trained_at DESC LIMIT 1)
         ORDER BY iteration`,
      );
      return rows.map((r) => ({ projectId: r.project_id, iteration: r.iteration, goldSize: r.gold_size, metrics: r.metrics }));
    },
    async relevantFeed(modelId, relevant, limit) {
      // the latest posts, not the latest classified: a backlog classified late must not push new posts off the feed
      const { rows } = await sql.query<{ id: string; text: string; created_at: unknown; probability: number; urls: string[] | null }>(
        `SELECT r.id, r.text, r.created_at, p.probability, r.expanded_urls AS urls
         FROM predictions p JOIN raw_posts r ON r.id = p.post_id
         WHERE p.model_id = $1 AND p.label = $2 ORDER BY r.created_at DESC, r.id DESC LIMIT $3`,
        [modelId, relevant, limit],
      );
      return rows.map((r) => ({ id: r.id, text: r.text, createdAt: isoTimestamp(r.created_at), probability: Number(r.probability), urls: r.urls ?? [] }));
    },
  };
}
