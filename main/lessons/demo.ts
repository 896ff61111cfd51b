// The demo behind the welcome's "Demo": a small shop's topology in the vhost `demo` (a topic
// exchange, three queues, a dead-letter exchange and its queue), with simulated clients inside the
// broker as its traffic.
import type { LessonTopology } from '../../shared/model/lessons';
import type { SimulatedSpec } from '../../shared/model/simulate';
import type { Broker } from '../broker/broker';
import type { Simulation } from '../simulate/simulation';
import { applyTopology, openVhost } from './sandbox';

export const DEMO_VHOST = 'demo';

export const DEMO_TOPOLOGY: LessonTopology = {
  exchanges: [{ name: 'shop', type: 'topic', durable: true }, { name: 'shop.dlx', type: 'fanout', durable: true }],
  queues: [
    { name: 'orders', durable: true, arguments: { 'x-dead-letter-exchange': 'shop.dlx' } },
    { name: 'payments', durable: true, arguments: { 'x-dead-letter-exchange': 'shop.dlx' } },
    { name: 'audit', durable: true, arguments: { 'x-message-ttl': 60000, 'x-dead-letter-exchange': 'shop.dlx' } },
    { name: 'shop.dead-letters', durable: true },
  ],
  bindings: [
    { exchange: 'shop', queue: 'orders', routingKey: 'order.*' },
    { exchange: 'shop', queue: 'payments', routingKey: 'payment.*' },
    { exchange: 'shop', queue: 'audit', routingKey: '#' },
    { exchange: 'shop.dlx', queue: 'shop.dead-letters', routingKey: '' },
  ],
};

const base = { vhost: DEMO_VHOST, headers: {}, persistent: false, ttl: null, priority: null, mandatory: false };
const worker = { vhost: DEMO_VHOST, prefetch: 5, ack: 'manual' as const, nackChance: 0, rejectChance: 0, requeue: false, priority: null, exclusive: false };

/** The demo's traffic: orders and payments published a few a second; orders' consumer rejects one
 *  in ten without requeue, so shop.dead-letters fills; payments and audit are worked through. */
export const DEMO_TRAFFIC: SimulatedSpec[] = [
  { kind: 'producer', spec: { ...base, exchange: 'shop', keyMode: 'round-robin', keys: ['order.created', 'payment.received', 'order.shipped'], body: '{"n": {n}, "event": "{key}", "at": "{time}"}', rate: 3 } },
  { kind: 'consumer', spec: { ...worker, queue: 'orders', workMinMs: 100, workMaxMs: 600, rejectChance: 0.1 } },
  { kind: 'consumer', spec: { ...worker, queue: 'payments', workMinMs: 50, workMaxMs: 300 } },
  { kind: 'consumer', spec: { ...worker, queue: 'audit', workMinMs: 20, workMaxMs: 100 } },
];

/** Starts the demo's simulated clients in `vhost` unless some already run there (loading the demo
 *  again adds no second set). Without a simulation (no AMQP listener) the demo is topology only. */
export async function startDemoTraffic(simulation: Simulation | null, vhost: string): Promise<void> {
  if (!simulation || simulation.list().some((c) => c.spec.vhost === vhost && c.state !== 'stopped')) return;
  for (const s of DEMO_TRAFFIC) await simulation.add({ ...s, spec: { ...s.spec, vhost } } as SimulatedSpec);
}

/** Create the demo vhost (if missing) with the demo topology, idempotently, and start its traffic. */
export async function loadDemo(broker: Broker, learners: (string | null)[], simulation: Simulation | null): Promise<string> {
  const v = openVhost(broker, DEMO_VHOST, learners);
  applyTopology(v, DEMO_TOPOLOGY);
  await startDemoTraffic(simulation, DEMO_VHOST);
  return DEMO_VHOST;
}
