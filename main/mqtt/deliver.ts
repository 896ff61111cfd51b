// A core message as an MQTT PUBLISH: the routing key back as a topic, RabbitMQ's dup rule
// (x-mqtt-dup or redelivered), and for MQTT 5 the properties publish.ts mapped, read back from
// AMQP's (so an AMQP publisher's content type, reply_to, correlation_id and headers reach MQTT 5
// subscribers too), with the message expiry counted down by the time it waited.
import type { IPublishPacket } from 'mqtt-packet';
import type { FieldValue } from '../../shared/model/amqp-values';
import { bodyBuffer } from '../broker/message';
import type { QueueEntry } from '../broker/queues/queue-entry';
import { CORRELATION_HEADER, DUP_HEADER, FORMAT_HEADER, publishedFlag, QOS_HEADER, RETAIN_HEADER } from './publish';
import { toTopic } from '../../shared/model/mqtt-topics';

export interface DeliveryOptions {
  qos: 0 | 1 | 2;
  retain: boolean;
  version: number;
  /** MQTT 5 subscription identifiers of the subscriptions it matched */
  identifiers: number[];
}

const OWN_HEADERS = new Set([QOS_HEADER, DUP_HEADER, RETAIN_HEADER, FORMAT_HEADER, CORRELATION_HEADER]);

export function publishPacket(entry: QueueEntry, o: DeliveryOptions): IPublishPacket {
  const m = entry.message;
  const packet: IPublishPacket = {
    cmd: 'publish', topic: toTopic(m.routingKey), payload: bodyBuffer(m.body), qos: o.qos,
    dup: o.qos > 0 && (entry.redelivered || publishedFlag(m, DUP_HEADER)), retain: o.retain,
  };
  if (o.version === 5) packet.properties = mqtt5Properties(entry, o.identifiers);
  return packet;
}

function mqtt5Properties(entry: QueueEntry, identifiers: number[]): NonNullable<IPublishPacket['properties']> {
  const p = entry.message.properties;
  const out: NonNullable<IPublishPacket['properties']> = {};
  // what is left of its expiry in the vhost's time (the deadline is real time: see broker/vhost-clock.ts)
  if (entry.expiresAt > 0) out.messageExpiryInterval = Math.max(0, Math.ceil((entry.expiresAt - Date.now()) * entry.queue.clockScale / 1000));
  if (p.contentType !== undefined) out.contentType = p.contentType;
  if (p.replyTo !== undefined) out.responseTopic = toTopic(p.replyTo);
  if (p.correlationId !== undefined) out.correlationData = Buffer.from(p.correlationId);
  if (identifiers.length > 0) out.subscriptionIdentifier = identifiers.length === 1 ? identifiers[0] : identifiers;
  const user: Record<string, string[]> = {};
  for (const [name, v] of p.headers ?? []) {
    if (name === FORMAT_HEADER && v.type === 't') out.payloadFormatIndicator = v.value;
    else if (name === CORRELATION_HEADER && v.type === 'x') out.correlationData = v.value;
    else if (!OWN_HEADERS.has(name)) (user[name] ??= []).push(text(v));
  }
  if (Object.keys(user).length > 0) out.userProperties = Object.fromEntries(Object.entries(user).map(([k, vs]) => [k, vs.length === 1 ? vs[0] : vs]));
  return out;
}

/** An AMQP header value as a user property's string. */
function text(v: FieldValue): string {
  if (v.type === 'S' || v.type === 'x') return v.value.toString('utf8');
  if (typeof v.value === 'bigint' || typeof v.value === 'number' || typeof v.value === 'boolean') return String(v.value);
  return JSON.stringify(v.value, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}
