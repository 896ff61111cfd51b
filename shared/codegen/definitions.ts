// RabbitMQ's definitions JSON for one vhost: POST it to /api/definitions/{vhost}, or import it in
// the management UI or with `warren definitions import`.
import type { Topology } from './topology';

export function definitionsCode(t: Topology): string {
  const defs = {
    exchanges: t.exchanges.map(({ name, type, durable, auto_delete, internal, arguments: a }) => ({ name, type, durable, auto_delete, internal, arguments: a ?? {} })),
    queues: t.queues.map(({ name, durable, auto_delete, arguments: a }) => ({ name, durable, auto_delete, arguments: a ?? {} })),
    bindings: t.bindings.map(({ source, destination, destination_type, routing_key, arguments: a }) => ({ source, destination, destination_type, routing_key, arguments: a ?? {} })),
    policies: t.policies.map(({ name, pattern, definition, priority, 'apply-to': applyTo }) => ({ name, pattern, 'apply-to': applyTo ?? 'all', priority: priority ?? 0, definition })),
  };
  return JSON.stringify(defs, null, 2) + '\n';
}
