// Turns token lists into feature ids: a vocabulary of the most frequent train terms (tf-idf) or hashed word n-grams.

/** Maps one text's tokens to feature ids in `0..dimension-1` (one id per occurrence; unknown terms dropped). */
export interface FeatureIndexer {
  readonly dimension: number;
  ids(tokens: readonly string[]): number[];
}

/**
 * A vocabulary of the `maxFeatures` terms found in the most train texts (at least `minDf` of them); ties break
 * alphabetically so the vocabulary depends only on the texts. Returns the indexer and the terms by id.
 *
 * @example
 * const { indexer, terms } = fitVocabulary([['a', 'b'], ['a']], { maxFeatures: 10, minDf: 1 });
 * terms; // ['a', 'b']
 * indexer.ids(['b', 'z', 'a']); // [1, 0]
 */
export function fitVocabulary(
  docs: readonly (readonly string[])[],
  options: { readonly maxFeatures: number; readonly minDf: number },
): { readonly indexer: FeatureIndexer; readonly terms: readonly string[] } {
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df]
    .filter(([, n]) => n >= options.minDf)
    .sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, options.maxFeatures)
    .map(([term]) => term);
  const index = new Map(terms.map((t, i) => [t, i]));
  return {
    terms,
    indexer: {
      dimension: Math.max(terms.length, 1),
      ids: (tokens) => tokens.flatMap((t) => index.get(t) ?? []),
    },
  };
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Hashes word unigrams and bigrams into `dimension` buckets (FNV-1a): nothing to fit, nothing to store, but colliding
 * n-grams share a bucket.
 *
 * @example
 * hashedNgramIndexer(4096).ids(['check', 'out']); // three bucket ids: 'check', 'out', 'check out'
 */
export function hashedNgramIndexer(dimension: number): FeatureIndexer {
  return {
    dimension,
    ids: (tokens) => {
      const ids: number[] = [];
      for (let i = 0; i < tokens.length; i++) {
        ids.push(fnv1a(tokens[i]) % dimension);
        if (i > 0) ids.push(fnv1a(`${tokens[i - 1]} ${tokens[i]}`) % dimension);
      }
      return ids;
    },
  };
}
