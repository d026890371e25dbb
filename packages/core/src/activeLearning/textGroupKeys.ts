// Groups near-identical texts (retweets, copies differing only in links or mentions) under one numeric key.

/**
 * The text reduced to its words: lower case, without a leading "RT", links, @mentions, punctuation or extra spaces.
 *
 * @example
 * normalizeForGrouping('RT @cbc: Flood warning! http://t.co/abc') // 'flood warning'
 */
export function normalizeForGrouping(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/^\s*rt\b/, ' ')
    .replace(/[^\p{L}\p{N}#]+/gu, ' ')
    .trim();
}

/**
 * One key per text; texts with the same normalised form share a key (keys are 0, 1, 2 … in order of first appearance).
 *
 * @example
 * Array.from(textGroupKeys(['RT @a: Help now', 'help now!', 'other'])) // [0, 0, 1]
 */
export function textGroupKeys(texts: readonly string[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(texts, (text) => {
    const key = normalizeForGrouping(text);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  });
}
