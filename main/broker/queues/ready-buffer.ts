// The ready messages of a classic queue, in order. Requeued messages return to their original
// position (as RabbitMQ does since 2.7): they wait in a small list sorted by sequence number and are
// merged with the main FIFO on the way out.
import { Deque } from './deque';
import type { QueueEntry } from './queue-entry';

export interface MessageBuffer {
  readonly length: number;
  readonly bytes: number;
  push(e: QueueEntry): void;
  requeue(e: QueueEntry): void;
  shift(): QueueEntry | undefined;
  peek(): QueueEntry | undefined;
  clear(): QueueEntry[];
  /** Take out the ready entries with these sequence numbers (the message browser's delete and
   *  move); O(n), for people's actions, never the message path. Returns what was removed. */
  removeWhere(pick: (e: QueueEntry) => boolean): QueueEntry[];
  [Symbol.iterator](): Iterator<QueueEntry>;
}

export class FifoBuffer implements MessageBuffer {
  private readonly main = new Deque<QueueEntry>();
  private readonly requeued: QueueEntry[] = [];
  bytes = 0;

  get length(): number { return this.main.length + this.requeued.length; }

  push(e: QueueEntry): void {
    this.main.push(e);
    this.bytes += e.message.bodySize;
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
    this.bytes = 0;
    return all;
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
  }
}
