// numpy's legacy RandomState (MT19937) for the few draws snorkel makes, so a seed gives the same numbers as in Python.

const N = 624;
const M = 397;

/**
 * A subset of `numpy.random.RandomState` with bit-identical output for the same integer seed:
 * `random()` (= `np.random.random()` / `rand()`), `randint(high)` and `choice(p)`.
 *
 * @example
 * new NumpyRandomState(123).random(); // 0.6964691855978616, as np.random.seed(123); np.random.random()
 */
export class NumpyRandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i (mod 2^32), split to stay exact in doubles
      mt[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
  }

  /** The next 32-bit output of MT19937 (genrand_int32). */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits (numpy's random_sample). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** An integer in [0, high) by numpy's masked rejection sampling (`randint(0, high)`, high ≤ 2^32). */
  randint(high: number): number {
    const range = high - 1;
    if (range === 0) return 0;
    let mask = range;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const value = (this.nextUint32() & mask) >>> 0;
      if (value <= range) return value;
    }
  }

  /** An index drawn with probabilities `p` (numpy's `choice(len(p), p=p)`: normalised cdf, searchsorted right). */
  choice(p: ArrayLike<number>): number {
    const cdf = new Float64Array(p.length);
    let total = 0;
    for (let i = 0; i < p.length; i++) cdf[i] = total += p[i];
    const last = cdf[p.length - 1];
    for (let i = 0; i < p.length; i++) cdf[i] /= last;
    const u = this.random();
    let idx = 0;
    while (idx < cdf.length && cdf[idx] <= u) idx++;
    return idx;
  }
}
