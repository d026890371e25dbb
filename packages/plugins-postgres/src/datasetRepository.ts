// DatasetRepository: a dataset's config and seed, and its items' split membership (dataset_items).

import type { DatasetInfo, DatasetItem, DatasetRepository, SqlExecutor } from '@skimmer/core';
import { BULK_CHUNK, chunks, isoTimestamp, pgJson, pgText } from './sqlValues.ts';
import { withStoreErrors } from './storeError.ts';

interface DatasetRow {
  name: string;
  created_at: unknown;
  config: unknown;
  seed: string | null;
}

function toInfo(row: DatasetRow): DatasetInfo {
  return { name: row.name, createdAt: isoTimestamp(row.created_at), config: row.config, seed: row.seed === null ? null : Number(row.seed) };
}

const DATASET_COLUMNS = 'name, created_at, config, seed::text AS seed';

/** The DatasetRepository of a store. */
export function datasetRepository(sql: SqlExecutor): DatasetRepository {
  return {
    saveDataset({ name, config = null, seed = null, items }) {
      return withStoreErrors('datasets.saveDataset', { dataset: name, items: items.length }, () =>
        sql.transaction(async (tx) => {
          await tx.query('DELETE FROM datasets WHERE name = $1', [name]);
          await tx.query('INSERT INTO datasets (name, config, seed) VALUES ($1, $2::text::jsonb, $3)', [name, pgJson(config), seed]);
          for (const chunk of chunks(items, BULK_CHUNK)) {
            await tx.query(
              `INSERT INTO dataset_items (dataset, split, item_id, naive_label)
               SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])`,
              [name, chunk.map((i) => i.split), chunk.map((i) => pgText(i.itemId)), chunk.map((i) => i.naiveLabel ?? null)],
            );
          }
        }),
      );
    },

    async getDataset(name) {
      const { rows } = await withStoreErrors('datasets.getDataset', { dataset: name }, () =>
        sql.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE name = $1`, [name]),
      );
      return rows.length === 0 ? undefined : toInfo(rows[0]);
    },

    async listDatasets() {
      const { rows } = await withStoreErrors('datasets.listDatasets', {}, () =>
        sql.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM datasets ORDER BY created_at DESC, name`),
      );
      return rows.map(toInfo);
    },

    async readSplit(dataset, split) {
      const { rows } = await withStoreErrors('datasets.readSplit', { dataset, split }, () =>
        sql.query<{ item_id: string; naive_label: number | null }>(
          'SELECT item_id, naive_label FROM dataset_items WHERE dataset = $1 AND split = $2 ORDER BY item_id',
          [dataset, split],
        ),
      );
      return rows.map((r): DatasetItem => ({ itemId: r.item_id, split, naiveLabel: r.naive_label }));
    },
  };
}
