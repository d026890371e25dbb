// Writes split/dev_ids.txt (200 tweets of the three training crises whose gold is the dev set) and split/train_ids.txt (the rest).
// Run from the repository root: npx tsx examples/crisislex/makeSplit.ts (the files are committed; this shows how they were drawn).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { seededRandom, datasetPath, shuffleInPlace } from '@skimmer/core';

const TRAIN_CRISES = ['2012_Sandy_Hurricane', '2013_Alberta_Floods', '2013_Boston_Bombings'];
const DEV_SIZE = 200;

const ids = TRAIN_CRISES.flatMap((crisis) => {
  const rows = parse(readFileSync(datasetPath('crisislex-t6', `${crisis}-ontopic_offtopic.csv`)), {
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true,
  }) as Array<Record<string, string>>;
  return rows.map((r) => r['tweet id']);
});
// The pipeline gives an id repeated within a split's files `~2`, `~3` … on its repeats; so does this.
const seen = new Map<string, number>();
const uniqueIds = ids.map((id) => {
  const count = (seen.get(id) ?? 0) + 1;
  seen.set(id, count);
  return count > 1 ? `${id}~${count}` : id;
});
// Rows of the concatenated files shuffled with seed 1: the first 200 are dev, the others train, in file order.
// Dev tweets stay out of train, so dev scores a model on tweets it did not train on (and item ids stay unique across splits).
const devRows = shuffleInPlace(Array.from(uniqueIds.keys()), seededRandom(1)).slice(0, DEV_SIZE);
const isDev = new Set(devRows);
const trainRows = Array.from(uniqueIds.keys()).filter((r) => !isDev.has(r));
mkdirSync(new URL('./split/', import.meta.url), { recursive: true });
writeFileSync(new URL('./split/dev_ids.txt', import.meta.url), devRows.map((r) => uniqueIds[r]).join('\n') + '\n');
writeFileSync(new URL('./split/train_ids.txt', import.meta.url), trainRows.map((r) => uniqueIds[r]).join('\n') + '\n');
console.log(`wrote ${devRows.length} dev ids and ${trainRows.length} train ids (${seen.size} distinct ids in ${ids.length} rows)`);
