// LabelOutputRepository: a run's probabilistic labels (one real[] of class probabilities and a hard label per item).

import { DataError } from '@skimmer/core';
import type { LabelOutputRepository, LabelOutputs, SqlExecutor } from '@skimmer/core';
import { BULK_CHUNK, pgText } from './sqlValues.ts';
import { withStoreErrors } from './storeError.ts';

const UPSERT = `
INSERT INTO label_outputs (run_id, item_id, probs, pred)
SELECT $1, item_id, probs::real[], pred FROM unnest($2::text[], $3::text[], $4::int[]) AS t(item_id, probs, pred)
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
  if (preds && preds.length !== itemIds.length) throw new DataError(`label outputs: ${preds.length} predictions for ${itemIds.length} items`, { field: 'preds' });
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

    async read(runId) {
      const { rows } = await withStoreErrors('labelOutputs.read', { run: runId }, () =>
        sql.query<{ item_id: string; probs: number[]; pred: number }>('SELECT item_id, probs, pred FROM label_outputs WHERE run_id = $1 ORDER BY item_id', [runId]),
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
