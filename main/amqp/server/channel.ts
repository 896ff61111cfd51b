// An AMQP channel: its state machine and the modes and parts it owns. Method handlers live in
// ./methods/*, one file per class, and change a channel only through its methods here; content
// assembly, confirms, direct reply-to and the wire form of deliveries are modules of their own,
// and the unsettled deliveries are the core's DeliveryTracker.
//
//   state:   open ──channel.close──▶ (close-ok sent, removed)
//              └──error──▶ closing ──close-ok──▶ (removed)      frames other than close/close-ok
//                                                               are dropped while closing
import type { Client } from '../../broker/client';
import type { PublisherGate } from '../../broker/delivery/publisher-gate';
import { DeliveryTracker, type SettleMethod, type SettleOutcome } from '../../broker/delivery/delivery-tracker';
import { ChannelError, ConnectionError, Reply } from '../../broker/errors';
import type { EventBus } from '../../broker/events';
import type { Exchange } from '../../broker/exchanges/exchange';
import { tableToJson } from '../../broker/field-values';
import { Message } from '../../broker/message';
import { MessageStats } from '../../broker/message-stats';
import type { Queue } from '../../broker/queues/queue';
import type { QueueEntry } from '../../broker/queues/queue-entry';
import type { VHost } from '../../broker/vhost';
import type { SessionAccess } from '../../broker/access/session-access';
import { REPLY_TO } from '../../broker/reply-to';
import type { ChannelInfo } from '../../../shared/model/topology';
import { decodeProperties } from '../codec/properties';
import type { FrameWriter } from '../codec/frame-writer';
import type { MethodArgs } from '../codec/types';
import { CLASS_IDS } from '../spec';
import { PublisherConfirms } from './confirms';
import { AmqpConsumer, type ConsumeOptions } from './consumer';
import { ContentAssembly } from './content';
import { rawPropertiesOf, writeDeliver, writeGetOk } from './deliveries';
import { traceDelivered } from '../../broker/delivery/trace';
import { DirectReplyTo } from './direct-reply-to';
import { parseExpiration } from './expiration';
import { Transaction } from './transaction';

/** What a channel needs from its connection. */
export interface ChannelHost {
  readonly writer: FrameWriter;
  readonly client: Client;
  readonly vhost: VHost;
  /** the user's permissions on that vhost, asked before each operation */
  readonly access: SessionAccess;
  readonly events: EventBus;
  readonly user: string;
  /** the client asked for server-sent basic.cancel (consumer_cancel_notify) */
  readonly cancelNotify: boolean;
  /** alarms and flow control hold the connection's reads here */
  readonly gate: PublisherGate;
  scheduleFlush(): void;
  /** false while the socket is backed up: deliveries wait */
  writable(): boolean;
  /** the largest body a publish may declare (RabbitMQ's max_message_size) */
  readonly maxMessageSize: number;
}

type ChannelState = 'open' | 'closing';

export class Channel {
  private lifecycle: ChannelState = 'open';
  private readonly content: ContentAssembly;
  /** consumers by tag */
  private readonly consumers = new Map<string, AmqpConsumer>();
  /** this channel's message counters (the management API's channel and connection message_stats) */
  readonly stats = new MessageStats();
  /** unacknowledged deliveries by tag; its credit is basic.qos global=true */
  readonly deliveries: DeliveryTracker;
  /** basic.qos global=false: prefetch for consumers created afterwards */
  private consumerPrefetch = 0;
  readonly confirms: PublisherConfirms;
  private tx: Transaction | null = null;
  private readonly replyTo: DirectReplyTo;
  /** the last queue declared on this channel: an empty queue name in later methods means it */
  private lastQueue: string | null = null;

  constructor(private readonly host: ChannelHost, readonly id: number) {
    this.content = new ContentAssembly(id);
    this.deliveries = new DeliveryTracker(host.events, host.client);
    this.confirms = new PublisherConfirms(this);
    this.replyTo = new DirectReplyTo(host.vhost.replyTargets, (tag, m) => this.deliverReply(tag, m));
  }

  get client(): Client { return this.host.client; }
  get vhost(): VHost { return this.host.vhost; }
  get access(): SessionAccess { return this.host.access; }
  get writer(): FrameWriter { return this.host.writer; }
  get persistence(): VHost['persistence'] { return this.host.vhost.persistence; }
  get state(): ChannelState { return this.lifecycle; }
  get isOpen(): boolean { return this.lifecycle === 'open'; }
  get hasConsumers(): boolean { return this.consumers.size > 0; }
  get expectingContent(): boolean { return this.content.expecting; }

  scheduleFlush(): void { this.host.scheduleFlush(); }

  send<N extends keyof MethodArgs>(name: N, args: MethodArgs[N]): void {
    this.host.writer.method(this.id, name, args);
    this.host.scheduleFlush();
  }

  // ---- queues named by the channel ----------------------------------------------------------

  /** queue.declare named `name`: later methods may refer to it with an empty name. */
  declared(name: string): void { this.lastQueue = name; }

  /** AMQP 0-9-1: an empty queue name refers to the channel's last declared queue. */
  queueName(name: string): string {
    if (name !== '') return name;
    if (this.lastQueue === null) throw new ChannelError(Reply.NOT_FOUND, 'no previously declared queue');
    return this.lastQueue;
  }

  // ---- publishing ---------------------------------------------------------------------------

  beginPublish(args: MethodArgs['basic.publish']): void {
    // immediate=true was removed from RabbitMQ 3.0: a hard NOT_IMPLEMENTED error.
    if (args.immediate) throw new ConnectionError(Reply.NOT_IMPLEMENTED, 'immediate=true');
    this.host.gate.notePublish();
    // basic.publish needs write on the exchange, asked before it is looked up (RabbitMQ), and on
    // a topic exchange the user's topic permission for the routing key.
    this.host.access.write('exchange', args.exchange);
    const exchange = this.vhost.publishTarget(args.exchange);
    if (exchange.type === 'topic') this.host.access.topic('write', exchange.name, args.routingKey);
    this.content.begin(exchange, args.routingKey, args.mandatory);
  }

  contentHeader(classId: number, bodySize: number, rawProperties: Buffer): void {
    // Refused at the header, before any of the body is held (RabbitMQ checks once it has it all).
    if (bodySize > this.host.maxMessageSize) throw tooLarge(bodySize, this.host.maxMessageSize);
    if (this.content.header(classId, bodySize, rawProperties)) this.completePublish();
  }

  contentBody(payload: Buffer): void {
    if (this.content.body(payload)) this.completePublish();
  }

  private completePublish(): void {
    const c = this.content;
    const exchange = c.exchange;
    const raw = c.rawProperties;
    const body = c.finish();
    const properties = decodeProperties(raw);
    if (properties.userId !== undefined && properties.userId !== this.host.user) {
      throw new ChannelError(Reply.PRECONDITION_FAILED, `user_id property set to '${properties.userId}' but authenticated user was '${this.host.user}'`);
    }
    const message = new Message(exchange.name, c.routingKey, properties, raw, body, c.bodySize, Date.now());
    // The expiration is checked here; each queue counts it from when the message arrives there.
    if (properties.expiration !== undefined) parseExpiration(properties.expiration);
    if (properties.replyTo === REPLY_TO) this.replyTo.useFor(message);
    if (this.tx) this.tx.publish(exchange, message, c.mandatory);
    else this.route(exchange, message, c.mandatory);
  }

  /** Route a complete message; mandatory + no route -> basic.return 312 NO_ROUTE, then the confirm.
   *  Returns whether the message went to the durable store (so tx.commit-ok must wait for it). */
  private route(exchange: Exchange, message: Message, mandatory: boolean): boolean {
    const result = this.vhost.publish(exchange, message, mandatory, this.client, this.id);
    const stats = this.stats;
    stats.publish++;
    if (result.overloaded) this.host.gate.throttle(result.overloaded);
    if (result.routed === 0 && !result.rejected) {
      if (mandatory) { stats.returnUnroutable++; this.returnMessage(message, Reply.NO_ROUTE, 'NO_ROUTE'); } else stats.dropUnroutable++;
    }
    if (this.confirms.enabled) {
      stats.confirm++;
      this.vhost.stats.confirm++;
      this.confirms.published(result.rejected, result.stored);
    }
    return result.stored;
  }

  private returnMessage(m: Message, code: number, text: string): void {
    this.writer.method(this.id, 'basic.return', { replyCode: code, replyText: text, exchange: m.exchange, routingKey: m.routingKey });
    this.writer.content(this.id, CLASS_IDS.basic, m.bodySize, rawPropertiesOf(m), m.body);
    this.host.scheduleFlush();
  }

  // ---- modes: confirm.select and tx ---------------------------------------------------------

  /** confirm.select; a channel is in confirm mode or transactional, never both. */
  selectConfirms(): void {
    if (this.tx) throw new ChannelError(Reply.PRECONDITION_FAILED, 'cannot switch from tx to confirm mode');
    this.confirms.enable();
  }

  selectTx(): void {
    if (this.confirms.enabled) throw new ChannelError(Reply.PRECONDITION_FAILED, 'cannot switch from confirm to tx mode');
    this.tx ??= new Transaction();
  }

  /** tx.commit: route the held publishes and apply the held settles; commit-ok once a
   *  committed transaction is on disk. */
  commit(): void {
    const { publishes, settles } = this.transaction().take();
    let stored = false;
    for (const p of publishes) if (this.route(p.exchange, p.message, p.mandatory)) stored = true;
    for (const s of settles) this.settleNow(s.deliveryTag, s.multiple, s.outcome, s.method);
    const store = this.persistence;
    if (stored && store) store.whenSynced(() => { if (this.isOpen) this.send('tx.commit-ok', {}); });
    else this.send('tx.commit-ok', {});
  }

  /** tx.rollback: held publishes are dropped; rolled-back acks leave their messages unacknowledged. */
  rollback(): void {
    this.transaction().take();
  }

  private transaction(): Transaction {
    if (!this.tx) throw new ChannelError(Reply.PRECONDITION_FAILED, 'channel is not transactional');
    return this.tx;
  }

  // ---- consumers ----------------------------------------------------------------------------

  /** basic.qos: global=true limits the channel, global=false consumers created afterwards. */
  setPrefetch(count: number, global: boolean): void {
    if (global) this.deliveries.credit.setLimit(count);
    else this.consumerPrefetch = count;
    this.kickConsumers();
  }

  /** basic.consume on a queue; `confirm` sends consume-ok before the first delivery. */
  consume(queue: Queue, tag: string, opts: ConsumeOptions, confirm: () => void): void {
    const { noAck, exclusive } = opts;
    if (this.consumers.has(tag)) throw new ConnectionError(Reply.NOT_ALLOWED, `attempt to reuse consumer tag '${tag}'`);
    // An exclusive consumer only joins an empty queue and keeps others out, so it is always the
    // only one: looking at the first is enough (a walk over all would make n consumers cost n²).
    if (queue.consumers[0]?.exclusive || (exclusive && queue.consumerCount > 0)) {
      throw new ChannelError(Reply.ACCESS_REFUSED, `queue '${queue.name}' in vhost '${queue.vhost}' in exclusive use`);
    }
    const consumer = new AmqpConsumer(this, queue, tag, opts, this.consumerPrefetch);
    this.consumers.set(tag, consumer);
    confirm();
    if (this.host.events.active) {
      this.host.events.emit({
        type: 'consumer.added',
        consumer: { vhost: queue.vhost, queue: queue.name, tag, connectionId: this.client.info.id, location: consumer.location, noAck, exclusive, prefetch: consumer.credit.limit },
      });
    }
    queue.addConsumer(consumer);
  }

  consumeReplyTo(tag: string, noAck: boolean): void { this.replyTo.consume(tag, noAck); }

  /** basic.cancel (an unknown tag is fine: RabbitMQ answers cancel-ok anyway). */
  cancel(tag: string): void {
    if (this.replyTo.tag === tag) this.replyTo.cancel();
    const c = this.consumers.get(tag);
    if (!c) return;
    this.consumers.delete(tag);
    c.queue.removeConsumer(c);
    this.emitConsumerRemoved(c);
  }

  consumerCancelledByBroker(consumer: AmqpConsumer, _queue: Queue): void {
    this.consumers.delete(consumer.tag);
    if (this.isOpen && this.host.cancelNotify) this.send('basic.cancel', { consumerTag: consumer.tag, nowait: true });
    this.emitConsumerRemoved(consumer);
  }

  private emitConsumerRemoved(c: AmqpConsumer): void {
    if (this.host.events.active) {
      this.host.events.emit({ type: 'consumer.removed', vhost: c.queue.vhost, queue: c.queue.name, tag: c.tag, connectionId: this.client.info.id });
    }
  }

  /** Let every queue this channel consumes from try delivering again. */
  kickConsumers(): void {
    for (const c of this.consumers.values()) c.queue.dispatch();
  }

  // ---- delivery -----------------------------------------------------------------------------

  canDeliver(): boolean {
    return this.lifecycle === 'open' && this.host.writable();
  }

  canDeliverAcked(): boolean {
    return this.canDeliver() && this.deliveries.credit.available;
  }

  deliver(consumer: AmqpConsumer, entry: QueueEntry, queue: Queue): void {
    const tag = consumer.noAck ? this.deliveries.untracked() : this.deliveries.hold(entry);
    writeDeliver(this.writer, this.id, consumer.tag, tag, entry, queue);
    this.host.scheduleFlush();
    traceDelivered(this.host.events, this.client.info.id, entry, queue, consumer.tag, tag);
  }

  /** basic.get: get-ok (the entry is unacked here unless noAck) or get-empty. */
  get(queue: Queue, noAck: boolean): void {
    queue.touch();
    const entry = queue.get(noAck, this.vhost.tracing ? { client: this.client, channel: this.id } : null);
    if (!entry) { this.stats.getEmpty++; this.send('basic.get-empty', {}); return; }
    const tag = noAck ? this.deliveries.untracked() : this.deliveries.hold(entry);
    if (noAck) this.stats.getNoAck++; else this.stats.get++;
    writeGetOk(this.writer, this.id, tag, entry, queue.messageCount);
    this.host.scheduleFlush();
    traceDelivered(this.host.events, this.client.info.id, entry, entry.queue, null, tag);
  }

  private deliverReply(consumerTag: string, m: Message): boolean {
    if (!this.isOpen) return false;
    this.writer.deliver(this.id, consumerTag, this.deliveries.untracked(), false, m.exchange, m.routingKey, rawPropertiesOf(m), m.body, m.bodySize);
    this.host.scheduleFlush();
    return true;
  }

  // ---- settling -----------------------------------------------------------------------------

  /** basic.ack/nack/reject: now, or (in a transaction) checked now and applied at tx.commit. */
  settle(tag: number, multiple: boolean, outcome: SettleOutcome, method: SettleMethod): void {
    if (this.tx) {
      this.deliveries.check(tag, multiple);
      this.tx.settle({ deliveryTag: tag, multiple, outcome, method });
    } else {
      this.settleNow(tag, multiple, outcome, method);
    }
  }

  /** basic.recover(requeue=true): everything unacked goes back through its queue. */
  recover(): void {
    this.settleNow(0, true, 'requeue', 'reject');
  }

  private settleNow(tag: number, multiple: boolean, outcome: SettleOutcome, method: SettleMethod): void {
    const taken = this.deliveries.take(tag, multiple);
    if (outcome === 'ack') this.stats.ack += taken.length;
    this.deliveries.settle(taken, outcome, method);
    // Freed prefetch credit: the consumers' queues may deliver again.
    this.kickConsumers();
  }

  // ---- the connections view -----------------------------------------------------------------

  info(connectionId: string): ChannelInfo {
    return {
      connectionId, channel: this.id, prefetch: this.consumerPrefetch, globalPrefetch: this.deliveries.credit.limit,
      unacked: this.deliveries.size, confirm: this.confirms.enabled, unconfirmed: this.confirms.unconfirmed, transactional: this.tx !== null, stats: this.countDeliveries(),
      consumers: [...this.consumers.values()].map((c) => ({
        tag: c.tag, queue: c.queue.name, noAck: c.noAck, exclusive: c.exclusive, unacked: c.credit.used, prefetch: c.credit.limit, arguments: tableToJson(c.args),
      })),
    };
  }

  /** The channel's counters with its deliveries filled in from the delivery tags handed out (a tag
   *  per delivery or get; held ones were acked-mode), so basic.deliver itself counts nothing. */
  private countDeliveries(): MessageStats {
    const s = this.stats;
    const t = this.deliveries;
    s.deliver = t.heldTotal - s.get;
    s.deliverNoAck = t.latestTag - t.heldTotal - s.getNoAck;
    s.redeliver = t.redelivered;
    return s;
  }

  // ---- teardown -----------------------------------------------------------------------------

  /** The channel is gone or going (closed by either side, or its connection closed): from now on
   *  only close/close-ok matter; consumers leave their queues and unacked messages return to
   *  theirs with redelivered set. Idempotent. */
  release(): void {
    this.lifecycle = 'closing';
    this.replyTo.cancel();
    // grouped by queue: each queue drops all of this channel's consumers in one pass
    const byQueue = new Map<Queue, Set<AmqpConsumer>>();
    for (const c of this.consumers.values()) {
      const set = byQueue.get(c.queue);
      if (set) set.add(c); else byQueue.set(c.queue, new Set([c]));
    }
    for (const [q, gone] of byQueue) q.removeConsumers(gone);
    for (const c of this.consumers.values()) this.emitConsumerRemoved(c);
    this.consumers.clear();
    this.deliveries.requeueAll();
    this.tx = null;
    this.content.reset();
  }
}

function tooLarge(size: number, max: number): ChannelError {
  return new ChannelError(Reply.PRECONDITION_FAILED, `message size ${size} is larger than configured max size ${max}`);
}
