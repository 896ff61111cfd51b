// The basic content properties, once: wire order (property i is flagged by bit 15 - i of the
// flags word), AMQP field type, the name in code and in the UI's JSON, and the name RabbitMQ's
// management API uses. The codec, the broker's BasicProperties, the UI's MessageProperties, the
// message view, the publish schema and (later) the HTTP API all derive from it.
import type { FieldTable } from './amqp-values';

export const MESSAGE_PROPERTIES = [
  { name: 'contentType', type: 'shortstr', api: 'content_type' },
  { name: 'contentEncoding', type: 'shortstr', api: 'content_encoding' },
  { name: 'headers', type: 'table', api: 'headers' },
  { name: 'deliveryMode', type: 'octet', api: 'delivery_mode' },
  { name: 'priority', type: 'octet', api: 'priority' },
  { name: 'correlationId', type: 'shortstr', api: 'correlation_id' },
  { name: 'replyTo', type: 'shortstr', api: 'reply_to' },
  { name: 'expiration', type: 'shortstr', api: 'expiration' },
  { name: 'messageId', type: 'shortstr', api: 'message_id' },
  { name: 'timestamp', type: 'timestamp', api: 'timestamp' },
  { name: 'type', type: 'shortstr', api: 'type' },
  { name: 'userId', type: 'shortstr', api: 'user_id' },
  { name: 'appId', type: 'shortstr', api: 'app_id' },
  { name: 'clusterId', type: 'shortstr', api: 'cluster_id' },
] as const;

export type MessageProperty = (typeof MESSAGE_PROPERTIES)[number];

/** How each type is held in code, and in JSON: timestamps are u64 seconds on the wire (bigint)
 *  and a number of seconds in JSON, as in RabbitMQ's management API. */
interface AmqpForm { shortstr: string; octet: number; timestamp: bigint; table: FieldTable }
interface JsonForm { shortstr: string; octet: number; timestamp: number; table: never }

/** basic content properties (class 60), all optional. */
export type BasicProperties = { [P in MessageProperty as P['name']]?: AmqpForm[P['type']] };

/** basic properties as plain JSON; headers travel apart, as a JSON table. */
export type MessageProperties = { [P in Exclude<MessageProperty, { type: 'table' }> as P['name']]?: JsonForm[P['type']] };
