// The demo behind the welcome's "Demo": a small shop's topology in the vhost `demo` (a topic
// exchange, three queues, a dead-letter exchange and its queue), with traffic started by
// startDemoTraffic once simulated clients run inside the broker.
import type { LessonTopology } from '../../shared/model/lessons';
import type { Broker } from '../broker/broker';
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

/**
 * MERGE HOOK (issue 15, simulated clients): start the demo's simulated producers and consumers in
 * `vhost`, e.g. a producer to exchange `shop` with keys order.created / payment.received at a few
 * a second, a consumer on `orders` that rejects one in ten (so `shop.dead-letters` fills) and
 * acking consumers on `payments` and `audit`. It runs once per loadDemo; nothing runs until then.
 */
export function startDemoTraffic(_broker: Broker, _vhost: string): void {
  // filled in when simulated clients run inside the broker
}

/** Create the demo vhost (if missing) with the demo topology, idempotently, and start its traffic. */
export function loadDemo(broker: Broker, learners: (string | null)[], traffic: typeof startDemoTraffic = startDemoTraffic): string {
  const v = openVhost(broker, DEMO_VHOST, learners);
  applyTopology(v, DEMO_TOPOLOGY);
  traffic(broker, DEMO_VHOST);
  return DEMO_VHOST;
}
