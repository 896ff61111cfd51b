// The ready messages of a classic queue, in order. Requeued messages return to their original
// position (as RabbitMQ does since 2.7): they wait in a small list sorted by sequence number and are
// merged with the main FIFO on the way out.
import { Deque } from './deque';
import { PackedTail, type PackingSupport } from './packed-tail';
import type { Queue } from './queue';
import type { QueueEntry } from './queue-entry';

/** Ready messages kept as objects before new arrivals are packed (see packed-tail.ts). */
const HOT_MAX = 8192;
/** How many packed messages are brought back at a time when the objects run out. */
const REFILL = 2048;

export interface MessageBuffer {
  readonly length: number;
  readonly bytes: number;
  push(e: QueueEntry): void;
  requeue(e: QueueEntry): void;
  shift(): QueueEntry | undefined;
  peek(): QueueEntry | undefined;
  clear(): QueueEntry[];
  /** Empty the buffer for a purge or delete: the unpacked entries are returned, packed ones are
   *  dropped without being decoded (their store refs go to onRef). */
  discardAll(onRef: (ref: number) => void): QueueEntry[];
  /** Take out the ready entries with these sequence numbers (the message browser's delete and
   *  move); O(n), for people's actions, never the message path. Returns what was removed. */
  removeWhere(pick: (e: QueueEntry) => boolean): QueueEntry[];
  [Symbol.iterator](): Iterator<QueueEntry>;
}

export class FifoBuffer implements MessageBuffer {
  private readonly main = new Deque<QueueEntry>();
  private readonly requeued: QueueEntry[] = [];
  /** the packed far end of a long queue (absent when no codec is available, e.g. in unit tests) */
  private readonly tail: PackedTail | null;
  bytes = 0;

  constructor(private readonly queue: Queue | null = null, packing: PackingSupport | null = null) {
    this.tail = packing && queue ? new PackedTail(packing) : null;
  }

  get length(): number { return this.main.length + this.requeued.length + (this.tail?.length ?? 0); }

  push(e: QueueEntry): void {
    const tail = this.tail;
    if (tail !== null && (tail.length > 0 || this.main.length >= HOT_MAX)) tail.pack(e);
    else this.main.push(e);
    this.bytes += e.message.bodySize;
  }

  /** Bring packed messages back as objects once the unpacked ones are used up. */
  private refill(): void {
    const tail = this.tail;
    if (tail === null || tail.length === 0 || this.main.length > 0) return;
    for (let i = 0; i < REFILL && tail.length > 0; i++) this.main.push(tail.unpack(this.queue!)!);
  }

  requeue(e: QueueEntry): void {
    const list = this.requeued;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].seq < e.seq) lo = mid + 1; else hi = mid;
    }
    list.splice(lo, 0, e);
    this.bytes += e.message.bodySize;
  }

  private fromRequeued(): boolean {
    if (this.main.length === 0) this.refill();
    if (this.requeued.length === 0) return false;
    const head = this.main.peek();
    return head === undefined || this.requeued[0].seq < head.seq;
  }

  shift(): QueueEntry | undefined {
    const e = this.fromRequeued() ? this.requeued.shift() : this.main.shift();
    if (e) this.bytes -= e.message.bodySize;
    return e;
  }

  peek(): QueueEntry | undefined {
    return this.fromRequeued() ? this.requeued[0] : this.main.peek();
  }

  clear(): QueueEntry[] {
    const all = [...this];
    this.main.clear();
    this.requeued.length = 0;
    this.tail?.clear(this.queue!);
    this.bytes = 0;
    return all;
  }

  discardAll(onRef: (ref: number) => void): QueueEntry[] {
    const hot = [...this.main];
    const out = this.requeued.length ? [...this.requeued, ...hot] : hot;
    this.main.clear();
    this.requeued.length = 0;
    this.tail?.discard(onRef);
    this.bytes = 0;
    return out;
  }

  removeWhere(pick: (e: QueueEntry) => boolean): QueueEntry[] {
    const all = this.clear();
    const removed: QueueEntry[] = [];
    for (const e of all) {
      if (pick(e)) removed.push(e);
      else this.push(e);
    }
    return removed;
  }

  *[Symbol.iterator](): Iterator<QueueEntry> {
    let r = 0;
    let m = 0;
    while (r < this.requeued.length || m < this.main.length) {
      const head = this.main.at(m);
      if (r < this.requeued.length && (head === undefined || this.requeued[r].seq < head.seq)) yield this.requeued[r++];
      else { m++; yield head!; }
    }
    if (this.tail) yield* this.tail.entries(this.queue!);
  }
}
