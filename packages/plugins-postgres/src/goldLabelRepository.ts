// GoldLabelRepository: hand labels from the tagger, one per (dataset, item, annotator); a new label replaces the old one.

import type { GoldLabel, GoldLabelRepository, SqlExecutor } from '@skimmer/core';
import { BULK_CHUNK, chunks, isoTimestamp, pgText } from './sqlValues.ts';
import { withStoreErrors } from './storeError.ts';

const UPSERT = `
INSERT INTO gold_labels (dataset, item_id, label, annotator, time_spent_ms, at)
SELECT dataset, item_id, label, annotator, time_spent_ms, coalesce(at, now())
FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::timestamptz[]) AS t(dataset, item_id, label, annotator, time_spent_ms, at)
ON CONFLICT (dataset, item_id, annotator)
DO UPDATE SET label = EXCLUDED.label, time_spent_ms = EXCLUDED.time_spent_ms, at = EXCLUDED.at`;

/** Keeps the last label per (dataset, item, annotator): one statement may not update a row twice. */
function lastPerKey(labels: readonly GoldLabel[]): GoldLabel[] {
  const byKey = new Map<string, GoldLabel>();
  for (const l of labels) byKey.set(JSON.stringify([l.dataset, l.itemId, l.annotator]), l);
  return [...byKey.values()];
}

/** The GoldLabelRepository of a store. */
export function goldLabelRepository(sql: SqlExecutor): GoldLabelRepository {
  return {
    upsert(labels) {
      const unique = lastPerKey(labels);
      return withStoreErrors('goldLabels.upsert', { labels: labels.length }, () =>
        sql.transaction(async (tx) => {
          for (const chunk of chunks(unique, BULK_CHUNK)) {
            await tx.query(UPSERT, [
              chunk.map((l) => l.dataset),
              chunk.map((l) => pgText(l.itemId)),
              chunk.map((l) => l.label),
              chunk.map((l) => pgText(l.annotator)),
              chunk.map((l) => (l.timeSpentMs === null || l.timeSpentMs === undefined ? null : Math.round(l.timeSpentMs))),
              chunk.map((l) => l.at ?? null),
            ]);
          }
        }),
      );
    },

    async read(dataset, options = {}) {
      const { rows } = await withStoreErrors('goldLabels.read', { dataset }, () =>
        sql.query<{ item_id: string; label: number; annotator: string; time_spent_ms: number | null; at: unknown }>(
          `SELECT item_id, label, annotator, time_spent_ms, at FROM gold_labels
           WHERE dataset = $1 AND ($2::text IS NULL OR annotator = $2) ORDER BY item_id, annotator`,
          [dataset, options.annotator ?? null],
        ),
      );
      return rows.map((r) => ({ dataset, itemId: r.item_id, label: r.label, annotator: r.annotator, timeSpentMs: r.time_spent_ms, at: isoTimestamp(r.at) }));
    },
  };
}
