// A fixed-size ring buffer between the event stream and the animation frame. When it is full,
// new events are dropped and counted: the picture may skip, but it never falls behind.
export class RingBuffer<T> {
  private readonly items: Array<T | undefined>;
  private head = 0;
  private size = 0;
  dropped = 0;

  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }

  get length(): number { return this.size; }

  push(item: T): boolean {
    if (this.size === this.capacity) { this.dropped++; return false; }
    this.items[(this.head + this.size) % this.capacity] = item;
    this.size++;
    return true;
  }

  /** Take everything buffered, oldest first. */
  drain(visit: (item: T) => void): number {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      const idx = (this.head + i) % this.capacity;
      const item = this.items[idx] as T;
      this.items[idx] = undefined;
      visit(item);
    }
    this.head = (this.head + n) % this.capacity;
    this.size = 0;
    return n;
  }

  clear(): void {
    this.drain(() => {});
  }
}
