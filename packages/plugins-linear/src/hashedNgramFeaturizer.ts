// Turns a text into hashed word and character n-gram features (the hashing trick): no vocabulary, constant memory.

/** Options of the featurizer; they are saved with the model, so a loaded model featurizes exactly as it trained. */
export interface FeaturizerOptions {
  /** log2 of the number of hash buckets (default 18: 262,144 buckets). */
  hashBits: number;
  /** Word n-gram orders, e.g. [1, 2] for unigrams and bigrams. */
  wordNgrams: number[];
  /** Character n-gram lengths [min, max] taken inside each padded word (fastText style); [0, 0] turns them off. */
  charNgrams: [number, number];
  /** Lower-case before tokenising. */
  lowercase: boolean;
}

export const DEFAULT_FEATURIZER_OPTIONS: FeaturizerOptions = {
  hashBits: 18,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  lowercase: true,
};

/** Sparse features of one text: bucket indices and values (duplicates allowed; a linear model sums them). */
export interface SparseFeatures {
  readonly length: number;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

const URL_PATTERN = /https?:\/\/\S+/gu;
const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Seeds that keep word n-grams of each order and character n-grams in separate hash spaces. */
const WORD_SEED = 0x9e3779b1;
const CHAR_SEED = 0x85ebca77;
const PAD_START = 60; // '<'
const PAD_END = 62; // '>'

/** ASCII letters, digits, '_', '#', '@' and apostrophes continue a word; other ASCII characters end it. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = 1;
for (const c of [95, 35, 64, 39]) ASCII_WORD[c] = 1;

function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128) return ASCII_WORD[code] === 1;
  if (code === 0x2019) return true; // right single quotation mark, as in "don’t"
  return NON_ASCII_WORD_CHAR.test(text[i]);
}

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, FNV_PRIME) >>> 0;
}

/**
 * Hashed n-gram featurizer. `featurize` reuses internal buffers: copy the result if you keep it.
 *
 * @example
 * const f = new HashedNgramFeaturizer();
 * const x = f.featurize('Deep learning is fun'); // x.length bucket ids in [0, 2^18)
 */
export class HashedNgramFeaturizer {
  readonly options: FeaturizerOptions;
  readonly dimension: number;
  private readonly mask: number;
  private indices = new Int32Array(1024);
  private values = new Float32Array(1024);
  private wordHashes = new Uint32Array(256);
  private wordStarts = new Int32Array(256);
  private wordEnds = new Int32Array(256);
  private count = 0;

  constructor(options: Partial<FeaturizerOptions> = {}) {
    this.options = { ...DEFAULT_FEATURIZER_OPTIONS, ...options };
    this.dimension = 2 ** this.options.hashBits;
    this.mask = this.dimension - 1;
  }

  featurize(rawText: string): SparseFeatures {
    const { lowercase, wordNgrams, charNgrams } = this.options;
    let text = lowercase ? rawText.toLowerCase() : rawText;
    if (text.includes('http')) text = text.replace(URL_PATTERN, ' httpurl ');
    const nWords = this.tokenize(text);
    this.count = 0;
    for (const order of wordNgrams) {
      const seed = mix(WORD_SEED, order);
      for (let w = 0; w + order <= nWords; w++) {
        let h = seed;
        for (let o = 0; o < order; o++) h = mix(h, this.wordHashes[w + o]);
        this.push(h);
      }
    }
    const [minN, maxN] = charNgrams;
    if (minN > 0) {
      for (let w = 0; w < nWords; w++) this.pushCharNgrams(text, this.wordStarts[w], this.wordEnds[w], minN, maxN);
    }
    const count = this.count;
    const scale = count > 0 ? 1 / Math.sqrt(count) : 0;
    for (let i = 0; i < count; i++) this.values[i] *= scale;
    return { length: count, indices: this.indices, values: this.values };
  }

  /** Finds word boundaries and word hashes; returns the number of words. */
  private tokenize(text: string): number {
    let n = 0;
    let i = 0;
    const len = text.length;
    while (i < len) {
      while (i < len && !isWordChar(text.charCodeAt(i), text, i)) i++;
      if (i >= len) break;
      const start = i;
      let h = FNV_OFFSET;
      while (i < len) {
        const code = text.charCodeAt(i);
        if (!isWordChar(code, text, i)) break;
        h = Math.imul(h ^ code, FNV_PRIME);
        i++;
      }
      if (n === this.wordHashes.length) this.growWords();
      this.wordStarts[n] = start;
      this.wordEnds[n] = i;
      this.wordHashes[n] = h >>> 0;
      n++;
    }
    return n;
  }

  /** Character n-grams of `<word>` (padded), lengths minN..maxN, hashed incrementally from each start. */
  private pushCharNgrams(text: string, start: number, end: number, minN: number, maxN: number): void {
    const padded = end - start + 2;
    for (let s = 0; s < padded; s++) {
      let h = CHAR_SEED;
      const limit = Math.min(maxN, padded - s);
      for (let n = 1; n <= limit; n++) {
        const p = s + n - 1;
        const code = p === 0 ? PAD_START : p === padded - 1 ? PAD_END : text.charCodeAt(start + p - 1);
        h = Math.imul(h ^ code, FNV_PRIME);
        if (n >= minN) this.push(mix(h, n));
      }
    }
  }

  private push(hash: number): void {
    if (this.count === this.indices.length) this.grow();
    // The top bit of the hash gives the feature's sign, which keeps collisions unbiased.
    this.indices[this.count] = hash & this.mask;
    this.values[this.count] = hash & 0x80000000 ? -1 : 1;
    this.count++;
  }

  private growWords(): void {
    const size = this.wordHashes.length * 2;
    const hashes = new Uint32Array(size);
    hashes.set(this.wordHashes);
    const starts = new Int32Array(size);
    starts.set(this.wordStarts);
    const ends = new Int32Array(size);
    ends.set(this.wordEnds);
    this.wordHashes = hashes;
    this.wordStarts = starts;
    this.wordEnds = ends;
  }

  private grow(): void {
    const indices = new Int32Array(this.indices.length * 2);
    indices.set(this.indices);
    const values = new Float32Array(this.values.length * 2);
    values.set(this.values);
    this.indices = indices;
    this.values = values;
  }
}

/** Featurizes every text into one CSR block (row offsets + indices + values), for repeated passes while training. */
export function featurizeAll(featurizer: HashedNgramFeaturizer, texts: readonly string[]): { offsets: Int32Array; indices: Int32Array; values: Float32Array } {
  const offsets = new Int32Array(texts.length + 1);
  let indices = new Int32Array(texts.length * 64);
  let values = new Float32Array(texts.length * 64);
  let nnz = 0;
  for (let i = 0; i < texts.length; i++) {
    const x = featurizer.featurize(texts[i]);
    if (nnz + x.length > indices.length) {
      const size = Math.max(indices.length * 2, nnz + x.length);
      const ni = new Int32Array(size);
      ni.set(indices.subarray(0, nnz));
      const nv = new Float32Array(size);
      nv.set(values.subarray(0, nnz));
      indices = ni;
      values = nv;
    }
    indices.set(x.indices.subarray(0, x.length), nnz);
    values.set(x.values.subarray(0, x.length), nnz);
    nnz += x.length;
    offsets[i + 1] = nnz;
  }
  return { offsets, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
}
