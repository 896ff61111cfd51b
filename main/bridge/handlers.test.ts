import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Broker } from '../broker/broker';
import { createBridge, type Bridge } from './bridge';
import { FileLayoutStore, MemoryLayoutStore } from './layout-store';
import { useTempDirs } from '../test-support/tmp-dir';

let broker: Broker;
let bridge: Bridge;
beforeEach(() => {
  broker = new Broker();
  bridge = createBridge(broker, new MemoryLayoutStore());
});

const declareQueue = (name: string, extra: Record<string, unknown> = {}) =>
  bridge.dispatch('declareQueue', { vhost: '/', name, durable: true, exclusive: false, autoDelete: false, ...extra });

describe('command handlers', () => {
  it('answers a bad request with a readable error, never a throw', async () => {
    const r = await bridge.dispatch('declareExchange', { vhost: '/', name: '', type: 'sideways', durable: 'yes' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_REQUEST');
    expect(r.error.message).toMatch(/name: the exchange name must not be empty/);
    expect(r.error.message).toMatch(/type: type must be one of direct, fanout, topic, headers, x-consistent-hash, x-random/);
    expect(r.error.message).toMatch(/durable/);
    expect((await bridge.dispatch('rm -rf', {})).ok).toBe(false);
    expect((await bridge.dispatch('getSnapshot', null)).ok).toBe(false);
    expect((await bridge.dispatch('getSnapshot', { vhost: '/', extra: 1 })).ok).toBe(false);
  });

  it('maps broker errors to their reply names and texts (403 on amq.*, 406 on an incompatible redeclare)', async () => {
    const x = { vhost: '/', name: 'amq.mine', type: 'direct', durable: true, autoDelete: false, internal: false };
    const denied = await bridge.dispatch('declareExchange', x);
    expect(denied).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED', replyCode: 403 } });
    expect((await bridge.dispatch('declareExchange', { ...x, name: 'orders' })).ok).toBe(true);
    const clash = await bridge.dispatch('declareExchange', { ...x, name: 'orders', type: 'fanout' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED', replyCode: 406 } });
    if (!clash.ok) expect(clash.error.message).toContain("inequivalent arg 'type' for exchange 'orders'");
    expect(await bridge.dispatch('getSnapshot', { vhost: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('declares a plugin exchange with the form\'s arguments; the broker\'s 406 for bad ones reaches the form', async () => {
    const x = { vhost: '/', durable: true, autoDelete: false, internal: false };
    const hashed = await bridge.dispatch('declareExchange', { ...x, name: 'shards', type: 'x-consistent-hash', alternateExchange: 'lost', arguments: { 'hash-header': 'customer' } });
    expect(hashed).toMatchObject({ ok: true, value: { arguments: { 'alternate-exchange': 'lost', 'hash-header': 'customer' } } });
    const bad = await bridge.dispatch('declareExchange', { ...x, name: 'recent', type: 'x-recent-history', arguments: { 'x-recent-history-length': 0 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED', replyCode: 406 } });
    if (!bad.ok) expect(bad.error.message).toContain("'x-recent-history-length' must be a positive integer");
    expect((await bridge.dispatch('declareExchange', { ...x, name: 'r', type: 'topic', arguments: 'x=1' })).ok).toBe(false);
  });

  it('names the browser session\'s user as the one behind the events a command causes (the desktop window: nobody)', async () => {
    const actors: Array<string | null> = [];
    broker.events.subscribe((e) => { if (e.type === 'queue.declared') actors.push(broker.events.actor); }, { messages: false });
    expect((await bridge.dispatch('declareQueue', { vhost: '/', name: 'by-guest', durable: false, exclusive: false, autoDelete: false }, { user: 'guest' })).ok).toBe(true);
    expect((await declareQueue('by-window')).ok).toBe(true);
    expect(actors).toEqual(['guest', null]);
  });

  it('declares queues with every argument form and reports them in the snapshot', async () => {
    const r = await declareQueue('work', {
      messageTtl: 60000, expires: 3_600_000, deadLetterExchange: 'dlx', deadLetterRoutingKey: 'dead', maxLength: 10,
      maxLengthBytes: 1000, overflow: 'reject-publish', maxPriority: 5, singleActiveConsumer: true,
    });
    expect(r.ok).toBe(true);
    const snap = await bridge.dispatch('getSnapshot', { vhost: '/' });
    if (!snap.ok) throw new Error('no snapshot');
    const q = (snap.value as { queues: Array<{ name: string; arguments: Record<string, unknown> }> }).queues.find((x) => x.name === 'work')!;
    expect(q.arguments).toEqual({
      'x-message-ttl': 60000, 'x-expires': 3_600_000, 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'dead',
      'x-max-length': 10, 'x-max-length-bytes': 1000, 'x-overflow': 'reject-publish', 'x-max-priority': 5, 'x-single-active-consumer': true,
    });
    expect((await declareQueue('bad', { maxPriority: 0 })).ok).toBe(false);
    expect((await declareQueue('bad', { messageTtl: -1 })).ok).toBe(false);
    // the schema comes from the queue argument table: its options, the form's bounds, no other fields
    const refused = (message: string) => ({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining(message) } });
    expect(await declareQueue('bad', { overflow: 'drop-tail' })).toMatchObject(refused('overflow: Overflow must be one of drop-head, reject-publish, reject-publish-dlx'));
    expect(await declareQueue('bad', { messageTtl: 2 ** 32 })).toMatchObject(refused('messageTtl: Message TTL (ms) is too large'));
    expect(await declareQueue('bad', { expires: 0 })).toMatchObject(refused('expires: Queue expires after (ms unused) must be at least 1'));
    expect(await declareQueue('bad', { queueMode: 'lazy' })).toMatchObject(refused('queueMode'));
    const quorum = await declareQueue('q2', { queueType: 'quorum', deliveryLimit: 3 });
    expect(quorum.ok).toBe(true);
  });

  it('binds and unbinds queues and exchanges, with routing keys or header matches', async () => {
    const x = { vhost: '/', type: 'headers', durable: true, autoDelete: false, internal: false } as const;
    await bridge.dispatch('declareExchange', { ...x, name: 'h' });
    await bridge.dispatch('declareExchange', { ...x, name: 'h2' });
    await declareQueue('q');
    const b = { vhost: '/', source: 'h', destination: 'q', destinationType: 'queue', routingKey: '', arguments: { 'x-match': 'any', format: 'pdf', size: 3 } };
    expect((await bridge.dispatch('bind', b)).ok).toBe(true);
    expect((await bridge.dispatch('bind', { ...b, destination: 'h2', destinationType: 'exchange' })).ok).toBe(true);
    let snap = await bridge.dispatch('getSnapshot', { vhost: '/' });
    const bindings = () => (snap.ok ? (snap.value as { bindings: unknown[] }).bindings : []);
    expect(bindings()).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'h', destination: 'q', arguments: { 'x-match': 'any', format: 'pdf', size: 3 } })]));
    expect((await bridge.dispatch('unbind', b)).ok).toBe(true);
    snap = await bridge.dispatch('getSnapshot', { vhost: '/' });
    expect(bindings()).toHaveLength(1);
    expect(await bridge.dispatch('bind', { ...b, destination: 'missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', replyCode: 404 } });
  });

  it('deletes and purges queues, saying how many messages went', async () => {
    await declareQueue('q');
    expect(await bridge.dispatch('purgeQueue', { vhost: '/', name: 'q' })).toEqual({ ok: true, value: { messages: 0 } });
    expect(await bridge.dispatch('deleteQueue', { vhost: '/', name: 'q' })).toEqual({ ok: true, value: { messages: 0 } });
    expect(await bridge.dispatch('deleteQueue', { vhost: '/', name: 'q' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await bridge.dispatch('deleteExchange', { vhost: '/', name: 'amq.direct' })).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
    expect(await bridge.dispatch('closeConnection', { id: 'amqp-99' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('layout store', () => {
  const tempDir = useTempDirs('layout');
  let dir: string;
  beforeEach(() => { dir = tempDir(); });

  it('keeps positions per vhost in a JSON file that survives a restart', async () => {
    const a = createBridge(new Broker(), new FileLayoutStore(dir));
    expect(await a.dispatch('saveLayout', { vhost: '/', positions: { 'q:orders': { x: 10, y: 20 } } })).toEqual({ ok: true, value: null });
    expect(JSON.parse(readFileSync(join(dir, 'warren-layout.json'), 'utf8')).vhosts['/']).toEqual({ 'q:orders': { x: 10, y: 20 } });
    const b = createBridge(new Broker(), new FileLayoutStore(dir));
    expect(await b.dispatch('getLayout', { vhost: '/' })).toEqual({ ok: true, value: { 'q:orders': { x: 10, y: 20 } } });
    expect(await b.dispatch('getLayout', { vhost: 'other' })).toEqual({ ok: true, value: {} });
    expect((await b.dispatch('saveLayout', { vhost: '/', positions: { a: { x: Infinity, y: 0 } } })).ok).toBe(false);
  });
});
