// MQTT in the window: the Retained tool's topics, the publish form's MQTT mode and the routing
// debugger's MQTT question (pure types).
import type { MessageBody } from './messages';
import type { RouteExplanation } from './route';
import type { JsonValue } from './topology';

/** One retained value of a topic. */
export interface RetainedValue {
  body: MessageBody;
  size: number;
  qos: 0 | 1 | 2;
  /** MQTT 5 publish properties, as JSON (binary ones, like correlation data, as hex) */
  properties: Record<string, JsonValue>;
  /** when it was retained (ms since the epoch; 0 if not known, e.g. loaded from an older file) */
  at: number;
}

export interface RetainedTopic {
  topic: string;
  /** the retained value */
  last: RetainedValue;
  /** how many earlier values are kept (since Warren started, in memory only); getRetained has them */
  earlier: number;
}

/** The Retained tool's listing: topics in order, at most a bound of them. */
export interface RetainedListing {
  topics: RetainedTopic[];
  /** how many topics the vhost retains (more than topics.length when the listing was cut) */
  total: number;
}

/** A user property as MQTT 5 carries it: a name and a value, names may repeat. */
export interface UserProperty { name: string; value: string }

/** The publish form's MQTT mode: what an MQTT client's PUBLISH would carry. */
export interface MqttPublishRequest {
  vhost: string;
  topic: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  /** MQTT 5 publish properties */
  contentType?: string;
  responseTopic?: string;
  /** correlation data, as UTF-8 text */
  correlationData?: string;
  /** seconds */
  messageExpiryInterval?: number;
  userProperties?: UserProperty[];
}

/** A subscription filter that takes a publish to the topic. */
export interface MatchedSubscription {
  queue: string;
  filter: string;
}

/** The routing debugger's answer for an MQTT topic: the AMQP route, and the MQTT view of it. */
export interface MqttRouteExplanation {
  topic: string;
  /** the vhost's MQTT exchange (mqtt.exchange, amq.topic by default) */
  exchange: string;
  /** the topic translated (a/b.c -> a.b/c) */
  routingKey: string;
  route: RouteExplanation;
  /** MQTT subscriptions among the destinations, with their filters */
  subscriptions: MatchedSubscription[];
}
