// A simulated producer: publishes to an exchange at a rate (or one message per click), with a
// routing key fixed, taken from a list in turn, or made of random words.
import type { AMQPChannel } from '@cloudamqp/amqp-client';
import type { ProducerSpec } from '../../shared/model/simulate';
import type { AmqpConnection } from '../remote/amqp-connect';
import { randomKey } from './random-words';
import { SimClient } from './sim-client';

/** publishes are made in ticks this long, as many as the rate asks for */
const TICK_MS = 50;

export class SimProducer extends SimClient {
  private ch: AMQPChannel | null = null;
  private timer: NodeJS.Timeout | null = null;
  private owed = 0;
  private n = 0;

  constructor(id: string, name: string, override readonly spec: ProducerSpec) { super(id, 'producer', name, spec); }

  protected async run(conn: AmqpConnection): Promise<void> {
    this.ch = await conn.channel();
    this.ch.onReturn = () => { this.counts.returned++; };
    this.ch.onerror = (reason) => this.failed(reason);
    if (this.spec.rate > 0) this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  protected halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    this.owed += (this.spec.rate * TICK_MS) / 1000;
    while (this.owed >= 1 && this.state === 'running') {
      this.owed--;
      this.publishOne();
    }
  }

  private key(): string {
    const { keyMode, keys } = this.spec;
    if (keyMode === 'random-words') return randomKey();
    if (keyMode === 'round-robin') return keys[this.n % keys.length] ?? '';
    return keys[0] ?? '';
  }

  /** One message now (the "publish" button, and each of the rate's). */
  publishOne(): void {
    const ch = this.ch;
    if (!ch || ch.closed) return;
    const s = this.spec;
    const key = this.key();
    this.n++;
    const body = s.body.replaceAll('{n}', String(this.n)).replaceAll('{time}', new Date().toISOString()).replaceAll('{key}', key);
    ch.basicPublish(s.exchange, key, body, {
      deliveryMode: s.persistent ? 2 : 1,
      ...(s.ttl !== null ? { expiration: String(s.ttl) } : {}),
      ...(s.priority !== null ? { priority: s.priority } : {}),
      ...(Object.keys(s.headers).length ? { headers: s.headers } : {}),
      contentType: 'text/plain',
    }, s.mandatory).then(() => { this.counts.published++; }, (err: Error) => this.failed(err.message));
  }
}
