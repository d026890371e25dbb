// Specification of jsonbProblem: the JSON that JSON.parse takes and Postgres jsonb refuses, and decodePosts dead-lettering it when the store says so.
import { describe, expect, test } from 'vitest';
import { DataError, decodePosts } from '@skimmer/core';
import { jsonbProblem } from '../src/jsonbLimits.ts';
import { twitterPostDecoders } from '@skimmer/plugins-twitter';

describe('jsonbProblem', () => {
  test.each([
    ['a surrogate pair', '{"t":"\\ud83d\\ude00"}'],
    ['an escaped backslash before u', '{"t":"\\\\ud83d"}'],
    ['a surrogate written as the character itself', '{"t":"\u{1F600}"}'],
    ['a zero with any exponent', '{"n":0e999999}'],
    ['131,072 digits before the point', '{"n":1e131071}'],
    ['16,383 digits after the point', '{"n":1e-16383}'],
    ['a long exponent inside a string', '{"t":"1e999999"}'],
    ['an integer of 131,072 digits', `[${'7'.repeat(131_072)}]`],
    ['a zero with a scale of 16,383', '[0.0e-16382]'],
    ["a zero with an exponent just inside numeric_in's range", '[0e1073741822]'],
    ['a fraction of 16,383 digits', `[0.${'7'.repeat(16_383)}]`],
  ])('takes %s', (_name, text) => {
    expect(jsonbProblem(text)).toBeNull();
  });

  test('names an unpaired high or low surrogate escape', () => {
    expect(jsonbProblem('{"t":"cut \\ud83d"}')).toBe('an unpaired UTF-16 surrogate escape (\\ud83d), which Postgres jsonb rejects');
    expect(jsonbProblem('{"t":"\\uDE00 x"}')).toBe('an unpaired UTF-16 surrogate escape (\\uDE00), which Postgres jsonb rejects');
  });

  test('names a number beyond numeric', () => {
    expect(jsonbProblem('{"n":1e131072}')).toBe('the number 1e131072 has more digits before the decimal point than Postgres numeric holds (131,072)');
    expect(jsonbProblem('[12.5e-16383]')).toBe('the number 12.5e-16383 has more digits after the decimal point than Postgres numeric holds (16,383)');
  });

  test('names a zero whose scale or exponent is beyond numeric (zero has no digits before the point, but a scale)', () => {
    expect(jsonbProblem('[0e-16384]')).toBe('the number 0e-16384 has more digits after the decimal point than Postgres numeric holds (16,383)');
    expect(jsonbProblem('[0.0e-16383]')).toBe('the number 0.0e-16383 has more digits after the decimal point than Postgres numeric holds (16,383)');
    expect(jsonbProblem('[0e1073741823]')).toBe('the number 0e1073741823 has an exponent beyond what Postgres numeric reads (1,073,741,822 either way)');
  });

  test('names a short number whose fraction digits and negative exponent add up beyond 16,383', () => {
    expect(jsonbProblem(`[1.${'2'.repeat(6400)}e-9999]`)).toBe(
      `the number 1.${'2'.repeat(35)}... has more digits after the decimal point than Postgres numeric holds (16,383)`,
    );
    expect(jsonbProblem(`[1.${'2'.repeat(6383)}e-9999]`)).toBeNull();
  });

  test('names a number beyond numeric written without an exponent (only a text longer than 16,383 characters can hold one)', () => {
    expect(jsonbProblem(`{"n":${'7'.repeat(131_073)}}`)).toBe(
      `the number ${'7'.repeat(37)}... has more digits before the decimal point than Postgres numeric holds (131,072)`,
    );
    expect(jsonbProblem(`[0.${'7'.repeat(16_384)}]`)).toBe(
      `the number 0.${'7'.repeat(35)}... has more digits after the decimal point than Postgres numeric holds (16,383)`,
    );
    expect(jsonbProblem(`{"t":"${'x'.repeat(20_000)}","n":12.5}`)).toBeNull();
  });
});

test('decodePosts throws a DataError naming the record for a value jsonb would refuse', () => {
  const line = '{"data":{"id":"1","text":"cut \\ud83d","created_at":"2021-04-01T15:52:31.000Z"}}';
  expect(() => decodePosts(line, 'twitter-v2', 'posts/0/9', jsonbProblem, twitterPostDecoders)).toThrow(DataError);
  expect(() => decodePosts(line, 'twitter-v2', 'posts/0/9', jsonbProblem, twitterPostDecoders)).toThrow(
    'record posts/0/9: an unpaired UTF-16 surrogate escape (\\ud83d), which Postgres jsonb rejects',
  );
});
