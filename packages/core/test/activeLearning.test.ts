// Specification of active-learning selection (margin, disagreement, random) and the simulated annotator.

import { describe, expect, it } from 'vitest';
import {
  ActiveLearningError,
  SimulatedAnnotator,
  labelsToReach,
  learningCurveSvg,
  normalizeForGrouping,
  predictionMargin,
  runActiveLearningLoop,
  selectForTagging,
  summarizeCurves,
  textGroupKeys,
  type Classifier,
  type ProbMatrix,
} from '../src/index.ts';

function probMatrix(rows: number[][]): ProbMatrix {
  return { n: rows.length, k: rows[0].length, data: Float64Array.from(rows.flat()) };
}

// Classifier probabilities: margins 0.8, 0.1, 0.4, 0.0, 0.6, 0.1.
const classifier = probMatrix([
  [0.9, 0.1],
  [0.55, 0.45],
  [0.3, 0.7],
  [0.5, 0.5],
  [0.2, 0.8],
  [0.45, 0.55],
]);
// Label model argmax: 1, 0, 0, 0, 0, 1 → disagrees with the classifier (argmax 0, 0, 1, 0 (tie → first), 1, 1) on rows 0, 2, 4.
const labelModel = probMatrix([
  [0.2, 0.8],
  [0.6, 0.4],
  [0.7, 0.3],
  [0.9, 0.1],
  [0.6, 0.4],
  [0.1, 0.9],
]);
const all = [0, 1, 2, 3, 4, 5];

describe('predictionMargin', () => {
  it('is the top probability minus the second one', () => {
    expect(predictionMargin(probMatrix([[0.2, 0.5, 0.3]]), 0)).toBeCloseTo(0.2, 12);
  });
});

describe("selectForTagging('margin')", () => {
  it('picks the smallest margins first, ties by lower row index', () => {
    expect(selectForTagging('margin', { probs: classifier, candidates: all, k: 4 })).toEqual([3, 1, 5, 2]);
  });

  it('only picks candidates', () => {
    expect(selectForTagging('margin', { probs: classifier, candidates: [0, 2, 4], k: 2 })).toEqual([2, 4]);
  });

  it('returns every candidate when k exceeds their number', () => {
    expect(selectForTagging('margin', { probs: classifier, candidates: [4, 0], k: 10 })).toEqual([4, 0]);
  });
});

describe("selectForTagging('disagreement')", () => {
  it('puts rows where label model and classifier disagree first, each group by margin', () => {
    expect(selectForTagging('disagreement', { probs: classifier, labelModelProbs: labelModel, candidates: all, k: 6 })).toEqual([2, 4, 0, 3, 1, 5]);
  });

  it('refuses to run without label-model probabilities', () => {
    expect(() => selectForTagging('disagreement', { probs: classifier, candidates: all, k: 2 })).toThrow(ActiveLearningError);
  });
});

describe("selectForTagging('random')", () => {
  it('draws k distinct candidates, the same ones for the same seed', () => {
    const a = selectForTagging('random', { probs: classifier, candidates: all, k: 3, seed: 7 });
    expect(new Set(a).size).toBe(3);
    expect(a.every((row) => all.includes(row))).toBe(true);
    expect(selectForTagging('random', { probs: classifier, candidates: all, k: 3, seed: 7 })).toEqual(a);
  });
});

describe('selectForTagging input checks', () => {
  it('names a candidate outside the pool', () => {
    expect(() => selectForTagging('margin', { probs: classifier, candidates: [1, 6], k: 1 })).toThrow(/candidate 1 is row 6, outside the pool of 6 rows/);
  });

  it('refuses an unknown strategy', () => {
    expect(() => selectForTagging('entropy' as never, { probs: classifier, candidates: all, k: 1 })).toThrow(/unknown selection strategy 'entropy'/);
  });
});

describe('SimulatedAnnotator', () => {
  it('answers with the hidden gold labels and counts distinct rows revealed', async () => {
    const annotator = new SimulatedAnnotator(Int32Array.from([1, 0, 1, 0]));
    expect(Array.from(await annotator.annotate([2, 1]))).toEqual([1, 0]);
    expect(Array.from(await annotator.annotate([2, 3]))).toEqual([1, 0]);
    expect(annotator.revealed).toBe(3);
  });

  it('refuses a row the gold set does not have', async () => {
    await expect(new SimulatedAnnotator(Int32Array.from([1])).annotate([1])).rejects.toThrow(/row 1, but the gold set has rows 0..0/);
  });
});

describe('selectForTagging with groupKeys', () => {
  it('takes at most one row per group, the best-ranked one', () => {
    // rows 3 and 1 share group 7, rows 5 and 2 group 8: margin order 3, 1, 5, 2, 4, 0 becomes 3, 5, 4.
    const groupKeys = Int32Array.from([1, 7, 8, 7, 2, 8]);
    expect(selectForTagging('margin', { probs: classifier, candidates: all, k: 3, groupKeys })).toEqual([3, 5, 4]);
  });
});

describe('textGroupKeys', () => {
  it('gives retweets and copies that differ in links, mentions or punctuation the same key', () => {
    expect(normalizeForGrouping('RT @cbc: Flood warning! http://t.co/abc')).toBe('flood warning');
    expect(Array.from(textGroupKeys(['RT @a: Help now', 'help now!', 'other', 'Help  now http://x.y']))).toEqual([0, 0, 1, 0]);
  });
});

describe('labelsToReach', () => {
  const curve = [
    { labels: 100, macroF1: 0.6 },
    { labels: 200, macroF1: 0.8 },
    { labels: 300, macroF1: 0.7 },
  ];
  it('interpolates linearly between the points around the first crossing', () => expect(labelsToReach(curve, 0.7)).toBeCloseTo(150, 9));
  it('is the first point when that already reaches the target', () => expect(labelsToReach(curve, 0.5)).toBe(100));
  it('is undefined when the curve never reaches the target', () => expect(labelsToReach(curve, 0.9)).toBeUndefined());
});

describe('summarizeCurves', () => {
  it('gives mean, min and max per checkpoint over runs', () => {
    const summary = summarizeCurves([[{ labels: 50, macroF1: 0.5 }], [{ labels: 50, macroF1: 0.7 }]]);
    expect(summary).toEqual([{ labels: 50, mean: 0.6, min: 0.5, max: 0.7 }]);
  });
});

describe('runActiveLearningLoop', () => {
  /** A stand-in classifier: predicts class 1 with probability (rows it was trained on) / 1000 for every text. */
  function countingClassifier(): Classifier & { trainedOn: number } {
    return {
      type: 'counting',
      classNames: ['a', 'b'],
      trainedOn: 0,
      async fit(texts) {
        this.trainedOn = texts.length;
        return { epochs: 1, bestEpoch: 1, trainRows: texts.length, droppedRows: 0, loss: 0 };
      },
      async predictProba(texts) {
        const p = this.trainedOn / 1000;
        return { n: texts.length, k: 2, data: Float64Array.from(texts.flatMap(() => [1 - p, p])) };
      },
      async save() {},
    };
  }
  const poolTexts = Array.from({ length: 40 }, (_, i) => `tweet ${i}`);
  const test = { texts: ['x', 'y'], labels: [0, 1] };

  it('tags one batch a round and measures the test F1 at each checkpoint', async () => {
    const annotator = new SimulatedAnnotator(new Int32Array(40));
    const curve = await runActiveLearningLoop({
      poolTexts,
      annotator,
      createClassifier: countingClassifier,
      test,
      strategy: 'margin',
      checkpoints: [10, 30],
      batchSize: 10,
      seed: 1,
    });
    expect(curve.map((p) => p.labels)).toEqual([10, 30]);
    expect(curve.map((p) => p.macroF1)).toEqual([1 / 3, 1 / 3]);
    expect(annotator.revealed).toBe(30);
  });

  it('with weak labels, fits every round on the whole pool, gold tags in place of their weak labels', async () => {
    const fits: ProbMatrix[] = [];
    const recording = (): Classifier => ({
      type: 'recording',
      classNames: ['a', 'b'],
      async fit(texts, labels) {
        fits.push(labels);
        return { epochs: 1, bestEpoch: 1, trainRows: texts.length, droppedRows: 0, loss: 0 };
      },
      async predictProba(texts) {
        return { n: texts.length, k: 2, data: Float64Array.from(texts.flatMap((_, i) => [0.5 + i / 100, 0.5 - i / 100])) };
      },
      async save() {},
    });
    const weakLabels = { n: 40, k: 2, data: new Float64Array(80).fill(0.5) };
    const annotator = new SimulatedAnnotator(new Int32Array(40).fill(1));
    await runActiveLearningLoop({
      poolTexts,
      annotator,
      createClassifier: recording,
      test,
      strategy: 'margin',
      checkpoints: [10],
      batchSize: 10,
      seed: 1,
      weakLabels,
    });
    // One fit on the weak labels alone (it picks the first batch: the 10 smallest margins, rows 0..9), one after tagging.
    expect(fits.map((f) => f.n)).toEqual([40, 40]);
    expect(Array.from(fits[0].data)).toEqual(new Array(80).fill(0.5));
    expect(Array.from(fits[1].data.subarray(0, 20))).toEqual(new Array(10).fill([0, 1]).flat());
    expect(Array.from(fits[1].data.subarray(20))).toEqual(new Array(60).fill(0.5));
  });

  it('with goldWeight 3, adds each tagged row twice more after the pool', async () => {
    const fits: Array<{ texts: readonly string[]; labels: ProbMatrix }> = [];
    const recording = (): Classifier => ({
      type: 'recording',
      classNames: ['a', 'b'],
      async fit(texts, labels) {
        fits.push({ texts, labels });
        return { epochs: 1, bestEpoch: 1, trainRows: texts.length, droppedRows: 0, loss: 0 };
      },
      async predictProba(texts) {
        return { n: texts.length, k: 2, data: new Float64Array(texts.length * 2).fill(0.5) };
      },
      async save() {},
    });
    const weakLabels = { n: 40, k: 2, data: new Float64Array(80).fill(0.5) };
    await runActiveLearningLoop({
      poolTexts,
      annotator: new SimulatedAnnotator(new Int32Array(40).fill(1)),
      createClassifier: recording,
      test,
      strategy: 'random',
      checkpoints: [10],
      batchSize: 10,
      seed: 1,
      weakLabels,
      goldWeight: 3,
    });
    const last = fits[fits.length - 1];
    expect(last.labels.n).toBe(60);
    expect(last.texts.slice(40, 42)).toEqual([last.texts[40], last.texts[40]]);
    expect(Array.from(last.labels.data.subarray(80))).toEqual(new Array(20).fill([0, 1]).flat());
  });

  it('refuses weak labels that do not cover the pool', async () => {
    await expect(
      runActiveLearningLoop({
        poolTexts,
        annotator: new SimulatedAnnotator(new Int32Array(40)),
        createClassifier: countingClassifier,
        test,
        strategy: 'random',
        checkpoints: [10],
        batchSize: 10,
        weakLabels: { n: 3, k: 2, data: new Float64Array(6) },
      }),
    ).rejects.toThrow(/weakLabels has 3 rows, expected one per pool text \(40\)/);
  });

  it('refuses checkpoints that are not multiples of the batch size', async () => {
    await expect(
      runActiveLearningLoop({
        poolTexts,
        annotator: new SimulatedAnnotator(new Int32Array(40)),
        createClassifier: countingClassifier,
        test,
        strategy: 'random',
        checkpoints: [15],
        batchSize: 10,
      }),
    ).rejects.toThrow(/multiples of the batch size 10/);
  });
});

describe('learningCurveSvg', () => {
  it('draws one line and one band per series and escapes names', () => {
    const svg = learningCurveSvg(
      [
        {
          name: 'a<b',
          color: '#000',
          points: [
            { labels: 50, mean: 0.6, min: 0.5, max: 0.7 },
            { labels: 100, mean: 0.7, min: 0.6, max: 0.8 },
          ],
        },
      ],
      'title',
    );
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<polygon/g)).toHaveLength(1);
    expect(svg).toContain('a&#60;b');
  });
});
