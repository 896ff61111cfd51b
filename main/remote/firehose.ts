// RabbitMQ's firehose for one vhost of a remote broker, as the window's live traffic: switched on
// with the management API, read over AMQP from amq.rabbitmq.trace into an exclusive, bounded queue,
// and turned into the same FlowBatches (markers) and traces the embedded broker gives the window.
// What it costs the broker is FIREHOSE_COST (shared/model/remote.ts), which the window shows.
//
// Tracing is never left on by us: off() (and a lost AMQP connection, and a failed on()) switch it
// off again if this Firehose switched it on; if it was on before, it is left on.
import type { AMQPMessage } from '@cloudamqp/amqp-client';
import type { FlowBatch, FlowEvent } from '../../shared/ipc/contract';
import type { FirehoseStatus } from '../../shared/model/remote';
import type { Trace, TraceSummary } from '../../shared/model/trace';
import { connectAmqp, type AmqpConnection, type AmqpTarget } from './amqp-connect';
import { DEFAULT_BATCH_LIMITS, FlowBatcher, type BatchLimits } from './firehose-batch';
import { readTraceMessage, type TracedOp } from './firehose-message';
import { setTracing, tracingOn } from './firehose-switch';
import { DEFAULT_FIREHOSE_TRACE_LIMITS, FirehoseTraces, type FirehoseTraceLimits } from './firehose-traces';
import { RemoteError, type ManagementClient } from './management-client';

/** RabbitMQ's firehose exchange (rabbit_trace) */
export const TRACE_EXCHANGE = 'amq.rabbitmq.trace';
/** trace messages held by the broker for us at most; a fast broker drops the oldest, not floods us */
export const TRACE_QUEUE_MAX = 10_000;
/** publishes remembered to give their deliveries the same id */
const CORRELATED = 10_000;

export interface FirehoseOptions {
  api: ManagementClient;
  /** AMQP to the same broker (the vhost and name are the Firehose's) */
  amqp: Omit<AmqpTarget, 'vhost' | 'name'>;
  vhost: string;
  onBatch(batch: FlowBatch): void;
  /** the AMQP side stopped by itself (connection lost); tracing was switched off if ours */
  onStopped?(reason: string): void;
  /** the hops a publish took to the queues it reached (from the target's view of the bindings);
   *  absent, or null for one message: straight from its exchange to each queue */
  hops?(exchange: string, routingKey: string, queues: string[]): RouteHop[] | null;
  batch?: Partial<BatchLimits>;
  traces?: Partial<FirehoseTraceLimits>;
  now?: () => number;
}

type State = 'off' | 'on';

/** one step of a route: source exchange, destination, its type (FlowEvent's form) */
export type RouteHop = [string, string, 'queue' | 'exchange'];

export class Firehose {
  private state: State = 'off';
  /** this Firehose switched tracing on (so it switches it off) */
  private ours = false;
  /** tracing was on the last time we looked */
  private brokerOn = false;
  private conn: AmqpConnection | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** on() and off() run one after the other, never interleaved */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly batcher: FlowBatcher;
  private readonly limits: BatchLimits;
  readonly traces: FirehoseTraces;
  private readonly ids = new Map<string, number>();
  private nextId = 1;
  private readonly now: () => number;

  constructor(private readonly o: FirehoseOptions) {
    this.limits = { ...DEFAULT_BATCH_LIMITS, ...o.batch };
    this.batcher = new FlowBatcher(o.vhost, this.limits);
    this.traces = new FirehoseTraces(o.vhost, { ...DEFAULT_FIREHOSE_TRACE_LIMITS, ...o.traces });
    this.now = o.now ?? Date.now;
  }

  get vhost(): string { return this.o.vhost; }
  get running(): boolean { return this.state === 'on'; }

  status(): FirehoseStatus {
    return { vhost: this.o.vhost, on: this.brokerOn, ours: this.ours, available: true };
  }

  /** Switch tracing on (unless it is) and start reading it. Fails with a RemoteError, leaving tracing as it was. */
  on(): Promise<FirehoseStatus> {
    return this.serially(async () => {
      if (this.state === 'on') return this.status();
      this.brokerOn = await tracingOn(this.o.api, this.o.vhost);
      if (!this.brokerOn) {
        if (!await setTracing(this.o.api, this.o.vhost, true)) {
          throw new RemoteError('not-found', `this broker has no firehose: it did not switch tracing on for vhost '${this.o.vhost}'`);
        }
        this.ours = true;
        this.brokerOn = true;
      }
      try {
        await this.read();
      } catch (err) {
        const e = err instanceof RemoteError ? err : new RemoteError('protocol', String(err));
        await this.stop().catch((offErr: Error) => {
          throw new RemoteError(e.kind, `${e.message}; switching tracing off again failed too: ${offErr.message}`);
        });
        throw e;
      }
      this.state = 'on';
      return this.status();
    });
  }

  /** Stop reading and switch tracing off if we switched it on. Idempotent. */
  off(): Promise<FirehoseStatus> {
    return this.serially(async () => {
      await this.stop();
      return this.status();
    });
  }

  listTraces(limit: number, search?: string): TraceSummary[] { return this.traces.list(limit, search); }
  getTrace(id: number): Trace | null { return this.traces.get(id); }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The AMQP side: an exclusive server-named queue bound to the trace exchange, consumed without acks. */
  private async read(): Promise<void> {
    const conn = await connectAmqp({ ...this.o.amqp, vhost: this.o.vhost, name: `Warren window: firehose of vhost '${this.o.vhost}'` });
    this.conn = conn;
    try {
      const ch = await conn.channel();
      const q = await ch.queueDeclare('', { exclusive: true, durable: false, autoDelete: true }, { 'x-max-length': TRACE_QUEUE_MAX, 'x-overflow': 'drop-head' });
      try {
        await ch.queueBind(q.name, TRACE_EXCHANGE, '#');
      } catch (err) {
        if (/NOT_FOUND/.test(String((err as Error).message))) {
          throw new RemoteError('not-found', `this broker has no firehose: vhost '${this.o.vhost}' has no exchange ${TRACE_EXCHANGE} (RabbitMQ has one in every vhost)`);
        }
        throw err;
      }
      const consumer = await ch.basicConsume(q.name, { noAck: true, exclusive: true }, (m) => this.onMessage(m));
      // the broker ending the consumer (basic.cancel: its node went down in a cluster; the queue is
      // exclusive, so the API cannot delete it) ends the firehose too
      consumer.wait().then(() => this.lost(conn, 'the broker ended the firehose\'s consumer'), (e: Error) => this.lost(conn, e.message));
    } catch (err) {
      throw err instanceof RemoteError ? err : new RemoteError('protocol', `reading the firehose of vhost '${this.o.vhost}' failed: ${(err as Error).message}`);
    }
    conn.ondisconnect = (err) => this.lost(conn, `the AMQP connection was lost${err ? ` (${err.message})` : ''}`);
    this.timer = setInterval(() => this.tick(), this.limits.tickMs);
    this.timer.unref?.();
  }

  /** The AMQP side ended without us: stop, switch tracing off if ours, and say so. */
  private lost(conn: AmqpConnection, why: string): void {
    if (this.conn !== conn) return; // we closed it
    this.conn = null;
    void this.off().then(
      () => this.o.onStopped?.(`the firehose stopped: ${why}; tracing is ${this.brokerOn ? 'still on (it was on before Warren)' : 'off again'}`),
      (e: Error) => this.o.onStopped?.(`the firehose stopped: ${why}, and switching tracing off failed: ${e.message}`),
    );
  }

  /** Close the AMQP side, then switch tracing off if it is ours (the AMQP side failing does not stop that). */
  private async stop(): Promise<void> {
    this.state = 'off';
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.tick();
    const conn = this.conn;
    this.conn = null;
    if (conn && !conn.closed) await conn.close().catch(() => undefined);
    if (this.ours) {
      // throws: still ours, and the next off() tries again
      this.brokerOn = await setTracing(this.o.api, this.o.vhost, false);
      this.ours = this.brokerOn;
    }
  }

  /** Hot path: one trace message -> an id, a flow event if the tick has room, a trace step. */
  private onMessage(m: AMQPMessage): void {
    const op = readTraceMessage(m.routingKey, m.properties.headers, m.body as Uint8Array | null);
    if (!op) return;
    const t = this.now();
    const id = this.idFor(op);
    const hops = op.kind === 'publish' && op.queues.length > 0 ? this.hopsOf(op) : [];
    const event = flowEvent(op, id, hops);
    if (this.batcher.room(sizeOf(event))) this.batcher.push(event);
    this.record(op, id, t, hops);
  }

  /** A publish takes a new id (remembered by its correlation key); a delivery takes its publish's. */
  private idFor(op: TracedOp): number {
    if (op.kind === 'deliver') {
      const known = this.ids.get(op.key);
      if (known !== undefined) return known;
    }
    const id = this.nextId++;
    this.ids.delete(op.key);
    this.ids.set(op.key, id);
    if (this.ids.size > CORRELATED) this.ids.delete(this.ids.keys().next().value!);
    return id;
  }

  private hopsOf(op: Extract<TracedOp, { kind: 'publish' }>): RouteHop[] {
    return this.o.hops?.(op.exchange, op.routingKeys[0] ?? '', op.queues) ?? op.queues.map((q): RouteHop => [op.exchange, q, 'queue']);
  }

  private record(op: TracedOp, id: number, t: number, hops: RouteHop[]): void {
    const rk = op.routingKeys[0] ?? '';
    const conn = op.conn ?? '';
    if (op.kind === 'deliver') {
      this.traces.add(id, t, op.exchange, rk, { kind: 'delivered', queue: op.queue, connectionId: conn, consumerTag: null, deliveryTag: 0, redelivered: op.redelivered });
      return;
    }
    this.traces.add(id, t, op.exchange, rk, { kind: 'published', exchange: op.exchange, routingKey: rk, connectionId: op.conn, size: op.size, ...(op.conn ? { connectionName: op.conn } : {}) });
    this.traces.add(id, t, op.exchange, rk, op.queues.length > 0
      ? { kind: 'routed', exchange: op.exchange, queues: op.queues, hops: hops.map(([source, destination, destinationType]) => ({ source, destination, destinationType, routingKey: rk })) }
      // the firehose does not say whether the publish was mandatory (returned) or not (dropped)
      : { kind: 'unroutable', exchange: op.exchange, routingKey: rk, outcome: 'dropped' });
  }

  private tick(): void {
    const batch = this.batcher.take(this.now());
    if (batch) this.o.onBatch(batch);
  }
}

/**
 * The flow event of a trace message. The firehose names only the queues a publish reached, not the
 * exchange-to-exchange hops on the way: `hops` come from the target's bindings when it can say,
 * else straight from the exchange to each queue. `conn` is the connection's name as the management
 * API lists it ("host:port -> host:port").
 */
export function flowEvent(op: TracedOp, id: number, hops: RouteHop[]): FlowEvent {
  if (op.kind === 'deliver') return { k: 'deliver', id, queue: op.queue, conn: op.conn ?? '', redelivered: op.redelivered };
  if (op.queues.length === 0) return { k: 'unroutable', id, conn: op.conn, exchange: op.exchange, outcome: 'dropped' };
  return { k: 'route', id, conn: op.conn, exchange: op.exchange, hops };
}

/** about its JSON size, for the batch's byte cap */
function sizeOf(e: FlowEvent): number {
  switch (e.k) {
    case 'route': return 64 + e.exchange.length + (e.conn?.length ?? 0) + e.hops.reduce((n, h) => n + h[0].length + h[1].length + 16, 0);
    case 'unroutable': return 86 + e.exchange.length + (e.conn?.length ?? 0);
    case 'deliver': return 80 + e.queue.length + e.conn.length;
    default: return 100;
  }
}
