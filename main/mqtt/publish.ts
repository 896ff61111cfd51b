// An MQTT PUBLISH as a core message, as RabbitMQ's MQTT plugin maps it: through the vhost's MQTT
// exchange with the topic as routing key, headers x-mqtt-publish-qos and x-mqtt-dup, and
// delivery_mode 2 (persistent) for QoS 1 and 2. MQTT 5's properties become AMQP's where AMQP
// has them (RabbitMQ 3.13's mapping): message expiry the expiration (the message's TTL), content
// type, response topic as reply_to (an AMQP routing key, so an AMQP service answers through the
// exchange), correlation data as correlation_id, user properties as headers. The payload Buffer
// is the body, never copied.
import type { IPublishPacket } from 'mqtt-packet';
import type { FieldTable } from '../../shared/model/amqp-values';
import type { BasicProperties } from '../../shared/model/properties';
import { Message } from '../broker/message';
import type { RetainedStore } from './retained';
import { toRoutingKey } from '../../shared/model/mqtt-topics';

export const QOS_HEADER = 'x-mqtt-publish-qos';
export const DUP_HEADER = 'x-mqtt-dup';
/** set on retained publishes (retain-as-published subscriptions forward the flag) */
export const RETAIN_HEADER = 'x-mqtt-retain';
export const FORMAT_HEADER = 'x-mqtt-payload-format-indicator';
/** correlation data that is not a short UTF-8 string travels as bytes in this header */
export const CORRELATION_HEADER = 'x-correlation-id';

export function messageFromPublish(exchange: string, packet: IPublishPacket): Message {
  const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
  const headers: FieldTable = [
    [QOS_HEADER, { type: 'b', value: packet.qos }],
    [DUP_HEADER, { type: 't', value: packet.dup }],
  ];
  if (packet.retain) headers.push([RETAIN_HEADER, { type: 't', value: true }]);
  const properties: BasicProperties = { headers, deliveryMode: packet.qos > 0 ? 2 : 1 };
  const p = packet.properties;
  if (p) addMqtt5Properties(properties, headers, p);
  return new Message(exchange, toRoutingKey(packet.topic), properties, null, payload, payload.length, Date.now());
}

/** Keep a routed PUBLISH with the retain flag as its topic's retained message (an empty payload
 *  clears it): what the connection does after routing, and the window's MQTT publish too. */
export function retainPublished(store: RetainedStore, vhost: string, packet: IPublishPacket): void {
  if (!packet.retain) return;
  // a copy: kept for long, it must not pin the whole socket read it was parsed from
  const payload = Buffer.from(packet.payload);
  store.retain(vhost, { topic: packet.topic, payload, qos: packet.qos, ...(packet.properties ? { properties: packet.properties } : {}) });
}

function addMqtt5Properties(out: BasicProperties, headers: FieldTable, p: NonNullable<IPublishPacket['properties']>): void {
  if (p.messageExpiryInterval !== undefined) out.expiration = String(p.messageExpiryInterval * 1000);
  if (p.contentType !== undefined) out.contentType = p.contentType;
  if (p.responseTopic !== undefined) out.replyTo = toRoutingKey(p.responseTopic);
  if (p.correlationData !== undefined) {
    const text = p.correlationData.toString('utf8');
    if (p.correlationData.length <= 255 && Buffer.from(text).equals(p.correlationData)) out.correlationId = text;
    else headers.push([CORRELATION_HEADER, { type: 'x', value: p.correlationData }]);
  }
  if (p.payloadFormatIndicator !== undefined) headers.push([FORMAT_HEADER, { type: 't', value: p.payloadFormatIndicator }]);
  for (const [name, value] of Object.entries(p.userProperties ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) headers.push([name, { type: 'S', value: Buffer.from(v) }]);
  }
}

function header(m: Message, name: string): FieldTable[number][1] | undefined {
  const headers = m.properties.headers;
  if (headers) for (const h of headers) if (h[0] === name) return h[1];
  return undefined;
}

/** The QoS a message was published with: its x-mqtt-publish-qos header, or `otherwise` for AMQP
 *  publishes (RabbitMQ delivers those at QoS 1 to QoS 1 subscriptions). */
export function publishedQos(m: Message, otherwise: number): number {
  const v = header(m, QOS_HEADER);
  return v && typeof v.value === 'number' ? v.value : otherwise;
}

/** A boolean header of an MQTT publish (x-mqtt-dup, x-mqtt-retain); false for AMQP publishes. */
export function publishedFlag(m: Message, name: typeof DUP_HEADER | typeof RETAIN_HEADER): boolean {
  const v = header(m, name);
  return v?.type === 't' && v.value;
}

export { header as messageHeader };
