// An MQTT session on the core, as RabbitMQ's MQTT plugin builds it: its subscriptions are
// bindings from the vhost's MQTT exchange to two queues, mqtt-subscription-<client id>qos0 (QoS 0
// subscriptions, consumed without acks) and ...qos1 (QoS 1 and 2, acked by PUBACK). A persistent
// session's queues are durable and outlive the connection (mqtt.subscription_ttl), so its
// subscriptions and QoS 1 messages are there when the client comes back, even after a restart;
// a clean session's are auto-deleted with it. The subscriptions are read back from the bindings.
import type { IPublishPacket, ISubscribePacket, IUnsubscribePacket, Packet } from 'mqtt-packet';
import type { ChannelInfo } from '../../shared/model/topology';
import type { SessionAccess } from '../broker/access/session-access';
import type { Client, HeldMessage } from '../broker/client';
import { DeliveryTracker } from '../broker/delivery/delivery-tracker';
import { BrokerError } from '../broker/errors';
import type { EventBus } from '../broker/events';
import { bodyBuffer } from '../broker/message';
import type { Queue } from '../broker/queues/queue';
import type { QueueEntry } from '../broker/queues/queue-entry';
import type { VHost } from '../broker/vhost';
import { MQTT_LOCATION, MqttConsumer, type ConsumerHost } from './consumer';
import { publishedDup, publishedQos } from './publish';
import type { RetainedMessage } from './retained';
import { checkTopicFilter, TopicError, toRoutingKey, toTopic } from './topics';

/** The outbound packet id of a delivery that holds no queue entry (a retained message). */
const NOT_HELD = 0;

export interface SessionHost {
  readonly client: Client;
  readonly vhost: VHost;
  readonly access: SessionAccess;
  readonly events: EventBus;
  send(packet: Packet): void;
  writable(): boolean;
}

export interface SessionOptions {
  clientId: string;
  /** clean session false (MQTT 5: session expiry > 0) */
  persistent: boolean;
  exchange: string;
  /** most QoS 1/2 deliveries awaiting their PUBACK */
  inflight: number;
  /** x-expires of a persistent session's queues, ms */
  ttl: number;
}

/** SUBACK's failure code (MQTT 3.1.1: 0x80; MQTT 5: 0x80 unspecified or 0x87 not authorised, 0x8F bad filter). */
export type SubscribeFailure = 0x80 | 0x87 | 0x8f;

export class Session implements ConsumerHost {
  /** granted QoS by filter */
  private readonly subscriptions = new Map<string, number>();
  /** consumers on the QoS 0 and QoS 1 queues, once there is something to consume */
  private readonly consumers: Array<MqttConsumer | null> = [null, null];
  private readonly tracker: DeliveryTracker;
  /** PUBLISH packet id -> the delivery tag its entry is held under */
  private readonly outbound = new Map<number, number>();
  private lastPacketId = 0;
  private closed = false;

  constructor(private readonly host: SessionHost, private readonly options: SessionOptions) {
    this.tracker = new DeliveryTracker(host.events, host.client);
    this.tracker.credit.setLimit(options.inflight);
  }

  get client(): Client { return this.host.client; }
  private get vhost(): VHost { return this.host.vhost; }

  /** The queues' names as RabbitMQ gives them. */
  queueName(qos: 0 | 1): string { return `mqtt-subscription-${this.options.clientId}qos${qos}`; }

  /** Start the session: a clean one drops what a previous session left; a persistent one takes
   *  its subscriptions back. True if a previous session was present (CONNACK's session present). */
  open(): boolean {
    const found = [0, 1].map((qos) => this.vhost.queue(this.queueName(qos as 0 | 1)));
    if (!this.options.persistent) {
      for (const q of found) if (q) this.vhost.deleteQueue(q.name, false, false, null);
      return false;
    }
    found.forEach((q, qos) => {
      if (!q) return;
      for (const b of q.bindings) if (b.source.name === this.options.exchange) this.subscriptions.set(toTopic(b.routingKey), qos);
      this.consume(q, qos as 0 | 1);
    });
    return found[1] !== undefined;
  }

  // ---- subscribing --------------------------------------------------------------------------

  /** SUBSCRIBE: the granted QoS or a failure code for each filter, in order. */
  subscribe(packet: ISubscribePacket): number[] {
    return packet.subscriptions.map((s) => {
      try {
        checkTopicFilter(s.topic);
        const qos: 0 | 1 = s.qos === 0 ? 0 : 1;
        this.bind(s.topic, qos);
        return qos;
      } catch (err) {
        if (err instanceof TopicError) return 0x8f;
        if (err instanceof BrokerError) return err.replyCode === 403 ? 0x87 : 0x80;
        throw err;
      }
    });
  }

  /** UNSUBSCRIBE: the bindings go; the queues stay for the session's other subscriptions. */
  unsubscribe(packet: IUnsubscribePacket): void {
    for (const filter of packet.unsubscriptions) {
      const qos = this.subscriptions.get(filter);
      if (qos === undefined) continue;
      this.vhost.unbindQueue(this.queueName(qos as 0 | 1), this.options.exchange, toRoutingKey(filter), [], null);
      this.subscriptions.delete(filter);
    }
  }

  /** Bind `filter` to the queue of its QoS, with RabbitMQ's permission checks (configure on the
   *  queue to declare it, write on the queue and read on the exchange to bind, the topic
   *  permission for the binding key, read on the queue to consume). */
  private bind(filter: string, qos: 0 | 1): void {
    const { access } = this.host;
    const exchange = this.options.exchange;
    const key = toRoutingKey(filter);
    const name = this.queueName(qos);
    let queue = this.vhost.queue(name);
    if (!queue) {
      access.configure('queue', name);
      const persistent = this.options.persistent;
      queue = this.vhost.declareQueue({
        name, passive: false, durable: persistent, exclusive: false, autoDelete: !persistent,
        args: persistent ? [['x-expires', { type: 'l', value: BigInt(this.options.ttl) }]] : [],
      }, null);
    }
    access.write('queue', name);
    access.read('exchange', exchange);
    access.topic('read', exchange, key);
    access.read('queue', name);
    const before = this.subscriptions.get(filter);
    if (before !== undefined && before !== qos) this.vhost.unbindQueue(this.queueName(before as 0 | 1), exchange, key, [], null);
    this.vhost.bindQueue(name, exchange, key, [], null);
    this.subscriptions.set(filter, qos);
    this.consume(queue, qos);
  }

  private consume(queue: Queue, qos: 0 | 1): void {
    if (this.consumers[qos]?.queue === queue) return;
    const consumer = new MqttConsumer(this, queue, `mqtt-${this.options.clientId}-qos${qos}`, qos === 0);
    this.consumers[qos] = consumer;
    if (this.host.events.active) {
      this.host.events.emit({
        type: 'consumer.added',
        consumer: { vhost: queue.vhost, queue: queue.name, tag: consumer.tag, connectionId: this.client.info.id, location: MQTT_LOCATION, noAck: consumer.noAck, exclusive: false, prefetch: this.tracker.credit.limit },
      });
    }
    queue.addConsumer(consumer);
  }

  // ---- delivering ---------------------------------------------------------------------------

  canDeliver(): boolean { return !this.closed && this.host.writable(); }
  canHold(): boolean { return this.tracker.credit.available; }

  deliver(consumer: MqttConsumer, entry: QueueEntry): void {
    const m = entry.message;
    const qos = consumer.noAck ? 0 : Math.min(publishedQos(m, 1), 1);
    const packet: IPublishPacket = {
      cmd: 'publish', topic: toTopic(m.routingKey), payload: bodyBuffer(m.body), qos: qos as 0 | 1,
      dup: qos > 0 && (entry.redelivered || publishedDup(m)), retain: false,
    };
    if (qos > 0) {
      packet.messageId = this.nextPacketId();
      this.outbound.set(packet.messageId, this.tracker.hold(entry));
    } else if (!consumer.noAck) {
      entry.queue.ack(entry); // a QoS 0 publish reached the QoS 1 queue: nothing to wait for
    }
    this.host.send(packet);
  }

  /** A retained message for a new subscription, at the lower of its QoS and the granted one. It
   *  comes from no queue: its PUBACK settles nothing (NOT_HELD). */
  sendRetained(m: RetainedMessage, granted: number): void {
    const qos = Math.min(m.qos, granted, 1) as 0 | 1;
    const packet: IPublishPacket = { cmd: 'publish', topic: m.topic, payload: m.payload, qos, dup: false, retain: true };
    if (qos > 0) {
      packet.messageId = this.nextPacketId();
      this.outbound.set(packet.messageId, NOT_HELD);
    }
    this.host.send(packet);
  }

  private nextPacketId(): number {
    do this.lastPacketId = this.lastPacketId === 0xffff ? 1 : this.lastPacketId + 1;
    while (this.outbound.has(this.lastPacketId));
    return this.lastPacketId;
  }

  /** PUBACK for a delivery: its entry is acknowledged; an unknown id is ignored (a late
   *  duplicate). Freed room lets the queues deliver again. */
  acknowledged(packetId: number): void {
    const tag = this.outbound.get(packetId);
    if (tag === undefined) return;
    this.outbound.delete(packetId);
    if (tag === NOT_HELD) return;
    this.tracker.settle(this.tracker.take(tag, false), 'ack', 'ack');
    this.kick();
  }

  /** The socket drained or room was freed: the queues may deliver again. */
  kick(): void {
    for (const c of this.consumers) c?.queue.dispatch();
  }

  cancelledByBroker(consumer: MqttConsumer): void {
    const qos = consumer.noAck ? 0 : 1;
    if (this.consumers[qos] === consumer) this.consumers[qos] = null;
    for (const [filter, q] of this.subscriptions) if (q === qos) this.subscriptions.delete(filter);
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
    for (const c of this.consumers) {
      if (!c) continue;
      c.queue.removeConsumer(c);
      this.emitConsumerRemoved(c);
    }
    this.outbound.clear();
    this.tracker.requeueAll();
  }

  // ---- views --------------------------------------------------------------------------------

  subscriptionList(): Array<{ filter: string; qos: number; queue: string }> {
    return [...this.subscriptions].map(([filter, qos]) => ({ filter, qos, queue: this.queueName(qos as 0 | 1) }));
  }

  unacked(): HeldMessage[] {
    return [...this.tracker.entries()].map(([tag, entry]) => ({ entry, location: MQTT_LOCATION, deliveryTag: tag, consumerTag: entry.consumer?.tag ?? null }));
  }

  /** The session as one channel, as RabbitMQ's management API shows an MQTT connection's consumers. */
  channelInfo(connectionId: string): ChannelInfo {
    const limit = this.tracker.credit.limit;
    return {
      connectionId, channel: 1, prefetch: limit, globalPrefetch: 0, unacked: this.tracker.size, confirm: false, transactional: false,
      consumers: this.consumers.flatMap((c) => (c ? [{ tag: c.tag, queue: c.queue.name, noAck: c.noAck, exclusive: false, unacked: c.noAck ? 0 : this.tracker.size, prefetch: limit, arguments: {} }] : [])),
    };
  }
}
