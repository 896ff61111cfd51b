// Publisher flow control for one queue (RabbitMQ's "flow" state): while a queue with consumers
// holds more than FLOW_HIGH ready messages, the connections publishing into it pause until it
// drains below FLOW_LOW. Without it a fast publisher outruns delivery and the backlog grows
// without bound. Publishers wait at most FLOW_MAX_WAIT at a time. A queue that delivered nothing
// during such a wait has consumers that are not taking messages (blocked sockets, full prefetch
// and no acks): it stops pausing publishers until it drains, so they run at full speed into the
// backlog, as they would with no consumers at all.
import type { MessageBuffer } from './ready-buffer';

const FLOW_HIGH = 20_000;
const FLOW_LOW = 10_000;
/** the same limits in body bytes, for large messages */
const FLOW_HIGH_BYTES = 16 * 1024 * 1024;
const FLOW_LOW_BYTES = 8 * 1024 * 1024;
/** ms: long enough for consumers to take a batch, short enough that a stalled queue costs little */
const FLOW_MAX_WAIT = 50;

export class PublisherFlow {
  /** deliveries so far, to tell a slow consumer from a stalled one */
  deliveries = 0;
  /** a whole FLOW_MAX_WAIT passed without a delivery: publishers are not paused until the queue drains */
  private stalled = false;
  private waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ready: MessageBuffer) {}

  /** Too far behind its consumers: publishers should wait. */
  overloaded(consumers: number): boolean {
    if (consumers === 0 || (this.ready.length < FLOW_HIGH && this.ready.bytes < FLOW_HIGH_BYTES)) return false;
    return !this.stalled;
  }

  /** Call `resume` once the queue has caught up (or after FLOW_MAX_WAIT). */
  wait(resume: () => void): void {
    this.waiters.push(resume);
    if (this.timer) return;
    const before = this.deliveries;
    this.timer = setTimeout(() => {
      if (this.deliveries === before) this.stalled = true;
      this.release();
    }, FLOW_MAX_WAIT);
    this.timer.unref?.();
  }

  /** After a dispatch pass: below the low mark, publishers go on. */
  dispatched(): void {
    if (this.ready.length > FLOW_LOW || this.ready.bytes > FLOW_LOW_BYTES) return;
    this.stalled = false;
    if (this.waiters.length > 0) this.release();
  }

  release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
