// Bindings in the management API's JSON, with RabbitMQ's properties_key: the routing key quoted
// (rabbit_mgmt_format:pack_binding_props), and "~" plus a hash of the arguments when there are any.
// RabbitMQ hashes with erlang:phash2; clients treat the key as opaque, so Warren's own hash serves.
import { createHash } from 'node:crypto';
import type { Binding } from '../../broker/exchanges/binding';
import type { Queue } from '../../broker/queues/queue';
import { tableToJson } from '../amqp-json';

/** rabbit_http_util:quote_plus, then "~" escaped (it separates the key from the hash). */
export function quoteRoutingKey(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9._-]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function propertiesKey(routingKey: string, args: Record<string, unknown>): string {
  const quoted = quoteRoutingKey(routingKey);
  if (Object.keys(args).length === 0) return quoted === '' ? '~' : quoted;
  const hash = createHash('sha256').update(JSON.stringify(args)).digest().subarray(0, 4).toString('base64url');
  return `${quoted}~${hash}`;
}

export function bindingJson(b: Binding): Record<string, unknown> {
  const args = tableToJson(b.args);
  return {
    source: b.source.name, vhost: b.source.vhost, destination: b.destination.name, destination_type: b.destination.kind,
    routing_key: b.routingKey, arguments: args, properties_key: propertiesKey(b.routingKey, args),
  };
}

/** Every queue is bound to the default exchange by its name (implicitly; RabbitMQ lists it). */
export function defaultBindingJson(q: Queue): Record<string, unknown> {
  return { source: '', vhost: q.vhost, destination: q.name, destination_type: 'queue', routing_key: q.name, arguments: {}, properties_key: propertiesKey(q.name, {}) };
}
