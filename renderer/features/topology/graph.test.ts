import { describe, expect, it } from 'vitest';
import type { BindingInfo, ExchangeInfo, QueueInfo } from '../../../shared/model/topology';
import { bindingLabel, buildGraph, protocolBadge, protocolLabel } from './graph';
import type { SimulatedClient } from '../../../shared/model/simulate';

const x = (name: string, type: ExchangeInfo['type'] = 'direct', args = {}): ExchangeInfo => ({ vhost: '/', name, type, durable: true, autoDelete: false, internal: false, arguments: args });
const q = (name: string, args = {}): QueueInfo => ({ vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: args, ready: 0, unacked: 0, consumers: 0 });
const b = (source: string, destination: string, routingKey: string, args = {}, destinationType: 'queue' | 'exchange' = 'queue'): BindingInfo => ({ vhost: '/', source, destination, destinationType, routingKey, arguments: args });

function input(over: Partial<Parameters<typeof buildGraph>[0]> = {}) {
  return {
    exchanges: new Map([['', x('')], ['amq.topic', x('amq.topic', 'topic')], ['orders', x('orders', 'topic', { 'alternate-exchange': 'lost' })], ['lost', x('lost', 'fanout')], ['dlx', x('dlx', 'fanout')], ['h', x('h', 'headers')]]),
    queues: new Map([['eu', q('eu', { 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'dead.eu' })], ['dlq', q('dlq')]]),
    bindings: [b('orders', 'eu', 'orders.eu.*'), b('orders', 'eu', 'orders.#'), b('dlx', 'dlq', ''), b('h', 'dlq', '', { 'x-match': 'any', format: 'pdf' }), b('orders', 'h', 'x', {}, 'exchange'), b('amq.topic', 'eu', 'a')],
    connections: new Map([['amqp-1', { id: 'amqp-1', protocol: 'AMQP 0-9-1', address: '127.0.0.1:1', user: 'guest', vhost: '/', clientProperties: { connection_name: 'shop' }, connectedAt: 0 }]]),
    consumers: [{ vhost: '/', queue: 'eu', tag: 'c1', connectionId: 'amqp-1', location: 'channel 1', noAck: false, exclusive: false, prefetch: 0 }],
    publishers: [{ connectionId: 'amqp-1', exchange: 'orders' }],
    filter: '',
    hideDefaults: true,
    ...over,
  };
}

describe('the topology graph', () => {
  it('draws bindings (merged per pair), e2e bindings, dead-letter and alternate routes, producers and consumers', () => {
    const g = buildGraph(input());
    const edge = (kind: string, s: string, t: string) => g.edges.find((e) => e.kind === kind && e.source === s && e.target === t);
    expect(edge('binding', 'x:orders', 'q:eu')?.label).toBe('orders.eu.* | orders.#');
    expect(edge('binding', 'x:orders', 'x:h')?.label).toBe('x');
    expect(edge('binding', 'x:h', 'q:dlq')?.label).toBe('any: format=pdf');
    expect(edge('binding', 'x:dlx', 'q:dlq')?.label).toBe('(no key)');
    expect(edge('dlx', 'q:eu', 'x:dlx')?.label).toBe('dead letters → dead.eu');
    expect(edge('alternate', 'x:orders', 'x:lost')).toBeDefined();
    expect(edge('publish', 'p:amqp-1', 'x:orders')).toBeDefined();
    expect(edge('consume', 'q:eu', 'c:amqp-1')).toBeDefined();
    expect(g.nodes.map((n) => n.id)).not.toContain('x:amq.topic'); // amq.* hidden
    expect(g.edges.some((e) => e.source === 'x:amq.topic')).toBe(false);
  });

  it('draws dead-letter and alternate routes set by policy, the argument winning over the policy', () => {
    const policy = (definition: Record<string, string>) => ({ name: 'p', operator: null, definition });
    const g = buildGraph(input({
      exchanges: new Map([['orders', { ...x('orders', 'topic'), policy: policy({ 'alternate-exchange': 'lost' }) }], ['lost', x('lost', 'fanout')], ['dlx', x('dlx')], ['other', x('other')]]),
      queues: new Map([
        ['eu', { ...q('eu'), policy: policy({ 'dead-letter-exchange': 'dlx', 'dead-letter-routing-key': 'late' }) }],
        ['us', { ...q('us', { 'x-dead-letter-exchange': 'other' }), policy: policy({ 'dead-letter-exchange': 'dlx' }) }],
      ]),
      bindings: [], consumers: [], publishers: [],
    }));
    const edge = (kind: string, s: string) => g.edges.filter((e) => e.kind === kind && e.source === s).map((e) => `${e.target} ${e.label}`);
    expect(edge('alternate', 'x:orders')).toEqual(['x:lost unroutable →']);
    expect(edge('dlx', 'q:eu')).toEqual(['x:dlx dead letters → late']);
    expect(edge('dlx', 'q:us')).toEqual(['x:other dead letters']);
  });

  it('shows the defaults on request and filters by name', () => {
    expect(buildGraph(input({ hideDefaults: false })).nodes.map((n) => n.id)).toContain('x:amq.topic');
    const g = buildGraph(input({ filter: 'EU' }));
    expect(g.nodes.filter((n) => n.type === 'queue' || n.type === 'exchange').map((n) => n.id)).toEqual(['q:eu']);
  });
});

describe('protocolLabel', () => {
  it('names the protocol, and the WebSocket when one carries it', () => {
    expect(protocolLabel({ protocol: 'AMQP 0-9-1', transport: 'tcp' })).toBe('AMQP 0-9-1');
    expect(protocolLabel({ protocol: 'AMQP 0-9-1' })).toBe('AMQP 0-9-1');
    expect(protocolLabel({ protocol: 'AMQP 0-9-1', transport: 'websocket' })).toBe('AMQP 0-9-1 over WebSocket');
  });
});

describe('protocolBadge', () => {
  it('says AMQP or MQTT, and WS over a WebSocket', () => {
    expect(protocolBadge({ protocol: 'AMQP 0-9-1', transport: 'tcp' })).toBe('AMQP');
    expect(protocolBadge({ protocol: 'MQTT', transport: 'tcp' })).toBe('MQTT');
    expect(protocolBadge({ protocol: 'MQTT', transport: 'websocket' })).toBe('MQTT/WS');
  });
});

describe('bindingLabel', () => {
  it('shows an MQTT subscription queue binding with its topic filter', () => {
    const b = { vhost: '/', source: 'amq.topic', destinationType: 'queue' as const, arguments: {} };
    expect(bindingLabel({ ...b, destination: 'mqtt-subscription-s1qos1', routingKey: 'sensors.*.temp' })).toBe('sensors.*.temp (MQTT sensors/+/temp)');
    expect(bindingLabel({ ...b, destination: 'plain', routingKey: 'sensors.*.temp' })).toBe('sensors.*.temp');
    // MQTT 5 subscription options travel as binding arguments; the filter is still what it shows
    expect(bindingLabel({ ...b, destination: 'mqtt-subscription-s1qos1', routingKey: 'a.#', arguments: { 'x-mqtt-subscription-qos': 2 } })).toBe('a.# (MQTT a/#)');
  });

  it('draws simulated clients to their exchange and from their queue, as their connection while they have one, and only in their vhost', () => {
    const counts = { published: 0, returned: 0, received: 0, acked: 0, nacked: 0, rejected: 0 };
    const producer: SimulatedClient = { id: 'sim-1', kind: 'producer', name: 'simulated producer 1', connectionId: 'amqp-1', state: 'running', error: null, counts,
      spec: { vhost: '/', exchange: 'orders', keyMode: 'fixed', keys: ['k'], headers: {}, body: '', persistent: false, ttl: null, priority: null, rate: 0, mandatory: false } };
    const consumer: SimulatedClient = { id: 'sim-2', kind: 'consumer', name: 'simulated consumer 2', connectionId: null, state: 'crashed', error: null, counts,
      spec: { vhost: '/', queue: 'dlq', prefetch: 1, ack: 'manual', workMinMs: 0, workMaxMs: 0, nackChance: 0, rejectChance: 0, requeue: false, priority: null, exclusive: false } };
    const elsewhere: SimulatedClient = { ...consumer, id: 'sim-3', spec: { ...consumer.spec, vhost: 'other' } };
    const g = buildGraph(input({ simulated: [producer, consumer, elsewhere], vhost: '/' }));
    const types = Object.fromEntries(g.nodes.map((n) => [n.id, n.type]));
    // amqp-1 is the simulated producer's connection: drawn once, as the simulated client
    expect(types['p:amqp-1']).toBe('simProducer');
    expect(types['c:amqp-1']).toBeUndefined();
    expect(g.nodes.find((n) => n.id === 'p:amqp-1')?.name).toBe('sim-1');
    expect(types['c:sim-2']).toBe('simConsumer');
    expect(g.nodes.filter((n) => n.name === 'sim-3')).toEqual([]);
    const ids = g.edges.map((e) => e.id);
    expect(ids.filter((id) => id === 'publish|p:amqp-1>x:orders')).toHaveLength(1);
    expect(ids).toContain('consume|q:dlq>c:sim-2');
  });
});
