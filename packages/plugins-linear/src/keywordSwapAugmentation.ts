// Training-data augmentation: copies of texts with each keyword swapped for another of its group (e.g. "flood" → "tornado").

import { ClassifierError, seededRandom, type ProbMatrix } from '@skimmer/core';

/** Groups of interchangeable keywords (words or phrases) and how many swapped copies a matching text gets. */
export interface KeywordSwapOptions {
  /** Each group lists words that may stand in for one another, e.g. the hazard words of a keyword LF. */
  swapGroups: string[][];
  /** Swapped copies added per text that contains a keyword (default 1). */
  copies?: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One case-insensitive whole-word pattern over every keyword, longest first, and the group of each keyword. */
function keywordPattern(groups: readonly string[][]): { pattern: RegExp; groupOf: Map<string, number> } {
  const groupOf = new Map<string, number>();
  groups.forEach((group, g) => {
    if (group.length < 2) throw new ClassifierError(`keyword swap group ${g} has ${group.length} word(s); a group needs at least 2 to swap`, { group: g });
    for (const word of group) groupOf.set(word.toLowerCase(), g);
  });
  const words = [...groupOf.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return { pattern: new RegExp(`(?<![\\p{L}\\p{N}_])(${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'giu'), groupOf };
}

/**
 * The training set plus, for every text containing a keyword of a group, `copies` copies in which each keyword is
 * replaced by a word drawn (seeded) from its group; a copy keeps the original's soft label. A model trained on
 * tweets about floods and bombings thereby sees "tornado" used the same way, which it would otherwise never learn.
 *
 * @example
 * augmentBySwappingKeywords(['Flood in town', 'lunch'], { n: 2, k: 2, data: Float64Array.from([0.1, 0.9, 0.8, 0.2]) },
 *   { swapGroups: [['flood', 'tornado']], copies: 1 }, 1)
 * // texts: ['Flood in town', 'lunch', 'tornado in town' or 'flood in town'], labels: 3 × 2, the copy labelled [0.1, 0.9]
 */
export function augmentBySwappingKeywords(
  texts: readonly string[],
  labels: ProbMatrix,
  options: KeywordSwapOptions,
  seed: number,
): { texts: string[]; labels: ProbMatrix } {
  const copies = options.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 0) throw new ClassifierError(`keyword swap copies must be a non-negative integer, got ${copies}`, { copies });
  const { pattern, groupOf } = keywordPattern(options.swapGroups);
  const random = seededRandom(seed);
  const { k } = labels;
  const outTexts = [...texts];
  const outLabels: number[] = Array.from(labels.data);
  for (let i = 0; i < texts.length; i++) {
    pattern.lastIndex = 0;
    if (!pattern.test(texts[i])) continue;
    for (let c = 0; c < copies; c++) {
      outTexts.push(
        texts[i].replace(pattern, (match) => {
          const group = options.swapGroups[groupOf.get(match.toLowerCase())!];
          return group[Math.floor(random() * group.length)];
        }),
      );
      for (let j = 0; j < k; j++) outLabels.push(labels.data[i * k + j]);
    }
  }
  return { texts: outTexts, labels: { n: outTexts.length, k, data: Float64Array.from(outLabels) } };
}
