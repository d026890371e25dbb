// Counts how often each id has been seen in a stream, in about 10 bytes a distinct id (64-bit hashes), not a Set of strings.

/** Smallest table, in slots. */
const MIN_CAPACITY = 1 << 12;
/** Most slots in use before the table grows: linear probing stays a few probes long up to here, and 8 bytes a slot stay ~9.4 an id. */
const MAX_LOAD = 0.85;
/** 2³²: the hash's range, to map it onto a table of any size (`slotOf`). */
const TWO_32 = 2 ** 32;

/**
 * `count(id)` returns 1 the first time an id is seen, 2 the second, and so on: what a `Map<string, number>` of seen
 * ids gives, for streams of millions of ids. Ids are kept as two independent 32-bit hashes, side by side in one
 * open-addressing table sized to the expected count (not rounded up to a power of two, so its bytes grow with the
 * ids and not in steps of two), at most 85% full; two different ids are taken for one with probability about n² / 2⁶⁵
 * (2.4e-7 at 3 million ids); repeats (rare) are counted in a small map.
 *
 * @example
 * const seen = new IdRepeatCounter();
 * seen.count('a'); // 1
 * seen.count('a'); // 2
 * seen.count('b'); // 1
 */
export class IdRepeatCounter {
  /** Slot s holds the pair (table[2s], table[2s + 1]); (0, 0) is an empty slot. */
  private table: Uint32Array;
  private capacity: number;
  private size = 0;
  private readonly repeats = new Map<string, number>();

  constructor(expected = 0) {
    this.capacity = Math.max(MIN_CAPACITY, Math.ceil(expected / MAX_LOAD) + 1);
    this.table = new Uint32Array(this.capacity * 2);
  }

  /** Distinct ids seen. */
  get distinct(): number {
    return this.size;
  }

  /** Bytes the table takes (what grows with the ids). */
  get bytes(): number {
    return this.table.byteLength;
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
      if (++this.size > this.capacity * MAX_LOAD) this.grow();
      return 1;
    }
    const key = `${h1}:${h2}`;
    const n = (this.repeats.get(key) ?? 1) + 1;
    this.repeats.set(key, n);
    return n;
  }

  /** The home slot of a pair: its mixed hash scaled onto 0 .. capacity - 1. */
  private slotOf(h1: number, h2: number): number {
    const mixed = (h1 ^ Math.imul(h2, 0x27d4eb2d)) >>> 0;
    return Math.min(this.capacity - 1, Math.floor((mixed / TWO_32) * this.capacity));
  }

  /** Puts the hash pair in the table; false when it was there already. */
  private insert(h1: number, h2: number): boolean {
    const { table, capacity } = this;
    let slot = this.slotOf(h1, h2);
    for (;;) {
      const a = table[2 * slot];
      const b = table[2 * slot + 1];
      if (a === 0 && b === 0) {
        table[2 * slot] = h1;
        table[2 * slot + 1] = h2;
        return true;
      }
      if (a === h1 && b === h2) return false;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
  }

  /** Half again as many slots (the estimate of the ids was short): the pairs are put in again. */
  private grow(): void {
    const old = this.table;
    this.capacity = Math.ceil(this.capacity * 1.5);
    this.table = new Uint32Array(this.capacity * 2);
    for (let s = 0; s < old.length; s += 2) if (old[s] !== 0 || old[s + 1] !== 0) this.insert(old[s], old[s + 1]);
  }
}
