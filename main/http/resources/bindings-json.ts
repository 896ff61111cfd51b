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

function argsHash(args: Record<string, unknown>): string {
  return Object.keys(args).length === 0 ? '' : createHash('sha256').update(JSON.stringify(args)).digest().subarray(0, 4).toString('base64url');
}

export function propertiesKey(routingKey: string, args: Record<string, unknown>): string {
  const quoted = quoteRoutingKey(routingKey);
  const hash = argsHash(args);
  if (hash === '') return quoted === '' ? '~' : quoted;
  return `${quoted}~${hash}`;
}

/** Does a binding answer to this properties key? The key part is unquoted first, so a raw routing
 *  key works too (rabbitmqadmin sends properties_key=task.* as the user typed it). */
export function matchesPropertiesKey(b: Binding, key: string): boolean {
  const tilde = key.lastIndexOf('~');
  const quoted = tilde < 0 ? key : key.slice(0, tilde);
  const hash = tilde < 0 ? '' : key.slice(tilde + 1);
  let routingKey: string;
  try { routingKey = decodeURIComponent(quoted.replace(/\+/g, ' ')); } catch { return false; }
  return b.routingKey === routingKey && argsHash(tableToJson(b.args)) === hash;
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
