// LabelOutputRepository: a run's probabilistic labels (one real[] of class probabilities and a hard label per item), binary COPY'd where the connection can.

import { DataError } from '@skimmer/core';
import type { LabelOutputRepository, LabelOutputs, SqlExecutor } from '@skimmer/core';
import { CopyBinaryWriter } from './copyBinary.ts';
import { canCopyIn, type CopyInExecutor } from './copyIn.ts';
import { BULK_CHUNK, pgText } from './sqlValues.ts';
import { withStoreErrors } from './storeError.ts';

// A fresh run's labels COPY straight into label_outputs (binary, under a savepoint). Saving over labels already stored
// (a unique violation) rolls back to the savepoint and goes through a temporary table (emptied at every commit), then
// one INSERT … ON CONFLICT, in key order: each index page is visited once a batch (800k rows into PGlite: 15.8 s
// against 20.3 s).
const COPY_DIRECT = 'COPY label_outputs (run_id, item_id, probs, pred) FROM STDIN (FORMAT binary)';
const CREATE_STAGING = `
CREATE TEMP TABLE IF NOT EXISTS skimmer_stage_labels (item_id text COLLATE "C", probs real[], pred integer) ON COMMIT DELETE ROWS`;
const COPY_STAGING = 'COPY pg_temp.skimmer_stage_labels (item_id, probs, pred) FROM STDIN (FORMAT binary)';
const MERGE_STAGED = `
INSERT INTO label_outputs (run_id, item_id, probs, pred)
SELECT $1, item_id, probs, pred FROM pg_temp.skimmer_stage_labels ORDER BY item_id
ON CONFLICT (run_id, item_id) DO UPDATE SET probs = EXCLUDED.probs, pred = EXCLUDED.pred`;

const UPSERT = `
INSERT INTO label_outputs (run_id, item_id, probs, pred)
SELECT $1, item_id, probs::real[], pred FROM unnest($2::text[], $3::text[], $4::int[]) AS t(item_id, probs, pred) ORDER BY item_id
ON CONFLICT (run_id, item_id) DO UPDATE SET probs = EXCLUDED.probs, pred = EXCLUDED.pred`;

/** Row i's argmax (first of tied maxima). */
function argmaxRow(data: Float64Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (data[i * k + c] > data[i * k + best]) best = c;
  return best;
}

function checkShape(outputs: LabelOutputs): void {
  const { itemIds, probs, preds } = outputs;
  if (probs.n !== itemIds.length || probs.data.length !== probs.n * probs.k) {
    throw new DataError(`label outputs: ${itemIds.length} item ids but a ${probs.n}×${probs.k} probability matrix`, { field: 'probs' });
  }
  if (preds && preds.length !== itemIds.length)
    throw new DataError(`label outputs: ${preds.length} predictions for ${itemIds.length} items`, { field: 'preds' });
}

/** Binary COPY rows of the outputs, `(run_id, item_id, probs, pred)` or, without `runId`, `(item_id, probs, pred)`. */
function copyRows(outputs: LabelOutputs, runId?: string): Buffer[] {
  const { itemIds, probs, preds } = outputs;
  const k = probs.k;
  const rows = new CopyBinaryWriter();
  for (let i = 0; i < itemIds.length; i++) {
    rows.startRow(runId === undefined ? 3 : 4);
    if (runId !== undefined) rows.text(runId);
    rows.text(itemIds[i]);
    rows.float4Array(probs.data, i * k, k);
    rows.int4(preds ? preds[i] : argmaxRow(probs.data, i, k));
  }
  return rows.finish();
}

/**
 * The check the foreign key to runs made for every row, once a batch (migration 006): the run exists, and stays until
 * the batch commits (FOR KEY SHARE, the lock the key check took).
 */
async function lockRun(tx: SqlExecutor, runId: string): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM runs WHERE id = $1 FOR KEY SHARE', [runId]);
  if (rows.length === 0) throw new DataError(`label outputs: no run "${runId}" in the store`, { record: runId });
}

/** Postgres's unique_violation: an item of the batch has a label in this run already. */
function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}

/** Saves through binary COPY: straight into label_outputs, else (labels already there) staged and merged. */
async function copyOutputs(tx: CopyInExecutor, runId: string, outputs: LabelOutputs): Promise<number> {
  try {
    await tx.transaction(() => tx.copyIn(COPY_DIRECT, copyRows(outputs, runId)));
    return outputs.itemIds.length;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  await tx.query(CREATE_STAGING);
  await tx.copyIn(COPY_STAGING, copyRows(outputs));
  await tx.query(MERGE_STAGED, [runId]);
  return outputs.itemIds.length;
}

/** The LabelOutputRepository of a store. Probabilities are stored as `real` (float32). */
export function labelOutputRepository(sql: SqlExecutor): LabelOutputRepository {
  return {
    save(runId, outputs) {
      checkShape(outputs);
      const { itemIds, probs, preds } = outputs;
      const k = probs.k;
      return withStoreErrors('labelOutputs.save', { run: runId, items: itemIds.length }, () =>
        sql.transaction(async (tx) => {
          await lockRun(tx, runId);
          if (canCopyIn(tx)) return copyOutputs(tx, runId, outputs);
          for (let start = 0; start < itemIds.length; start += BULK_CHUNK) {
            const end = Math.min(itemIds.length, start + BULK_CHUNK);
            const ids: string[] = [];
            const rows: string[] = [];
            const hard: number[] = [];
            for (let i = start; i < end; i++) {
              ids.push(pgText(itemIds[i]));
              rows.push(`{${Array.from(probs.data.subarray(i * k, (i + 1) * k)).join(',')}}`);
              hard.push(preds ? preds[i] : argmaxRow(probs.data, i, k));
            }
            await tx.query(UPSERT, [runId, ids, rows, hard]);
          }
          return itemIds.length;
        }),
      );
    },

    async deleteRuns(runIds) {
      if (runIds.length === 0) return 0;
      const { rows } = await withStoreErrors('labelOutputs.deleteRuns', { runs: runIds.length }, () =>
        sql.query<{ n: number }>('WITH d AS (DELETE FROM label_outputs WHERE run_id = ANY($1::text[]) RETURNING 1) SELECT count(*)::int AS n FROM d', [
          [...runIds],
        ]),
      );
      return rows[0].n;
    },

    async read(runId) {
      const { rows } = await withStoreErrors('labelOutputs.read', { run: runId }, () =>
        sql.query<{ item_id: string; probs: number[]; pred: number }>('SELECT item_id, probs, pred FROM label_outputs WHERE run_id = $1 ORDER BY item_id', [
          runId,
        ]),
      );
      const n = rows.length;
      const k = n === 0 ? 0 : rows[0].probs.length;
      const data = new Float64Array(n * k);
      const preds = new Int32Array(n);
      rows.forEach((r, i) => {
        data.set(r.probs.map(Number), i * k);
        preds[i] = r.pred;
      });
      return { itemIds: rows.map((r) => r.item_id), probs: { n, k, data }, preds };
    },
  };
}
