// Types of the WebAssembly co-vote kernel (coVoteWasm.mjs).

/**
 * Adds the co-vote counts of n rows (m LFs, cardinality k) into the upper triangle of `counts` with WebAssembly; blocks
 * of sparse votes go to `countPairs(start, end)`. Returns false, having counted nothing, where it cannot run.
 */
export function countCoVotesWasm(
  data: Int32Array,
  n: number,
  m: number,
  k: number,
  counts: Float64Array,
  invalid: (row: number, lf: number, label: number) => never,
  countPairs: (start: number, end: number) => void,
): boolean;
