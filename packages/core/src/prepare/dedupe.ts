// Deduplication for dataset preparation: exact duplicates of a normalised text, and retweets of posts already present.

/** Which duplicates `dedupe` removes. */
export interface DedupeOptions {
  /** Drop later records whose normalised text equals an earlier one. Default true. */
  exact?: boolean;
  /** Drop "RT @user: text" when a post with that text is present (a truncated "text…" matches by prefix). Default true. */
  retweets?: boolean;
}

/** The kept positions (ascending) and how many records each rule removed. */
export interface DedupeResult {
  kept: Int32Array;
  /** Records whose id comes again later (the same post collected twice: the last copy stays, as in the store); always removed. */
  duplicateIds: number;
  exactDuplicates: number;
  retweets: number;
}

// "RT @handle: " at the start of a normalised text; handles are word characters only (linear).
const RETWEET_PREFIX = /^RT @\w+:\s*/iu;
// v1.1 retweets cut the retweeted text at 140 characters and end it with an ellipsis.
const TRUNCATION = /\s*(?:…|\.\.\.)$/u;
/** Shortest truncated retweet text matched by prefix (shorter ones are too ambiguous). */
const MIN_PREFIX = 20;

/** Whether some text in `sorted` (ascending) starts with `prefix`: binary search for the first text >= prefix. */
function hasPrefix(sorted: readonly string[], prefix: string): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo].startsWith(prefix);
}

/**
 * Finds the records to keep among normalised texts, in two linear passes over hash sets: repeated ids (the last copy
 * stays, as the store keeps the last) and exact duplicates (the first occurrence stays) first, then retweets whose retweeted text is itself one of the kept texts
 * (a v1.1 retweet truncated with "…" matches a kept text it starts, found by binary search in the sorted texts).
 *
 * @example
 * dedupe(['AI is here', 'AI is here', 'RT @bob: AI is here', 'RT @bob: other']).kept // Int32Array [0, 3]
 */
export function dedupe(normalizedTexts: readonly string[], options: DedupeOptions = {}, ids?: readonly string[]): DedupeResult {
  const n = normalizedTexts.length;
  const firstPass = new Int32Array(n);
  let kept = 0;
  let duplicateIds = 0;
  const seen = new Set<string>();
  const lastOfId = new Map<string, number>();
  if (ids) for (let i = 0; i < n; i++) lastOfId.set(ids[i], i);
  for (let i = 0; i < n; i++) {
    const text = normalizedTexts[i];
    if (ids && lastOfId.get(ids[i]) !== i) {
      duplicateIds++;
      continue;
    }
    if (options.exact !== false) {
      if (seen.has(text)) continue;
      seen.add(text);
    }
    firstPass[kept++] = i;
  }
  const exactDuplicates = n - kept - duplicateIds;
  if (options.retweets === false) return { kept: firstPass.slice(0, kept), duplicateIds, exactDuplicates, retweets: 0 };

  const present = options.exact !== false ? seen : new Set(normalizedTexts);
  const sorted = [...present].sort();
  const isRetweetOfPresent = (text: string): boolean => {
    const prefix = RETWEET_PREFIX.exec(text);
    if (!prefix) return false;
    const retweeted = text.slice(prefix[0].length);
    if (present.has(retweeted)) return true;
    const truncated = retweeted.replace(TRUNCATION, '');
    return truncated !== retweeted && truncated.length >= MIN_PREFIX && hasPrefix(sorted, truncated);
  };
  const result = new Int32Array(kept);
  let out = 0;
  for (let j = 0; j < kept; j++) {
    if (isRetweetOfPresent(normalizedTexts[firstPass[j]])) continue;
    result[out++] = firstPass[j];
  }
  return { kept: result.slice(0, out), duplicateIds, exactDuplicates, retweets: kept - out };
}
