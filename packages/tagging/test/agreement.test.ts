// Specifies the agreement measures: Cohen's kappa for two annotators and Krippendorff's alpha (nominal), on hand-computed cases.

import { describe, expect, it } from 'vitest';
import { cohensKappa, krippendorffAlphaNominal } from '../src/agreement.ts';
import type { AnnotatedLabel } from '../src/agreement.ts';

const votes = (annotator: string, labels: ReadonlyArray<number | null>): AnnotatedLabel[] =>
  labels.flatMap((label, i) => (label === null ? [] : [{ recordId: `r${i + 1}`, annotator, label }]));

describe('cohensKappa', () => {
  it('is 1 when two annotators agree on every shared record', () => {
    expect(cohensKappa([...votes('a', [0, 1, 1]), ...votes('b', [0, 1, 1])], 'a', 'b')).toBe(1);
  });

  it('is null when the annotators share no record', () => {
    expect(cohensKappa([...votes('a', [0, null]), ...votes('b', [null, 1])], 'a', 'b')).toBeNull();
  });

  it('counts only the records both annotators labelled', () => {
    // Shared: r1 (0,0) and r2 (1,0): p_o = 1/2; a: 0 ½, 1 ½; b: 0 1 → p_e = ½; κ = (½ − ½)/(1 − ½) = 0.
    expect(cohensKappa([...votes('a', [0, 1, 1]), ...votes('b', [0, 0, null])], 'a', 'b')).toBe(0);
  });
});

describe('krippendorffAlphaNominal', () => {
  it('matches the hand computation for three annotators with a missing value', () => {
    // r1: 0,0,0 (m=3) → agreeing pairs 3·2/2 = 3; r2: 1,1,0 (m=3) → 2·1/2 = 1; r3: 1,1 (m=2) → 2; r4: one value, ignored.
    // n = 8, agreeing 6 → D_o = 2; n_0 = 4, n_1 = 4 → D_e = 8² − (4² + 4²) = 32; α = 1 − (n−1)·D_o/D_e = 1 − 7·2/32 = 0.5625.
    const labels = [...votes('a', [0, 1, 1, 0]), ...votes('b', [0, 1, 1, null]), ...votes('c', [0, 0, null, null])];
    expect(krippendorffAlphaNominal(labels)).toBeCloseTo(0.5625, 12);
  });

  it('is 1 when every value is the same label', () => {
    expect(krippendorffAlphaNominal([...votes('a', [1, 1]), ...votes('b', [1, 1])])).toBe(1);
  });

  it('is null without any record labelled twice', () => {
    expect(krippendorffAlphaNominal(votes('a', [0, 1]))).toBeNull();
  });
});
