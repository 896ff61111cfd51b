// Fakes and builders for the broker core's unit tests (main/broker/**/*.test.ts): a client, a
// consumer that records what it is given and can be made not-ready, a vhost factory, and a manual
// clock. They use only the core's public surface, so when the core's Client or Consumer interface
// changes, this file is the one to adapt.
import { afterEach, beforeEach, vi } from 'vitest';
import type { BasicProperties, FieldTable, FieldValue } from '../../shared/model/amqp-values';
import type { ConnectionInfo, ProtocolView } from '../../shared/model/topology';
import { Broker } from '../broker/broker';
import type { Client, CloseReason, HeldMessage } from '../broker/client';
import { Credit } from '../broker/delivery/credit';
import type { BrokerError } from '../broker/errors';
import { EventBus } from '../broker/events';
import type { ExchangeType } from '../../shared/model/topology';
import { asNumber, asString, tableGet, tableToJson } from '../broker/field-values';
import { Message } from '../broker/message';
import type { Consumer } from '../broker/queues/consumer';
import type { Queue } from '../broker/queues/queue';
import type { QueueEntry } from '../broker/queues/queue-entry';
import { VHost, type PublishResult } from '../broker/vhost';

// ---- time ---------------------------------------------------------------------------------------

/** The instant every core test starts at (any fixed value: tests read time only through the clock). */
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/**
 * The core reads time as Date.now() and waits with setTimeout (queue TTL, x-expires). This fakes
 * both for each test in the calling file, starting at T0; `advance(ms)` moves time by hand and runs
 * the timers that fall due. No test sleeps.
 */
export function useManualClock(): { now(): number; advance(ms: number): void } {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'], now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return { now: () => Date.now(), advance: (ms) => { vi.advanceTimersByTime(ms); } };
}

// ---- clients and consumers ----------------------------------------------------------------------

let nextClient = 1;

export class FakeClient implements Client {
  readonly info: ConnectionInfo;
  /** close(reason) calls, in order */
  readonly closed: CloseReason[] = [];

  constructor(name = `fake-${nextClient++}`) {
    this.info = { id: name, protocol: 'fake', address: 'memory', user: 'guest', vhost: '/', clientProperties: {}, connectedAt: T0 };
  }

  close(reason: CloseReason): void { this.closed.push(reason); }
  unacked(): Iterable<HeldMessage> { return []; }
  details(): ProtocolView { return { protocol: 'amqp-0-9-1', channels: [] }; }
}

export interface FakeConsumerOptions {
  tag?: string;
  noAck?: boolean;
  priority?: number;
  /** unacked deliveries it takes at most (like basic.qos prefetch); 0 = no limit */
  prefetch?: number;
  client?: Client;
}

let nextTag = 1;

/** A consumer that records deliveries; `ready` can be switched off, and it settles what it holds. */
export class FakeConsumer implements Consumer {
  readonly tag: string;
  readonly noAck: boolean;
  readonly exclusive = false;
  readonly priority: number;
  readonly client: Client;
  readonly location = 'fake';
  readonly prefetch: number;
  /** the core's credit counter, kept at the prefetch; this fake counts what it holds itself */
  readonly credit: Credit;
  /** every entry delivered, in order */
  readonly deliveries: QueueEntry[] = [];
  /** delivered in ack mode and not yet settled */
  readonly held: QueueEntry[] = [];
  /** false: it refuses deliveries, as a channel under flow control or with a full prefetch */
  accepting = true;
  cancelledBy: Queue | null = null;
  /** the queue it consumes from (see consume) */
  queue: Queue | null = null;

  constructor(o: FakeConsumerOptions = {}) {
    this.tag = o.tag ?? `ctag-${nextTag++}`;
    this.noAck = o.noAck ?? false;
    this.priority = o.priority ?? 0;
    this.prefetch = o.prefetch ?? 0;
    this.credit = new Credit(this.prefetch);
    this.client = o.client ?? new FakeClient();
  }

  ready(): boolean {
    return this.accepting && (this.prefetch === 0 || this.held.length < this.prefetch);
  }

  deliver(entry: QueueEntry): void {
    this.deliveries.push(entry);
    if (!this.noAck) this.held.push(entry);
  }

  cancelledByBroker(queue: Queue): void { this.cancelledBy = queue; }

  /** basic.consume on `q` */
  consume(q: Queue): this {
    this.queue = q;
    q.addConsumer(this);
    return this;
  }

  /** basic.cancel */
  cancel(): void { this.queue!.removeConsumer(this); }

  /** It can take messages again (channel.flow on, the socket drained): the queue is told, as a channel tells it. */
  resume(): void {
    this.accepting = true;
    this.queue!.dispatch();
  }

  /** the bodies delivered so far, as strings */
  bodies(): string[] { return this.deliveries.map(bodyOf); }

  /** basic.ack of the oldest held entries; the freed prefetch lets the queue deliver again, as a channel does */
  ack(n = 1): void {
    for (const e of this.held.splice(0, n)) e.queue.ack(e);
    this.queue?.dispatch();
  }

  /** basic.reject requeue=false of the oldest held entry */
  reject(): void {
    const e = this.held.shift()!;
    e.queue.reject(e);
  }

  /** basic.nack requeue=true (or a closed channel) of every held entry */
  requeueAll(): void {
    const all = this.held.splice(0);
    if (all.length > 0) all[0].queue.requeue(all);
  }
}

// ---- field tables -------------------------------------------------------------------------------

export type Plain = string | number | boolean | null | FieldValue | string[];

const isFieldValue = (v: unknown): v is FieldValue => typeof v === 'object' && v !== null && !Array.isArray(v) && 'type' in v;

/** A field value as an AMQP client would send it: strings as longstr, integers as long, arrays of strings as arrays. */
export function field(v: Plain): FieldValue {
  if (isFieldValue(v)) return v;
  if (v === null) return { type: 'V', value: null };
  if (typeof v === 'string') return { type: 'S', value: Buffer.from(v) };
  if (typeof v === 'boolean') return { type: 't', value: v };
  if (Array.isArray(v)) return { type: 'A', value: v.map(field) };
  return Number.isInteger(v) ? { type: 'l', value: BigInt(v) } : { type: 'd', value: v };
}

/** A table written as a plain object (see field()). */
export type Fields = Record<string, Plain>;

/** A field table from a plain object, in key order. */
export function table(o: Fields = {}): FieldTable {
  return Object.entries(o).map(([k, v]) => [k, field(v)]);
}

/** A table's string or number entry, for assertions. */
export function read(t: FieldTable | undefined, key: string): string | number | undefined {
  const v = tableGet(t, key);
  return asString(v) ?? asNumber(v);
}

/** A table as plain JSON in its own key order (strings, numbers, arrays, nested tables). */
export const plain = (t: FieldTable | undefined): Record<string, unknown> => tableToJson(t);

// ---- a vhost and what clients do to it ----------------------------------------------------------

export function coreVhost(): VHost {
  return new VHost('/', new EventBus());
}

export function coreBroker(): Broker {
  return new Broker();
}

export interface QueueOpts {
  durable?: boolean;
  exclusive?: boolean;
  autoDelete?: boolean;
  passive?: boolean;
  owner?: Client | null;
}

export function declareQueue(v: VHost, name: string, args: Fields = {}, o: QueueOpts = {}): Queue {
  return v.declareQueue(
    { name, passive: o.passive ?? false, durable: o.durable ?? false, exclusive: o.exclusive ?? false, autoDelete: o.autoDelete ?? false, args: table(args) },
    o.owner ?? null,
  );
}

export interface ExchangeOpts {
  durable?: boolean;
  autoDelete?: boolean;
  internal?: boolean;
  passive?: boolean;
  args?: Fields;
}

export function declareExchange(v: VHost, name: string, type: ExchangeType | string, o: ExchangeOpts = {}): void {
  v.declareExchange({ name, type, passive: o.passive ?? false, durable: o.durable ?? false, autoDelete: o.autoDelete ?? false, internal: o.internal ?? false, args: table(o.args) });
}

export function bind(v: VHost, queue: string, exchange: string, key = '', args: Fields = {}): void {
  v.bindQueue(queue, exchange, key, table(args), null);
}

export interface PublishOpts extends Omit<BasicProperties, 'headers'> {
  headers?: Fields;
}

/** basic.publish of a string body; returns a copy of the result (the vhost reuses its own). */
export function publish(v: VHost, exchange: string, routingKey: string, body = 'm', o: PublishOpts = {}): PublishResult {
  const { headers, ...rest } = o;
  const props: BasicProperties = headers ? { ...rest, headers: table(headers) } : rest;
  const buf = Buffer.from(body);
  const m = new Message(exchange, routingKey, props, null, buf, buf.length, Date.now());
  return { ...v.publish(v.publishTarget(exchange), m, false, null) };
}

export const bodyOf = (e: QueueEntry): string => Buffer.from(e.message.body as Buffer).toString();

/** A fanout exchange 'dlx' with a queue 'dead' bound: whatever is dead-lettered to 'dlx' lands in 'dead'. */
export function deadLetterSink(v: VHost): Queue {
  declareExchange(v, 'dlx', 'fanout');
  const dead = declareQueue(v, 'dead');
  bind(v, 'dead', 'dlx');
  return dead;
}

/** Deliveries a queue counts as unacknowledged (held by consumers or basic.get in ack mode). */
export const unackedCount = (q: Queue): number => q.unacked;

/** basic.get no-ack until empty: the bodies a queue holds, in delivery order. */
export function drain(q: Queue): string[] {
  const out: string[] = [];
  for (let e = q.get(true); e; e = q.get(true)) out.push(bodyOf(e));
  return out;
}

/** basic.get no-ack until empty: the entries themselves, for their properties. */
export function drainEntries(q: Queue): QueueEntry[] {
  const out: QueueEntry[] = [];
  for (let e = q.get(true); e; e = q.get(true)) out.push(e);
  return out;
}

/** The error `fn` throws, to assert its reply code, scope and text. */
export function errorOf(fn: () => unknown): BrokerError {
  try {
    fn();
  } catch (e) {
    return e as BrokerError;
  }
  throw new Error('expected a broker error, but nothing was thrown');
}
