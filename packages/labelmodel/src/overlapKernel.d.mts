// Types of the plain-JavaScript co-vote counting kernel (overlapKernel.mjs).

/** Adds the co-vote counts of n rows (m LFs, cardinality k) into `counts`; `invalid` is called (and must throw) on a bad vote. */
export function countCoVotes(
  data: Int32Array,
  n: number,
  m: number,
  k: number,
  counts: Float64Array,
  invalid: (row: number, lf: number, label: number) => never,
): void;

/** countCoVotes without the WebAssembly kernel. */
export function countCoVotesJs(
  data: Int32Array,
  n: number,
  m: number,
  k: number,
  counts: Float64Array,
  invalid: (row: number, lf: number, label: number) => never,
): void;
