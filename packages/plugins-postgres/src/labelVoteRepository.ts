// LabelVoteRepository: a distributed labelling job's votes and partial statistics, stored with the job's partition offsets in one transaction.

import type { LabelJobModel, LabelStatsPart, LabelVoteRepository, LabelVoteRow, SqlExecutor } from '@skimmer/core';
import { advanceOffsets, readOffsets } from './consumerOffsets.ts';
import { BULK_CHUNK, chunks, pgJson, pgText } from './sqlValues.ts';
import { withStoreErrors } from './storeError.ts';

// The position row exists before it is locked, so two writers of a partition's first batch take turns too.
const ENSURE_POSITION = `
INSERT INTO ingest_offsets (consumer_group, topic, partition, next_offset) VALUES ($1, $2, $3, 0)
ON CONFLICT (consumer_group, topic, partition) DO NOTHING`;
const LOCK_POSITION = `
SELECT next_offset::text AS next_offset FROM ingest_offsets WHERE consumer_group = $1 AND topic = $2 AND partition = $3 FOR UPDATE`;

const INSERT_VOTES = `
INSERT INTO label_votes (job, partition, record_offset, item_id, votes)
SELECT $1, $2, record_offset, item_id, votes::int[] FROM unnest($3::bigint[], $4::text[], $5::text[]) AS t(record_offset, item_id, votes)
ON CONFLICT (job, partition, record_offset, item_id) DO UPDATE SET votes = EXCLUDED.votes`;

const INSERT_STATS = `
INSERT INTO label_vote_stats (job, partition, first_offset, last_offset, row_count, stats) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`;

/** The LabelVoteRepository of a store. */
export function labelVoteRepository(sql: SqlExecutor): LabelVoteRepository {
  return {
    saveBatch(batch, summarize) {
      const { job, topic, partition } = batch;
      return withStoreErrors('labelVotes.saveBatch', { job, topic, partition, rows: batch.rows.length }, () =>
        sql.transaction(async (tx) => {
          await tx.query(ENSURE_POSITION, [job, topic, partition]);
          const next = BigInt((await tx.query<{ next_offset: string }>(LOCK_POSITION, [job, topic, partition])).rows[0].next_offset);
          const kept: LabelVoteRow[] = batch.rows.filter((row) => BigInt(row.offset) >= next);
          if (BigInt(batch.lastOffset) < next) return { stored: 0, skipped: batch.rows.length };
          for (const part of chunks(kept, BULK_CHUNK)) {
            await tx.query(INSERT_VOTES, [
              job,
              partition,
              part.map((r) => r.offset),
              part.map((r) => pgText(r.itemId)),
              part.map((r) => `{${r.votes.join(',')}}`),
            ]);
          }
          if (kept.length > 0) await tx.query(INSERT_STATS, [job, partition, kept[0].offset, kept.at(-1)!.offset, kept.length, pgJson(summarize(kept))]);
          await advanceOffsets(tx, [{ consumerGroup: job, topic, partition, offset: batch.lastOffset }]);
          return { stored: kept.length, skipped: batch.rows.length - kept.length };
        }),
      );
    },

    readOffsets: (job, topic) => withStoreErrors('labelVotes.readOffsets', { job, topic }, () => readOffsets(sql, job, topic)),

    async readStats(job) {
      const { rows } = await withStoreErrors('labelVotes.readStats', { job }, () =>
        sql.query<{ partition: number; first_text: string; last_text: string; row_count: number; stats: Record<string, unknown> }>(
          `SELECT partition, first_offset::text AS first_text, last_offset::text AS last_text, row_count, stats
           FROM label_vote_stats WHERE job = $1 ORDER BY partition, label_vote_stats.first_offset`,
          [job],
        ),
      );
      return rows.map(
        (r): LabelStatsPart => ({ partition: r.partition, firstOffset: r.first_text, lastOffset: r.last_text, rows: r.row_count, stats: r.stats }),
      );
    },

    async partitions(job) {
      const { rows } = await withStoreErrors('labelVotes.partitions', { job }, () =>
        sql.query<{ partition: number }>('SELECT DISTINCT partition FROM label_vote_stats WHERE job = $1 ORDER BY partition', [job]),
      );
      return rows.map((r) => r.partition);
    },

    async readVotes(job, partition, { after, limit }) {
      const { rows } = await withStoreErrors('labelVotes.readVotes', { job, partition }, () =>
        sql.query<{ offset_text: string; item_id: string; votes: number[] }>(
          `SELECT record_offset::text AS offset_text, item_id, votes FROM label_votes
           WHERE job = $1 AND partition = $2 AND ($3::bigint IS NULL OR (record_offset, item_id) > ($3::bigint, $4::text COLLATE "C"))
           ORDER BY record_offset, item_id LIMIT $5`,
          [job, partition, after?.offset ?? null, after?.itemId ?? null, limit],
        ),
      );
      const m = rows[0]?.votes.length ?? 0;
      const votes = new Int32Array(rows.length * m);
      rows.forEach((r, i) => votes.set(r.votes, i * m));
      return { offsets: rows.map((r) => r.offset_text), itemIds: rows.map((r) => r.item_id), m, votes };
    },

    async saveModel(model) {
      await withStoreErrors('labelVotes.saveModel', { job: model.job }, () =>
        sql.query(
          `INSERT INTO label_jobs (job, run_id, model_type, model, stats) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)
           ON CONFLICT (job) DO UPDATE SET run_id = EXCLUDED.run_id, model_type = EXCLUDED.model_type, model = EXCLUDED.model,
             stats = EXCLUDED.stats, fitted_at = now()`,
          [model.job, model.runId, model.modelType, pgJson(model.model), pgJson(model.stats)],
        ),
      );
    },

    async readModel(job) {
      const { rows } = await withStoreErrors('labelVotes.readModel', { job }, () =>
        sql.query<{ run_id: string; model_type: string; model: unknown; stats: Record<string, unknown> }>(
          'SELECT run_id, model_type, model, stats FROM label_jobs WHERE job = $1',
          [job],
        ),
      );
      const row = rows[0];
      return row ? ({ job, runId: row.run_id, modelType: row.model_type, model: row.model, stats: row.stats } satisfies LabelJobModel) : undefined;
    },
  };
}
