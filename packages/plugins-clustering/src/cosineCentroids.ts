// Assigns a vector to its nearest centroid by cosine similarity (the rule a cluster LF votes by).

/** Centroids scaled to unit length, so a dot product with a unit row is the cosine. */
export class CosineCentroids {
  readonly k: number;
  readonly dimension: number;
  /** Row-major k × dimension. */
  private readonly unit: Float64Array;

  constructor(centroids: readonly ArrayLike<number>[]) {
    this.k = centroids.length;
    this.dimension = centroids[0]?.length ?? 0;
    this.unit = new Float64Array(this.k * this.dimension);
    centroids.forEach((c, j) => {
      let norm = 0;
      for (let d = 0; d < this.dimension; d++) norm += c[d] * c[d];
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let d = 0; d < this.dimension; d++) this.unit[j * this.dimension + d] = c[d] * scale;
    });
  }

  /**
   * The index of the centroid most similar to `row` (first one on ties), or -1 for an all-zero row
   * (a text with no known feature belongs to no cluster). Only the row's non-zero entries are visited.
   *
   * @example
   * new CosineCentroids([[1, 0], [0, 1]]).nearest(Float64Array.of(0.2, 0.9)); // 1
   */
  nearest(row: Float64Array): number {
    const nonZero: number[] = [];
    for (let d = 0; d < row.length; d++) if (row[d] !== 0) nonZero.push(d);
    if (nonZero.length === 0) return -1;
    let best = -1;
    let bestSim = -Infinity;
    for (let j = 0; j < this.k; j++) {
      const offset = j * this.dimension;
      let sim = 0;
      for (const d of nonZero) sim += row[d] * this.unit[offset + d];
      if (sim > bestSim) {
        bestSim = sim;
        best = j;
      }
    }
    return best;
  }
}
