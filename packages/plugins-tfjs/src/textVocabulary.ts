// The tfjs classifier's tokeniser and capped vocabulary: tweets to fixed-length rows of token ids.

/** Id 0 is never a token (reserved); id 1 stands for every word outside the vocabulary. */
export const OUT_OF_VOCABULARY = 1;
const FIRST_WORD_ID = 2;

const URL = /https?:\/\/\S+/g;
const MENTION = /@\w+/g;
const WORD = /[#]?[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu;

/**
 * Lower-cased words and hashtags; links become `<url>` and user mentions `<user>`.
 *
 * @example
 * tokenize('RT @Bob: Flooding in #Calgary http://t.co/x') // ['rt', '<user>', 'flooding', 'in', '#calgary', '<url>']
 */
export function tokenize(text: string): string[] {
  const marked = text.toLowerCase().replace(URL, ' \u0001url ').replace(MENTION, ' \u0001user ');
  const tokens: string[] = [];
  for (const part of marked.split(/\s+/)) {
    if (part === '\u0001url') tokens.push('<url>');
    else if (part === '\u0001user') tokens.push('<user>');
    else for (const m of part.matchAll(WORD)) tokens.push(m[0]);
  }
  return tokens;
}

/** Adds the tokens of `text` to `counts` (token → occurrences): a vocabulary counted in one pass over chunks holds one entry a distinct token. */
export function countTokens(counts: Map<string, number>, text: string): void {
  for (const token of tokenize(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
}

/** A word → id table fitted on training texts: the `maxSize - 2` most frequent words seen at least `minCount` times. */
export class TextVocabulary {
  private readonly ids: Map<string, number>;

  private constructor(readonly words: readonly string[]) {
    this.ids = new Map(words.map((w, i) => [w, i + FIRST_WORD_ID]));
  }

  /** Fits a vocabulary on `texts`; ties in frequency are broken alphabetically, so the result is deterministic. */
  static fit(texts: Iterable<string>, maxSize: number, minCount = 2): TextVocabulary {
    const counts = new Map<string, number>();
    for (const text of texts) countTokens(counts, text);
    return TextVocabulary.fromCounts(counts, maxSize, minCount);
  }

  /** The vocabulary of token counts gathered with `countTokens` (chunk by chunk): the same as `fit` on those texts. */
  static fromCounts(counts: ReadonlyMap<string, number>, maxSize: number, minCount = 2): TextVocabulary {
    const words = [...counts]
      .filter(([, c]) => c >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, Math.max(0, maxSize - FIRST_WORD_ID))
      .map(([w]) => w);
    return new TextVocabulary(words);
  }

  static fromWords(words: readonly string[]): TextVocabulary {
    return new TextVocabulary(words);
  }

  /** Number of ids, including the two reserved ones (the Embedding layer's input dimension). */
  get size(): number {
    return this.words.length + FIRST_WORD_ID;
  }

  /**
   * Writes `text`'s ids into `out[offset .. offset + length)`. Short texts repeat cyclically instead of padding, so the
   * mean over the row (mean pooling) stays the mean of the text's own words; long ones are cut; empty ones are all OOV.
   */
  encodeInto(text: string, out: Int32Array, offset: number, length: number): void {
    const tokens = tokenize(text);
    if (tokens.length === 0) {
      out.fill(OUT_OF_VOCABULARY, offset, offset + length);
      return;
    }
    for (let j = 0; j < length; j++) out[offset + j] = this.ids.get(tokens[j % tokens.length]) ?? OUT_OF_VOCABULARY;
  }

  /** n × length ids for `texts`, row-major. */
  encodeAll(texts: readonly string[], length: number): Int32Array {
    const out = new Int32Array(texts.length * length);
    texts.forEach((text, i) => this.encodeInto(text, out, i * length, length));
    return out;
  }
}
