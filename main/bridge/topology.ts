// Snapshots of a vhost's topology for the UI, and the conversion of the UI's plain JSON
// arguments into AMQP field tables.
import type { PublisherLink, QueueDeclareRequest, TopologySnapshot } from '../../shared/ipc/contract';
import type { FieldTable, FieldValue } from '../../shared/model/amqp-values';
import type { ConsumerInfo, JsonTable, JsonValue } from '../../shared/model/topology';
import type { Broker } from '../broker/broker';
import { bindingInfo, exchangeInfo, queueInfo } from '../broker/snapshot';
import type { VHost } from '../broker/vhost';

export function snapshotOf(broker: Broker, vhost: VHost, publishers: PublisherLink[]): TopologySnapshot {
  const consumers: ConsumerInfo[] = [];
  for (const q of vhost.queues.values()) {
    for (const c of q.consumers) {
      consumers.push({
        vhost: vhost.name, queue: q.name, tag: c.tag, connectionId: c.client.info.id, location: c.location,
        noAck: c.noAck, exclusive: c.exclusive, prefetch: c.credit.limit,
      });
    }
  }
  return {
    vhost: vhost.name,
    vhosts: [...broker.vhosts.keys()],
    exchanges: [...vhost.exchanges.values()].map(exchangeInfo),
    queues: [...vhost.queues.values()].map(queueInfo),
    bindings: [...vhost.exchanges.values()].flatMap((x) => [...x.bindings.values()].map(bindingInfo)),
    connections: broker.connections().filter((c) => c.vhost === vhost.name),
    consumers,
    publishers,
  };
}

/** JSON from the UI -> a tagged field value: integers as signed 64-bit ('l'), as RabbitMQ's
 *  management API does; other numbers as doubles; strings as long strings. */
export function jsonToField(v: JsonValue): FieldValue {
  if (v === null) return { type: 'V', value: null };
  if (typeof v === 'boolean') return { type: 't', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'l', value: BigInt(v) } : { type: 'd', value: v };
  if (typeof v === 'string') return { type: 'S', value: Buffer.from(v) };
  if (Array.isArray(v)) return { type: 'A', value: v.map(jsonToField) };
  return { type: 'F', value: jsonToTable(v) };
}

export function jsonToTable(t: JsonTable): FieldTable {
  return Object.entries(t).map(([k, v]) => [k, jsonToField(v)]);
}

/** The queue form's fields -> x-arguments, in the order RabbitMQ's management UI lists them. */
export function queueArguments(r: QueueDeclareRequest): FieldTable {
  const args: JsonTable = {};
  if (r.messageTtl !== undefined) args['x-message-ttl'] = r.messageTtl;
  if (r.expires !== undefined) args['x-expires'] = r.expires;
  if (r.deadLetterExchange !== undefined) args['x-dead-letter-exchange'] = r.deadLetterExchange;
  if (r.deadLetterRoutingKey !== undefined) args['x-dead-letter-routing-key'] = r.deadLetterRoutingKey;
  if (r.maxLength !== undefined) args['x-max-length'] = r.maxLength;
  if (r.maxLengthBytes !== undefined) args['x-max-length-bytes'] = r.maxLengthBytes;
  if (r.overflow !== undefined) args['x-overflow'] = r.overflow;
  if (r.maxPriority !== undefined) args['x-max-priority'] = r.maxPriority;
  if (r.singleActiveConsumer !== undefined) args['x-single-active-consumer'] = r.singleActiveConsumer;
  if (r.queueType !== undefined) args['x-queue-type'] = r.queueType;
  if (r.deliveryLimit !== undefined) args['x-delivery-limit'] = r.deliveryLimit;
  return jsonToTable(args);
}
