// Topology and client records as the UI and the CLI see them (plain JSON-friendly data).

/** the AMQP types, then the plugins' types Warren has built in (no plugin step) */
export const EXCHANGE_TYPES = [
  'direct', 'fanout', 'topic', 'headers', 'x-consistent-hash', 'x-random', 'x-recent-history', 'x-modulus-hash',
  'x-delayed-message',
] as const;
export type ExchangeType = (typeof EXCHANGE_TYPES)[number];

/** Field values rendered as plain JSON (the rules: main/broker/field-json.ts). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonTable = { [key: string]: JsonValue };

/** The policies applying to a queue or exchange (absent: none), and what they give it merged. */
export interface PolicyInfo {
  name: string | null;
  operator: string | null;
  definition: JsonTable;
}

export interface ExchangeInfo {
  vhost: string;
  name: string;
  type: ExchangeType;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: JsonTable;
  policy?: PolicyInfo;
}

/** The messages an x-delayed-message exchange holds, soonest first (the first `limit`). */
export interface DelayedList {
  exchange: string;
  count: number;
  messages: Array<{ id: number; due: number; routingKey: string; size: number }>;
  /** false when the broker can count them but not list them (RabbitMQ's plugin: messages_delayed) */
  listed: boolean;
}

export interface QueueInfo {
  vhost: string;
  name: string;
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  arguments: JsonTable;
  ready: number;
  unacked: number;
  consumers: number;
  /** the connection that owns an exclusive queue */
  owner?: string;
  policy?: PolicyInfo;
  /** classic, quorum or stream (absent: classic, or not known) */
  queueType?: string;
  /** on a cluster: the node a classic queue lives on, or a quorum queue's leader */
  node?: string;
  /** a quorum or stream queue's members (nodes) */
  members?: string[];
}

export interface BindingInfo {
  vhost: string;
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
  arguments: JsonTable;
}

export interface ConnectionInfo {
  id: string;
  protocol: string;
  address: string;
  user: string;
  vhost: string;
  clientProperties: JsonTable;
  connectedAt: number;
  /** the client's end and ours of the socket (absent for in-memory clients) */
  peer?: Endpoint;
  local?: Endpoint;
  /** what carries the protocol's bytes (absent for in-memory clients) */
  transport?: Transport;
  /** over TLS: the version and cipher agreed (absent without TLS) */
  tls?: { protocol: string | null; cipher: string | null };
}

/** A network connection's carrier: a plain TCP socket, or a WebSocket (AMQP at /amqp, Web-MQTT). */
export type Transport = 'tcp' | 'websocket';

export interface Endpoint {
  host: string;
  port: number;
}

export interface ConsumerInfo {
  vhost: string;
  queue: string;
  tag: string;
  connectionId: string;
  /** where in its connection the consumer lives, as its protocol names it ("channel 2") */
  location: string;
  noAck: boolean;
  exclusive: boolean;
  prefetch: number;
}

/** Messages counted through a queue, exchange, channel or vhost since it began. */
export interface MessageCounts {
  publish: number;
  publishIn: number;
  publishOut: number;
  deliver: number;
  deliverNoAck: number;
  get: number;
  getNoAck: number;
  getEmpty: number;
  ack: number;
  redeliver: number;
  confirm: number;
  returnUnroutable: number;
  dropUnroutable: number;
}

/** An AMQP channel as the connections view shows it. */
export interface ChannelInfo {
  connectionId: string;
  channel: number;
  /** basic.qos prefetch for new consumers (global=false) and for the channel (global=true); 0 = none */
  prefetch: number;
  globalPrefetch: number;
  unacked: number;
  confirm: boolean;
  transactional: boolean;
  consumers: Array<{ tag: string; queue: string; noAck: boolean; exclusive: boolean; unacked: number; prefetch: number; arguments: JsonTable }>;
  /** the channel's message counters (absent in views that do not count) */
  stats?: MessageCounts;
  /** publishes not yet confirmed to the client (confirm mode) */
  unconfirmed?: number;
}

/** What a connection holds inside, in its protocol's terms, for the connections view. One arm
 *  per protocol; the UI renders each its own way. */
export type ProtocolView =
  | { protocol: 'amqp-0-9-1'; channels: ChannelInfo[]; tuning?: AmqpTuning; traffic?: Traffic; state?: FlowState }
  /** an MQTT session; its consumers sit on one channel, as RabbitMQ's management API shows them */
  | { protocol: 'mqtt'; channels: ChannelInfo[]; mqtt: MqttSessionView; traffic?: Traffic; state?: FlowState };

/** Bytes and reads/writes on a connection's stream (RabbitMQ's recv_oct, recv_cnt, send_oct, send_cnt). */
export interface Traffic { recvOct: number; recvCnt: number; sendOct: number; sendCnt: number }

/** Whether a connection's input is held: RabbitMQ's connection states 'flow' (publisher flow
 *  control), 'blocking' (an alarm is on; it has not published), 'blocked' (an alarm holds it). */
export type FlowState = 'running' | 'flow' | 'blocking' | 'blocked';

/** An MQTT connection's session for the connections view. */
export interface MqttSessionView {
  /** 3 (3.1), 4 (3.1.1) or 5 */
  version: number;
  clientId: string;
  cleanSession: boolean;
  /** seconds; 0 = none */
  keepAlive: number;
  subscriptions: Array<{ filter: string; qos: number; queue: string }>;
}

/** What connection.tune-ok agreed (absent before it), and how the client logged in. */
export interface AmqpTuning {
  frameMax: number;
  channelMax: number;
  /** seconds; 0 = none */
  heartbeat: number;
  mechanism: string;
}
