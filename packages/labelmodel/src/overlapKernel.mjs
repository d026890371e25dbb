// The co-vote counting kernel behind OverlapStats, in plain JavaScript so worker threads load it without a TypeScript loader.

import { countCoVotesWasm } from './coVoteWasm.mjs';

/** Rows per block: bounds the bitsets to m·(k+1) × 2,048 words (1.2 MB at m = 50, k = 2). */
const BLOCK_ROWS = 65_536;

/** Number of set bits in a 32-bit integer (SWAR). */
function popcount32(x) {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * One pass over rows [start, end): validates every vote and sets bit (row - start) of bitset j·(k+1) + vote + 1.
 * Abstains land in slot 0 of their LF (never counted), so the loop has no data-dependent branch.
 */
function blockBitsets(data, m, k, start, end, invalid) {
  const words = Math.ceil((end - start) / 32);
  const bits = new Int32Array(m * (k + 1) * words);
  let abstains = 0;
  for (let i = start; i < end; i++) {
    const r = i - start;
    const word = r >>> 5;
    const bit = 1 << (r & 31);
    for (let j = 0; j < m; j++) {
      const slot = data[i * m + j] + 1;
      if (slot >>> 0 > k) invalid(i, j, data[i * m + j]);
      bits[(j * (k + 1) + slot) * words + word] |= bit;
      abstains += slot === 0 ? 1 : 0;
    }
  }
  return { bits, words, votes: (end - start) * m - abstains };
}

/** Counts co-votes row by row from each row's non-abstain entries: O(nnz²) per row, best for sparse rows. */
function addBlockPairs(data, m, k, start, end, counts) {
  const d = m * k;
  const cols = new Int32Array(m);
  for (let i = start; i < end; i++) {
    const base = i * m;
    let nnz = 0;
    for (let j = 0; j < m; j++) {
      const y = data[base + j];
      if (y !== -1) cols[nnz++] = j * k + y;
    }
    for (let a = 0; a < nnz; a++) {
      const rowBase = cols[a] * d;
      for (let b = a; b < nnz; b++) counts[rowBase + cols[b]] += 1;
    }
  }
}

/** Adds count(a, b) = popcount(bits_a & bits_b) for every pair of one-hot columns a ≤ b: best for dense rows. */
function addBitsetCounts(bits, words, m, k, counts) {
  const d = m * k;
  const bitsetOf = (column) => (Math.floor(column / k) * (k + 1) + (column % k) + 1) * words;
  for (let a = 0; a < d; a++) {
    const aBase = bitsetOf(a);
    for (let b = a; b < d; b++) {
      const bBase = bitsetOf(b);
      let total = 0;
      for (let w = 0; w < words; w++) total += popcount32(bits[aBase + w] & bits[bBase + w]);
      counts[a * d + b] += total;
    }
  }
}

/**
 * Adds the co-vote counts of n rows of a row-major label matrix (m LFs, cardinality k) into `counts`
 * (the upper triangle of a (mk) × (mk) matrix). Each block is counted by row pairs (sparse votes) or by
 * bitsets and popcounts (dense votes), whichever is cheaper. `invalid(row, lf, label)` must throw.
 */
export function countCoVotes(data, n, m, k, counts, invalid) {
  if (countCoVotesWasm(data, n, m, k, counts, invalid, (start, end) => addBlockPairs(data, m, k, start, end, counts))) return;
  countCoVotesJs(data, n, m, k, counts, invalid);
}

/** countCoVotes in plain JavaScript (where WebAssembly is unavailable or m·k is very large). */
export function countCoVotesJs(data, n, m, k, counts, invalid) {
  const d = m * k;
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const end = Math.min(n, start + BLOCK_ROWS);
    const { bits, words, votes } = blockBitsets(data, m, k, start, end, invalid);
    // Per-row pairs cost ~Σ nnz²/2 scattered increments; bitsets cost d²/2 AND + popcount passes over the words.
    const pairWork = (votes * votes) / (end - start) / 2;
    const bitWork = (d * d * words) / 2;
    if (bitWork < pairWork) addBitsetCounts(bits, words, m, k, counts);
    else addBlockPairs(data, m, k, start, end, counts);
  }
}
