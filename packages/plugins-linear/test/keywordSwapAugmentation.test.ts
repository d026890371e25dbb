import { describe, expect, it } from 'vitest';
import { ClassifierError } from '@skimmer/core';
import { augmentBySwappingKeywords } from '../src/keywordSwapAugmentation.ts';

const labels = { n: 3, k: 2, data: Float64Array.from([0.1, 0.9, 0.8, 0.2, 0.3, 0.7]) };

describe('augmentBySwappingKeywords', () => {
  const out = augmentBySwappingKeywords(
    ['Flood in town', 'lunch time', 'red cross and floods'],
    labels,
    { swapGroups: [['flood', 'floods', 'tornado', 'red cross']], copies: 2 },
    1,
  );

  it('keeps the originals first and adds `copies` copies of each text with a keyword, in order', () => {
    expect(out.texts.slice(0, 3)).toEqual(['Flood in town', 'lunch time', 'red cross and floods']);
    expect(out.texts).toHaveLength(3 + 2 + 2);
    expect(out.texts[3]).toMatch(/^(flood|floods|tornado|red cross) in town$/);
    expect(out.texts[5]).toMatch(/^(flood|floods|tornado|red cross) and (flood|floods|tornado|red cross)$/);
  });

  it('gives each copy its original’s soft label', () => {
    expect(out.labels.n).toBe(7);
    expect(Array.from(out.labels.data.slice(6))).toEqual([0.1, 0.9, 0.1, 0.9, 0.3, 0.7, 0.3, 0.7]);
  });

  it('matches whole words only, whatever the case', () => {
    const none = augmentBySwappingKeywords(
      ['Floodgate open', 'FLOODS'],
      { n: 2, k: 2, data: new Float64Array(4) },
      { swapGroups: [['flood', 'floods', 'tornado']], copies: 1 },
      1,
    );
    expect(none.texts.slice(0, 2)).toEqual(['Floodgate open', 'FLOODS']);
    expect(none.texts).toHaveLength(3);
  });

  it('is reproducible for a seed', () => {
    const again = augmentBySwappingKeywords(
      ['Flood in town', 'lunch time', 'red cross and floods'],
      labels,
      { swapGroups: [['flood', 'floods', 'tornado', 'red cross']], copies: 2 },
      1,
    );
    expect(again.texts).toEqual(out.texts);
  });

  it('rejects a group of one word', () => {
    expect(() => augmentBySwappingKeywords(['a'], { n: 1, k: 2, data: new Float64Array(2) }, { swapGroups: [['flood']] }, 1)).toThrow(ClassifierError);
  });
});
