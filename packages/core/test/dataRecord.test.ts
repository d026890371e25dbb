// Specification of record conversion: toDataRecord on a row object and compileDataRecord on a row's field array give the same records, fields in the same order, and the same errors.

import { describe, expect, test } from 'vitest';
import { BadRecordError, compileDataRecord, planColumns, toDataRecord, type ColumnMapping } from '../src/index.ts';

/** The row object a CSV reader builds from a header and a row of fields: own properties in column order, a repeated name holding its last value. */
function rowObject(columns: readonly string[], fields: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach((name, c) => {
    Object.defineProperty(row, name, { value: fields[c], enumerable: true, writable: true, configurable: true });
  });
  return row;
}

/** Both conversions of one row, as [field, value] pairs in order, and compiled's equal to toDataRecord's. */
function converted(mapping: ColumnMapping, columns: readonly string[], fields: readonly unknown[], line = 2): Array<[string, unknown]> {
  const plan = planColumns('t.csv', mapping, columns);
  const compiled = compileDataRecord(plan, columns)(fields, line);
  expect(Object.entries(compiled)).toEqual(Object.entries(toDataRecord(rowObject(columns, fields), plan, line)));
  return Object.entries(compiled);
}

/** Both conversions' error (they must throw the same): message and context. */
function refused(mapping: ColumnMapping, columns: readonly string[], fields: readonly unknown[], line = 3): [string, unknown] {
  const plan = planColumns('t.csv', mapping, columns);
  const caught = (convert: () => unknown): BadRecordError => {
    try {
      convert();
    } catch (error) {
      expect(error).toBeInstanceOf(BadRecordError);
      return error as BadRecordError;
    }
    throw new Error('no error');
  };
  const compiled = caught(() => compileDataRecord(plan, columns)(fields, line));
  const direct = caught(() => toDataRecord(rowObject(columns, fields), plan, line));
  expect([compiled.message, compiled.context]).toEqual([direct.message, direct.context]);
  return [compiled.message, compiled.context];
}

describe('toDataRecord and compileDataRecord: the same record', () => {
  test('id, text, the other columns in header order, then the label; an empty label is null', () => {
    expect(converted({}, ['author', 'label', 'text', 'id', 'date'], ['me', '', 'hi', '7', 'd1'])).toEqual([
      ['id', '7'],
      ['text', 'hi'],
      ['author', 'me'],
      ['date', 'd1'],
      ['label', null],
    ]);
    expect(converted({}, ['id', 'text', 'label'], ['7', 'hi', 'spam'])).toEqual([
      ['id', '7'],
      ['text', 'hi'],
      ['label', 'spam'],
    ]);
  });

  test('mapped columns: renamed ones after the others, reserved names from the plan only', () => {
    const columns = ['COMMENT_ID', 'AUTHOR', 'label', 'CONTENT', 'CLASS', 'DATE'];
    const mapping = { id: 'COMMENT_ID', text: 'CONTENT', label: 'CLASS', author: 'AUTHOR' };
    expect(converted(mapping, columns, ['c1', 'me', 'L', 'hi', '1', 'd1'])).toEqual([
      ['id', 'c1'],
      ['text', 'hi'],
      ['DATE', 'd1'],
      ['author', 'me'],
      ['label', '1'],
    ]);
    expect(converted({ id: 'id', text: 'text', body: 'text' }, ['id', 'text'], ['1', 'hi'])).toEqual([
      ['id', '1'],
      ['text', 'hi'],
      ['body', 'hi'],
    ]);
  });

  test('no id column: the line number; no label column: no label', () => {
    expect(converted({}, ['text', 'extra'], ['hi', 'e'], 5)).toEqual([
      ['id', '5'],
      ['text', 'hi'],
      ['extra', 'e'],
    ]);
  });

  test('numbers: a number id as text, a number label as it is, a null label as null', () => {
    expect(converted({}, ['id', 'text', 'label'], [42, 'hi', 1])).toEqual([
      ['id', '42'],
      ['text', 'hi'],
      ['label', 1],
    ]);
    expect(converted({}, ['id', 'text', 'label'], [10n, 'hi', null])).toEqual([
      ['id', '10'],
      ['text', 'hi'],
      ['label', null],
    ]);
    expect(converted({}, ['id', 'text', 'label', 'n'], ['1', 'hi', true, { a: 1 }])).toEqual([
      ['id', '1'],
      ['text', 'hi'],
      ['n', { a: 1 }],
      ['label', 'true'],
    ]);
  });

  test('array-index names come first (even before id), a repeated name keeps its first place and last value, __proto__ is no field', () => {
    expect(converted({}, ['id', 'x', '7', 'text', 'x', '__proto__', 'label'], ['1', 'p', 's', 'hi', 'q', 'z', 'a'])).toEqual([
      ['7', 's'],
      ['id', '1'],
      ['text', 'hi'],
      ['x', 'q'],
      ['label', 'a'],
    ]);
  });
});

describe('toDataRecord and compileDataRecord: the same errors, naming the record, the field and what was expected', () => {
  test('a text that is not a string', () => {
    expect(refused({ text: 'tweet' }, ['id', 'tweet'], ['1', null])).toEqual([
      "t.csv:3: field 'tweet' must be a string (got null)",
      { file: 't.csv', record: 3, field: 'tweet' },
    ]);
    expect(refused({}, ['id', 'text'], ['1', 5])).toEqual(["t.csv:3: field 'text' must be a string (got number)", { file: 't.csv', record: 3, field: 'text' }]);
    expect(refused({}, ['id', 'text'], ['1'])).toEqual([
      "t.csv:3: field 'text' must be a string (got no such field)",
      { file: 't.csv', record: 3, field: 'text' },
    ]);
  });

  test('an id that is empty or not a scalar', () => {
    const expected = ["t.csv:4: field 'tweet id' must be a non-empty string or number", { file: 't.csv', record: 4, field: 'tweet id' }];
    expect(refused({ id: 'tweet id' }, ['tweet id', 'text'], ['', 'hi'], 4)).toEqual(expected);
    expect(refused({ id: 'tweet id' }, ['tweet id', 'text'], [null, 'hi'], 4)).toEqual(expected);
    expect(refused({ id: 'tweet id' }, ['tweet id', 'text'], [{ n: 1 }, 'hi'], 4)).toEqual(expected);
  });

  test('the text is checked before the id', () => {
    expect(refused({}, ['id', 'text'], ['', null])[0]).toBe("t.csv:3: field 'text' must be a string (got null)");
  });
});
