// Specification of isoInstant: a value already in canonical ISO form is returned as is, exactly when it is a real instant; other forms are read as instantMs reads them.

import { expect, test } from 'vitest';
import { isCanonicalInstant, isoInstant } from '../../src/ingest/payloadFields.ts';

test('the v2 API form of a real instant is canonical', () => {
  expect(['2021-04-01T15:52:31.000Z', '2020-02-29T23:59:59.999Z', '2000-02-29T00:00:00.000Z', '1999-12-31T00:00:00.000Z'].map(isCanonicalInstant)).toEqual([
    true,
    true,
    true,
    true,
  ]);
});

test('impossible calendar dates and times, and other forms, are not', () => {
  const values = [
    '2021-02-29T00:00:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2021-04-31T00:00:00.000Z',
    '2021-13-01T00:00:00.000Z',
    '2021-00-10T00:00:00.000Z',
    '2021-01-00T00:00:00.000Z',
    '2021-01-01T24:00:00.000Z',
    '2021-01-01T00:60:00.000Z',
    '2021-01-01T00:00:60.000Z',
    '2021-01-01T00:00:00Z',
    '2021-01-01T00:00:00.000+00:00',
    'Thu Apr 01 15:52:31 +0000 2021',
  ];
  expect(values.filter(isCanonicalInstant)).toEqual([]);
});

test('isoInstant gives the same instant for every form of it, canonical or not, and refuses impossible dates', () => {
  const values = ['2021-04-01T15:52:31.000Z', '2021-04-01T15:52:31Z', '2021-04-01 15:52:31', 'Thu Apr 01 15:52:31 +0000 2021', '2021-04-01T17:52:31.000+02:00'];
  for (const value of values) expect(isoInstant(value, 'r', 'created_at', 'tweet')).toBe('2021-04-01T15:52:31.000Z');
  // Date.parse rolls these over to the next month; they are no dates.
  for (const value of ['2021-02-29T00:00:00.000Z', '2021-04-31T10:00:00.000Z'])
    expect(() => isoInstant(value, 'r', 'created_at', 'tweet')).toThrow('must be a date');
  // One instant every 37 hours and 1 ms across 30 years, leap days included.
  for (let ms = Date.UTC(1996, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 37 * 3_600_000 + 1) {
    const value = new Date(ms).toISOString();
    expect(isoInstant(value, 'r', 'created_at', 'tweet')).toBe(value);
  }
});

test('a value that is no date is still a DataError naming the record and field', () => {
  expect(() => isoInstant('yesterday', '1377650090978992134', 'created_at', 'tweet')).toThrow(
    'tweet 1377650090978992134: field "created_at" must be a date (ISO 8601, M/D/YYYY H:MM:SS, Twitter\'s or RFC 5322\'s form), got "yesterday"',
  );
});
