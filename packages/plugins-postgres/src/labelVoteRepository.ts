// LabelVoteRepository: a distributed labelling job's votes and partial statistics, stored with the job's partition offsets in one transaction.

import type {
  LabelJobModel,
  LabelJobStatus,
  LabelPredictMode,
  LabelStatsPart,
  LabelVoteRepository,
  LabelVoteRow,
  OffsetPosition,
  SqlExecutor,
  StoredVotes,
} from '@skimmer/core';
import { advanceOffsets, lockPositions, readOffsets } from './consumerOffsets.ts';
import { labelOutputRepository } from './labelOutputRepository.ts';
import { BULK_CHUNK, chunks, pgJson, pgText } from './sqlValues.ts';
import { withStoreErrors } from './storeError.ts';

const INSERT_VOTES = `
INSERT INTO label_votes (job, partition, record_offset, item_id, votes)
SELECT $1, $2, record_offset, item_id, votes::int[] FROM unnest($3::bigint[], $4::text[], $5::text[]) AS t(record_offset, item_id, votes)
ON CONFLICT (job, partition, record_offset, item_id) DO UPDATE SET votes = EXCLUDED.votes`;

const INSERT_STATS = `
INSERT INTO label_vote_stats (job, partition, first_offset, last_offset, row_count, stats) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`;

// The first task of the run nobody has labelled nor holds: a process that dies mid-partition releases the lock with its connection.
const CLAIM_TASK = `
SELECT partition, before_offset::text AS before_text FROM label_partition_tasks
WHERE job = $1 AND run_id = $2 AND row_count IS NULL ORDER BY partition LIMIT 1 FOR UPDATE SKIP LOCKED`;

// What members poll while they wait: the fit's run, who labels, its cut and its tasks not labelled (not the model nor the statistics).
const READ_STATUS = `
SELECT j.run_id, j.predict, j.cut,
  (SELECT count(*)::int FROM label_partition_tasks t WHERE t.job = j.job AND t.run_id = j.run_id AND t.row_count IS NULL) AS open
FROM label_jobs j WHERE j.job = $1`;

/** Up to `limit` stored rows of a partition after `after`, in (offset, item id) order. */
async function readVotesOf(
  sql: SqlExecutor,
  job: string,
  partition: number,
  { after, limit }: { after?: { offset: string; itemId: string }; limit: number },
): Promise<StoredVotes> {
  const { rows } = await sql.query<{ offset_text: string; item_id: string; votes: number[] }>(
    `SELECT record_offset::text AS offset_text, item_id, votes FROM label_votes
     WHERE job = $1 AND partition = $2 AND ($3::bigint IS NULL OR (record_offset, item_id) > ($3::bigint, $4::text COLLATE "C"))
     ORDER BY record_offset, item_id LIMIT $5`,
    [job, partition, after?.offset ?? null, after?.itemId ?? null, limit],
  );
  const m = rows[0]?.votes.length ?? 0;
  const votes = new Int32Array(rows.length * m);
  rows.forEach((r, i) => votes.set(r.votes, i * m));
  return { offsets: rows.map((r) => r.offset_text), itemIds: rows.map((r) => r.item_id), m, votes };
}

/** The LabelVoteRepository of a store. */
export function labelVoteRepository(sql: SqlExecutor): LabelVoteRepository {
  return {
    saveBatch(batch, summarize) {
      const { job, topic, partition } = batch;
      return withStoreErrors('labelVotes.saveBatch', { job, topic, partition, rows: batch.rows.length }, () =>
        sql.transaction(async (tx) => {
          const [position] = await lockPositions(tx, [{ consumerGroup: job, topic, partition, offset: batch.lastOffset }], { create: true });
          if (position.past) return { stored: 0, skipped: batch.rows.length };
          const kept: LabelVoteRow[] = batch.rows.filter((row) => BigInt(row.offset) >= position.stored);
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

    readVotes: (job, partition, options) => withStoreErrors('labelVotes.readVotes', { job, partition }, () => readVotesOf(sql, job, partition, options)),

    saveModel(model, partitions) {
      const cutAt = new Map(model.cut.map((c) => [c.partition, c.nextOffset]));
      return withStoreErrors('labelVotes.saveModel', { job: model.job, run: model.runId }, () =>
        sql.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO label_jobs (job, run_id, model_type, model, stats, predict, cut) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7::jsonb)
             ON CONFLICT (job) DO UPDATE SET run_id = EXCLUDED.run_id, model_type = EXCLUDED.model_type, model = EXCLUDED.model,
               stats = EXCLUDED.stats, predict = EXCLUDED.predict, cut = EXCLUDED.cut, fitted_at = now()`,
            [model.job, model.runId, model.modelType, pgJson(model.model), pgJson(model.stats), model.predict, pgJson(model.cut)],
          );
          await tx.query(
            `INSERT INTO label_partition_tasks (job, run_id, partition, before_offset)
             SELECT $1, $2, partition, before_offset FROM unnest($3::int[], $4::bigint[]) AS t(partition, before_offset)`,
            [model.job, model.runId, [...partitions], partitions.map((p) => cutAt.get(p) ?? '0')],
          );
        }),
      );
    },

    async readModel(job) {
      const { rows } = await withStoreErrors('labelVotes.readModel', { job }, () =>
        sql.query<{ run_id: string; model_type: string; model: unknown; stats: Record<string, unknown>; predict: LabelPredictMode; cut: OffsetPosition[] }>(
          'SELECT run_id, model_type, model, stats, predict, cut FROM label_jobs WHERE job = $1',
          [job],
        ),
      );
      const row = rows[0];
      return row
        ? ({
            job,
            runId: row.run_id,
            modelType: row.model_type,
            model: row.model,
            stats: row.stats,
            predict: row.predict,
            cut: row.cut,
          } satisfies LabelJobModel)
        : undefined;
    },

    async readStatus(job) {
      const { rows } = await withStoreErrors('labelVotes.readStatus', { job }, () =>
        sql.query<{ run_id: string; predict: LabelPredictMode; cut: OffsetPosition[]; open: number }>(READ_STATUS, [job]),
      );
      const row = rows[0];
      return row ? ({ runId: row.run_id, predict: row.predict, cut: row.cut, open: row.open } satisfies LabelJobStatus) : undefined;
    },

    labelNextPartition(job, runId, label) {
      return withStoreErrors('labelVotes.labelNextPartition', { job, run: runId }, () =>
        sql.transaction(async (tx) => {
          const claimed = (await tx.query<{ partition: number; before_text: string }>(CLAIM_TASK, [job, runId])).rows[0];
          if (!claimed) return undefined;
          const { partition } = claimed;
          const outputs = labelOutputRepository(tx);
          const rows = await label(
            { job, runId, partition, before: claimed.before_text },
            { readVotes: (options) => readVotesOf(tx, job, partition, options), saveLabels: (labels) => outputs.save(runId, labels) },
          );
          await tx.query('UPDATE label_partition_tasks SET row_count = $4, labelled_at = now() WHERE job = $1 AND run_id = $2 AND partition = $3', [
            job,
            runId,
            partition,
            rows,
          ]);
          return { partition, rows };
        }),
      );
    },

    async partitionStates(job, runId) {
      const { rows } = await withStoreErrors('labelVotes.partitionStates', { job, run: runId }, () =>
        sql.query<{ partition: number; before_text: string; row_count: number | null }>(
          `SELECT partition, before_offset::text AS before_text, row_count FROM label_partition_tasks
           WHERE job = $1 AND run_id = $2 ORDER BY partition`,
          [job, runId],
        ),
      );
      return rows.map((r) => ({ partition: r.partition, before: r.before_text, rows: r.row_count }));
    },

    async dropPendingPartitions(job, runId) {
      await withStoreErrors('labelVotes.dropPendingPartitions', { job, run: runId }, () =>
        // A task being labelled right now is left to finish (into the failed run) rather than waited for.
        sql.query(
          `DELETE FROM label_partition_tasks WHERE (job, run_id, partition) IN (
             SELECT job, run_id, partition FROM label_partition_tasks WHERE job = $1 AND run_id = $2 AND row_count IS NULL FOR UPDATE SKIP LOCKED)`,
          [job, runId],
        ),
      );
    },
  };
}
