// Specification of the WebAssembly co-vote kernel: the same integer counts as the plain-JS kernel, the same errors.

import { describe, expect, it } from 'vitest';
import { countCoVotesWasm } from '../src/coVoteWasm.mjs';
import { countCoVotesJs } from '../src/overlapKernel.mjs';
import { generateSimpleLabelMatrix } from '../src/synthetic.ts';

const invalid = (row: number, lf: number, label: number): never => {
  throw new Error(`L[${row}][${lf}] = ${label}`);
};

/** Upper-triangle counts from the WebAssembly kernel (pair fallback counted by the JS kernel) and from the JS kernel. */
function bothKernels(data: Int32Array, n: number, m: number, k: number) {
  const d = m * k;
  const wasm = new Float64Array(d * d);
  const pairBlocks: Array<[number, number]> = [];
  const used = countCoVotesWasm(data, n, m, k, wasm, invalid, (start: number, end: number) => {
    pairBlocks.push([start, end]);
    countCoVotesJs(data.subarray(start * m, end * m), end - start, m, k, wasm, invalid);
  });
  const js = new Float64Array(d * d);
  countCoVotesJs(data, n, m, k, js, invalid);
  return { used, wasm: Array.from(wasm), js: Array.from(js), pairBlocks };
}

describe('countCoVotesWasm', () => {
  it.each([
    [63, 5, 2],
    [65, 5, 3],
    [1025, 50, 2],
    [40_000, 7, 4],
  ])('counts n = %i rows of m = %i LFs, k = %i, with bitsets exactly as the JS kernel', (n, m, k) => {
    const { L } = generateSimpleLabelMatrix(n, m, k, 1, 3);
    const { used, wasm, js, pairBlocks } = bothKernels(L.data, n, m, k);
    expect(used).toBe(true);
    expect(pairBlocks).toEqual([]);
    expect(wasm).toEqual(js);
  });

  it('counts a single row by row pairs (cheaper than a bitset pass over d²/2 column pairs)', () => {
    const { wasm, js, pairBlocks } = bothKernels(Int32Array.of(0, 1, -1), 1, 3, 2);
    expect(pairBlocks).toEqual([[0, 1]]);
    expect(wasm).toEqual(js);
    expect(wasm[0 * 6 + 3]).toBe(1);
  });

  it('starts every call from zero counts although calls share one WebAssembly memory (larger m·k first, then smaller)', () => {
    const big = generateSimpleLabelMatrix(3000, 40, 3, 1, 3).L;
    const small = generateSimpleLabelMatrix(500, 4, 2, 1, 3).L;
    expect(bothKernels(big.data, 3000, 40, 3).wasm).toEqual(bothKernels(big.data, 3000, 40, 3).js);
    const first = bothKernels(small.data, 500, 4, 2);
    const second = bothKernels(small.data, 500, 4, 2);
    expect(first.wasm).toEqual(first.js);
    expect(second.wasm).toEqual(first.js);
  });

  it('hands blocks of very sparse votes to the row-pair counter: rows [0, 16384) and [16384, 20000)', () => {
    const { L } = generateSimpleLabelMatrix(20_000, 200, 2, 1000, 3);
    const { wasm, js, pairBlocks } = bothKernels(L.data, 20_000, 200, 2);
    expect(pairBlocks).toEqual([
      [0, 16_384],
      [16_384, 20_000],
    ]);
    expect(wasm).toEqual(js);
  });

  it.each([-2, 3])('names the row and the LF of a vote %i outside -1..k-1 in a later block and chunk', (label) => {
    const { L } = generateSimpleLabelMatrix(20_000, 6, 3, 1, 3);
    const data = L.data.slice();
    data[17_500 * 6 + 4] = label;
    expect(() => countCoVotesWasm(data, 20_000, 6, 3, new Float64Array(18 * 18), invalid, () => {})).toThrow(`L[17500][4] = ${label}`);
  });

  it('declines (returns false, counts nothing) when m·k exceeds 2048 one-hot columns', () => {
    const counts = new Float64Array(4);
    expect(countCoVotesWasm(new Int32Array(1100), 1, 1100, 2, counts, invalid, () => {})).toBe(false);
    expect(Array.from(counts)).toEqual([0, 0, 0, 0]);
  });
});
