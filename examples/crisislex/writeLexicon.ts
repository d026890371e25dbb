// Writes lexicon.txt: the lexicon config.yaml's LFs use, learned (crisisLexicon.ts) from the unlabelled training tweets of Sandy, Alberta and Boston.
// Run from the repository root: npx tsx examples/crisislex/writeLexicon.ts (the file is committed; this shows how it was made).

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { datasetPath } from '@skimmer/core';
import { learnCrisisLexicon } from './crisisLexicon.ts';
import { HAZARD_WORDS } from './crisislexLFs.ts';

const TRAIN_CRISES = ['2012_Sandy_Hurricane', '2013_Alberta_Floods', '2013_Boston_Bombings'];
// Dev tweets stay out, like the test crisis (Oklahoma): the lexicon sees only the texts the label model trains on.
const devIds = new Set(
  readFileSync(new URL('./split/dev_ids.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean),
);

/** The training tweets of the three crises (texts only) and the lexicon learned from them, as lexicon.txt holds it. */
export function exampleLexicon(): { tweets: number; lexicon: string[] } {
  const tweets = TRAIN_CRISES.flatMap((crisis) => {
    const rows = parse(readFileSync(datasetPath('crisislex-t6', `${crisis}-ontopic_offtopic.csv`)), {
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
    }) as Array<Record<string, string>>;
    return rows.filter((r) => !devIds.has(r['tweet id'])).map((r) => ({ text: r.tweet, crisis }));
  });
  return { tweets: tweets.length, lexicon: learnCrisisLexicon(tweets, HAZARD_WORDS) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { tweets, lexicon } = exampleLexicon();
  const header = [
    `# ${lexicon.length} terms learned by examples/crisislex/writeLexicon.ts (learnCrisisLexicon, default options) from the texts`,
    `# of ${tweets} CrisisLexT6 tweets of ${TRAIN_CRISES.join(', ')} (dev tweets excluded), no gold label used.`,
    "# It never saw the Oklahoma tornado tweets (the example's test crisis). One term a line, best first.",
  ];
  writeFileSync(new URL('./lexicon.txt', import.meta.url), [...header, ...lexicon].join('\n') + '\n');
  console.log(`wrote ${lexicon.length} terms from ${tweets} tweets`);
}
