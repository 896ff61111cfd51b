// x-expires: a queue unused for that long (no consumers, no basic.get, no redeclare) is deleted.
// The time is the vhost's clock: x-expires / scale of real time, at the scale of when it is armed.
import { timerDelay } from '../timer-delay';

export class QueueLease {
  /** last time a client used the queue (consume, get, declare): the lease counts from it */
  lastUsed = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(
    private expires: number | undefined,
    private readonly inUse: () => boolean,
    private readonly onExpired: () => void,
    private readonly scale: () => number,
  ) {}

  touch(): void {
    this.lastUsed = Date.now();
  }

  /** (Re)start the countdown from the last use. A queue in use (it has consumers) needs no timer:
   *  the queue calls arm() again when its last consumer leaves. */
  arm(): void {
    const expires = this.expires;
    if (expires === undefined || this.ended) return;
    if (this.timer) clearTimeout(this.timer);
    const due = this.lastUsed + expires / this.scale() - Date.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.ended) return;
      if (this.inUse()) return;
      if ((Date.now() - this.lastUsed) * this.scale() >= expires) this.onExpired();
      else this.arm();
    }, timerDelay(Math.max(due, 1)));
    this.timer.unref?.();
  }

  /** A policy changed the expiry: count the new one from the last use. */
  setExpires(expires: number | undefined): void {
    if (expires === this.expires) return;
    this.expires = expires;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.inUse()) this.arm();
  }

  /** The queue is gone: no more countdowns. */
  end(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
