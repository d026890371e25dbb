// Specification of sha1Mod: the same `int(sha1(s).hexdigest(), 16) % n` as node:crypto and BigInt, on many row indices.

import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { hashTieBreak, sha1Mod } from '../src/sha1TieBreak.ts';

/** The reference: the whole digest as a BigInt, modulo n. */
const reference = (s: string, n: number) => Number(BigInt(`0x${createHash('sha1').update(s, 'utf8').digest('hex')}`) % BigInt(n));

describe('sha1Mod', () => {
  test('equals node:crypto on row indices 0 .. 199,999 for 2 to 5 tied classes', () => {
    const mismatches: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const s = String(i);
      const want = BigInt(`0x${createHash('sha1').update(s).digest('hex')}`);
      for (let n = 2; n <= 5; n++) if (sha1Mod(s, n) !== Number(want % BigInt(n))) mismatches.push(`${s} % ${n}`);
    }
    expect(mismatches).toEqual([]);
  });

  test('equals node:crypto on large and odd indices, moduli up to 2²⁰, and every input length of one block', () => {
    const inputs = ['0', '9', '1000000', '2999999', '4294967295', '4294967296', String(Number.MAX_SAFE_INTEGER), '1e+21', '-1', 'x'.repeat(55)];
    for (let len = 1; len <= 55; len++) inputs.push('7'.repeat(len));
    for (let i = 0; i < 2_000; i++) inputs.push(String(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER)));
    for (const s of inputs) for (const n of [1, 2, 3, 7, 10, 255, 65_537, 1 << 20]) expect(sha1Mod(s, n), `${s} % ${n}`).toBe(reference(s, n));
  });

  test('falls back to node:crypto beyond one block, outside ASCII and for large moduli', () => {
    for (const s of ['7'.repeat(56), 'x'.repeat(200), 'é', 'ai → 🙂']) for (const n of [2, 3]) expect(sha1Mod(s, n)).toBe(reference(s, n));
    expect(sha1Mod('12345', (1 << 20) + 1)).toBe(reference('12345', (1 << 20) + 1));
  });

  test("matches Python's int(hashlib.sha1(str(i).encode()).hexdigest(), 16) % n", () => {
    // python3 -c 'import hashlib; print([int(hashlib.sha1(str(i).encode()).hexdigest(), 16) % n for i, n in [(0, 2), (1, 3), (123456, 3), (999999, 4), (10**15, 7)]])'
    expect([sha1Mod('0', 2), sha1Mod('1', 3), sha1Mod('123456', 3), sha1Mod('999999', 4), sha1Mod(String(10 ** 15), 7)]).toEqual([0, 0, 2, 2, 3]);
  });
});

describe('hashTieBreak', () => {
  test('equals sha1Mod(String(row), n) for rows asked for again, in any order, past the remembered rows, and for odd rows', () => {
    const rows = [0, 1, 2, 32_767, 32_768, 65_536, 1_000_000, 2_999_999, 5, 1_000_000, 32_768, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 60];
    for (let i = 0; i < 70_000; i += 7) rows.push(i, 70_000 - i);
    for (const row of rows) for (const n of [2, 3, 5]) expect(hashTieBreak(row, n), `${row} % ${n}`).toBe(reference(String(row), n));
  });
});
