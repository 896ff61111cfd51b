// The sentinel: an ordinary well-behaved client that keeps publishing with publisher confirms and
// consuming with acks (amqplib, two connections) while the fuzzer runs. It must never see an
// error, and every message the broker confirmed must arrive exactly once, in order. Its latency
// (publish to delivery) says how much the fuzzing disturbed other clients.
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';

export interface SentinelReport {
  published: number;
  confirmed: number;
  nacked: number;
  received: number;
  /** confirmed but never delivered */
  lost: number;
  duplicates: number;
  outOfOrder: number;
  errors: string[];
  latencyMs: { p50: number; p99: number; max: number };
}

const QUEUE = 'fuzz.sentinel';

export class Sentinel {
  private pub!: ChannelModel;
  private sub!: ChannelModel;
  private ch!: ConfirmChannel;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private readonly sentAt = new Map<number, number>();
  private readonly confirmedSeqs = new Set<number>();
  private readonly receivedSeqs = new Set<number>();
  private lastReceived = -1;
  private readonly latencies: number[] = [];
  private readonly r = { published: 0, confirmed: 0, nacked: 0, duplicates: 0, outOfOrder: 0 };
  readonly errors: string[] = [];

  private constructor(private readonly url: string) {}

  /** Connects, declares its queue (on the vhost of `url`) and publishes every `everyMs`. */
  static async start(url: string, everyMs = 10): Promise<Sentinel> {
    const s = new Sentinel(url);
    await s.open();
    s.timer = setInterval(() => s.publishOne(), everyMs);
    return s;
  }

  private async open(): Promise<void> {
    const onError = (who: string) => (e: Error) => this.errors.push(`${who}: ${e.message}`);
    const onClose = (who: string) => () => { if (!this.stopping) this.errors.push(`${who} connection closed`); };
    this.pub = await amqp.connect(this.url, { clientProperties: { connection_name: 'fuzz sentinel publisher' } });
    this.sub = await amqp.connect(this.url, { clientProperties: { connection_name: 'fuzz sentinel consumer' } });
    for (const [who, c] of [['publisher', this.pub], ['consumer', this.sub]] as const) { c.on('error', onError(who)); c.on('close', onClose(who)); }
    this.ch = await this.pub.createConfirmChannel();
    await this.ch.assertQueue(QUEUE, { durable: false, autoDelete: false });
    await this.ch.purgeQueue(QUEUE);
    const sc = await this.sub.createChannel();
    await sc.prefetch(200);
    await sc.consume(QUEUE, (m) => {
      if (!m) { if (!this.stopping) this.errors.push('consumer cancelled by the broker'); return; }
      const n = Number(m.content.toString());
      if (this.receivedSeqs.has(n)) this.r.duplicates++;
      else {
        this.receivedSeqs.add(n);
        if (n < this.lastReceived) this.r.outOfOrder++;
        this.lastReceived = n;
        const t = this.sentAt.get(n);
        if (t !== undefined) this.latencies.push(performance.now() - t);
      }
      sc.ack(m);
    });
  }

  private stopping = false;

  private publishOne(): void {
    const n = this.seq++;
    this.sentAt.set(n, performance.now());
    this.r.published++;
    this.ch.publish('', QUEUE, Buffer.from(String(n)), {}, (err) => {
      if (err) this.r.nacked++;
      else { this.r.confirmed++; this.confirmedSeqs.add(n); }
    });
  }

  /** Stops publishing, waits (bounded) until everything confirmed has arrived, and reports. */
  async stop(settleMs = 15_000): Promise<SentinelReport> {
    if (this.timer) clearInterval(this.timer);
    const deadline = Date.now() + settleMs;
    while (Date.now() < deadline && (this.r.confirmed + this.r.nacked < this.r.published || [...this.confirmedSeqs].some((n) => !this.receivedSeqs.has(n)))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    this.stopping = true;
    const lost = [...this.confirmedSeqs].filter((n) => !this.receivedSeqs.has(n)).length;
    await this.ch.deleteQueue(QUEUE).catch(() => {});
    await this.pub.close().catch(() => {});
    await this.sub.close().catch(() => {});
    const l = this.latencies.slice().sort((a, b) => a - b);
    const at = (q: number): number => (l.length ? Math.round(l[Math.min(l.length - 1, Math.floor(q * l.length))] * 10) / 10 : 0);
    return { ...this.r, received: this.receivedSeqs.size, lost, errors: this.errors, latencyMs: { p50: at(0.5), p99: at(0.99), max: at(1) } };
  }
}
