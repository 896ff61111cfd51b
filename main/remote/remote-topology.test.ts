// The API's JSON -> the contract, with JSON captured from RabbitMQ 3.10.8 and from Warren's own
// management API while main/integration/py/remote_topology.py ran (prefix rtfix; see fixtures/capture.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consumerNode, exchangeNode, flowKey, producerNode, queueNode } from '../../shared/ipc/ids';
import {
  publishersFromApi, snapshotFromApi, statsFromApi, topologyKey, type ApiChannel, type ApiExchange, type ApiVhostData,
} from './remote-topology';

function fixture(dir: string): ApiVhostData {
  const read = (name: string): never => JSON.parse(readFileSync(new URL(`./fixtures/${dir}/${name}.json`, import.meta.url), 'utf8')) as never;
  return {
    vhost: '/', vhosts: ['/'], exchanges: read('exchanges'), queues: read('queues'), bindings: read('bindings'),
    consumers: read('consumers'), connections: read('connections'), channels: read('channels'),
    policies: [], operatorPolicies: [],
  };
}

describe.each(['rabbitmq-3.10', 'warren'])('the topology from %s', (dir) => {
  const data = fixture(dir);
  const snap = snapshotFromApi(data);
  const conn = data.connections[0].name;

  it('maps exchanges with their arguments (the alternate exchange) and types', () => {
    const x = snap.exchanges.find((e) => e.name === 'rtfix.x')!;
    expect(x).toMatchObject({ type: 'direct', durable: true, autoDelete: false, internal: false, arguments: { 'alternate-exchange': 'rtfix.ae' } });
    expect(snap.exchanges.find((e) => e.name === 'rtfix.t')?.type).toBe('topic');
  });

  it('maps queues: type, leader and members of a quorum queue, a dead-letter exchange by argument and by policy', () => {
    const qq = snap.queues.find((q) => q.name === 'rtfix.qq')!;
    expect(qq.queueType).toBe('quorum');
    expect(qq.node).toBeTruthy();
    if (dir.startsWith('rabbitmq')) expect(qq.members).toEqual([qq.node]);
    expect(snap.queues.find((q) => q.name === 'rtfix.q')).toMatchObject({ queueType: 'classic', arguments: { 'x-dead-letter-exchange': 'rtfix.dlx' } });
    expect(snap.queues.find((q) => q.name === 'rtfix.pq')?.policy).toEqual({ name: 'rtfix-pq', operator: null, definition: { 'dead-letter-exchange': 'rtfix.dlx' } });
    expect(snap.queues.find((q) => q.name === 'rtfix.aeq')?.policy).toBeUndefined();
  });

  it('maps bindings, exchange-to-exchange ones included, without the default exchange\'s implicit ones', () => {
    expect(snap.bindings).toContainEqual({ vhost: '/', source: 'rtfix.x', destination: 'rtfix.t', destinationType: 'exchange', routingKey: 'k', arguments: {} });
    expect(snap.bindings).toContainEqual({ vhost: '/', source: 'rtfix.t', destination: 'rtfix.qq', destinationType: 'queue', routingKey: '#', arguments: {} });
    expect(snap.bindings.some((b) => b.source === '')).toBe(false);
  });

  it('maps the consumer onto its connection, and the connection as the publisher to rtfix.x', () => {
    expect(snap.connections.map((c) => c.id)).toEqual([conn]);
    expect(snap.connections[0]).toMatchObject({ protocol: 'AMQP 0-9-1', user: 'guest', clientProperties: { connection_name: 'rtfix-client' } });
    expect(snap.connections[0].address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(snap.consumers).toEqual([{ vhost: '/', queue: 'rtfix.q', tag: 'rtfix-ctag', connectionId: conn, location: 'channel 2', noAck: false, exclusive: false, prefetch: 10 }]);
    expect(snap.publishers).toEqual([{ connectionId: conn, exchange: 'rtfix.x' }]);
  });

  it('counts a queue\'s consumers from the consumer list when its statistics lag behind it', () => {
    const lagging = { ...data, queues: data.queues.map((x) => (x.name === 'rtfix.q' ? { ...x, consumers: 0 } : x)) };
    expect(snapshotFromApi(lagging).queues.find((x) => x.name === 'rtfix.q')?.consumers).toBe(1);
    expect(statsFromApi(lagging, [], 0).queues.find((x) => x.name === 'rtfix.q')?.consumers).toBe(1);
  });

  it('gives depths and edge rates on the local sampler\'s edge keys', () => {
    const stats = statsFromApi(data, snap.publishers, 1234);
    const q = data.queues.find((x) => x.name === 'rtfix.q')!;
    expect(stats).toMatchObject({ vhost: '/', t: 1234, eventRate: 0, sentRate: 0, publishers: snap.publishers });
    expect(stats.queues.find((s) => s.name === 'rtfix.q')).toEqual({ name: 'rtfix.q', ready: q.messages_ready, unacked: q.messages_unacknowledged, consumers: 1 });
    expect(stats.rates[flowKey(producerNode(conn), exchangeNode('rtfix.x'))]).toBeGreaterThan(10);
    expect(stats.rates[flowKey(exchangeNode('rtfix.x'), queueNode('rtfix.q'))]).toBeGreaterThan(10);
    expect(stats.rates[flowKey(exchangeNode('rtfix.t'), queueNode('rtfix.qq'))]).toBeGreaterThan(10);
    expect(stats.rates[flowKey(queueNode('rtfix.q'), consumerNode(conn))]).toBeGreaterThan(10);
    expect(Object.keys(stats.rates).some((k) => k.startsWith('x:>'))).toBe(false);
  });
});

describe('topologyKey', () => {
  it('ignores queue depths, not structure', () => {
    const snap = snapshotFromApi(fixture('rabbitmq-3.10'));
    const deeper = { ...snap, queues: snap.queues.map((q) => ({ ...q, ready: q.ready + 5, unacked: 3 })) };
    expect(topologyKey(deeper)).toBe(topologyKey(snap));
    expect(topologyKey({ ...snap, bindings: snap.bindings.slice(1) })).not.toBe(topologyKey(snap));
  });
});

describe('publishersFromApi', () => {
  const ch = (conn: string, count: number, rate: number): ApiChannel => ({ name: `${conn} (1)`, connection_details: { name: conn }, message_stats: { publish: count, publish_details: { rate } } });
  const x = (name: string, count: number, rate: number): ApiExchange => ({
    name, vhost: '/', type: 'direct', durable: true, auto_delete: false, internal: false, message_stats: { publish_in: count, publish_in_details: { rate } },
  });

  it('links every publisher to the one exchange published to', () => {
    expect(publishersFromApi({ channels: [ch('a', 5, 1), ch('b', 5, 0), ch('c', 0, 0)], exchanges: [x('e', 10, 1), x('f', 0, 0)] }))
      .toEqual([{ connectionId: 'a', exchange: 'e' }, { connectionId: 'b', exchange: 'e' }]);
  });

  it('narrows to what publishes now when both sides are several', () => {
    expect(publishersFromApi({ channels: [ch('a', 5, 2), ch('b', 5, 0)], exchanges: [x('e', 10, 2), x('f', 3, 0)] }))
      .toEqual([{ connectionId: 'a', exchange: 'e' }]);
  });
});
