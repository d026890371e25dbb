// Specification of the building blocks: tokenizer, tf-idf and hashed vectorisers, cosine centroids, k-means++ seeding.

import { describe, expect, test } from 'vitest';
import { CosineCentroids, fitTextVectorizer, hashedNgramIndexer, kmeansPlusPlus, tokenize } from '../src/index.ts';

describe('tokenize', () => {
  test('lower-cases Unicode words and drops punctuation', () => {
    expect(tokenize('Check out my Café-channel! ¿Qué?')).toEqual(['check', 'out', 'my', 'café', 'channel', 'qué']);
  });
});

describe('fitTextVectorizer', () => {
  test('tfidf keeps the maxFeatures words found in the most texts, ties alphabetically', () => {
    const v = fitTextVectorizer(['b a', 'a c', 'a b d'], { kind: 'tfidf', maxFeatures: 2, minDf: 1 });
    expect(v.terms).toEqual(['a', 'b']);
  });

  test('tfidf rows are unit length and weight rarer words more (smoothed idf)', () => {
    const v = fitTextVectorizer(['b a', 'a c', 'a b d'], { kind: 'tfidf', maxFeatures: 10, minDf: 1 });
    const row = v.transform('a b');
    const idfA = Math.log(4 / 4) + 1;
    const idfB = Math.log(4 / 3) + 1;
    const norm = Math.hypot(idfA, idfB);
    expect(Array.from(row.slice(0, 2))).toEqual([idfA / norm, idfB / norm]);
  });

  test('a text with no known word is the zero vector', () => {
    const v = fitTextVectorizer(['b a', 'a c'], { kind: 'tfidf', maxFeatures: 10, minDf: 2 });
    expect(Array.from(v.transform('zzz'))).toEqual([0]);
  });

  test('hashed-ngrams has maxFeatures buckets and no vocabulary', () => {
    const v = fitTextVectorizer(['check out my channel'], { kind: 'hashed-ngrams', maxFeatures: 64 });
    expect(v.dimension).toBe(64);
    expect(v.terms).toBeUndefined();
  });

  test('the hashed indexer emits each unigram and each adjacent bigram', () => {
    expect(hashedNgramIndexer(1 << 20).ids(['check', 'out', 'now']).length).toBe(5);
  });
});

describe('CosineCentroids', () => {
  test('picks the most similar centroid whatever its length', () => {
    expect(
      new CosineCentroids([
        [10, 0],
        [0, 0.1],
      ]).nearest(Float64Array.of(0.2, 0.9)),
    ).toBe(1);
  });

  test('puts the zero vector in no cluster', () => {
    expect(new CosineCentroids([[1, 0]]).nearest(new Float64Array(2))).toBe(-1);
  });
});

describe('kmeansPlusPlus', () => {
  const rows = [Float64Array.of(0, 0), Float64Array.of(0, 0.1), Float64Array.of(5, 5), Float64Array.of(5, 5.1), Float64Array.of(-5, 5)];

  test('picks k distinct rows, one per well-separated group', () => {
    const picked = kmeansPlusPlus(rows, 3, 42);
    const groups = picked.map((i) => (i <= 1 ? 'origin' : i <= 3 ? 'far' : 'left'));
    expect(new Set(groups).size).toBe(3);
  });

  test('is reproducible from the seed', () => {
    expect(kmeansPlusPlus(rows, 3, 7)).toEqual(kmeansPlusPlus(rows, 3, 7));
  });
});
