// Messages as the explorer tools see them: the browser's rows, the publish form's request and
// outcome, and header values that keep the type the user chose (pure types).
import type { MessageProperties } from './properties';
import type { JsonTable, JsonValue } from './topology';

/** A header value with the AMQP type the user means: an integer is sent as a signed 64-bit 'l',
 *  a float as a double 'd', a string as a long string 'S' (RabbitMQ's management UI does the same). */
export type TypedValue =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'null'; value: null };

export interface TypedHeader { name: string; value: TypedValue }

export type { MessageProperties };

/** One x-death record, as RabbitMQ writes it (newest first). */
export interface XDeath {
  queue: string;
  reason: string;
  exchange: string;
  routingKeys: string[];
  count: number;
  /** ms since the epoch */
  time: number | null;
}

export interface MessageBody {
  /** how the UI should show it: valid JSON, UTF-8 text, or hex for anything else */
  encoding: 'json' | 'text' | 'hex';
  text: string;
  /** the preview was cut at the preview limit */
  truncated: boolean;
}

export interface BrowsedMessage {
  /** position in the listing: ready messages in order, then unacknowledged ones */
  index: number;
  state: 'ready' | 'unacked';
  /** the entry's sequence number in its queue (what delete and move name) */
  seq: number;
  messageId: number;
  lineage: number;
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  deliveries: number;
  properties: MessageProperties;
  headers: JsonTable;
  xDeath: XDeath[];
  body: MessageBody;
  size: number;
  publishedAt: number;
  /** absolute expiry (ms since epoch), 0 = never */
  expiresAt: number;
  /** who holds an unacknowledged message */
  holder?: { connectionId: string; connectionName: string; /** where in the connection, as its protocol names it ("channel 2") */ location: string; consumerTag: string | null; deliveryTag: number };
}

/** Server-side search: every given part must match (case-insensitive substring). */
export interface MessageFilter {
  /** body text contains */
  text?: string;
  /** header name, and optionally its value (as text) contains */
  header?: { name: string; value?: string };
  /** property name (e.g. correlationId, routingKey, exchange) and value contains */
  property?: { name: string; value: string };
}

export interface BrowsePage {
  /** all messages in the queue (ready + unacked) */
  total: number;
  ready: number;
  unacked: number;
  /** with a filter: how many matched in the scanned part; without, equals total */
  matched: number;
  /** with a filter: how many messages were examined, and whether that was all of them */
  scanned: number;
  complete: boolean;
  offset: number;
  messages: BrowsedMessage[];
  /** a plain warning about how the messages were read, when it was not a peek (a remote
   *  RabbitMQ: get with requeue, which sets redelivered and may reorder) */
  notice?: string;
}

/** A full message for export (body in base64 and, when it is text, as text). */
export interface ExportedMessage {
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  properties: MessageProperties;
  headers: JsonTable;
  bodyBase64: string;
  bodyText?: string;
  publishedAt: number;
}

export type MoveTarget = { kind: 'exchange'; name: string; routingKey?: string } | { kind: 'queue'; name: string };

export interface PublishRequest {
  vhost: string;
  exchange: string;
  routingKey: string;
  mandatory: boolean;
  properties: MessageProperties;
  headers: TypedHeader[];
  body: string;
  bodyEncoding: 'text' | 'base64';
}

export interface PublishOutcome {
  /** routed: enqueued in `queues`; returned: unroutable with mandatory (basic.return 312);
   *  dropped: unroutable; rejected: a queue refused it (x-overflow reject-publish);
   *  delayed: an x-delayed-message exchange holds it until `dueAt` (then routes it to the
   *  bindings of that time; `queues`: where it would go now) */
  outcome: 'routed' | 'returned' | 'dropped' | 'rejected' | 'delayed';
  routed: number;
  /** ms since the epoch; set when delayed */
  dueAt?: number;
  queues: string[];
  messageId: number;
}

export interface PublishJob {
  id: number;
  vhost: string;
  exchange: string;
  routingKey: string;
  rate: number;
  count: number;
  sent: number;
  routed: number;
  unroutable: number;
  rejected: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  error?: string;
}

export type { JsonValue };
