// Pure inter-annotator agreement: Cohen's kappa for two annotators, Krippendorff's alpha (nominal) for any number.

/** One annotator's label on one record. */
export interface AnnotatedLabel {
  recordId: string;
  annotator: string;
  label: number;
}

function byRecord(labels: readonly AnnotatedLabel[]): Map<string, Map<string, number>> {
  const units = new Map<string, Map<string, number>>();
  for (const l of labels) {
    let unit = units.get(l.recordId);
    if (!unit) units.set(l.recordId, (unit = new Map()));
    unit.set(l.annotator, l.label);
  }
  return units;
}

/**
 * Cohen's kappa of annotators `a` and `b` over the records both labelled: (p_o − p_e) / (1 − p_e).
 * Null when they share no record; 1 when both always used the same single label.
 *
 * @example
 * cohensKappa([{ recordId: '1', annotator: 'a', label: 1 }, { recordId: '1', annotator: 'b', label: 1 },
 *              { recordId: '2', annotator: 'a', label: 0 }, { recordId: '2', annotator: 'b', label: 1 }], 'a', 'b') // 0
 */
export function cohensKappa(labels: readonly AnnotatedLabel[], a: string, b: string): number | null {
  const countsA = new Map<number, number>();
  const countsB = new Map<number, number>();
  let n = 0;
  let agree = 0;
  for (const unit of byRecord(labels).values()) {
    const la = unit.get(a);
    const lb = unit.get(b);
    if (la === undefined || lb === undefined) continue;
    n++;
    if (la === lb) agree++;
    countsA.set(la, (countsA.get(la) ?? 0) + 1);
    countsB.set(lb, (countsB.get(lb) ?? 0) + 1);
  }
  if (n === 0) return null;
  let expected = 0;
  for (const [label, ca] of countsA) expected += (ca / n) * ((countsB.get(label) ?? 0) / n);
  const observed = agree / n;
  if (expected === 1) return 1;
  return (observed - expected) / (1 - expected);
}

/**
 * Krippendorff's alpha for nominal labels: 1 − (n − 1)·D_o / D_e over the coincidence matrix of records with at
 * least two labels. Null when fewer than two such labels exist; 1 when every label is the same.
 *
 * @example
 * krippendorffAlphaNominal([{ recordId: '1', annotator: 'a', label: 1 }, { recordId: '1', annotator: 'b', label: 1 },
 *                           { recordId: '2', annotator: 'a', label: 0 }, { recordId: '2', annotator: 'b', label: 0 }]) // 1
 */
export function krippendorffAlphaNominal(labels: readonly AnnotatedLabel[]): number | null {
  // o[c][k] summed as: agreeing pairs o_cc and per-label totals n_c; disagreement D_o = n − Σ o_cc.
  const totals = new Map<number, number>();
  let n = 0;
  let agreeing = 0;
  for (const unit of byRecord(labels).values()) {
    const m = unit.size;
    if (m < 2) continue;
    const counts = new Map<number, number>();
    for (const label of unit.values()) counts.set(label, (counts.get(label) ?? 0) + 1);
    for (const [label, c] of counts) {
      totals.set(label, (totals.get(label) ?? 0) + c);
      agreeing += (c * (c - 1)) / (m - 1);
    }
    n += m;
  }
  if (n < 2) return null;
  const observedDisagreement = n - agreeing;
  let sumSquares = 0;
  for (const c of totals.values()) sumSquares += c * c;
  const expectedDisagreement = n * n - sumSquares;
  if (expectedDisagreement === 0) return 1;
  return 1 - ((n - 1) * observedDisagreement) / expectedDisagreement;
}
