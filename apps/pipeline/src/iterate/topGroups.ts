// The best few of a stream of ranked items, at most one per group: a batch chosen in one pass, in memory bounded by its size.

interface Kept<T> {
  readonly item: T;
  readonly group: string | undefined;
}

/**
 * Keeps the `capacity` best items offered (by `compare`, ascending: a total order), with at most one item per group:
 * the group's best. The result equals sorting every item offered and taking the first of each group up to `capacity`.
 *
 * @example
 * const top = new TopGroups<number>(2, (a, b) => a - b);
 * top.offer(5, 'x', () => 5); top.offer(3, 'x', () => 3); top.offer(4, 'y', () => 4); top.offer(1, undefined, () => 1);
 * top.items().map((kept) => kept.value); // [1, 3]
 */
export class TopGroups<R, T = R> {
  private readonly kept: Kept<{ rank: R; value: T }>[] = [];
  private readonly byGroup = new Map<string, Kept<{ rank: R; value: T }>>();

  constructor(
    private readonly capacity: number,
    private readonly compare: (a: R, b: R) => number,
  ) {}

  /** False when an item of rank `rank` cannot be kept (the list is full of better ones): its group need not be computed. */
  admits(rank: R): boolean {
    return this.capacity > 0 && (this.kept.length < this.capacity || this.compare(rank, this.kept[this.kept.length - 1].item.rank) < 0);
  }

  /** Offers an item of `rank` in `group` (undefined: a group of its own); `value` is made only when it is kept. */
  offer(rank: R, group: string | undefined, value: () => T): void {
    if (!this.admits(rank)) return;
    if (group !== undefined) {
      const held = this.byGroup.get(group);
      if (held) {
        if (this.compare(rank, held.item.rank) >= 0) return;
        this.kept.splice(this.indexOf(held.item.rank), 1);
      }
    }
    const entry = { item: { rank, value: value() }, group };
    this.kept.splice(this.insertionPoint(rank), 0, entry);
    if (group !== undefined) this.byGroup.set(group, entry);
    if (this.kept.length > this.capacity) {
      const dropped = this.kept.pop()!;
      if (dropped.group !== undefined) this.byGroup.delete(dropped.group);
    }
  }

  /** The kept items, best first, with their groups. */
  items(): Array<{ value: T; group: string | undefined }> {
    return this.kept.map((entry) => ({ value: entry.item.value, group: entry.group }));
  }

  private insertionPoint(rank: R): number {
    let lo = 0;
    let hi = this.kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.kept[mid].item.rank, rank) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(rank: R): number {
    return this.insertionPoint(rank);
  }
}
