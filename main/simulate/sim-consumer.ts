// A simulated consumer: consumes with a prefetch, "works" on each message for a fixed or random
// time, then acks it, or by chance nacks or rejects it (requeued or not), so a learner sees fair
// dispatch, redelivery and dead-lettering happen.
import type { AMQPMessage } from '@cloudamqp/amqp-client';
import type { ConsumerSpec } from '../../shared/model/simulate';
import type { AmqpConnection } from '../remote/amqp-connect';
import { SimClient } from './sim-client';
import { realDuration } from '../broker/vhost-clock';

export class SimConsumer extends SimClient {
  private readonly working = new Set<NodeJS.Timeout>();

  /** `pace`: the vhost's clock scale now (the sandbox clock runs processing time ×10 or ×60 too) */
  constructor(
    id: string, name: string, override readonly spec: ConsumerSpec,
    private readonly pace: () => number = () => 1, private readonly random: () => number = Math.random,
  ) {
    super(id, 'consumer', name, spec);
  }

  protected async run(conn: AmqpConnection): Promise<void> {
    const s = this.spec;
    const ch = await conn.channel();
    ch.onerror = (reason) => this.failed(reason);
    if (s.prefetch > 0) await ch.basicQos(s.prefetch);
    const consumer = await ch.basicConsume(s.queue, {
      noAck: s.ack === 'auto', exclusive: s.exclusive,
      ...(s.priority !== null ? { args: { 'x-priority': s.priority } } : {}),
    }, (m) => this.received(m));
    // the broker cancels it when its queue is deleted: it consumes nothing any more, so it says so
    consumer.wait().catch((err: Error) => this.failed(err.message));
  }

  protected halt(): void {
    for (const t of this.working) clearTimeout(t);
    this.working.clear();
  }

  private received(m: AMQPMessage): void {
    this.counts.received++;
    if (this.spec.ack === 'auto') return;
    const { workMinMs: min, workMaxMs: max } = this.spec;
    const ms = realDuration(min + (max - min) * this.random(), this.pace());
    const t = setTimeout(() => { this.working.delete(t); this.settle(m); }, ms);
    this.working.add(t);
  }

  private settle(m: AMQPMessage): void {
    if (this.state !== 'running') return;
    const s = this.spec;
    const r = this.random();
    const done = (count: 'acked' | 'nacked' | 'rejected') => (): void => { this.counts[count]++; };
    const lost = (err: Error): void => this.failed(err.message);
    if (r < s.nackChance) m.nack(s.requeue).then(done('nacked'), lost);
    else if (r < s.nackChance + s.rejectChance) m.reject(s.requeue).then(done('rejected'), lost);
    else m.ack().then(done('acked'), lost);
  }
}
