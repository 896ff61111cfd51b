// What simulated producers and consumers share: one AMQP connection of their own (named so that
// the canvas, the Connections tool and the management API show it as what it is), a state, counts,
// and a crash that drops the socket without closing, as a killed process would.
import type { AMQPClient } from '@cloudamqp/amqp-client';
import type { ConsumerSpec, ProducerSpec, SimulatedClient } from '../../shared/model/simulate';
import { connectAmqp, type AmqpConnection, type AmqpTarget } from '../remote/amqp-connect';

/** Where simulated clients connect: the broker's own listener (with its internal login) or, from
 *  `warren simulate`, the broker a URL names. */
export type SimTarget = Omit<AmqpTarget, 'vhost' | 'name'>;

export abstract class SimClient {
  state: SimulatedClient['state'] = 'connecting';
  error: string | null = null;
  readonly counts: SimulatedClient['counts'] = { published: 0, returned: 0, received: 0, acked: 0, nacked: 0, rejected: 0 };
  protected conn: AmqpConnection | null = null;

  constructor(readonly id: string, readonly kind: 'producer' | 'consumer', readonly name: string, readonly spec: ProducerSpec | ConsumerSpec) {}

  /** Connects and starts; a failure is kept as the state's reason, not thrown. */
  async start(target: SimTarget): Promise<void> {
    try {
      this.conn = await connectAmqp({ ...target, vhost: this.spec.vhost, name: this.name });
      this.conn.onerror = (e) => this.failed(e.message);
      // stopped (or the broker closing) while it connected: it does not start after all
      if (this.state !== 'connecting') { await this.conn.close().catch(() => {}); return; }
      await this.run(this.conn);
      if (this.state === 'connecting') this.state = 'running';
    } catch (err) {
      this.failed(err instanceof Error ? err.message : String(err));
    }
  }

  protected abstract run(conn: AmqpConnection): Promise<void>;
  protected abstract halt(): void;

  protected failed(why: string): void {
    if (this.state === 'stopped' || this.state === 'crashed') return;
    this.halt();
    this.state = 'failed';
    this.error = why;
    // a channel's failure leaves the connection open: a failed client holds none
    void this.conn?.close().catch(() => {});
  }

  /** Drops the connection's socket with no connection.close: unacked messages go back to their queues. */
  crash(): void {
    this.halt();
    this.state = 'crashed';
    (this.conn as AMQPClient | null)?.socket?.destroy();
  }

  async stop(): Promise<void> {
    this.halt();
    const was = this.state;
    this.state = 'stopped';
    if (was === 'running' || was === 'connecting') await this.conn?.close().catch(() => {});
  }

  /** our end's port of the socket: the broker sees the connection as coming from it */
  get localPort(): number | null {
    if (this.state !== 'running' && this.state !== 'connecting') return null;
    return (this.conn as AMQPClient | null)?.socket?.localPort ?? null;
  }

  info(connectionId: string | null = null): SimulatedClient {
    return { id: this.id, kind: this.kind, name: this.name, connectionId, state: this.state, error: this.error, spec: this.spec, counts: { ...this.counts } };
  }
}
