// LabelOutputRepository: a run's probabilistic labels stored a block of items a row (ids, n × k probabilities, hard labels as arrays), binary COPY'd where the connection can.

import { argmaxRow, DataError } from '@skimmer/core';
import type { LabelOutputRepository, LabelOutputs, SqlExecutor } from '@skimmer/core';
import { CopyBinaryWriter } from './copyBinary.ts';
import { canCopyIn } from './copyIn.ts';
import { pgText } from './sqlValues.ts';
import { withStoreErrors } from './storeError.ts';

/** Items a stored block holds at most (a chunk of `pipeline run` is one block). */
const BLOCK_ITEMS = 50_000;

const COPY_BLOCKS = 'COPY label_output_blocks (run_id, k, item_ids, probs, preds) FROM STDIN (FORMAT binary)';
const INSERT_BLOCK = 'INSERT INTO label_output_blocks (run_id, k, item_ids, probs, preds) VALUES ($1, $2, $3::text[], $4::real[], $5::int[])';
// Labels stored before migration 006 (a row per item) come first: any block saved since replaces them.
const READ_LEGACY = 'SELECT item_id, probs, pred FROM label_outputs WHERE run_id = $1';
const READ_BLOCKS = 'SELECT k, item_ids, probs, preds FROM label_output_blocks WHERE run_id = $1 ORDER BY seq';
// Legacy rows no block of the run replaced: readBlocks hands them on first, as one block.
const READ_LEGACY_UNREPLACED = `SELECT item_id, probs, pred FROM label_outputs o WHERE run_id = $1
  AND NOT EXISTS (SELECT 1 FROM label_output_blocks b WHERE b.run_id = $1 AND o.item_id = ANY (b.item_ids)) ORDER BY item_id`;
// The position is the block's seq as text, under another name: ORDER BY an output column named `seq` would sort the
// text ('10' before '2'), skipping blocks once a run has ten.
const READ_BLOCK_AFTER =
  'SELECT seq::text AS position, k, item_ids, probs, preds FROM label_output_blocks WHERE run_id = $1 AND seq > $2::bigint ORDER BY seq LIMIT 1';

function checkShape(outputs: LabelOutputs): void {
  const { itemIds, probs, preds } = outputs;
  if (probs.n !== itemIds.length || probs.data.length !== probs.n * probs.k) {
    throw new DataError(`label outputs: ${itemIds.length} item ids but a ${probs.n}×${probs.k} probability matrix`, { field: 'probs' });
  }
  if (preds && preds.length !== itemIds.length)
    throw new DataError(`label outputs: ${preds.length} predictions for ${itemIds.length} items`, { field: 'preds' });
}

/** The hard labels of rows `start .. end`: given, else each row's argmax. */
function hardLabels(outputs: LabelOutputs, start: number, end: number): Int32Array {
  if (outputs.preds) return outputs.preds.subarray(start, end);
  const preds = new Int32Array(end - start);
  for (let i = start; i < end; i++) preds[i - start] = argmaxRow(outputs.probs, i);
  return preds;
}

/** One binary COPY row per block of at most BLOCK_ITEMS items: no per-item object, the arrays written straight into buffers. */
function copyBlocks(runId: string, outputs: LabelOutputs): Buffer[] {
  const { itemIds, probs } = outputs;
  const k = probs.k;
  const rows = new CopyBinaryWriter(1 << 21);
  for (let start = 0; start < itemIds.length; start += BLOCK_ITEMS) {
    const end = Math.min(itemIds.length, start + BLOCK_ITEMS);
    rows.startRow(5);
    rows.text(runId);
    rows.int4(k);
    rows.textArray(itemIds.slice(start, end));
    rows.float4Array(probs.data, start * k, (end - start) * k);
    rows.int4Array(hardLabels(outputs, start, end));
  }
  return rows.finish();
}

/**
 * Orders strings as Postgres's "C" collation does (UTF-8 bytes, i.e. code points), which `<` on UTF-16 code units does
 * not for characters above U+FFFF against U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–U+DFFF) stand for code points above U+FFFF: move them above U+E000–U+FFFF.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** The LabelOutputRepository of a store. Probabilities are stored as `real` (float32). */
export function labelOutputRepository(sql: SqlExecutor): LabelOutputRepository {
  return {
    save(runId, outputs) {
      checkShape(outputs);
      const { itemIds, probs } = outputs;
      if (itemIds.length === 0) return Promise.resolve(0);
      return withStoreErrors('labelOutputs.save', { run: runId, items: itemIds.length }, () =>
        sql.transaction(async (tx) => {
          if (canCopyIn(tx)) {
            await tx.copyIn(COPY_BLOCKS, copyBlocks(runId, outputs));
            return itemIds.length;
          }
          const k = probs.k;
          for (let start = 0; start < itemIds.length; start += BLOCK_ITEMS) {
            const end = Math.min(itemIds.length, start + BLOCK_ITEMS);
            const ids = itemIds.slice(start, end).map((id) => pgText(id));
            await tx.query(INSERT_BLOCK, [runId, k, ids, Array.from(probs.data.subarray(start * k, end * k)), Array.from(hardLabels(outputs, start, end))]);
          }
          return itemIds.length;
        }),
      );
    },

    async *readBlocks(runId) {
      const legacy = await withStoreErrors('labelOutputs.readBlocks', { run: runId }, () =>
        sql.query<{ item_id: string; probs: number[]; pred: number }>(READ_LEGACY_UNREPLACED, [runId]),
      );
      if (legacy.rows.length > 0) {
        const n = legacy.rows.length;
        const k = legacy.rows[0].probs.length;
        const data = new Float64Array(n * k);
        legacy.rows.forEach((row, i) => {
          for (let c = 0; c < k; c++) data[i * k + c] = Number(row.probs[c]);
        });
        yield { itemIds: legacy.rows.map((row) => row.item_id), probs: { n, k, data }, preds: Int32Array.from(legacy.rows, (row) => row.pred) };
      }
      for (let position = '0'; ; ) {
        const { rows } = await withStoreErrors('labelOutputs.readBlocks', { run: runId, position }, () =>
          sql.query<{ position: string; k: number; item_ids: string[]; probs: number[]; preds: number[] }>(READ_BLOCK_AFTER, [runId, position]),
        );
        const block = rows[0];
        if (!block) return;
        position = block.position;
        const n = block.item_ids.length;
        yield { itemIds: block.item_ids, probs: { n, k: block.k, data: Float64Array.from(block.probs, Number) }, preds: Int32Array.from(block.preds) };
      }
    },

    /** Deletes the runs' labels; returns the labels deleted (an item saved twice in a run counts twice). */
    async deleteRuns(runIds) {
      if (runIds.length === 0) return 0;
      const { rows } = await withStoreErrors('labelOutputs.deleteRuns', { runs: runIds.length }, () =>
        sql.query<{ n: number }>(
          `WITH blocks AS (DELETE FROM label_output_blocks WHERE run_id = ANY($1::text[]) RETURNING cardinality(item_ids) AS n),
                legacy AS (DELETE FROM label_outputs WHERE run_id = ANY($1::text[]) RETURNING 1 AS n)
           SELECT (coalesce((SELECT sum(n) FROM blocks), 0) + (SELECT count(*) FROM legacy))::int AS n`,
          [[...runIds]],
        ),
      );
      return rows[0].n;
    },

    async read(runId) {
      const [legacy, blocks] = await withStoreErrors('labelOutputs.read', { run: runId }, () =>
        Promise.all([
          sql.query<{ item_id: string; probs: number[]; pred: number }>(READ_LEGACY, [runId]),
          sql.query<{ k: number; item_ids: string[]; probs: number[]; preds: number[] }>(READ_BLOCKS, [runId]),
        ]),
      );
      // The latest label of each item: legacy rows, then blocks in save order.
      const latest = new Map<string, { probs: ArrayLike<number>; pred: number }>();
      for (const row of legacy.rows) latest.set(row.item_id, { probs: row.probs, pred: row.pred });
      for (const block of blocks.rows) {
        const { k } = block;
        block.item_ids.forEach((id, i) => latest.set(id, { probs: block.probs.slice(i * k, (i + 1) * k), pred: block.preds[i] }));
      }
      const itemIds = [...latest.keys()].sort(compareCodePoints);
      const n = itemIds.length;
      const k = n === 0 ? 0 : latest.get(itemIds[0])!.probs.length;
      const data = new Float64Array(n * k);
      const preds = new Int32Array(n);
      itemIds.forEach((id, i) => {
        const label = latest.get(id)!;
        for (let c = 0; c < k; c++) data[i * k + c] = Number(label.probs[c]);
        preds[i] = label.pred;
      });
      return { itemIds, probs: { n, k, data }, preds };
    },
  };
}
