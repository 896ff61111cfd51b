// Publisher flow control (RabbitMQ's "flow" state), a queue's side: while a queue with consumers
// holds more than FLOW_HIGH ready messages, the clients publishing into it pause (their
// PublisherGate waits here) until it drains below FLOW_LOW. Without it a fast publisher outruns
// delivery and the backlog grows without bound.
//
// Publishers wait at most FLOW_MAX_WAIT at a time. A queue that delivered nothing during such a
// wait has consumers that are not taking messages (blocked sockets, full prefetch and no acks): it
// stops pausing publishers until it drains, so they run at full speed into the backlog, as they
// would with no consumers at all.

/** ready messages above which publishers pause, and below which they resume: far enough apart
 *  that a queue hovering near the mark does not pause and resume publishers on every message */
const FLOW_HIGH = 20_000;
const FLOW_LOW = 10_000;
/** the same limits in body bytes, for large messages */
const FLOW_HIGH_BYTES = 16 * 1024 * 1024;
const FLOW_LOW_BYTES = 8 * 1024 * 1024;
/** the longest one pause lasts, ms: long enough for consumers to catch up, short enough that a
 *  publisher never notices it as an outage */
const FLOW_MAX_WAIT = 50;

export class QueueFlow {
  private waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;
  /** a whole FLOW_MAX_WAIT passed without a delivery: publishers are not paused until the queue drains */
  private stalled = false;
  /** deliveries so far, to tell a slow consumer from a stalled one */
  private deliveries = 0;

  /** Too far behind its consumers: publishers should wait. */
  overloaded(hasConsumers: boolean, ready: number, bytes: number): boolean {
    if (!hasConsumers || (ready < FLOW_HIGH && bytes < FLOW_HIGH_BYTES)) return false;
    return !this.stalled;
  }

  delivered(): void {
    this.deliveries++;
  }

  /** Call `resume` once the queue has caught up (or after FLOW_MAX_WAIT). */
  waitForDrain(resume: () => void): void {
    this.waiters.push(resume);
    if (this.timer) return;
    const before = this.deliveries;
    this.timer = setTimeout(() => {
      if (this.deliveries === before) this.stalled = true;
      this.release();
    }, FLOW_MAX_WAIT);
    this.timer.unref?.();
  }

  /** After a dispatch: below the low marks, waiting publishers resume. */
  dispatched(ready: number, bytes: number): void {
    if (ready > FLOW_LOW || bytes > FLOW_LOW_BYTES) return;
    this.stalled = false;
    if (this.waiters.length > 0) this.release();
  }

  /** Resume every waiting publisher (the queue drained, emptied, lost its consumers or went). */
  release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
