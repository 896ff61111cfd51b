// A priority queue's ready messages: one FIFO per priority level, highest served first; FIFO
// (and requeue-in-place) within a level. Priorities above the maximum count as the maximum.
import type { PackingSupport } from './packed-tail';
import type { Queue } from './queue';
import type { QueueEntry } from './queue-entry';
import { FifoBuffer, type MessageBuffer } from './ready-buffer';

export class PriorityBuffer implements MessageBuffer {
  private readonly levels: FifoBuffer[];
  private count = 0;
  bytes = 0;

  constructor(private readonly maxPriority: number, queue: Queue | null = null, packing: PackingSupport | null = null) {
    this.levels = Array.from({ length: maxPriority + 1 }, () => new FifoBuffer(queue, packing));
  }

  get length(): number { return this.count; }

  private level(e: QueueEntry): FifoBuffer {
    return this.levels[Math.min(e.message.priority, this.maxPriority)];
  }

  push(e: QueueEntry): void {
    this.level(e).push(e);
    this.count++;
    this.bytes += e.message.bodySize;
  }

  requeue(e: QueueEntry): void {
    this.level(e).requeue(e);
    this.count++;
    this.bytes += e.message.bodySize;
  }

  private top(): FifoBuffer | undefined {
    for (let p = this.maxPriority; p >= 0; p--) if (this.levels[p].length > 0) return this.levels[p];
    return undefined;
  }

  shift(): QueueEntry | undefined {
    const e = this.top()?.shift();
    if (e) { this.count--; this.bytes -= e.message.bodySize; }
    return e;
  }

  peek(): QueueEntry | undefined {
    return this.top()?.peek();
  }

  clear(): QueueEntry[] {
    const all = [...this];
    for (const l of this.levels) l.clear();
    this.count = 0;
    this.bytes = 0;
    return all;
  }

  discardAll(onRef: (ref: number) => void): QueueEntry[] {
    const out: QueueEntry[] = [];
    for (const l of this.levels) out.push(...l.discardAll(onRef));
    this.count = 0;
    this.bytes = 0;
    return out;
  }

  removeWhere(pick: (e: QueueEntry) => boolean): QueueEntry[] {
    const removed: QueueEntry[] = [];
    for (const l of this.levels) {
      const out = l.removeWhere(pick);
      for (const e of out) { this.count--; this.bytes -= e.message.bodySize; removed.push(e); }
    }
    return removed;
  }

  *[Symbol.iterator](): Iterator<QueueEntry> {
    for (let p = this.maxPriority; p >= 0; p--) yield* this.levels[p];
  }
}
