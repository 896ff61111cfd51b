// AMQP heartbeats (connection.tune's heartbeat, in seconds): a heartbeat frame goes out when we
// have been quiet for half the interval, and a peer silent for two intervals is gone (RabbitMQ's
// rule).

/** A peer silent for this many negotiated intervals is gone (RabbitMQ's rule): one late
 *  heartbeat is jitter, two are a dead peer or a dead network. */
const MISSED_INTERVALS = 2;
/** We check (and send when quiet) this many times per interval, so the peer hears from us at
 *  least once per interval whatever the timer's phase. */
const CHECKS_PER_INTERVAL = 2;

export interface HeartbeatHost {
  /** when output was last written */
  lastSent(): number;
  /** reads are held (a resource alarm): silence is ours, not the peer's */
  readsHeld(): boolean;
  sendHeartbeat(): void;
  peerGone(): void;
}

export class Heartbeats {
  private lastReceived = Date.now();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly host: HeartbeatHost) {}

  /** Bytes arrived (or reads resumed after an alarm: the silence before was ours). */
  received(): void {
    this.lastReceived = Date.now();
  }

  start(seconds: number): void {
    const interval = (seconds * 1000) / CHECKS_PER_INTERVAL;
    this.timer = setInterval(() => {
      const now = Date.now();
      if (!this.host.readsHeld() && now - this.lastReceived > seconds * 1000 * MISSED_INTERVALS) {
        this.host.peerGone();
        return;
      }
      if (now - this.host.lastSent() >= interval) this.host.sendHeartbeat();
    }, interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
