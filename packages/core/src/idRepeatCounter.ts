// Counts how often each id has been seen in a stream, in 8 bytes a distinct id (64-bit hashes), not a Set of strings.

/** Smallest table; it doubles when 2/3 full. */
const MIN_CAPACITY = 1 << 12;

/**
 * `count(id)` returns 1 the first time an id is seen, 2 the second, and so on: what a `Map<string, number>` of seen
 * ids gives, for streams of millions of ids. Ids are kept as two independent 32-bit hashes in an open-addressing
 * table (8 bytes a slot, at most 2/3 full), so two different ids are taken for one with probability about n² / 2⁶⁵
 * (2.4e-7 at 3 million ids); repeats (rare) are counted in a small map.
 *
 * @example
 * const seen = new IdRepeatCounter();
 * seen.count('a'); // 1
 * seen.count('a'); // 2
 * seen.count('b'); // 1
 */
export class IdRepeatCounter {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private size = 0;
  private readonly repeats = new Map<string, number>();

  constructor(expected = 0) {
    let capacity = MIN_CAPACITY;
    while (capacity * 2 < expected * 3) capacity *= 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
  }

  /** Distinct ids seen. */
  get distinct(): number {
    return this.size;
  }

  /** Records one more occurrence of `id` and returns how many times it has now been seen. */
  count(id: string): number {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c ^ id.length;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 = (h1 ^ (h1 >>> 16)) >>> 0;
    h2 = (Math.imul(h2 ^ (h2 >>> 13), 0x85ebca6b) ^ (h2 >>> 16)) >>> 0;
    if (h1 === 0 && h2 === 0) h2 = 1; // (0, 0) marks an empty slot
    if (this.insert(h1, h2)) {
      if (++this.size * 3 > this.hi.length * 2) this.grow();
      return 1;
    }
    const key = `${h1}:${h2}`;
    const n = (this.repeats.get(key) ?? 1) + 1;
    this.repeats.set(key, n);
    return n;
  }

  /** Puts the hash pair in the table; false when it was there already. */
  private insert(h1: number, h2: number): boolean {
    const mask = this.hi.length - 1;
    let slot = (h1 ^ Math.imul(h2, 0x27d4eb2d)) & mask;
    for (;;) {
      const a = this.hi[slot];
      const b = this.lo[slot];
      if (a === 0 && b === 0) {
        this.hi[slot] = h1;
        this.lo[slot] = h2;
        return true;
      }
      if (a === h1 && b === h2) return false;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { hi, lo } = this;
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(lo.length * 2);
    for (let s = 0; s < hi.length; s++) if (hi[s] !== 0 || lo[s] !== 0) this.insert(hi[s], lo[s]);
  }
}
