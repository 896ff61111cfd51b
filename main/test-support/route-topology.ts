// Random routing topologies for the route explanation's tests on definitions: exchanges of the four
// types, queue and exchange-to-exchange bindings (headers bindings with x-match all/any), alternate
// exchanges by argument and by policy (pattern, apply-to, priority), and random publishes. Names
// are fixed (x0.., q0.., p0..): each run gets a vhost of its own.
import fc from 'fast-check';
import type { DefinitionsJson } from '../definitions/format';
import type { JsonTable } from '../../shared/model/topology';

export type RouteExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';
export type HeaderValue = string | number;

export interface RouteTopology {
  exchanges: Array<{ type: RouteExchangeType; ae: number | null }>;
  policies: Array<{ pattern: string; applyTo: 'exchanges' | 'queues' | 'all'; priority: number; ae: number }>;
  queueBindings: Array<{ x: number; q: number; key: string; args: JsonTable }>;
  exchangeBindings: Array<{ src: number; dst: number; key: string; args: JsonTable }>;
}

export interface RoutePublish {
  exchange: string;
  routingKey: string;
  headers: Record<string, HeaderValue>;
}

export const ROUTE_QUEUES = ['q0', 'q1', 'q2', 'q3'];

const word = fc.constantFrom('a', 'b', 'c', '');
const routingKey = fc.array(word, { maxLength: 3 }).map((w) => w.join('.'));
const pattern = fc.array(fc.constantFrom('a', 'b', '*', '#', ''), { maxLength: 3 }).map((w) => w.join('.'));
const headerName = fc.constantFrom('h1', 'h2', 'x-h');
const headerValue = fc.constantFrom<HeaderValue>('v', 'w', 1);
const headerPairs = fc.array(fc.tuple(headerName, headerValue), { maxLength: 2 });
const bindingArgs = fc.record({ mode: fc.constantFrom('all', 'any'), pairs: headerPairs })
  .map(({ mode, pairs }): JsonTable => ({ 'x-match': mode, ...Object.fromEntries(pairs) }));

export const routeTopology: fc.Arbitrary<RouteTopology> = fc.record({
  // an argument hides any policy's alternate exchange: most exchanges have none, so policies count
  exchanges: fc.array(fc.record({ type: fc.constantFrom<RouteExchangeType>('direct', 'fanout', 'topic', 'headers'), ae: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(3) }) }), { minLength: 2, maxLength: 4 }),
  policies: fc.array(fc.record({
    pattern: fc.constantFrom('^x', 'x1', 'x[02]', '^x0$', '^q'),
    applyTo: fc.constantFrom<'exchanges' | 'queues' | 'all'>('exchanges', 'all', 'exchanges', 'all', 'queues'),
    priority: fc.nat(2),
    ae: fc.nat(3),
  }), { minLength: 1, maxLength: 2 }),
  queueBindings: fc.array(fc.record({ x: fc.nat(3), q: fc.nat(ROUTE_QUEUES.length - 1), key: pattern, args: bindingArgs }), { maxLength: 6 }),
  exchangeBindings: fc.array(fc.record({ src: fc.nat(3), dst: fc.nat(3), key: pattern, args: bindingArgs }), { maxLength: 4 }),
});

/** A publish to one of the topology's exchanges, or now and then to the default exchange. */
export const routePublish = (t: RouteTopology): fc.Arbitrary<RoutePublish> => fc.record({
  exchange: fc.oneof({ weight: 6, arbitrary: fc.nat(t.exchanges.length - 1).map((i) => `x${i}`) }, { weight: 1, arbitrary: fc.constant('') }),
  routingKey: fc.oneof({ weight: 6, arbitrary: routingKey }, { weight: 1, arbitrary: fc.constantFrom(...ROUTE_QUEUES) }),
  headers: headerPairs.map((pairs) => Object.fromEntries(pairs)),
});

/** What a binding's declared arguments are: only a headers exchange's bindings carry any. */
export const argsFor = (t: RouteTopology, x: number, args: JsonTable): JsonTable => (t.exchanges[x % t.exchanges.length].type === 'headers' ? args : {});

/** The topology as one vhost's definitions (RabbitMQ's shape, as GET /api/definitions/{vhost} gives). */
export function topologyDefinitions(t: RouteTopology): DefinitionsJson {
  const n = t.exchanges.length;
  return {
    policies: t.policies.map((p, i) => ({ name: `p${i}`, pattern: p.pattern, 'apply-to': p.applyTo, priority: p.priority, definition: { 'alternate-exchange': `x${p.ae % n}` } })),
    queues: ROUTE_QUEUES.map((name) => ({ name, durable: false, auto_delete: false, arguments: {} })),
    exchanges: t.exchanges.map((x, i) => ({
      name: `x${i}`, type: x.type, durable: false, auto_delete: false, internal: false,
      arguments: (x.ae === null ? {} : { 'alternate-exchange': `x${x.ae % n}` }) as JsonTable,
    })),
    bindings: [
      ...t.queueBindings.map((b) => ({ source: `x${b.x % n}`, destination: ROUTE_QUEUES[b.q], destination_type: 'queue' as const, routing_key: b.key, arguments: argsFor(t, b.x, b.args) })),
      ...t.exchangeBindings.map((b) => ({ source: `x${b.src % n}`, destination: `x${b.dst % n}`, destination_type: 'exchange' as const, routing_key: b.key, arguments: argsFor(t, b.src, b.args) })),
    ],
  };
}
