// /api/bindings[/{vhost}], and bindings between one exchange and one queue or exchange:
// /api/bindings/{vhost}/e/{source}/{q|e}/{destination}[/{props}] (rabbit_mgmt_wm_bindings, _binding).
import type { Binding, Destination } from '../../broker/exchanges/binding';
import type { VHost } from '../../broker/vhost';
import { requireAccess } from '../access-check';
import { jsonToTable, tableToJson } from '../amqp-json';
import { object, str } from '../body';
import type { Ctx, Resource } from '../router';
import { bindingJson, defaultBindingJson, matchesPropertiesKey, propertiesKey } from './bindings-json';
import { core, listResources, READ_MANAGEMENT, vhostOf } from './vhost-objects';

function vhostBindings(v: VHost): Array<Record<string, unknown>> {
  const out = [...v.queues.values()].map(defaultBindingJson);
  for (const x of v.exchanges.values()) for (const b of x.bindings.values()) out.push(bindingJson(b));
  return out;
}

export const { all: bindings, inVhost: bindingsInVhost } = listResources((_ctx, v) => vhostBindings(v), [], false);

type Kind = 'queue' | 'exchange';

function ends(ctx: Ctx, kind: Kind): { v: VHost; source: string; destination: Destination } | null {
  const v = ctx.broker.vhost(ctx.params.vhost);
  if (!v || !v.exchange(ctx.params.source)) return null;
  const d = kind === 'queue' ? v.queue(ctx.params.destination) : v.exchange(ctx.params.destination);
  return d ? { v, source: ctx.params.source, destination: d } : null;
}

function between(ctx: Ctx, kind: Kind): Binding[] {
  const e = ends(ctx, kind)!;
  return [...e.v.exchange(e.source)!.bindings.values()].filter((b) => b.destination === e.destination);
}

const one = (ctx: Ctx, kind: Kind): Binding | undefined => between(ctx, kind).find((b) => matchesPropertiesKey(b, ctx.params.props));

/** GET the bindings between two ends; POST creates one (201, Location: its properties_key). */
function pair(kind: Kind): Resource {
  return {
    methods: ['GET', 'POST'],
    auth: READ_MANAGEMENT,
    vhostParam: 'vhost',
    exists: (ctx) => ends(ctx, kind) !== null,
    list: { rows: (ctx) => between(ctx, kind).map(bindingJson), sort: [], pageable: false },
    post(ctx) {
      const { v, source, destination } = ends(ctx, kind)!;
      requireAccess(ctx, v.name, 'write', kind, destination.name);
      requireAccess(ctx, v.name, 'read', 'exchange', source);
      const routingKey = str(ctx.body, 'routing_key', '');
      const args = jsonToTable(object(ctx.body, 'arguments'));
      core(() => kind === 'queue' ? v.bindQueue(destination.name, source, routingKey, args, null) : v.bindExchange(destination.name, source, routingKey, args));
      const key = propertiesKey(routingKey, tableToJson(args));
      // relative to the request's path, as RabbitMQ sends it
      return { status: 201, headers: { location: `${encodeURIComponent(destination.name)}/${encodeURIComponent(key)}` } };
    },
  };
}

/** One binding, named by its properties_key: GET or DELETE. */
function single(kind: Kind): Resource {
  return {
    methods: ['GET', 'DELETE'],
    auth: READ_MANAGEMENT,
    vhostParam: 'vhost',
    exists: (ctx) => ends(ctx, kind) !== null && one(ctx, kind) !== undefined,
    get: (ctx) => bindingJson(one(ctx, kind)!),
    delete(ctx) {
      const b = one(ctx, kind)!;
      const v = vhostOf(ctx);
      requireAccess(ctx, v.name, 'write', kind, b.destination.name);
      requireAccess(ctx, v.name, 'read', 'exchange', b.source.name);
      core(() => kind === 'queue' ? v.unbindQueue(b.destination.name, b.source.name, b.routingKey, b.args, null) : v.unbindExchange(b.destination.name, b.source.name, b.routingKey, b.args));
    },
  };
}

export const queueBindingPair = pair('queue');
export const exchangeBindingPair = pair('exchange');
export const queueBinding = single('queue');
export const exchangeBinding = single('exchange');
