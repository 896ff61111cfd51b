// Deliveries on the wire: basic.deliver and basic.get-ok with their content, and the properties
// as the consumer sees them. The tags come from the channel's
// DeliveryTracker; this module only writes.
import type { Message } from '../../broker/message';
import type { Queue } from '../../broker/queues/queue';
import type { QueueEntry } from '../../broker/queues/queue-entry';
import { encodeProperties } from '../codec/properties';
import type { FrameWriter } from '../codec/frame-writer';
import { CLASS_IDS } from '../spec';

/** basic.deliver for a consumer. Consumers of a quorum queue see x-delivery-count from the first
 *  redelivery on. */
export function writeDeliver(writer: FrameWriter, channel: number, consumerTag: string, tag: number, entry: QueueEntry, queue: Queue): void {
  const m = entry.message;
  const raw = queue.isQuorum && entry.deliveries > 1 ? withDeliveryCount(m, entry.deliveries - 1) : rawPropertiesOf(m);
  writer.deliver(channel, consumerTag, tag, entry.redelivered, m.exchange, m.routingKey, raw, m.body, m.bodySize);
}

/** basic.get-ok and the content. RabbitMQ's quorum queues put x-delivery-count on every
 *  basic.get, 0 the first time. */
export function writeGetOk(writer: FrameWriter, channel: number, tag: number, entry: QueueEntry, messageCount: number): void {
  const m = entry.message;
  writer.method(channel, 'basic.get-ok', { deliveryTag: tag, redelivered: entry.redelivered, exchange: m.exchange, routingKey: m.routingKey, messageCount });
  const raw = entry.queue.isQuorum ? withDeliveryCount(m, entry.deliveries - 1) : rawPropertiesOf(m);
  writer.content(channel, CLASS_IDS.basic, m.bodySize, raw, m.body);
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
