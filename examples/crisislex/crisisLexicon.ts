// Learns a crisis lexicon from unlabelled tweets of past crises: words and word pairs that come with hazard words, in several crises.

/** Settings of {@link learnCrisisLexicon}; the defaults are the ones the example ships with. */
export interface CrisisLexiconOptions {
  /** Terms kept, best first (default 300, about the size of the published CrisisLex lexicon). */
  size?: number;
  /** A term must come with a hazard word in at least this many of the crises (default 2: generic, not one crisis's names). */
  minCrises?: number;
  /** ... at least this many times in each of them (default 3). */
  minPerCrisis?: number;
  /** Minimum ratio of a term's rate in hazard-word tweets to its rate in the others (default 3). */
  minLift?: number;
}

const TOKEN = /[#]?[\p{L}\p{N}_']+/gu;

/** Lower-cased words of a tweet (hashtags kept, mentions, links, "rt" and numbers dropped), then its words and word pairs. */
function terms(text: string): Set<string> {
  const words = (
    text
      .toLowerCase()
      .replace(/https?:\/\/\S+|@\w+/g, ' ')
      .match(TOKEN) ?? []
  )
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length >= 3 && w !== 'rt' && !/^#?\d+$/.test(w));
  const out = new Set(words);
  for (let i = 1; i < words.length; i++) out.add(`${words[i - 1]} ${words[i]}`);
  return out;
}

/**
 * Terms that are frequent in tweets containing a hazard word and rare in the others, across several crises (the
 * CrisisLex recipe: "discriminative and frequent in crisis tweets, and common across various crises", with the hazard
 * words standing in for the crisis labels). Uses only the given tweets' texts: no gold label, no other crisis.
 *
 * @example
 * learnCrisisLexicon([{ text: 'flood victims need help', crisis: 'a' }, …], ['flood', 'tornado'])
 * // ['victims', 'need help', …]
 */
export function learnCrisisLexicon(
  tweets: ReadonlyArray<{ text: string; crisis: string }>,
  hazardWords: readonly string[],
  options: CrisisLexiconOptions = {},
): string[] {
  const { size = 300, minCrises = 2, minPerCrisis = 3, minLift = 3 } = options;
  const hazard = new RegExp(`(?<![\\p{L}\\p{N}_])(${hazardWords.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
  const hazardSet = new Set(hazardWords.map((w) => w.toLowerCase()));
  const inHazard = new Map<string, Map<string, number>>();
  const inOther = new Map<string, number>();
  let nHazard = 0;
  let nOther = 0;
  for (const { text, crisis } of tweets) {
    const isHazard = hazard.test(text);
    if (isHazard) nHazard++;
    else nOther++;
    for (const term of terms(text)) {
      if (!isHazard) {
        inOther.set(term, (inOther.get(term) ?? 0) + 1);
        continue;
      }
      let perCrisis = inHazard.get(term);
      if (!perCrisis) inHazard.set(term, (perCrisis = new Map()));
      perCrisis.set(crisis, (perCrisis.get(crisis) ?? 0) + 1);
    }
  }
  const scored: Array<{ term: string; score: number }> = [];
  for (const [term, perCrisis] of inHazard) {
    // The hazard LF has those already.
    if (hazard.test(term) || term.split(' ').some((w) => hazardSet.has(w.replace(/^#/, '')))) continue;
    const counts = [...perCrisis.values()];
    if (counts.filter((c) => c >= minPerCrisis).length < minCrises) continue;
    const h = counts.reduce((a, b) => a + b, 0);
    const lift = (h + 1) / (nHazard + 2) / (((inOther.get(term) ?? 0) + 1) / (nOther + 2));
    if (lift >= minLift) scored.push({ term, score: h * Math.log(lift) });
  }
  scored.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
  return scored.slice(0, size).map((s) => s.term);
}

/**
 * Words that belong to one crisis: seen at least `minCount` times, `minShare` or more of them in a single crisis
 * ("sandy", "#yyc", "marathon"). A classifier trained without them leans on the words crises share, which is all a
 * new crisis has in common with the old ones.
 *
 * @example
 * crisisSpecificWords([{ text: 'sandy hits', crisis: 'a' }, …], { minCount: 5 }) // Set { 'sandy', … }
 */
export function crisisSpecificWords(
  tweets: ReadonlyArray<{ text: string; crisis: string }>,
  options: { minCount?: number; minShare?: number } = {},
): Set<string> {
  const { minCount = 5, minShare = 0.9 } = options;
  const counts = new Map<string, Map<string, number>>();
  for (const { text, crisis } of tweets) {
    for (const word of new Set(text.toLowerCase().match(TOKEN) ?? [])) {
      let perCrisis = counts.get(word);
      if (!perCrisis) counts.set(word, (perCrisis = new Map()));
      perCrisis.set(crisis, (perCrisis.get(crisis) ?? 0) + 1);
    }
  }
  const out = new Set<string>();
  for (const [word, perCrisis] of counts) {
    const values = [...perCrisis.values()];
    const total = values.reduce((a, b) => a + b, 0);
    if (total >= minCount && Math.max(...values) >= minShare * total) out.add(word);
  }
  return out;
}

/** The text without the given (lower-case) words; other characters stay as they were. */
export function withoutWords(text: string, words: ReadonlySet<string>): string {
  return text.replace(TOKEN, (word) => (words.has(word.toLowerCase()) ? ' ' : word));
}
