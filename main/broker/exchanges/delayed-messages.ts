// The messages an x-delayed-message exchange holds: a min-heap on due time (publish order among
// equal times) and one timer for the earliest, re-armed only when an earlier one comes along.
// Nothing here exists for an exchange of another type.
import type { Message } from '../message';
import { ExpiryClock } from '../queues/expiry-clock';

export interface DelayedEntry {
  due: number;
  delay: number;
  message: Message;
  /** the durable store's ref; -1: kept in memory only */
  ref: number;
  seq: number;
}

/** setTimeout's longest wait; a later due time is reached by re-arming. */
const MAX_TIMER = 0x7fffffff;

export class DelayedMessages {
  private readonly heap: DelayedEntry[] = [];
  private seq = 0;
  /** runs when the earliest message may be due: it takes them with takeDue() (set by the vhost) */
  onDue: (() => void) | null = null;
  private readonly clock = new ExpiryClock(() => this.onDue?.());

  get size(): number { return this.heap.length; }

  add(message: Message, due: number, delay: number, ref: number): void {
    const h = this.heap;
    h.push({ due, delay, message, ref, seq: this.seq++ });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
    if (i === 0) this.arm();
  }

  /** The earliest message if it is due at `now`, taken out; undefined otherwise. */
  takeDue(now: number): DelayedEntry | undefined {
    const h = this.heap;
    if (h.length === 0 || h[0].due > now) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  /** Set the timer for the earliest message still held (after takeDue has taken the due ones). */
  arm(): void {
    if (this.heap.length === 0) return;
    this.clock.arm(Math.min(this.heap[0].due, Date.now() + MAX_TIMER));
  }

  /** The first `n` in due order, for the window and the management API (not on the message path). */
  first(n: number): DelayedEntry[] {
    return [...this.heap].sort(compare).slice(0, n);
  }

  /** The broker stops: no more timers (the messages stay where they are stored). */
  stop(): void {
    this.onDue = null;
    this.clock.cancel();
  }

  /** Everything held, taken out (the exchange is deleted); the timer stops. */
  clear(): DelayedEntry[] {
    this.clock.cancel();
    return this.heap.splice(0);
  }
}

function compare(a: DelayedEntry, b: DelayedEntry): number {
  return a.due - b.due || a.seq - b.seq;
}

function before(a: DelayedEntry, b: DelayedEntry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
