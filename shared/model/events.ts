// The core's events: everything a viewer would want to see. Plain data, so they can cross IPC.
import type { BindingInfo, ConnectionInfo, ConsumerInfo, Endpoint, ExchangeInfo, JsonTable, QueueInfo } from './topology';

/** Why a message left a queue without being acknowledged by a consumer (RabbitMQ's x-death reasons). */
export type DeadLetterReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';

/** One hop of a route: the binding (or implicit default-exchange binding) a message took. */
export interface RouteHop {
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
}

export type BrokerEvent =
  | { type: 'vhost.created'; name: string }
  | { type: 'vhost.deleted'; name: string }
  | { type: 'connection.opened'; connection: ConnectionInfo }
  | { type: 'connection.closed'; connectionId: string; reason: string; connection: ConnectionInfo }
  | { type: 'channel.opened'; connectionId: string; channel: number }
  | { type: 'channel.closed'; connectionId: string; channel: number; reason: string }
  | { type: 'exchange.declared'; exchange: ExchangeInfo }
  | { type: 'exchange.deleted'; vhost: string; name: string }
  | { type: 'queue.declared'; queue: QueueInfo }
  | { type: 'queue.deleted'; vhost: string; name: string }
  | { type: 'queue.purged'; vhost: string; name: string; count: number }
  /** policies or operator policies changed: what applies to the vhost's queues and exchanges may have */
  | { type: 'policies.changed'; vhost: string }
  /** the vhost's sandbox clock now runs at `scale` (1, 10 or 60) */
  | { type: 'vhost.clock'; vhost: string; scale: number }
  | { type: 'binding.created'; binding: BindingInfo }
  | { type: 'binding.deleted'; binding: BindingInfo }
  | { type: 'consumer.added'; consumer: ConsumerInfo }
  | { type: 'consumer.removed'; vhost: string; queue: string; tag: string; connectionId: string }
  | { type: 'user.created' | 'user.deleted' | 'user.password.changed'; name: string }
  | { type: 'user.tags.set'; name: string; tags: string[] }
  /** a login over a protocol (AMQP, MQTT); `error` says why it was refused */
  | { type: 'user.authentication.success' | 'user.authentication.failure'; name: string; mechanism: string; protocol: string; peer?: Endpoint; local?: Endpoint; error?: string }
  | { type: 'permission.created'; user: string; vhost: string; configure: string; write: string; read: string }
  | { type: 'permission.deleted'; user: string; vhost: string }
  | { type: 'topic.permission.created'; user: string; vhost: string; exchange: string; write: string; read: string }
  | { type: 'topic.permission.deleted'; user: string; vhost: string; exchange?: string }
  | { type: 'policy.set'; vhost: string; name: string; pattern: string; applyTo: string; priority: number; definition: JsonTable; operator: boolean }
  | { type: 'policy.cleared'; vhost: string; name: string; operator: boolean }
  | { type: 'parameter.set'; vhost: string; component: string; name: string; value: unknown }
  | { type: 'parameter.cleared'; vhost: string; component: string; name: string }
  /** a resource alarm (memory, disk) set or cleared: publishers are blocked while any is set */
  | { type: 'alarm.set' | 'alarm.cleared'; resource: 'memory' | 'disk' }
  | { type: 'message.published'; vhost: string; messageId: number; exchange: string; routingKey: string; connectionId: string | null; size: number; /** the original's id when this message is a copy (moved or re-published by the browser) */ lineage?: number; /** how many published messages this sampled one stands for (1 when every message is followed) */ weight?: number }
  | { type: 'message.routed'; vhost: string; messageId: number; exchange: string; queues: string[]; hops: RouteHop[] }
  | { type: 'message.unroutable'; vhost: string; messageId: number; exchange: string; routingKey: string; outcome: 'returned' | 'dropped' }
  | { type: 'message.delivered'; vhost: string; messageId: number; queue: string; consumerTag: string | null; connectionId: string; deliveryTag: number; redelivered: boolean; /** messages this sampled one stands for */ weight?: number }
  | { type: 'message.acked'; vhost: string; messageId: number; queue: string; connectionId: string }
  | { type: 'message.rejected'; vhost: string; messageId: number; queue: string; connectionId: string; requeue: boolean; method: 'reject' | 'nack' }
  | { type: 'message.requeued'; vhost: string; messageId: number; queue: string }
  | { type: 'message.expired'; vhost: string; messageId: number; queue: string }
  /** Republished to `exchange` as a new message (`newMessageId`) that reached `queues` along `hops`. */
  | { type: 'message.dead-lettered'; vhost: string; messageId: number; queue: string; reason: DeadLetterReason; exchange: string; routingKey: string; newMessageId: number; queues: string[]; hops: RouteHop[]; headersBefore: JsonTable; headersAfter: JsonTable }
  /** Gone for good: no dead-letter exchange (reason = why it left), a missing DLX, a dead-letter cycle, a purge or delete. */
  | { type: 'message.dropped'; vhost: string; messageId: number; queue: string | null; reason: DeadLetterReason | 'cycle' | 'dead-letter-exchange-missing' | 'queue-deleted' | 'purged' };


/** The events of one message's life (published, routed, delivered, ...). */
export type MessageEvent = Extract<BrokerEvent, { type: `message.${string}` }>;

export function isMessageEvent(e: BrokerEvent): e is MessageEvent {
  return e.type.startsWith('message.');
}
