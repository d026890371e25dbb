// Specification of labeling functions and preprocessors: votes, resources, memoisation, vote checks and unique names.

import { describe, expect, it } from 'vitest';
import { ABSTAIN, assertUniqueNames, ConfigError, labelingFunction, LFApplyError, preprocessor, type DataPoint } from '../src/index.ts';

const point = (id: string, text: string): DataPoint => ({ id, text });

describe('labelingFunction', () => {
  const checkOut = labelingFunction({ name: 'check_out', labels: [1], apply: (p) => (/check.*out/i.test(p.text) ? 1 : ABSTAIN) });

  it('votes its label or abstains', () => {
    expect(checkOut.apply(point('a', 'Check out my channel'))).toBe(1);
    expect(checkOut.apply(point('b', 'great song'))).toBe(ABSTAIN);
  });
  it('passes its resources as the second argument', () => {
    const lf = labelingFunction({ name: 'kw', resources: { word: 'song' }, apply: (p, r) => (p.text.includes(r.word) ? 0 : ABSTAIN) });
    expect(lf.apply(point('a', 'nice song'))).toBe(0);
  });
  it('runs its preprocessors in order before the rule', () => {
    const lower = preprocessor({ name: 'lower', fn: (p: DataPoint) => ({ ...p, text: p.text.toLowerCase() }) });
    const strip = preprocessor({ name: 'strip', fn: (p: DataPoint) => ({ ...p, text: p.text.replace(/[^a-z ]/g, '') }) });
    const lf = labelingFunction({ name: 'exact', pre: [lower, strip], apply: (p) => (p.text === 'hello world' ? 1 : ABSTAIN) });
    expect(lf.apply(point('a', 'Hello, World!'))).toBe(1);
  });
  it('applyBatch falls back to apply when no vectorised form is given', () => {
    expect(Array.from(checkOut.applyBatch([point('a', 'check it out'), point('b', 'no')]))).toEqual([1, -1]);
  });
  it('uses the vectorised form when given, after the preprocessors', () => {
    const lower = preprocessor({ name: 'lower', fn: (p: DataPoint) => ({ ...p, text: p.text.toLowerCase() }) });
    const lf = labelingFunction({ name: 'vec', pre: [lower], apply: () => ABSTAIN, applyBatch: (ps) => ps.map((p) => (p.text === 'yes' ? 1 : 0)) });
    expect(Array.from(lf.applyBatch([point('a', 'YES'), point('b', 'no')]))).toEqual([1, 0]);
  });
  it('rejects a non-integer vote, naming the LF and the point', () => {
    const lf = labelingFunction({ name: 'half', apply: () => 0.5 });
    expect(() => lf.apply(point('p42', 'x'))).toThrow(LFApplyError);
    expect(() => lf.apply(point('p42', 'x'))).toThrow('labeling function "half" returned 0.5 for point "p42": expected an integer label >= 0 or ABSTAIN (-1)');
  });
  it('rejects a vote outside its declared labels', () => {
    const lf = labelingFunction({ name: 'spam_only', labels: [1], apply: () => 0 });
    expect(() => lf.apply(point('p1', 'x'))).toThrow('labeling function "spam_only" returned 0 for point "p1": expected one of [1] or ABSTAIN (-1)');
  });
  it('rejects a vote outside its cardinality', () => {
    const lf = labelingFunction({ name: 'binary', cardinality: 2, apply: () => 2 });
    expect(() => lf.apply(point('p1', 'x'))).toThrow(/expected an integer in 0\.\.1 or ABSTAIN/);
  });
  it('refuses an empty name and declared labels outside the cardinality', () => {
    expect(() => labelingFunction({ name: ' ', apply: () => ABSTAIN })).toThrow(ConfigError);
    expect(() => labelingFunction({ name: 'x', cardinality: 2, labels: [2], apply: () => ABSTAIN })).toThrow(/declared label 2/);
  });
});

describe('preprocessor', () => {
  it('memoises by point id when asked', () => {
    let calls = 0;
    const pre = preprocessor({ name: 'count', memoize: true, fn: (p: DataPoint) => ({ ...p, n: ++calls }) });
    pre.run(point('a', 'x'));
    const again = pre.run(point('a', 'x'));
    pre.run(point('b', 'y'));
    expect([calls, again.n, pre.cacheSize]).toEqual([2, 1, 2]);
  });
  it('memoises by a custom key', () => {
    let calls = 0;
    const pre = preprocessor({
      name: 'byText',
      memoize: true,
      memoKey: (p: DataPoint) => p.text,
      fn: (p: DataPoint) => {
        calls++;
        return p;
      },
    });
    pre.run(point('a', 'same'));
    pre.run(point('b', 'same'));
    expect(calls).toBe(1);
  });
  it('recomputes every time when not memoised', () => {
    let calls = 0;
    const pre = preprocessor({
      name: 'plain',
      fn: (p: DataPoint) => {
        calls++;
        return p;
      },
    });
    pre.run(point('a', 'x'));
    pre.run(point('a', 'x'));
    expect([calls, pre.cacheSize]).toEqual([2, 0]);
  });
});

describe('assertUniqueNames', () => {
  it('accepts distinct names', () => expect(() => assertUniqueNames([{ name: 'a' }, { name: 'b' }])).not.toThrow());
  it('names the duplicate and both positions', () => {
    expect(() => assertUniqueNames([{ name: 'a' }, { name: 'b' }, { name: 'a' }])).toThrow(ConfigError);
    expect(() => assertUniqueNames([{ name: 'a' }, { name: 'b' }, { name: 'a' }])).toThrow(
      'lfs[2].name: duplicate labeling function name "a" (already used by lfs[0])',
    );
  });
});
