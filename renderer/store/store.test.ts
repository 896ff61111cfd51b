import { describe, expect, it } from 'vitest';
import { createFakeClient, emptySnapshot } from '../ipc/fake-client';
import { connectStore, createWarrenStore } from './create-store';

const queue = (name: string, ready = 0) => ({ vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: {}, ready, unacked: 0, consumers: 0 });
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the store', () => {
  it('keeps unchanged records identical across snapshots, so only changed nodes re-render', () => {
    const store = createWarrenStore(createFakeClient());
    store.getState().applySnapshot({ ...emptySnapshot(), queues: [queue('a'), queue('b')] });
    const a1 = store.getState().queues.get('a');
    const b1 = store.getState().queues.get('b');
    store.getState().applySnapshot({ ...emptySnapshot(), queues: [queue('a'), queue('b', 3)] });
    expect(store.getState().queues.get('a')).toBe(a1);
    expect(store.getState().queues.get('b')).not.toBe(b1);
    expect(store.getState().queues.get('b')!.ready).toBe(3);
    store.getState().applySnapshot({ ...emptySnapshot('/other'), queues: [] }); // another vhost: ignored
    expect(store.getState().queues.size).toBe(2);
  });

  it('takes depths and rates from stats and keeps a minute of history', () => {
    const store = createWarrenStore(createFakeClient());
    store.getState().applySnapshot({ ...emptySnapshot(), queues: [queue('a')] });
    for (let i = 0; i < 70; i++) {
      store.getState().applyStats({ vhost: '/', t: i, queues: [{ name: 'a', ready: i, unacked: 1, consumers: 0 }], rates: { 'x:x>q:a': 5 }, eventRate: 10, sentRate: 5, publishers: [] }, 2);
    }
    const s = store.getState();
    expect(s.queues.get('a')!.ready).toBe(69);
    expect(s.history.get('a')!.ready).toHaveLength(60);
    expect(s.history.get('a')!.ready.at(-1)).toBe(69);
    expect(s.rates['x:x>q:a']).toBe(5);
    expect(s.notShown).toBe(2);
  });

  it('records a command error, in words, under the thing the user acted on, and clears it on success', async () => {
    const client = createFakeClient();
    const store = createWarrenStore(client);
    client.failNext('declareExchange', 'ACCESS_REFUSED', "ACCESS_REFUSED - exchange name 'amq.x' contains reserved prefix 'amq.*'");
    const req = { vhost: '/', name: 'amq.x', type: 'direct', durable: true, autoDelete: false, internal: false } as const;
    const r = await store.getState().run('declareExchange', req, 'form:exchange');
    expect(r.ok).toBe(false);
    expect(store.getState().errors['form:exchange']).toBe("The broker refused access: exchange name 'amq.x' contains reserved prefix 'amq.*'");
    await store.getState().run('declareExchange', { ...req, name: 'ok' }, 'form:exchange');
    expect(store.getState().errors['form:exchange']).toBeUndefined();
  });

  it('connects to the client: subscribes to its vhost, loads the layout, saves dragged positions', async () => {
    const client = createFakeClient({ queues: [queue('a')] });
    client.layout = { 'q:a': { x: 5, y: 6 } };
    const store = createWarrenStore(client);
    const off = connectStore(store, client);
    await flush();
    expect(client.subscribedTo).toBe('/');
    expect(store.getState().loaded).toBe(true);
    expect(store.getState().manual).toEqual({ 'q:a': { x: 5, y: 6 } });
    store.getState().moveNode('q:a', { x: 100.4, y: 200.6 });
    await store.getState().saveLayout();
    expect(client.layout).toEqual({ 'q:a': { x: 100, y: 201 } });
    off();
    expect(client.subscribedTo).toBeNull();
  });

  it('opens the Trace tool on a message clicked on the canvas (as "trace" in the message browser does)', () => {
    const store = createWarrenStore(createFakeClient());
    store.getState().setRouteLit({ nodes: new Set(['q:a']), edges: new Set() });
    store.getState().trace(42);
    expect(store.getState()).toMatchObject({ tool: 'trace', tracing: 42, routeLit: null });
    store.getState().trace(7);
    expect(store.getState().tracing).toBe(7);
  });
});
