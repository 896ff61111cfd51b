// RabbitMQ's firehose as the window's live traffic (main/remote/firehose.ts), against a real
// RabbitMQ and against Warren's own API (which keeps RabbitMQ's firehose too): amqplib publishes
// into a topology there, and the Firehose's batches carry route, unroutable and deliver events
// naming the right exchanges and queues, a publish and its delivery under one id; the Trace tool's
// list and trace come from the same messages. Tracing goes off again with off(), also when the
// AMQP side fails, and a vhost's description and tags survive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowBatch, FlowEvent } from '../../shared/ipc/contract';
import { Firehose, type FirehoseOptions } from '../remote/firehose';
import { Firehoses } from '../remote/firehoses';
import { ManagementClient } from '../remote/management-client';
import { until } from '../test-support/wait';
import { channel, closeAll, connect, type Channel } from './amqp-util';
import { uniqueName } from './harness';
import type { ManagementTarget } from './management-support';
import { amqpBase, clientFor, ownVhost, REMOTE_BROKERS, START_TIMEOUT_MS } from './remote-support';

function firehoseOf(t: ManagementTarget, api: ManagementClient, vhost: string, extra: Partial<FirehoseOptions> = {}): { f: Firehose; events: FlowEvent[] } {
  const events: FlowEvent[] = [];
  const f = new Firehose({
    api, vhost, amqp: { amqpUrl: amqpBase(t), user: t.admin[0], password: t.admin[1] },
    onBatch: (b: FlowBatch) => { events.push(...b.events); }, batch: { tickMs: 20 }, ...extra,
  });
  return { f, events };
}

const tracing = async (t: ManagementTarget, vhost: string): Promise<boolean> => (await t.call('GET', `/api/vhosts/${encodeURIComponent(vhost)}`)).json.tracing;

describe.each(REMOTE_BROKERS)('the firehose of a vhost on $name', ({ start }) => {
  let t: ManagementTarget;
  let api: ManagementClient;
  beforeAll(async () => {
    t = await start();
    api = clientFor(t);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await closeAll();
    api.close();
    await t.stop();
  });

  async function topology(vhost: string): Promise<Channel> {
    const ch = await channel(await connect(t.amqpUrl(vhost), { noDelay: true }));
    await ch.assertExchange('orders', 'topic', { durable: false });
    await ch.assertExchange('nowhere', 'direct', { durable: false });
    for (const [q, key] of [['eu', 'order.eu.*'], ['all', 'order.#']]) {
      await ch.assertQueue(q, { durable: false });
      await ch.bindQueue(q, 'orders', key);
    }
    return ch;
  }

  it('feeds route, unroutable and deliver events, a publish and its delivery under one id, and traces', async () => {
    const vhost = uniqueName('amqpremote-fh');
    await ownVhost(t, vhost);
    const ch = await topology(vhost);
    const { f, events } = firehoseOf(t, api, vhost);
    expect(await f.on()).toEqual({ vhost, on: true, ours: true, available: true });
    expect(await tracing(t, vhost)).toBe(true);

    ch.publish('orders', 'order.eu.1', Buffer.from('{"n":1}'), { messageId: 'order-1' });
    ch.publish('nowhere', 'x', Buffer.from('lost'));
    const got = await until(() => ch.get('eu', { noAck: true }));
    expect(got.content.toString()).toBe('{"n":1}');

    const route = await until(() => events.find((e) => e.k === 'route'));
    const deliver = await until(() => events.find((e) => e.k === 'deliver'));
    const unroutable = await until(() => events.find((e) => e.k === 'unroutable'));
    expect(route).toMatchObject({ k: 'route', exchange: 'orders', conn: expect.stringContaining(' -> ') });
    expect(route.k === 'route' && route.hops.sort()).toEqual([['orders', 'all', 'queue'], ['orders', 'eu', 'queue']]);
    expect(deliver).toMatchObject({ k: 'deliver', id: route.id, queue: 'eu', redelivered: false });
    expect(unroutable).toMatchObject({ k: 'unroutable', exchange: 'nowhere', outcome: 'dropped' });
    expect(unroutable.id).not.toBe(route.id);

    const listed = f.listTraces(10);
    expect(listed.map((s) => s.exchange).sort()).toEqual(['nowhere', 'orders']);
    expect(f.listTraces(10, 'eu')).toMatchObject([{ lineage: route.id, exchange: 'orders', routingKey: 'order.eu.1', steps: 3, lastKind: 'delivered' }]);
    expect(f.getTrace(route.id)!.entries.map((e) => e.step)).toMatchObject([
      { kind: 'published', exchange: 'orders', routingKey: 'order.eu.1', size: 7 },
      { kind: 'routed', queues: expect.arrayContaining(['eu', 'all']) },
      { kind: 'delivered', queue: 'eu', redelivered: false },
    ]);

    expect(await f.off()).toEqual({ vhost, on: false, ours: false, available: true });
    expect(await tracing(t, vhost)).toBe(false);
    expect(await f.off()).toMatchObject({ on: false, ours: false }); // idempotent
  });

  it("takes a route's hops from the target's bindings when it can say (the firehose names only the queues)", async () => {
    const vhost = uniqueName('amqpremote-fh');
    await ownVhost(t, vhost);
    const ch = await topology(vhost);
    const asked: unknown[] = [];
    const { f, events } = firehoseOf(t, api, vhost, {
      hops: (exchange, routingKey, queues) => {
        asked.push([exchange, routingKey, [...queues].sort()]);
        return exchange === 'orders' ? [['orders', 'regional', 'exchange'], ...queues.map((q): [string, string, 'queue'] => ['regional', q, 'queue'])] : null;
      },
    });
    await f.on();
    ch.publish('orders', 'order.eu.2', Buffer.from('x'));
    ch.publish('amq.topic', 'k', Buffer.from('y'));
    await ch.bindQueue('all', 'amq.topic', 'k');
    ch.publish('amq.topic', 'k', Buffer.from('z'));
    const routes = await until(() => { const r = events.filter((e) => e.k === 'route'); return r.length === 2 && r; });
    expect(asked).toEqual([['orders', 'order.eu.2', ['all', 'eu']], ['amq.topic', 'k', ['all']]]);
    expect(routes[0]).toMatchObject({ exchange: 'orders', hops: [['orders', 'regional', 'exchange'], ['regional', expect.any(String), 'queue'], ['regional', expect.any(String), 'queue']] });
    expect(routes[1]).toMatchObject({ exchange: 'amq.topic', hops: [['amq.topic', 'all', 'queue']] });
    expect(f.getTrace(routes[0].id)!.entries[1].step).toMatchObject({ kind: 'routed', hops: [{ source: 'orders', destination: 'regional', destinationType: 'exchange', routingKey: 'order.eu.2' }, {}, {}] });
    await f.off();
  });

  it('caps each batch and counts what it leaves out: a burst of 3,000 publishes', async () => {
    const vhost = uniqueName('amqpremote-fh');
    await ownVhost(t, vhost);
    const ch = await topology(vhost);
    const batches: FlowBatch[] = [];
    const f = new Firehose({
      api, vhost, amqp: { amqpUrl: amqpBase(t), user: t.admin[0], password: t.admin[1] },
      onBatch: (b) => batches.push(b), batch: { tickMs: 20, maxEvents: 50 },
    });
    await f.on();
    for (let i = 0; i < 3000; i++) ch.publish('nowhere', 'k', Buffer.from(String(i)));
    const total = () => batches.reduce((n, b) => n + b.events.length + b.dropped, 0);
    await until(() => total() >= 3000, { ms: 20_000, what: '3,000 trace messages' });
    expect(total()).toBe(3000);
    expect(Math.max(...batches.map((b) => b.events.length))).toBeLessThanOrEqual(50);
    expect(batches.some((b) => b.dropped > 0)).toBe(true);
    await f.off();
  });

  it("keeps the vhost's description and tags, and leaves on what was on before", async () => {
    const vhost = uniqueName('amqpremote-fh');
    await ownVhost(t, vhost);
    const path = `/api/vhosts/${encodeURIComponent(vhost)}`;
    await t.call('PUT', path, { body: { description: 'staging orders', tags: 'team-a,eu' } });
    const { f } = firehoseOf(t, api, vhost);
    await f.on();
    expect((await t.call('GET', path)).json).toMatchObject({ description: 'staging orders', tags: ['team-a', 'eu'], tracing: true });
    await f.off();
    expect((await t.call('GET', path)).json).toMatchObject({ description: 'staging orders', tags: ['team-a', 'eu'], tracing: false });

    await t.call('PUT', path, { body: { description: 'staging orders', tags: 'team-a,eu', tracing: true } });
    const { f: g } = firehoseOf(t, api, vhost);
    expect(await g.on()).toMatchObject({ on: true, ours: false });
    expect(await g.off()).toMatchObject({ on: true, ours: false });
    expect(await tracing(t, vhost)).toBe(true);
  });

  it('switches tracing off again when AMQP fails: refused at the start, cut later', async () => {
    const vhost = uniqueName('amqpremote-fh');
    await ownVhost(t, vhost);
    const { f: bad } = firehoseOf(t, api, vhost, { amqp: { amqpUrl: 'amqp://127.0.0.1:1', user: t.admin[0], password: t.admin[1] } });
    await expect(bad.on()).rejects.toThrow(/cannot reach AMQP at 127.0.0.1:1: connection refused/);
    expect(await tracing(t, vhost)).toBe(false);
    expect(bad.status()).toMatchObject({ on: false, ours: false });

    let stopped = '';
    const { f } = firehoseOf(t, api, vhost, { onStopped: (why) => { stopped = why; } });
    await f.on();
    expect(await tracing(t, vhost)).toBe(true);
    const conns = await until(async () => {
      const all = (await t.call('GET', '/api/connections')).json as Array<{ name: string; client_properties: { connection_name?: string } }>;
      return all.find((c) => c.client_properties.connection_name === `Warren window: firehose of vhost '${vhost}'`);
    }, { ms: 15_000, what: 'the firehose connection in /api/connections' });
    await t.call('DELETE', `/api/connections/${encodeURIComponent(conns.name)}`);
    await until(() => stopped, { what: 'onStopped' });
    expect(stopped).toMatch(/the firehose stopped: .*tracing is off again/);
    expect(await tracing(t, vhost)).toBe(false);
    expect(f.status()).toMatchObject({ on: false, ours: false });
  });

  it("a target's firehoses: one per vhost, batches named by vhost, all switched off on close; none without AMQP", async () => {
    const [v1, v2] = [uniqueName('amqpremote-fh'), uniqueName('amqpremote-fh')];
    await ownVhost(t, v1);
    await ownVhost(t, v2);
    const batches: FlowBatch[] = [];
    const set = new Firehoses({ api, amqp: { amqpUrl: amqpBase(t), user: t.admin[0], password: t.admin[1] }, onBatch: (b) => batches.push(b), firehose: { batch: { tickMs: 20 } } });
    expect(await set.status(v1)).toEqual({ vhost: v1, on: false, ours: false, available: true });
    await set.set(v1, true);
    expect(await set.set(v2, true)).toMatchObject({ on: true, ours: true });
    for (const v of [v1, v2]) {
      const ch = await channel(await connect(t.amqpUrl(v)));
      ch.publish('amq.fanout', '', Buffer.from(v));
    }
    await until(() => new Set(batches.filter((b) => b.events.some((e) => e.k === 'unroutable')).map((b) => b.vhost)).size === 2, { what: 'batches from both vhosts' });
    expect(set.listTraces(v1, 10)).toMatchObject([{ exchange: 'amq.fanout', lastKind: 'unroutable' }]);
    expect(set.getTrace(v1, set.listTraces(v1, 10)[0].lineage)!.entries).toHaveLength(2);
    expect(set.listTraces('elsewhere', 10)).toEqual([]);
    expect(await set.set(v2, false)).toMatchObject({ on: false, ours: false });
    expect([await tracing(t, v1), await tracing(t, v2)]).toEqual([true, false]);
    await set.close();
    expect(await tracing(t, v1)).toBe(false);
    expect(await set.status(v1)).toMatchObject({ on: false, ours: false, available: true });

    const none = new Firehoses({ api, amqp: null, onBatch: () => undefined });
    expect(await none.status(v1)).toMatchObject({ available: false, reason: expect.stringContaining('no AMQP address') });
    await expect(none.set(v1, true)).rejects.toThrow('this profile has no AMQP address');
  });
});
