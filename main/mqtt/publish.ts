// An MQTT PUBLISH as a core message, as RabbitMQ's MQTT plugin maps it: through the vhost's MQTT
// exchange with the topic as routing key, headers x-mqtt-publish-qos and x-mqtt-dup, and
// delivery_mode 2 (persistent) for QoS 1 and 2. The payload Buffer is the body, never copied.
import type { IPublishPacket } from 'mqtt-packet';
import type { FieldTable } from '../../shared/model/amqp-values';
import type { BasicProperties } from '../../shared/model/properties';
import { Message } from '../broker/message';
import { toRoutingKey } from './topics';

export const QOS_HEADER = 'x-mqtt-publish-qos';
export const DUP_HEADER = 'x-mqtt-dup';

export function messageFromPublish(exchange: string, packet: IPublishPacket): Message {
  const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
  const headers: FieldTable = [
    [QOS_HEADER, { type: 'b', value: packet.qos }],
    [DUP_HEADER, { type: 't', value: packet.dup }],
  ];
  const properties: BasicProperties = { headers, deliveryMode: packet.qos > 0 ? 2 : 1 };
  return new Message(exchange, toRoutingKey(packet.topic), properties, null, payload, payload.length, Date.now());
}

/** The QoS a message was published with: its x-mqtt-publish-qos header, or `otherwise` for AMQP
 *  publishes (RabbitMQ delivers those at QoS 1 to QoS 1 subscriptions). */
export function publishedQos(m: Message, otherwise: number): number {
  const headers = m.properties.headers;
  if (headers) for (const [k, v] of headers) if (k === QOS_HEADER && typeof v.value === 'number') return v.value;
  return otherwise;
}

/** The x-mqtt-dup header of an MQTT publish (false for AMQP publishes). */
export function publishedDup(m: Message): boolean {
  const headers = m.properties.headers;
  if (headers) for (const [k, v] of headers) if (k === DUP_HEADER && v.type === 't') return v.value;
  return false;
}
