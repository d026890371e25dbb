// Maps a record's raw label (a class index, a numeric string or a class name) to a class index, or -1 when absent.

import { DataError } from '@skimmer/core';

/**
 * The class index of `raw` for the class names `labels`; null / undefined / '' is -1 (unknown).
 *
 * @example
 * goldLabel('spam', ['ham', 'spam'], { file: 'x.csv', record: 'c1' }); // 1
 * goldLabel('0', ['ham', 'spam'], { file: 'x.csv', record: 'c2' });    // 0
 * goldLabel('1.0', ['ham', 'spam'], { file: 'x.csv', record: 'c3' });  // 1 (pandas' to_csv of a column with NaN)
 */
export function goldLabel(raw: unknown, labels: readonly string[], where: { file: string; record: string }): number {
  if (raw === null || raw === undefined || raw === '') return -1;
  const byName = typeof raw === 'string' ? labels.indexOf(raw) : -1;
  if (byName >= 0) return byName;
  // One digit, the usual case: its class without the regex below.
  if (typeof raw === 'string' && raw.length === 1) {
    const digit = raw.charCodeAt(0) - 0x30;
    if (digit >= 0 && digit < labels.length) return digit;
  }
  // pandas writes an integer label column that held a NaN as floats: "1.0" is class 1.
  const index = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(?:\.0*)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (index === -1) return -1;
  if (Number.isInteger(index) && index >= 0 && index < labels.length) return index;
  throw new DataError(
    `${where.file}: record "${where.record}": label ${JSON.stringify(raw)} is not a class (expected 0..${labels.length - 1} or one of ${labels.join(', ')})`,
    {
      ...where,
      field: 'label',
    },
  );
}
