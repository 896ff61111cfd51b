// A well-behaved client beside a misbehaving one: it publishes with confirms to its own queue and
// consumes what it published, one message at a time, and times each round trip (publish to
// confirm and delivery). Tests start it before a hostile scenario and read its latencies after,
// to show the broker stayed responsive (main/perf/many-queues.ts uses it too).
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';

export interface LatencyStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Pause between round trips: about 50 a second, enough samples for a p99 in a few seconds. */
const PACE_MS = 20;
/** stop() waits for at least this many round trips, so a short scenario still has a sample */
const MIN_SAMPLES = 20;

export class Bystander {
  private readonly samples: number[] = [];
  private running = true;
  private readonly loop: Promise<void>;
  /** when the round trip in flight started (0: none), so a stall still counts when stopped */
  private inFlightSince = 0;
  private wake: (() => void) | null = null;

  private constructor(private readonly conn: ChannelModel, private readonly ch: ConfirmChannel, private readonly queue: string) {
    this.loop = this.run();
  }

  static async start(url: string): Promise<Bystander> {
    const conn = await amqp.connect(url);
    conn.on('error', () => undefined);
    const ch = await conn.createConfirmChannel();
    const { queue } = await ch.assertQueue('', { exclusive: true });
    const b = new Bystander(conn, ch, queue);
    await ch.consume(queue, () => b.wake?.(), { noAck: true });
    return b;
  }

  private async run(): Promise<void> {
    try {
      await this.roundTrips();
    } catch {
      // the broker went away: stop() reports what was measured
    }
  }

  private async roundTrips(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      this.inFlightSince = started;
      const delivered = new Promise<void>((resolve) => { this.wake = resolve; });
      this.ch.sendToQueue(this.queue, Buffer.from('ping'));
      await Promise.all([this.ch.waitForConfirms(), delivered]);
      this.inFlightSince = 0;
      this.samples.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, PACE_MS));
    }
  }

  /** Stops once MIN_SAMPLES round trips are done, after the one in flight (or counts that one as
   *  it stands after 5 s), and closes. */
  async stop(): Promise<LatencyStats> {
    const enough = Date.now() + 5000;
    while (this.samples.length < MIN_SAMPLES && Date.now() < enough) await new Promise((r) => setTimeout(r, PACE_MS));
    this.running = false;
    const stuck = new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 5000).unref());
    if ((await Promise.race([this.loop, stuck])) === 'stuck' && this.inFlightSince !== 0) this.samples.push(performance.now() - this.inFlightSince);
    await this.conn.close().catch(() => undefined);
    return this.stats();
  }

  stats(): LatencyStats {
    return latencyStats(this.samples);
  }
}

export function latencyStats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}
