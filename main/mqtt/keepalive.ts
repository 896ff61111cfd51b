// MQTT keep-alive (MQTT 3.1.1 §3.1.2.10): a client silent for one and a half times its interval
// is gone. The client sends PINGREQ; the server only listens.

/** How much longer than its keep-alive a client may be silent (the spec's one and a half). */
const GRACE = 1.5;

export class KeepAlive {
  private lastReceived = Date.now();
  private timer: NodeJS.Timeout | null = null;

  /** `expired` is called once the client has been silent too long. */
  constructor(private readonly expired: () => void) {}

  received(): void {
    this.lastReceived = Date.now();
  }

  /** Watch a keep-alive of `seconds` (0: none). */
  start(seconds: number): void {
    this.stop();
    if (seconds <= 0) return;
    const limit = seconds * 1000 * GRACE;
    this.lastReceived = Date.now();
    // Checked a few times per interval, so the close comes at most a quarter interval late.
    this.timer = setInterval(() => {
      if (Date.now() - this.lastReceived > limit) { this.stop(); this.expired(); }
    }, Math.max(50, (seconds * 1000) / 4));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
