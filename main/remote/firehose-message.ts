// What one message from amq.rabbitmq.trace says (RabbitMQ's rabbit_trace): its routing key is
// publish.<exchange> or deliver.<queue>; its headers carry exchange_name, routing_keys, properties
// (the traced message's, as a table), node, connection, channel, user, and routed_queues (publish:
// the queues it reached, [] when unroutable; 3.8-3.13 send it) or redelivered (deliver: 0 or 1).
// Its body is the traced message's body.
import type { Field } from '@cloudamqp/amqp-client';

export type TracedOp =
  | { kind: 'publish'; exchange: string; routingKeys: string[]; queues: string[]; conn: string | null; size: number; key: string }
  | { kind: 'deliver'; queue: string; exchange: string; routingKeys: string[]; conn: string | null; redelivered: boolean; size: number; key: string };

/** bytes of the body the correlation hash reads: enough to tell messages apart, cheap on big ones */
const HASHED_BYTES = 1024;

/** null: not a trace message (another routing key, or headers that are not RabbitMQ's) */
export function readTraceMessage(routingKey: string, headers: Record<string, Field> | undefined, body: Uint8Array | null): TracedOp | null {
  if (!headers) return null;
  const exchange = headers.exchange_name;
  if (typeof exchange !== 'string') return null;
  const routingKeys = strings(headers.routing_keys);
  const conn = typeof headers.connection === 'string' ? headers.connection : null;
  const size = body?.length ?? 0;
  const key = correlationKey(exchange, routingKeys, headers.properties, body);
  if (routingKey.startsWith('publish.')) {
    return { kind: 'publish', exchange, routingKeys, queues: strings(headers.routed_queues), conn, size, key };
  }
  if (routingKey.startsWith('deliver.')) {
    return { kind: 'deliver', queue: routingKey.slice('deliver.'.length), exchange, routingKeys, conn, redelivered: headers.redelivered === 1 || headers.redelivered === true, size, key };
  }
  return null;
}

const strings = (v: Field): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/**
 * What a publish and its deliveries have in common, so they can share an id: the message_id
 * property when the publisher set one, else the exchange, the first routing key, the body's size
 * and an FNV-1a hash of its first KiB. Two messages alike in all of these share an id (the newer
 * publish wins); nothing else in a trace message ties a delivery to its publish.
 */
export function correlationKey(exchange: string, routingKeys: string[], properties: Field, body: Uint8Array | null): string {
  const props = properties && typeof properties === 'object' && !Array.isArray(properties) ? properties as Record<string, Field> : null;
  const messageId = props?.message_id;
  if (typeof messageId === 'string' && messageId !== '') return `m\0${exchange}\0${messageId}`;
  let h = 0x811c9dc5;
  const n = body ? Math.min(body.length, HASHED_BYTES) : 0;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ body![i], 0x01000193);
  return `b\0${exchange}\0${routingKeys[0] ?? ''}\0${body?.length ?? 0}\0${(h >>> 0).toString(36)}`;
}
