// AMQP heartbeats (connection.tune's heartbeat, in seconds): a heartbeat frame goes out when we
// have been quiet for half the interval, and a peer silent for two intervals is gone (RabbitMQ's
// rule).

export interface HeartbeatHost {
  /** when output was last written */
  readonly lastSent: number;
  /** reads are held (a resource alarm): silence is ours, not the peer's */
  readonly readsHeld: boolean;
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
    const interval = (seconds * 1000) / 2;
    this.timer = setInterval(() => {
      const now = Date.now();
      if (!this.host.readsHeld && now - this.lastReceived > seconds * 2000) {
        this.host.peerGone();
        return;
      }
      if (now - this.host.lastSent >= interval) this.host.sendHeartbeat();
    }, interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
