// PredictionRepository: the streaming classifier's output (predictions, URL labels) stored with its consumer offsets in one transaction.

import type { Prediction, PredictionRepository, SqlExecutor } from '@skimmer/core';
import { jsonbProblem } from './jsonbLimits.ts';
import { advanceOffsets } from './consumerOffsets.ts';
import { upsertPosts } from './postWrites.ts';
import { BULK_CHUNK, chunks, isoTimestamp, pgText } from './sqlValues.ts';
import { withStoreErrors } from './storeError.ts';

const UPSERT_PREDICTIONS = `
INSERT INTO predictions (post_id, model_id, label, probability, probs)
SELECT post_id, model_id, label, probability, probs::real[]
FROM unnest($1::text[], $2::text[], $3::int[], $4::real[], $5::text[]) AS t(post_id, model_id, label, probability, probs)
ON CONFLICT (post_id, model_id) DO UPDATE SET label = EXCLUDED.label, probability = EXCLUDED.probability, probs = EXCLUDED.probs, at = now()
RETURNING (xmax = 0) AS inserted`;

// Counts only the URL rows whose label this batch set or changed: a post delivered again labels nothing new.
const LABEL_URLS = `
WITH upd AS (
  UPDATE post_urls u SET label = p.label
  FROM unnest($1::text[], $2::int[]) AS p(post_id, label)
  WHERE u.post_id = p.post_id AND u.label IS DISTINCT FROM p.label
  RETURNING 1
) SELECT count(*)::int AS n FROM upd`;

/** The last prediction per key wins: one statement may not update a row twice. */
function lastPer<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.values()];
}

/** The PredictionRepository of a store. */
export function predictionRepository(sql: SqlExecutor): PredictionRepository {
  return {
    payloadProblem: jsonbProblem,
    saveBatch({ predictions, posts = [], labelUrls = true, offsets = [] }) {
      const unique = lastPer(predictions, (p) => JSON.stringify([p.postId, p.modelId]));
      return withStoreErrors('predictions.saveBatch', { predictions: predictions.length }, () =>
        sql.transaction(async (tx) => {
          await upsertPosts(tx, posts, 'keep'); // ingest owns a post's content: a prediction never replaces it
          // xmax = 0 marks a row this statement inserted; an updated row was stored before (a re-delivered record).
          let inserted = 0;
          for (const chunk of chunks(unique, BULK_CHUNK)) {
            const { rows } = await tx.query<{ inserted: boolean }>(UPSERT_PREDICTIONS, [
              chunk.map((p) => pgText(p.postId)),
              chunk.map((p) => p.modelId),
              chunk.map((p) => p.label),
              chunk.map((p) => p.probability),
              chunk.map((p) => (p.probs ? `{${p.probs.join(',')}}` : null)),
            ]);
            inserted += rows.filter((r) => r.inserted).length;
          }
          let labelledUrls = 0;
          if (labelUrls) {
            for (const chunk of chunks(
              lastPer(unique, (p) => p.postId),
              BULK_CHUNK,
            )) {
              const { rows } = await tx.query<{ n: number }>(LABEL_URLS, [chunk.map((p) => pgText(p.postId)), chunk.map((p) => p.label)]);
              labelledUrls += rows[0].n;
            }
          }
          await advanceOffsets(tx, offsets);
          return { predictions: inserted, redelivered: predictions.length - inserted, labelledUrls };
        }),
      );
    },

    async read(modelId, options = {}) {
      const ids = options.postIds ? options.postIds.map((id) => pgText(id)) : null;
      const { rows } = await withStoreErrors('predictions.read', { model: modelId }, () =>
        sql.query<{ post_id: string; label: number; probability: number; probs: number[] | null; at: unknown }>(
          `SELECT post_id, label, probability, probs, at FROM predictions
           WHERE model_id = $1 AND ($2::text[] IS NULL OR post_id = ANY($2::text[])) ORDER BY post_id`,
          [modelId, ids],
        ),
      );
      return rows.map((r): Prediction & { at: string } => ({
        postId: r.post_id,
        modelId,
        label: r.label,
        probability: Number(r.probability),
        probs: r.probs === null ? null : r.probs.map(Number),
        at: isoTimestamp(r.at),
      }));
    },

    async domainCounts(options = {}) {
      const { rows } = await withStoreErrors('predictions.domainCounts', {}, () =>
        sql.query<{ domain: string; label: number | null; count: number }>(
          `SELECT domain, label, count(*)::int AS count FROM post_urls
           WHERE domain IS NOT NULL AND ($1::int IS NULL OR label = $1)
           GROUP BY domain, label ORDER BY count DESC, domain LIMIT $2`,
          [options.label ?? null, options.limit ?? 100],
        ),
      );
      return rows;
    },
  };
}
