// Stands in for people in the tagger: tags the prepared LF / test / val splits (and train, for `iterate --simulate`) with the shipped tags, written as the tagger's JSONL download.
// Run: npx tsx examples/ai-stream/tagGold.ts [examples/ai-stream]   (after `pipeline prepare`; replace gold/*.jsonl with your own downloads)

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDatasetAll } from '@skimmer/plugins-datasets';
import type { TagRow } from './buildStream.ts';

/** The example's labels, as in labels.csv (the tagger's labels file). */
export const LABELS = ['other', 'ai'] as const;

/** The prepared file each tagged split comes from, and the gold file it becomes. */
const SPLITS = [
  { split: 'lf', parquet: 'ssp_LF_dataset.parquet', gold: 'lf.jsonl' },
  { split: 'test', parquet: 'ssp_test_dataset.parquet', gold: 'test.jsonl' },
  { split: 'val', parquet: 'ssp_val_dataset.parquet', gold: 'val.jsonl' },
  { split: 'train', parquet: 'ssp_train_dataset.parquet', gold: 'train.jsonl' },
] as const;

/**
 * Writes `gold/<split>.jsonl` in the tagger's download format (`id,label,label_name,split,annotators,
 * time_spent_ms,text`) plus `tag_source`, for every record of the prepared split that has a shipped tag; records
 * without one are left out, as the tagger leaves out records nobody settled. Returns the rows written per split.
 */
export async function tagGold(exampleDir: string): Promise<Record<string, number>> {
  const tags = new Map<string, TagRow>();
  for (const line of readFileSync(path.join(exampleDir, 'data', 'tags.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const tag = JSON.parse(line) as TagRow;
    tags.set(tag.id, tag);
  }
  mkdirSync(path.join(exampleDir, 'gold'), { recursive: true });
  const written: Record<string, number> = {};
  for (const { split, parquet, gold } of SPLITS) {
    const records = await readDatasetAll(path.join(exampleDir, 'prepared', parquet));
    const rows = records.flatMap((r) => {
      const tag = tags.get(String(r.id));
      if (!tag || tag.label === null) return [];
      return [
        {
          id: String(r.id),
          label: LABELS.indexOf(tag.label),
          label_name: tag.label,
          split,
          annotators: split === 'train' ? 'simulated' : 'shipped-tags',
          time_spent_ms: 0,
          text: r.text,
          tag_source: tag.tag_source,
        },
      ];
    });
    writeFileSync(path.join(exampleDir, 'gold', gold), rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    written[split] = rows.length;
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? path.dirname(fileURLToPath(import.meta.url)));
  console.log(JSON.stringify({ tagged: await tagGold(dir) }));
}
