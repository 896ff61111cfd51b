// The window's MQTT commands: the Retained tool, publish as MQTT and the routing debugger for an
// MQTT topic. The MQTT layer hands its tools over as MqttTools (main/server/warren.ts), so the
// bridge never imports main/mqtt; without MQTT every command but getMqtt answers NOT_FOUND.
import type { IPublishPacket } from 'mqtt-packet';
import type { Commands } from '../../shared/ipc/contract';
import { checkTopicName, TopicError, toRoutingKey, toTopic } from '../../shared/model/mqtt-topics';
import type { MqttPublishRequest, RetainedValue } from '../../shared/model/mqtt';
import type { JsonValue } from '../../shared/model/topology';
import type { Broker } from '../broker/broker';
import { explainRoute } from '../broker/explain/explain-route';
import type { VHost } from '../broker/vhost';
import { InvalidInput } from './invalid-input';
import { renderBody } from './message-view';
import { NotFound } from './not-found';

/** A retained message as the MQTT layer keeps it. */
export interface RetainedRecord { topic: string; payload: Buffer; qos: 0 | 1 | 2; properties?: Record<string, unknown>; at?: number }

/** What the MQTT layer offers the window (implemented by main/mqtt/window.ts). */
export interface MqttTools {
  exchange(vhost: string): string;
  /** each retained topic's values, oldest first, the last the retained one */
  retained(vhost: string): RetainedRecord[][];
  /** one topic's values, oldest first ([] when none is retained) */
  history(vhost: string, topic: string): RetainedRecord[];
  deleteRetained(vhost: string, topic: string): boolean;
  publish(vhost: string, p: Pick<IPublishPacket, 'topic' | 'payload' | 'qos' | 'retain' | 'properties'>): { messageId: number; routed: number; queues: string[] };
}

type Handler<K extends keyof Commands> = (req: Commands[K]['req']) => Commands[K]['res'];
export type MqttCommand = 'getMqtt' | 'listRetained' | 'getRetained' | 'deleteRetained' | 'publishMqtt' | 'explainMqttRoute';

/** topics one listing carries: a tree the eye can take, and a bounded answer however many there are */
export const RETAINED_LISTING = 5000;

/** MQTT subscription queues are named mqtt-subscription-<client id>qos0/qos1 (RabbitMQ's names). */
const SUBSCRIPTION_QUEUE = 'mqtt-subscription-';

export function createMqttHandlers(broker: Broker, mqtt: MqttTools | null): { [K in MqttCommand]: Handler<K> } {
  const vh = (name: string): VHost => {
    const v = broker.vhost(name);
    if (!v) throw new NotFound(`no vhost '${name}'`);
    return v;
  };
  const tools = (): MqttTools => {
    if (!mqtt) throw new NotFound('MQTT is not running in this Warren (start it with --mqtt-port)');
    return mqtt;
  };
  return {
    getMqtt: ({ vhost }) => (mqtt ? { enabled: true, exchange: mqtt.exchange(vh(vhost).name) } : { enabled: false, exchange: null }),
    listRetained: ({ vhost }) => {
      const all = tools().retained(vh(vhost).name).sort((a, b) => (a[0].topic < b[0].topic ? -1 : a[0].topic > b[0].topic ? 1 : 0));
      const topics = all.slice(0, RETAINED_LISTING).map((values) => ({ topic: values[0].topic, last: retainedValue(values[values.length - 1]), earlier: values.length - 1 }));
      return { topics, total: all.length };
    },
    getRetained: ({ vhost, topic }) => tools().history(vh(vhost).name, topicName(topic)).map(retainedValue).reverse(),
    deleteRetained: ({ vhost, topic }) => ({ deleted: tools().deleteRetained(vh(vhost).name, topicName(topic)) }),
    publishMqtt: (r) => {
      const t = tools();
      const { messageId, routed, queues } = t.publish(vh(r.vhost).name, { topic: topicName(r.topic), ...publishFields(r) });
      return { outcome: routed > 0 ? 'routed' : queues.length > 0 ? 'rejected' : 'dropped', routed, queues, messageId };
    },
    explainMqttRoute: ({ vhost, topic }) => {
      const v = vh(vhost);
      const exchange = tools().exchange(v.name);
      const routingKey = toRoutingKey(topicName(topic));
      const route = explainRoute(v, { exchange, routingKey, headers: [], mandatory: false });
      const subscriptions = route.visits.flatMap((x) => x.bindings)
        .filter((b) => b.matched && b.destinationType === 'queue' && b.destination.startsWith(SUBSCRIPTION_QUEUE))
        .map((b) => ({ queue: b.destination, filter: toTopic(b.bindingKey) }));
      return { topic, exchange, routingKey, route, subscriptions };
    },
  };
}

/** The request's payload and MQTT 5 properties as a PUBLISH packet's. */
function publishFields(r: MqttPublishRequest): Pick<IPublishPacket, 'payload' | 'qos' | 'retain' | 'properties'> {
  const payload = Buffer.from(r.payload, r.payloadEncoding === 'base64' ? 'base64' : 'utf8');
  const properties: NonNullable<IPublishPacket['properties']> = {};
  if (r.contentType) properties.contentType = r.contentType;
  if (r.responseTopic) properties.responseTopic = topicName(r.responseTopic, 'response topic');
  if (r.correlationData) properties.correlationData = Buffer.from(r.correlationData);
  if (r.messageExpiryInterval !== undefined) properties.messageExpiryInterval = r.messageExpiryInterval;
  if (r.userProperties?.length) {
    const users: Record<string, string | string[]> = {};
    for (const { name, value } of r.userProperties) {
      const had = users[name];
      users[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
    }
    properties.userProperties = users;
  }
  return { payload, qos: r.qos, retain: r.retain, ...(Object.keys(properties).length ? { properties } : {}) };
}

/** A topic name by MQTT's rules, or BAD_REQUEST saying why. */
function topicName(topic: string, what = 'topic'): string {
  try { checkTopicName(topic); } catch (err) { if (err instanceof TopicError) throw new InvalidInput(`${what}: ${err.message}`); throw err; }
  return topic;
}

function retainedValue(m: RetainedRecord): RetainedValue {
  const properties: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(m.properties ?? {})) properties[k] = jsonOf(v);
  return { body: renderBody(m.payload), size: m.payload.length, qos: m.qos, properties, at: m.at ?? 0 };
}

/** MQTT 5 property values as JSON: Buffers (correlation data) as hex. */
function jsonOf(v: unknown): JsonValue {
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (Array.isArray(v)) return v.map(jsonOf);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonOf(x)]));
  return v as JsonValue;
}
