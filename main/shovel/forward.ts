// What a shovel publishes for each message it takes: the source's properties with the definition's
// dest-publish-properties set over them, and, when asked, RabbitMQ's x-shovelled header (a table
// prepended to the array, saying which shovel moved it from where to where) and the
// x-shovelled-timestamp header (seconds). The body is published as received, never copied.
import type { AMQPProperties } from '@cloudamqp/amqp-client';
import type { ShovelDefinition } from './definition';

/** RabbitMQ's property names (dest-publish-properties) -> the client's */
const PROPERTY_NAMES: Record<string, keyof AMQPProperties> = {
  content_type: 'contentType', content_encoding: 'contentEncoding', delivery_mode: 'deliveryMode', priority: 'priority',
  correlation_id: 'correlationId', reply_to: 'replyTo', expiration: 'expiration', message_id: 'messageId',
  timestamp: 'timestamp', type: 'type', user_id: 'userId', app_id: 'appId',
};

export interface Route { exchange: string; routingKey: string }

export interface ForwardContext {
  vhost: string;
  name: string;
  /** the cluster name (RabbitMQ's shovelled-by) */
  node: string;
  srcUri: string;
  destUri: string;
}

/** Where a message goes: dest-queue through the default exchange, else dest-exchange (or the
 *  message's own) with dest-exchange-key (or the message's own). */
export function routeOf(def: ShovelDefinition, exchange: string, routingKey: string): Route {
  if (def.destQueue !== null) return { exchange: '', routingKey: def.destQueue };
  return { exchange: def.destExchange ?? exchange, routingKey: def.destExchangeKey ?? routingKey };
}

/** Builds the properties of each published message; null when the source's are used as they are. */
export function propertiesFn(def: ShovelDefinition, ctx: ForwardContext): ((p: AMQPProperties) => AMQPProperties) | null {
  const set = Object.entries(def.publishProperties).flatMap(([k, v]) => {
    const name = PROPERTY_NAMES[k];
    if (!name) return []; // cluster_id: gone from AMQP 0-9-1's properties
    return [[name, name === 'timestamp' ? new Date(Number(v) * 1000) : v] as const];
  });
  if (set.length === 0 && !def.addForwardHeaders && !def.addTimestampHeader) return null;
  const forward = def.addForwardHeaders ? forwardTable(def, ctx) : null;
  return (p) => {
    const out: AMQPProperties = { ...p };
    for (const [k, v] of set) (out as Record<string, unknown>)[k] = v;
    if (forward || def.addTimestampHeader) {
      const headers = { ...(p.headers ?? {}) };
      if (forward) headers['x-shovelled'] = [forward, ...(Array.isArray(headers['x-shovelled']) ? headers['x-shovelled'] : [])];
      if (def.addTimestampHeader) headers['x-shovelled-timestamp'] = BigInt(Math.floor(Date.now() / 1000)); // a long, as RabbitMQ writes it
      out.headers = headers;
    }
    return out;
  };
}

/** rabbit_shovel_util:update_headers's table, in its order */
function forwardTable(def: ShovelDefinition, ctx: ForwardContext): Record<string, string> {
  const t: Record<string, string> = {
    'shovelled-by': ctx.node, 'shovel-type': 'dynamic', 'shovel-name': ctx.name, 'shovel-vhost': ctx.vhost,
    'src-uri': ctx.srcUri, 'dest-uri': ctx.destUri,
  };
  if (def.srcQueue !== null) t['src-queue'] = def.srcQueue;
  else {
    t['src-exchange'] = def.srcExchange ?? '';
    t['src-exchange-key'] = def.srcExchangeKey;
  }
  if (def.destExchange !== null) t['dest-exchange'] = def.destExchange;
  if (def.destExchangeKey !== null) t['dest-exchange-key'] = def.destExchangeKey;
  if (def.destQueue !== null) t['dest-queue'] = def.destQueue;
  return t;
}
