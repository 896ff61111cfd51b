// An AMQP channel: its state machine, the content it is assembling, the deliveries it holds
// unacknowledged, and its confirm/tx mode. Method handlers live in ./methods/*, one file per class.
//
//   state:   open ──channel.close──▶ (close-ok sent, removed)
//              └──error──▶ closing ──close-ok──▶ (removed)      frames other than close/close-ok
//                                                               are dropped while closing
//   content: idle ──basic.publish──▶ header ──header frame──▶ body ──last body frame──▶ idle
import type { Client } from '../../broker/client';
import { ChannelError, ConnectionError, Reply } from '../../broker/errors';
import type { EventBus } from '../../broker/events';
import type { Exchange } from '../../broker/exchanges/exchange';
import { Message } from '../../broker/message';
import type { Queue } from '../../broker/queues/queue';
import type { QueueEntry } from '../../broker/queues/queue-entry';
import type { VHost } from '../../broker/vhost';
import { REPLY_TO } from '../../broker/reply-to';
import { decodeProperties, EMPTY_PROPERTIES, encodeProperties } from '../codec/properties';
import type { FrameWriter } from '../codec/frame-writer';
import type { MethodArgs } from '../codec/types';
import type { AmqpConsumer } from './consumer';
import { Transaction } from './transaction';

/** What a channel needs from its connection. */
export interface ChannelHost {
  readonly writer: FrameWriter;
  readonly client: Client;
  readonly vhost: VHost;
  readonly events: EventBus;
  readonly user: string;
  /** the client asked for server-sent basic.cancel (consumer_cancel_notify) */
  readonly cancelNotify: boolean;
  scheduleFlush(): void;
  /** false while the socket is backed up: deliveries wait */
  writable(): boolean;
  channelClosed(channel: Channel): void;
  /** a publish began: resource alarms now apply to this connection */
  notePublish(): void;
  /** stop reading until `queue` has caught up with its consumers (flow control) */
  throttle(queue: Queue): void;
}

type ChannelState = 'open' | 'closing';
type ContentState = 'idle' | 'header' | 'body';

/** The message being assembled; one per channel, reused for every publish (the hot path). */
interface PendingPublish {
  exchange: Exchange | null;
  routingKey: string;
  mandatory: boolean;
  rawProperties: Buffer;
  bodySize: number;
  received: number;
  /** the body as received: one piece (the common case, no array), or all of them in order */
  first: Buffer | null;
  rest: Buffer[] | null;
}

const EMPTY_BODY = Buffer.alloc(0);

export class Channel {
  state: ChannelState = 'open';
  private content: ContentState = 'idle';
  private readonly publishing: PendingPublish = {
    exchange: null, routingKey: '', mandatory: false, rawProperties: EMPTY_PROPERTIES, bodySize: 0, received: 0, first: null, rest: null,
  };

  /** consumers by tag */
  readonly consumers = new Map<string, AmqpConsumer>();
  /** unacknowledged deliveries by delivery tag (Map keeps tag order for multiple acks) */
  readonly unacked = new Map<number, QueueEntry>();
  private deliveryTag = 0;

  /** basic.qos global=false: prefetch for consumers created afterwards */
  consumerPrefetch = 0;
  /** basic.qos global=true: limit shared by all consumers of this channel */
  channelPrefetch = 0;

  /** confirm.select: next publish sequence number (0 = not in confirm mode) */
  confirmSeq = 0;
  /** highest sequence number confirmed but not yet sent as a (multiple) basic.ack */
  private confirmPending = 0;
  tx: Transaction | null = null;
  /** the last queue declared on this channel: an empty queue name in later methods means it */
  lastQueue: string | null = null;

  constructor(readonly host: ChannelHost, readonly id: number) {}

  get client(): Client { return this.host.client; }
  get vhost(): VHost { return this.host.vhost; }
  get writer(): FrameWriter { return this.host.writer; }

  /** AMQP 0-9-1: an empty queue name refers to the channel's last declared queue. */
  queueName(name: string): string {
    if (name !== '') return name;
    if (this.lastQueue === null) throw new ChannelError(Reply.NOT_FOUND, 'no previously declared queue');
    return this.lastQueue;
  }

  // ---- output -------------------------------------------------------------------------------

  send<N extends keyof MethodArgs>(name: N, args: MethodArgs[N]): void {
    this.host.writer.method(this.id, name, args);
    this.host.scheduleFlush();
  }

  // ---- content assembly ---------------------------------------------------------------------

  get expectingContent(): boolean { return this.content !== 'idle'; }

  beginPublish(args: MethodArgs['basic.publish']): void {
    // immediate=true was removed from RabbitMQ 3.0: a hard NOT_IMPLEMENTED error.
    if (args.immediate) throw new ConnectionError(Reply.NOT_IMPLEMENTED, 'immediate=true');
    this.host.notePublish();
    const exchange = this.vhost.publishTarget(args.exchange);
    const p = this.publishing;
    p.exchange = exchange;
    p.routingKey = args.routingKey;
    p.mandatory = args.mandatory;
    p.received = 0;
    this.content = 'header';
  }

  contentHeader(classId: number, bodySize: number, rawProperties: Buffer): void {
    if (this.content !== 'header') throw new ConnectionError(Reply.UNEXPECTED_FRAME, `unexpected content header on channel ${this.id}`);
    if (classId !== 60) throw new ConnectionError(Reply.UNEXPECTED_FRAME, `content header for class ${classId}, expected 60`);
    const p = this.publishing;
    p.rawProperties = rawProperties;
    p.bodySize = bodySize;
    if (bodySize === 0) this.completePublish();
    else this.content = 'body';
  }

  contentBody(payload: Buffer): void {
    if (this.content !== 'body') throw new ConnectionError(Reply.UNEXPECTED_FRAME, `unexpected content body on channel ${this.id}`);
    const p = this.publishing;
    p.received += payload.length;
    if (p.received > p.bodySize) throw new ConnectionError(Reply.FRAME_ERROR, `content body exceeds the declared size ${p.bodySize}`);
    if (p.first === null) p.first = payload;
    else if (p.rest === null) p.rest = [p.first, payload];
    else p.rest.push(payload);
    if (p.received === p.bodySize) this.completePublish();
  }

  private completePublish(): void {
    const p = this.publishing;
    const exchange = p.exchange!;
    const body: Buffer | readonly Buffer[] = p.rest ?? p.first ?? EMPTY_BODY;
    this.endPublish();
    const properties = decodeProperties(p.rawProperties);
    if (properties.userId !== undefined && properties.userId !== this.host.user) {
      throw new ChannelError(Reply.PRECONDITION_FAILED, `user_id property set to '${properties.userId}' but authenticated user was '${this.host.user}'`);
    }
    const now = Date.now();
    const message = new Message(exchange.name, p.routingKey, properties, p.rawProperties, body, p.bodySize, now);
    // The expiration is checked here; each queue counts it from when the message arrives there.
    if (properties.expiration !== undefined) parseExpiration(properties.expiration);
    if (properties.replyTo === REPLY_TO) this.useReplyTo(message);
    if (this.tx) {
      this.tx.publish(exchange, message, p.mandatory);
      return;
    }
    this.route(exchange, message, p.mandatory);
  }

  /** Back to idle, letting go of the body pieces (the message holds them now). */
  private endPublish(): void {
    const p = this.publishing;
    p.exchange = null;
    p.first = null;
    p.rest = null;
    this.content = 'idle';
  }

  /** Route a complete message; mandatory + no route -> basic.return 312 NO_ROUTE, then the confirm. */
  /** Returns whether the message went to the durable store (so tx.commit-ok must wait for it). */
  route(exchange: Exchange, message: Message, mandatory: boolean): boolean {
    const result = this.vhost.publish(exchange, message, mandatory, this.client);
    const stored = result.stored;
    if (result.overloaded) this.host.throttle(result.overloaded);
    if (result.routed === 0 && mandatory && !result.rejected) this.returnMessage(message, Reply.NO_ROUTE, 'NO_ROUTE');
    if (this.confirmSeq > 0) {
      const seq = this.confirmSeq++;
      // A queue refusing the message (x-overflow reject-publish) makes the confirm a nack.
      if (result.rejected) this.nackConfirm(seq);
      // Persisted messages are confirmed once on disk; later confirms queue behind them so that
      // a multiple ack never covers a message still in flight to the disk.
      else if (stored || this.awaitingSync > 0) this.confirmAfterSync(seq);
      else this.confirm(seq);
    }
    return stored;
  }

  /** highest confirm sequence number waiting for the store's next sync (0: none) */
  private awaitingSync = 0;
  /** the sequence number the registered whenSynced callback will confirm */
  private syncTarget = 0;

  private confirmAfterSync(seq: number): void {
    this.awaitingSync = seq;
    if (this.syncTarget !== 0) return;
    this.syncTarget = seq;
    this.vhost.persistence!.whenSynced(this.onSynced);
  }

  private readonly onSynced = (): void => {
    const target = this.syncTarget;
    this.syncTarget = 0;
    if (this.state !== 'open') return;
    this.confirm(target);
    if (this.awaitingSync > target) {
      this.syncTarget = this.awaitingSync;
      this.vhost.persistence!.whenSynced(this.onSynced);
    } else {
      this.awaitingSync = 0;
    }
  };

  private returnMessage(m: Message, code: number, text: string): void {
    this.writer.method(this.id, 'basic.return', { replyCode: code, replyText: text, exchange: m.exchange, routingKey: m.routingKey });
    this.writer.content(this.id, 60, m.bodySize, rawPropertiesOf(m), m.body);
    this.host.scheduleFlush();
  }

  /** Publisher confirms for routed transient messages are immediate and in order, so they are
   *  coalesced into one basic.ack(multiple) per flush. */
  private confirm(seq: number): void {
    this.confirmPending = seq;
    this.host.scheduleFlush();
  }

  private nackConfirm(seq: number): void {
    this.flushConfirms();
    this.writer.method(this.id, 'basic.nack', { deliveryTag: seq, multiple: false, requeue: false });
    this.host.scheduleFlush();
  }

  /** Called by the connection just before it writes: emit the coalesced confirm. */
  flushConfirms(): void {
    if (this.confirmPending === 0) return;
    const tag = this.confirmPending;
    this.confirmPending = 0;
    this.writer.method(this.id, 'basic.ack', { deliveryTag: tag, multiple: true });
  }

  get hasPendingConfirms(): boolean { return this.confirmPending !== 0; }

  // ---- direct reply-to ----------------------------------------------------------------------

  /** The channel's amq.rabbitmq.reply-to consumer, if any. */
  replyConsumer: { tag: string; address: string } | null = null;

  /** basic.consume on amq.rabbitmq.reply-to: no queue, no-ack only (RabbitMQ's rules). */
  consumeReplyTo(tag: string, noAck: boolean): void {
    if (!noAck) throw new ChannelError(Reply.PRECONDITION_FAILED, 'reply consumer cannot acknowledge');
    if (this.replyConsumer) throw new ChannelError(Reply.PRECONDITION_FAILED, 'reply consumer already set');
    const address = this.vhost.replyTargets.register({ deliverReply: (m) => this.deliverReply(m) });
    this.replyConsumer = { tag, address };
  }

  cancelReplyTo(): void {
    if (!this.replyConsumer) return;
    this.vhost.replyTargets.unregister(this.replyConsumer.address);
    this.replyConsumer = null;
  }

  /** A request names amq.rabbitmq.reply-to: it must come from a channel consuming it, and the
   *  responder sees this channel's private address instead. */
  private useReplyTo(m: Message): void {
    if (!this.replyConsumer) throw new ChannelError(Reply.PRECONDITION_FAILED, 'fast reply consumer does not exist');
    m.setProperties({ ...m.properties, replyTo: this.replyConsumer.address });
  }

  private deliverReply(m: Message): boolean {
    if (this.state !== 'open' || !this.replyConsumer) return false;
    const tag = ++this.deliveryTag;
    this.writer.deliver(this.id, this.replyConsumer.tag, tag, false, m.exchange, m.routingKey, rawPropertiesOf(m), m.body, m.bodySize);
    this.host.scheduleFlush();
    return true;
  }

  // ---- delivery -----------------------------------------------------------------------------

  canDeliver(): boolean {
    return this.state === 'open' && this.host.writable();
  }

  canDeliverAcked(): boolean {
    return this.canDeliver() && (this.channelPrefetch === 0 || this.unacked.size < this.channelPrefetch);
  }

  deliver(consumer: AmqpConsumer, entry: QueueEntry, queue: Queue): void {
    const tag = ++this.deliveryTag;
    if (!consumer.noAck) {
      this.unacked.set(tag, entry);
      consumer.unacked++;
    }
    const m = entry.message;
    // Consumers of a quorum queue see x-delivery-count from the first redelivery on.
    const raw = queue.isQuorum && entry.deliveries > 1 ? withDeliveryCount(m, entry.deliveries - 1) : rawPropertiesOf(m);
    this.writer.deliver(this.id, consumer.tag, tag, entry.redelivered, m.exchange, m.routingKey, raw, m.body, m.bodySize);
    this.host.scheduleFlush();
    if (this.host.events.active && m.traced) {
      this.host.events.emit({
        type: 'message.delivered', vhost: queue.vhost, messageId: m.id, queue: queue.name, consumerTag: consumer.tag,
        connectionId: this.client.info.id, deliveryTag: tag, redelivered: entry.redelivered, weight: m.traced,
      });
    }
  }

  /** basic.get-ok: the entry is unacked on this channel unless noAck. */
  deliverGot(entry: QueueEntry, noAck: boolean, messageCount: number): void {
    const tag = ++this.deliveryTag;
    if (!noAck) this.unacked.set(tag, entry);
    const m = entry.message;
    this.writer.method(this.id, 'basic.get-ok', { deliveryTag: tag, redelivered: entry.redelivered, exchange: m.exchange, routingKey: m.routingKey, messageCount });
    // RabbitMQ's quorum queues put x-delivery-count on every basic.get, 0 the first time.
    const raw = entry.queue.isQuorum ? withDeliveryCount(m, entry.deliveries - 1) : rawPropertiesOf(m);
    this.writer.content(this.id, 60, m.bodySize, raw, m.body);
    this.host.scheduleFlush();
    if (this.host.events.active && m.traced) {
      this.host.events.emit({
        type: 'message.delivered', vhost: entry.queue.vhost, messageId: m.id, queue: entry.queue.name, consumerTag: null,
        connectionId: this.client.info.id, deliveryTag: tag, redelivered: entry.redelivered, weight: m.traced,
      });
    }
  }

  // ---- settling -----------------------------------------------------------------------------

  /** The entries an ack/nack/reject names: tag 0 with multiple means all (RabbitMQ). */
  takeUnacked(deliveryTag: number, multiple: boolean): QueueEntry[] {
    if (multiple) {
      const out: QueueEntry[] = [];
      for (const [tag, entry] of this.unacked) {
        if (deliveryTag !== 0 && tag > deliveryTag) break;
        out.push(entry);
        this.unacked.delete(tag);
      }
      if (out.length === 0 && deliveryTag !== 0 && deliveryTag > this.deliveryTag) throw unknownTag(deliveryTag);
      return out;
    }
    const entry = this.unacked.get(deliveryTag);
    if (!entry) throw unknownTag(deliveryTag);
    this.unacked.delete(deliveryTag);
    return [entry];
  }

  /** Validate an ack's tag without taking it (transactions apply it at commit). */
  checkUnacked(deliveryTag: number, multiple: boolean): void {
    if (multiple ? deliveryTag > this.deliveryTag : !this.unacked.has(deliveryTag)) throw unknownTag(deliveryTag);
  }

  /** Settle entries taken from `unacked`: ack, requeue, or reject for good. */
  settle(entries: QueueEntry[], outcome: 'ack' | 'requeue' | 'reject', method: 'ack' | 'reject' | 'nack'): void {
    const ev = this.host.events.active ? this.host.events : null;
    for (const e of entries) {
      const c = e.consumer as AmqpConsumer | null;
      if (c) c.unacked--;
      const q = e.queue;
      if (ev && e.message.traced) {
        const base = { vhost: q.vhost, messageId: e.message.id, queue: q.name, connectionId: this.client.info.id };
        if (outcome === 'ack') ev.emit({ type: 'message.acked', ...base });
        else ev.emit({ type: 'message.rejected', ...base, requeue: outcome === 'requeue', method: method === 'nack' ? 'nack' : 'reject' });
      }
      if (outcome === 'ack') q.ack(e);
      else if (outcome === 'reject') q.reject(e);
      else q.requeue([e]);
    }
    // Freed prefetch credit: the consumers' queues may deliver again.
    this.kickConsumers();
  }

  /** Let every queue this channel consumes from try delivering again. */
  kickConsumers(): void {
    for (const c of this.consumers.values()) c.queue.dispatch();
  }

  // ---- consumers ----------------------------------------------------------------------------

  nextDeliveryTag(): number { return this.deliveryTag; }

  consumerCancelledByBroker(consumer: AmqpConsumer, _queue: Queue): void {
    this.consumers.delete(consumer.tag);
    if (this.state === 'open' && this.host.cancelNotify) this.send('basic.cancel', { consumerTag: consumer.tag, nowait: true });
    this.emitConsumerRemoved(consumer);
  }

  emitConsumerRemoved(c: AmqpConsumer): void {
    if (this.host.events.active) {
      this.host.events.emit({ type: 'consumer.removed', vhost: c.queue.vhost, queue: c.queue.name, tag: c.tag, connectionId: this.client.info.id });
    }
  }

  // ---- teardown -----------------------------------------------------------------------------

  /** The channel is gone (closed by either side, or its connection closed): consumers leave their
   *  queues and unacked messages return to theirs with redelivered set. */
  release(): void {
    this.cancelReplyTo();
    for (const c of this.consumers.values()) {
      c.queue.removeConsumer(c);
      this.emitConsumerRemoved(c);
    }
    this.consumers.clear();
    const byQueue = new Map<Queue, QueueEntry[]>();
    for (const e of this.unacked.values()) {
      const list = byQueue.get(e.queue);
      if (list) list.push(e); else byQueue.set(e.queue, [e]);
    }
    this.unacked.clear();
    for (const [q, entries] of byQueue) q.requeue(entries);
    this.tx = null;
    this.endPublish();
  }
}

/** The expiration property: a non-negative integer number of milliseconds, as a string. Errors
 *  carry RabbitMQ's term (no_integer, {value_negative,N}, {leftover_string,"..."}) and words. */
function parseExpiration(s: string): number {
  const m = /^([+-]?\d+)(.*)$/s.exec(s);
  const fail = (term: string): never => {
    throw new ChannelError(Reply.PRECONDITION_FAILED, `invalid expiration '${s}': ${term} (expiration must be a whole, non-negative number of milliseconds)`);
  };
  if (!m) return fail('no_integer');
  if (m[2] !== '') return fail(`{leftover_string,${JSON.stringify(m[2])}}`);
  const n = Number(m[1]);
  if (n < 0) return fail(`{value_negative,${n}}`);
  return n;
}

function unknownTag(tag: number): ChannelError {
  return new ChannelError(Reply.PRECONDITION_FAILED, `unknown delivery tag ${tag}`);
}

/** Quorum queues tell consumers how often a message was delivered before (x-delivery-count). */
function withDeliveryCount(m: Message, count: number): Buffer {
  const headers = (m.properties.headers ?? []).filter(([k]) => k !== 'x-delivery-count');
  headers.push(['x-delivery-count', { type: 'l', value: BigInt(count) }]);
  return encodeProperties({ ...m.properties, headers });
}

/** The wire encoding of a message's properties: the received bytes unless the core changed them. */
export function rawPropertiesOf(m: Message): Buffer {
  if (m.rawProperties === null) m.rawProperties = encodeProperties(m.properties);
  return m.rawProperties;
}
