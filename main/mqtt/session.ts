// An MQTT session on the core, as RabbitMQ's MQTT plugin builds it: its subscriptions are
// bindings from the vhost's MQTT exchange to two queues, mqtt-subscription-<client id>qos0 (QoS 0
// subscriptions, consumed without acks) and ...qos1 (QoS 1 and 2, acked by PUBACK or PUBREC). A
// persistent session's queues are durable and outlive the connection (x-expires: mqtt.subscription_ttl
// or MQTT 5's session expiry), so its subscriptions and QoS 1/2 messages are there when the client
// comes back, even after a restart; a clean session's are auto-deleted with it.
//
// QoS 2 is exactly once both ways (RabbitMQ 3.10 downgrades it to 1): an inbound packet id is
// remembered from PUBLISH to PUBREL, so a resent PUBLISH is not routed twice; an outbound message
// leaves its queue at PUBREC, and its id waits for PUBCOMP (PUBREL is resent on reconnect). Both
// sets live in the session's Qos2State, which outlives the connection of a persistent session
// (and, saved when the broker stops, a restart). Past 400 lines: subscribing, delivering and
// settling share the session's packet ids and consumers.
import type { IPublishPacket, ISubscribePacket, IUnsubscribePacket, Packet } from 'mqtt-packet';
import type { FieldTable } from '../../shared/model/amqp-values';
import type { ChannelInfo } from '../../shared/model/topology';
import type { SessionAccess } from '../broker/access/session-access';
import type { Client, HeldMessage } from '../broker/client';
import { DeliveryTracker } from '../broker/delivery/delivery-tracker';
import { traceDelivered } from '../broker/delivery/trace';
import { BrokerError } from '../broker/errors';
import type { EventBus } from '../broker/events';
import type { Message } from '../broker/message';
import type { Queue } from '../broker/queues/queue';
import type { QueueEntry } from '../broker/queues/queue-entry';
import type { VHost } from '../broker/vhost';
import { MQTT_LOCATION, MqttConsumer, type ConsumerHost } from './consumer';
import { publishPacket } from './deliver';
import { publishedFlag, publishedQos, RETAIN_HEADER } from './publish';
import type { RetainedMessage } from './retained';
import { bindingArgs, fromBinding, queueQos, SubscriptionTable, type Subscription } from './subscriptions';
import { checkTopicFilter, TopicError, toRoutingKey, toTopic } from '../../shared/model/mqtt-topics';

export interface SessionHost {
  readonly client: Client;
  readonly vhost: VHost;
  readonly access: SessionAccess;
  readonly events: EventBus;
  /** 3, 4 or 5 */
  readonly protocolVersion: number;
  send(packet: Packet): void;
  writable(): boolean;
}

export interface SessionOptions {
  clientId: string;
  /** the session outlives the connection (3.1.1: clean session false; MQTT 5: session expiry > 0) */
  persistent: boolean;
  /** a previous session is discarded first (3.1.1: clean session; MQTT 5: clean start) */
  discard: boolean;
  exchange: string;
  /** most QoS 1/2 deliveries awaiting their PUBACK/PUBREC (mqtt.prefetch, MQTT 5 receive maximum) */
  inflight: number;
  /** x-expires of a persistent session's queues, ms; 0: none */
  ttl: number;
  /** the client's maximum packet size (MQTT 5); larger deliveries are dropped, as the spec says */
  maxPacketSize: number;
}

/** What of a persistent session must outlive its connection besides its queues: its QoS 2
 *  exchanges, and its shared subscriptions (their queues belong to the group, not the session). */
export interface Qos2State {
  /** inbound packet ids routed, awaiting PUBREL */
  inbound: Set<number>;
  /** outbound packet ids PUBREC'd, awaiting PUBCOMP */
  released: Set<number>;
  /** $share/group/filter -> granted QoS */
  shared: Map<string, number>;
}

/** The group and filter of a shared subscription's $share/group/filter, or null for another filter. */
export function sharedFilter(topic: string): { group: string; filter: string } | null {
  if (!topic.startsWith('$share/')) return null;
  const rest = topic.slice('$share/'.length);
  const slash = rest.indexOf('/');
  const group = slash < 0 ? rest : rest.slice(0, slash);
  if (slash <= 0 || /[+#]/.test(group) || slash === rest.length - 1) throw new TopicError(`'${topic}' is not $share/<group>/<filter>`);
  return { group, filter: rest.slice(slash + 1) };
}

/** The outbound packet id of a delivery that holds no queue entry (a retained message). */
const NOT_HELD = 0;

export class Session implements ConsumerHost {
  private readonly subscriptions = new SubscriptionTable();
  /** consumers on the QoS 0 and QoS 1 queues, once there is something to consume */
  private readonly consumers: Array<MqttConsumer | null> = [null, null];
  /** consumers on shared subscriptions' queues, by $share/group/filter */
  private readonly shared = new Map<string, MqttConsumer>();
  private readonly tracker: DeliveryTracker;
  /** PUBLISH packet id -> the delivery tag its entry is held under, until PUBACK or PUBREC */
  private readonly outbound = new Map<number, number>();
  /** the QoS of each outbound delivery awaiting its answer */
  private readonly outboundQos = new Map<number, number>();
  private lastPacketId = 0;
  private closed = false;
  /** this session's own publishes, kept only while a no-local subscription needs them */
  private own: WeakSet<Message> | null = null;

  constructor(private readonly host: SessionHost, private readonly options: SessionOptions, readonly qos2: Qos2State) {
    this.tracker = new DeliveryTracker(host.events, host.client);
    this.tracker.credit.setLimit(options.inflight);
  }

  get client(): Client { return this.host.client; }
  private get vhost(): VHost { return this.host.vhost; }

  /** The queues' names as RabbitMQ gives them. */
  queueName(qos: 0 | 1): string { return `mqtt-subscription-${this.options.clientId}qos${qos}`; }

  /** Start the session: a clean one drops what a previous session left; otherwise its
   *  subscriptions come back from the bindings. True if a previous session was present
   *  (CONNACK's session present). Deliveries start with kick(), after CONNACK. */
  open(): boolean {
    const found = [0, 1].map((qos) => this.vhost.queue(this.queueName(qos as 0 | 1)));
    if (this.options.discard) {
      for (const q of found) if (q) this.vhost.deleteQueue(q.name, false, false, null);
      return false;
    }
    found.forEach((q, qos) => {
      if (!q) return;
      for (const b of q.bindings) if (b.source.name === this.options.exchange) this.remember(fromBinding(b, qos as 0 | 1));
      this.consume(q, qos as 0 | 1);
    });
    const kept = [...this.qos2.shared];
    for (const [filter, qos] of kept) {
      try {
        this.bindShared({ filter, qos: qos as 0 | 1 | 2, identifier: 0, noLocal: false, retainAsPublished: false }, sharedFilter(filter)!);
      } catch (err) {
        if (!(err instanceof BrokerError)) throw err;
        this.qos2.shared.delete(filter); // no longer permitted: the subscription ends
      }
    }
    return found[1] !== undefined || found[0] !== undefined || kept.length > 0;
  }

  /** After CONNACK: PUBRELs still owed from the last connection, then the queues deliver. */
  resume(): void {
    for (const id of this.qos2.released) this.host.send({ cmd: 'pubrel', messageId: id });
    this.kick();
  }

  // ---- subscribing --------------------------------------------------------------------------

  /** SUBSCRIBE: for each filter, in order, the granted QoS (or a failure code) and whether the
   *  subscription is new (MQTT 5's retain handling 1 sends retained messages only then). */
  subscribe(packet: ISubscribePacket): Array<{ code: number; isNew: boolean }> {
    const identifier = packet.properties?.subscriptionIdentifier ?? 0;
    return packet.subscriptions.map((s) => {
      try {
        checkTopicFilter(s.topic);
        const share = sharedFilter(s.topic);
        if (share) {
          const isNew = !this.shared.has(s.topic);
          this.bindShared({ filter: s.topic, qos: s.qos, identifier, noLocal: false, retainAsPublished: false }, share);
          return { code: s.qos, isNew };
        }
        if (s.nl && this.host.protocolVersion === 5) this.own ??= new WeakSet();
        const sub: Subscription = { filter: s.topic, qos: s.qos, identifier, noLocal: Boolean(s.nl), retainAsPublished: Boolean(s.rap) };
        const isNew = this.subscriptions.get(s.topic) === undefined;
        this.bind(sub);
        return { code: s.qos, isNew };
      } catch (err) {
        if (err instanceof TopicError) return { code: 0x8f, isNew: false };
        if (err instanceof BrokerError) return { code: err.replyCode === 403 ? 0x87 : 0x80, isNew: false };
        throw err;
      }
    });
  }

  /** UNSUBSCRIBE: the bindings go (the queues stay for the session's other subscriptions);
   *  for each filter 0 or MQTT 5's 0x11 "no subscription existed". */
  unsubscribe(packet: IUnsubscribePacket): number[] {
    return packet.unsubscriptions.map((filter) => {
      const shared = this.shared.get(filter);
      if (shared) {
        this.shared.delete(filter);
        this.qos2.shared.delete(filter);
        this.stopConsuming(shared);
        return 0;
      }
      const sub = this.subscriptions.get(filter);
      if (!sub) return 0x11;
      this.unbind(sub);
      this.subscriptions.delete(filter);
      return 0;
    });
  }

  private unbind(sub: Subscription): void {
    this.vhost.unbindQueue(this.queueName(queueQos(sub.qos)), this.options.exchange, toRoutingKey(sub.filter), bindingArgs(sub), null);
  }

  /** Bind a subscription to the queue of its QoS, with RabbitMQ's permission checks (configure on
   *  the queue to declare it, write on the queue and read on the exchange to bind, the topic
   *  permission for the binding key, read on the queue to consume). */
  private bind(sub: Subscription): void {
    const qq = queueQos(sub.qos);
    const persistent = this.options.persistent;
    const args: FieldTable = persistent && this.options.ttl > 0 ? [['x-expires', { type: 'l', value: BigInt(this.options.ttl) }]] : [];
    const queue = this.permittedQueue(this.queueName(qq), persistent, args, toRoutingKey(sub.filter));
    const before = this.subscriptions.get(sub.filter);
    if (before) this.unbind(before);
    this.vhost.bindQueue(queue.name, this.options.exchange, toRoutingKey(sub.filter), bindingArgs(sub), null);
    this.remember(sub);
    this.consume(queue, qq);
  }

  /** A shared subscription ($share/group/filter, MQTT 5 §4.8.2): one queue per group and filter,
   *  which every member session consumes from, so each message goes to one of them. The queue
   *  goes when its last member leaves. */
  private bindShared(sub: Subscription, share: { group: string; filter: string }): void {
    checkTopicFilter(share.filter);
    const key = toRoutingKey(share.filter);
    const queue = this.permittedQueue(`mqtt-shared-${share.group}-${key}`, false, [], key);
    this.vhost.bindQueue(queue.name, this.options.exchange, key, [], null);
    const before = this.shared.get(sub.filter);
    if (before) this.stopConsuming(before);
    const consumer = new MqttConsumer(this, queue, `mqtt-${this.options.clientId}-${sub.filter}`, sub.qos === 0, sub);
    this.shared.set(sub.filter, consumer);
    if (this.options.persistent) this.qos2.shared.set(sub.filter, sub.qos);
    this.startConsuming(consumer);
  }

  /** The queue `name`, declared if missing, after RabbitMQ's permission checks: configure on the
   *  queue to declare it, write on the queue and read on the exchange to bind, the topic
   *  permission for the binding key, read on the queue to consume. */
  private permittedQueue(name: string, durable: boolean, args: FieldTable, key: string): Queue {
    const { access } = this.host;
    const exchange = this.options.exchange;
    let queue = this.vhost.queue(name);
    if (!queue) {
      access.configure('queue', name);
      queue = this.vhost.declareQueue({ name, passive: false, durable, exclusive: false, autoDelete: !durable, args }, null);
    }
    access.write('queue', name);
    access.read('exchange', exchange);
    access.topic('read', exchange, key);
    access.read('queue', name);
    return queue;
  }

  private remember(sub: Subscription): void {
    this.subscriptions.set(sub);
    if (sub.noLocal) this.own ??= new WeakSet();
  }

  private consume(queue: Queue, qos: 0 | 1): void {
    if (this.consumers[qos]?.queue === queue) return;
    const consumer = new MqttConsumer(this, queue, `mqtt-${this.options.clientId}-qos${qos}`, qos === 0, null);
    this.consumers[qos] = consumer;
    this.startConsuming(consumer);
  }

  private startConsuming(consumer: MqttConsumer): void {
    const queue = consumer.queue;
    if (this.host.events.active) {
      this.host.events.emit({
        type: 'consumer.added',
        consumer: { vhost: queue.vhost, queue: queue.name, tag: consumer.tag, connectionId: this.client.info.id, location: MQTT_LOCATION, noAck: consumer.noAck, exclusive: false, prefetch: this.tracker.credit.limit },
      });
    }
    queue.addConsumer(consumer);
  }

  private stopConsuming(c: MqttConsumer): void {
    c.queue.removeConsumer(c);
    this.emitConsumerRemoved(c);
  }

  // ---- publishing ---------------------------------------------------------------------------

  /** A message this session published (for no-local). */
  published(m: Message): void { this.own?.add(m); }

  // ---- delivering ---------------------------------------------------------------------------

  canDeliver(): boolean { return !this.closed && this.host.writable(); }
  canHold(): boolean { return this.tracker.credit.available; }

  deliver(consumer: MqttConsumer, entry: QueueEntry): void {
    const m = entry.message;
    const qq = consumer.noAck ? 0 : 1;
    let granted: number = qq;
    let retain = false;
    let identifiers: number[] = [];
    const subs = consumer.shared ? [consumer.shared] : this.subscriptions.matching(toTopic(m.routingKey), qq);
    if (subs !== null) {
      const own = this.own?.has(m) ?? false;
      const wanted = own ? subs.filter((s) => !s.noLocal) : subs;
      if (wanted.length === 0) { this.drop(consumer, entry); return; }
      granted = Math.max(...wanted.map((s) => s.qos));
      retain = wanted.some((s) => s.retainAsPublished) && publishedFlag(m, RETAIN_HEADER);
      identifiers = wanted.flatMap((s) => (s.identifier > 0 ? [s.identifier] : []));
    }
    const qos = Math.min(publishedQos(m, 1), granted) as 0 | 1 | 2;
    const packet = publishPacket(entry, { qos, retain, version: this.host.protocolVersion, identifiers });
    if (packet.payload.length + packet.topic.length + 64 > this.options.maxPacketSize) { this.drop(consumer, entry); return; }
    if (qos > 0) {
      packet.messageId = this.nextPacketId();
      this.outbound.set(packet.messageId, this.tracker.hold(entry));
      this.outboundQos.set(packet.messageId, qos);
    } else if (!consumer.noAck) {
      entry.queue.ack(entry); // a QoS 0 publish reached the QoS 1 queue: nothing to wait for
    }
    this.host.send(packet);
    traceDelivered(this.host.events, this.client.info.id, entry, entry.queue, consumer.tag, packet.messageId ?? 0);
  }

  /** A delivery the client must not get (no-local, too large): settled without sending. */
  private drop(consumer: MqttConsumer, entry: QueueEntry): void {
    if (!consumer.noAck) entry.queue.ack(entry);
  }

  /** A retained message for a new subscription, at the lower of its QoS and the granted one. It
   *  comes from no queue: its PUBACK or PUBREC settles nothing (NOT_HELD). */
  sendRetained(m: RetainedMessage, granted: number): void {
    const qos = Math.min(m.qos, granted) as 0 | 1 | 2;
    const packet: IPublishPacket = { cmd: 'publish', topic: m.topic, payload: m.payload, qos, dup: false, retain: true };
    if (this.host.protocolVersion === 5 && m.properties) packet.properties = m.properties;
    if (qos > 0) {
      packet.messageId = this.nextPacketId();
      this.outbound.set(packet.messageId, NOT_HELD);
      this.outboundQos.set(packet.messageId, qos);
    }
    this.host.send(packet);
  }

  private nextPacketId(): number {
    do this.lastPacketId = this.lastPacketId === 0xffff ? 1 : this.lastPacketId + 1;
    while (this.outbound.has(this.lastPacketId) || this.qos2.released.has(this.lastPacketId));
    return this.lastPacketId;
  }

  /** PUBACK (QoS 1) or PUBREC (QoS 2) for a delivery: its entry is acknowledged; an unknown id
   *  is ignored (a late duplicate). Freed room lets the queues deliver again. True if it was a
   *  QoS 2 delivery (the caller sends PUBREL). */
  acknowledged(packetId: number): boolean {
    const tag = this.outbound.get(packetId);
    const qos = this.outboundQos.get(packetId);
    if (tag === undefined) return this.qos2.released.has(packetId);
    this.outbound.delete(packetId);
    this.outboundQos.delete(packetId);
    if (qos === 2) this.qos2.released.add(packetId);
    if (tag !== NOT_HELD) this.tracker.settle(this.tracker.take(tag, false), 'ack', 'ack');
    this.kick();
    return qos === 2;
  }

  /** PUBCOMP: the QoS 2 delivery is complete. */
  completed(packetId: number): void { this.qos2.released.delete(packetId); }

  /** The socket drained or room was freed: the queues may deliver again. */
  kick(): void {
    for (const c of this.consumers) c?.queue.dispatch();
    for (const c of this.shared.values()) c.queue.dispatch();
  }

  cancelledByBroker(consumer: MqttConsumer): void {
    if (consumer.shared) {
      this.shared.delete(consumer.shared.filter);
      this.emitConsumerRemoved(consumer);
      return;
    }
    const qq = consumer.noAck ? 0 : 1;
    if (this.consumers[qq] === consumer) this.consumers[qq] = null;
    this.subscriptions.dropQueue(qq);
    this.emitConsumerRemoved(consumer);
  }

  private emitConsumerRemoved(c: MqttConsumer): void {
    if (this.host.events.active) this.host.events.emit({ type: 'consumer.removed', vhost: c.queue.vhost, queue: c.queue.name, tag: c.tag, connectionId: this.client.info.id });
  }

  /** The connection ended: consumers leave (a clean session's queues go with them) and unacked
   *  messages return to their queue, to be sent again (DUP) in the next session. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of [...this.consumers, ...this.shared.values()]) if (c) this.stopConsuming(c);
    this.shared.clear();
    this.outbound.clear();
    this.outboundQos.clear();
    this.tracker.requeueAll();
  }

  /** The session ends for good (MQTT 5 session expiry 0 at DISCONNECT): its queues go. */
  discard(): void {
    for (const qos of [0, 1] as const) this.vhost.deleteQueue(this.queueName(qos), false, false, null);
  }

  // ---- views --------------------------------------------------------------------------------

  subscriptionList(): Array<{ filter: string; qos: number; queue: string }> {
    return [
      ...[...this.subscriptions.values()].map((s) => ({ filter: s.filter, qos: s.qos, queue: this.queueName(queueQos(s.qos)) })),
      ...[...this.shared.values()].map((c) => ({ filter: c.shared!.filter, qos: c.shared!.qos, queue: c.queue.name })),
    ];
  }

  unacked(): HeldMessage[] {
    return [...this.tracker.entries()].map(([tag, entry]) => ({ entry, location: MQTT_LOCATION, deliveryTag: tag, consumerTag: entry.consumer?.tag ?? null }));
  }

  /** The session as one channel, as RabbitMQ's management API shows an MQTT connection's consumers. */
  channelInfo(connectionId: string): ChannelInfo {
    const limit = this.tracker.credit.limit;
    return {
      connectionId, channel: 1, prefetch: limit, globalPrefetch: 0, unacked: this.tracker.size, confirm: false, transactional: false,
      consumers: [...this.consumers, ...this.shared.values()].flatMap((c) => (c ? [{ tag: c.tag, queue: c.queue.name, noAck: c.noAck, exclusive: false, unacked: c.noAck ? 0 : this.tracker.size, prefetch: limit, arguments: {} }] : [])),
    };
  }
}
