// One vhost of a broker's definitions JSON (GET /api/definitions/{vhost} of RabbitMQ or Warren) as
// a RoutingView, so the route explanation walks a remote broker exactly as it walks the local one.
// The exchanges every vhost has (the default exchange, amq.*) are not exported: they are added.
// Policies that set alternate-exchange reach exchanges through the core's own policy matching
// (pattern, apply-to, priority, ties by name); an alternate-exchange argument wins, as in RabbitMQ.
// Exclusive queues are not in exports: explain-remote.ts adds them from the API.
import type { JsonTable } from '../../shared/model/topology';
import { jsonToTable } from '../broker/field-json';
import type { BindingView, ExchangeView, RoutingView } from '../broker/explain/routing-view';
import { APPLY_TO, type ApplyTo, type Policy } from '../broker/policies/policy';
import { PolicyRegistry } from '../broker/policies/registry';
import { BUILT_IN_EXCHANGES } from '../broker/vhost';
import type { BindingDef, DefinitionsJson, ExchangeDef, QueueDef } from '../definitions/format';

interface Exchange extends ExchangeView {
  readonly bindings: BindingView[];
}

/** `defs` may be one vhost's export (items without a vhost) or a whole broker's (items name theirs). */
export function definitionsView(defs: DefinitionsJson, vhost: string): RoutingView {
  const mine = <T extends { vhost?: string }>(list: T[] | undefined): T[] =>
    (Array.isArray(list) ? list : []).filter((i) => i !== null && typeof i === 'object' && (i.vhost === undefined || i.vhost === vhost));
  const policies = policyRegistry(mine((defs.policies ?? []) as Array<Record<string, unknown> & { vhost?: string }>), vhost);
  const exchanges = new Map<string, Exchange>();
  const add = (name: string, type: string, args: JsonTable): void => {
    const own = typeof args['alternate-exchange'] === 'string' ? args['alternate-exchange'] : undefined;
    const byPolicy = policies.appliedTo('exchanges', name)?.definition['alternate-exchange'];
    exchanges.set(name, { name, type, alternateExchange: own ?? (typeof byPolicy === 'string' ? byPolicy : undefined), options: { args: jsonToTable(args) }, bindings: [] });
  };
  for (const [name, type] of BUILT_IN_EXCHANGES) add(name, type, {});
  for (const x of mine<ExchangeDef>(defs.exchanges)) if (typeof x.name === 'string') add(x.name, String(x.type), tableOf(x.arguments));
  const queues = new Set(mine<QueueDef>(defs.queues).map((q) => q.name));
  const seen = new Set<string>();
  for (const b of mine<BindingDef>(defs.bindings)) {
    const kind = b.destination_type === 'exchange' ? 'exchange' : 'queue';
    const routingKey = String(b.routing_key ?? '');
    const args = tableOf(b.arguments);
    // a binding is (source, destination, key, arguments): a file may repeat one, a broker holds it once
    const identity = JSON.stringify([b.source, kind, b.destination, routingKey, Object.entries(args).sort(([x], [y]) => (x < y ? -1 : 1))]);
    if (seen.has(identity)) continue;
    seen.add(identity);
    exchanges.get(b.source)?.bindings.push({ destination: { name: b.destination, kind }, routingKey, args: jsonToTable(args) });
  }
  return {
    name: vhost,
    exchange: (name) => exchanges.get(name),
    queue: (name) => (queues.has(name) ? { name } : undefined),
  };
}

const tableOf = (v: unknown): JsonTable => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as JsonTable : {});

/** The policies as the core keeps them; one whose pattern JavaScript cannot compile (PCRE-only
 *  syntax) is left out rather than failing the whole view. */
function policyRegistry(items: Array<Record<string, unknown>>, vhost: string): PolicyRegistry {
  const registry = new PolicyRegistry();
  for (const p of items) {
    const applyTo = APPLY_TO.includes(p['apply-to'] as ApplyTo) ? p['apply-to'] as ApplyTo : 'all';
    const policy: Policy = {
      vhost, name: String(p.name), pattern: String(p.pattern), applyTo,
      priority: typeof p.priority === 'number' ? p.priority : 0, definition: tableOf(p.definition),
    };
    try { registry.put('policy', policy); } catch { /* see above */ }
  }
  return registry;
}
