/**
 * The newest `max` entries of a log, oldest first. Dropping from the front is O(1): the array
 * is compacted only once the dead prefix is as long as the live part.
 */
export class Ring<T> {
  private items: T[] = [];
  private start = 0;
  /** Entries pushed out since the last clear. */
  dropped = 0;

  constructor(readonly max: number) {}

  /** Appends; returns the entry that fell off the front, if one did. */
  push(item: T): T | undefined {
    this.items.push(item);
    if (this.items.length - this.start <= this.max) return undefined;
    const out = this.items[this.start];
    this.items[this.start++] = undefined as T;
    this.dropped++;
    if (this.start >= this.max) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    return out;
  }

  get size(): number {
    return this.items.length - this.start;
  }

  /** The i-th retained entry, 0 the oldest. */
  at(i: number): T {
    return this.items[this.start + i];
  }

  toArray(): T[] {
    return this.items.slice(this.start);
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.dropped = 0;
  }
}
