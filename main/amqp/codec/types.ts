// The codec's public types: what the frame parser yields and what the encoders take.
// The server layer codes against these; the codec modules implement them.

import type { BasicProperties, FieldTable, FieldValue } from '../../../shared/model/amqp-values';

export type { BasicProperties, FieldTable, FieldValue };

/** Every method's arguments, keyed by "class.method"; field names camelCased from the spec;
 *  reserved fields (ticket, out-of-band, capabilities, insist, known-hosts, channel-id, cluster-id of get-empty) omitted. */
export interface MethodArgs {
  'connection.start': { versionMajor: number; versionMinor: number; serverProperties: FieldTable; mechanisms: Buffer; locales: Buffer };
  'connection.start-ok': { clientProperties: FieldTable; mechanism: string; response: Buffer; locale: string };
  'connection.secure': { challenge: Buffer };
  'connection.secure-ok': { response: Buffer };
  'connection.tune': { channelMax: number; frameMax: number; heartbeat: number };
  'connection.tune-ok': { channelMax: number; frameMax: number; heartbeat: number };
  'connection.open': { virtualHost: string };
  'connection.open-ok': Record<string, never>;
  'connection.close': { replyCode: number; replyText: string; classId: number; methodId: number };
  'connection.close-ok': Record<string, never>;
  'connection.blocked': { reason: string };
  'connection.unblocked': Record<string, never>;
  'connection.update-secret': { newSecret: Buffer; reason: string };
  'connection.update-secret-ok': Record<string, never>;
  'channel.open': Record<string, never>;
  'channel.open-ok': Record<string, never>;
  'channel.flow': { active: boolean };
  'channel.flow-ok': { active: boolean };
  'channel.close': { replyCode: number; replyText: string; classId: number; methodId: number };
  'channel.close-ok': Record<string, never>;
  'access.request': { realm: string; exclusive: boolean; passive: boolean; active: boolean; write: boolean; read: boolean };
  'access.request-ok': Record<string, never>;
  'exchange.declare': { exchange: string; type: string; passive: boolean; durable: boolean; autoDelete: boolean; internal: boolean; nowait: boolean; arguments: FieldTable };
  'exchange.declare-ok': Record<string, never>;
  'exchange.delete': { exchange: string; ifUnused: boolean; nowait: boolean };
  'exchange.delete-ok': Record<string, never>;
  'exchange.bind': { destination: string; source: string; routingKey: string; nowait: boolean; arguments: FieldTable };
  'exchange.bind-ok': Record<string, never>;
  'exchange.unbind': { destination: string; source: string; routingKey: string; nowait: boolean; arguments: FieldTable };
  'exchange.unbind-ok': Record<string, never>;
  'queue.declare': { queue: string; passive: boolean; durable: boolean; exclusive: boolean; autoDelete: boolean; nowait: boolean; arguments: FieldTable };
  'queue.declare-ok': { queue: string; messageCount: number; consumerCount: number };
  'queue.bind': { queue: string; exchange: string; routingKey: string; nowait: boolean; arguments: FieldTable };
  'queue.bind-ok': Record<string, never>;
  'queue.purge': { queue: string; nowait: boolean };
  'queue.purge-ok': { messageCount: number };
  'queue.delete': { queue: string; ifUnused: boolean; ifEmpty: boolean; nowait: boolean };
  'queue.delete-ok': { messageCount: number };
  'queue.unbind': { queue: string; exchange: string; routingKey: string; arguments: FieldTable };
  'queue.unbind-ok': Record<string, never>;
  'basic.qos': { prefetchSize: number; prefetchCount: number; global: boolean };
  'basic.qos-ok': Record<string, never>;
  'basic.consume': { queue: string; consumerTag: string; noLocal: boolean; noAck: boolean; exclusive: boolean; nowait: boolean; arguments: FieldTable };
  'basic.consume-ok': { consumerTag: string };
  'basic.cancel': { consumerTag: string; nowait: boolean };
  'basic.cancel-ok': { consumerTag: string };
  'basic.publish': { exchange: string; routingKey: string; mandatory: boolean; immediate: boolean };
  'basic.return': { replyCode: number; replyText: string; exchange: string; routingKey: string };
  'basic.deliver': { consumerTag: string; deliveryTag: number; redelivered: boolean; exchange: string; routingKey: string };
  'basic.get': { queue: string; noAck: boolean };
  'basic.get-ok': { deliveryTag: number; redelivered: boolean; exchange: string; routingKey: string; messageCount: number };
  'basic.get-empty': Record<string, never>;
  'basic.ack': { deliveryTag: number; multiple: boolean };
  'basic.reject': { deliveryTag: number; requeue: boolean };
  'basic.recover-async': { requeue: boolean };
  'basic.recover': { requeue: boolean };
  'basic.recover-ok': Record<string, never>;
  'basic.nack': { deliveryTag: number; multiple: boolean; requeue: boolean };
  'tx.select': Record<string, never>;
  'tx.select-ok': Record<string, never>;
  'tx.commit': Record<string, never>;
  'tx.commit-ok': Record<string, never>;
  'tx.rollback': Record<string, never>;
  'tx.rollback-ok': Record<string, never>;
  'confirm.select': { nowait: boolean };
  'confirm.select-ok': Record<string, never>;
}

export type MethodName = keyof MethodArgs;

/** A decoded method. `name` discriminates `args`. Delivery tags are JS numbers (2^53 is ample). */
export type Method = { [N in MethodName]: { name: N; classId: number; methodId: number; args: MethodArgs[N] } }[MethodName];

export type Frame =
  | { type: 'method'; channel: number; method: Method }
  /** A content header. `rawProperties` is the property-flags word and property list exactly as received
   *  (a view into the receive buffer), so it can be forwarded on delivery without re-encoding. */
  | { type: 'header'; channel: number; classId: number; bodySize: number; rawProperties: Buffer }
  /** A body frame's payload: a view into the receive buffer, not a copy, where the frame arrived whole. */
  | { type: 'body'; channel: number; payload: Buffer }
  | { type: 'heartbeat'; channel: number };
