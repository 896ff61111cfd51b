// The assembly starts whatever listeners it is given and stops them all: every listener closes
// its own clients (AMQP: 320 CONNECTION_FORCED with the reason) before stop() resolves.
import amqp from 'amqplib';
import { describe, expect, it } from 'vitest';
import { listenerUrls } from '../broker/listener';
import { createLogger } from './log';
import { amqpListener, startWarren } from './warren';

describe('startWarren with a list of listeners', () => {
  it('serves each listener and closes the clients of all of them on stop', async () => {
    const warren = await startWarren({ hosts: ['127.0.0.1'], port: 0, listeners: [amqpListener(0), amqpListener(0)], log: createLogger('error'), dataDir: null, ui: null });
    const urls = warren.listeners.flatMap(listenerUrls);
    expect(urls).toHaveLength(2);
    expect(new Set(urls).size).toBe(2);
    expect(urls[0]).toBe(`amqp://127.0.0.1:${warren.amqp.port}`);
    const clients = await Promise.all(urls.map((u) => amqp.connect(u.replace('amqp://', 'amqp://guest:guest@'))));
    expect(warren.broker.clients.size).toBe(2);
    const closed = clients.map((c) => new Promise<Error>((resolve) => c.on('close', resolve)));
    await warren.stop('maintenance');
    for (const err of await Promise.all(closed)) expect(err.message).toMatch(/320 \(CONNECTION-FORCED\) with message "CONNECTION_FORCED - maintenance"/);
    expect(warren.broker.clients.size).toBe(0);
  });

  it('runs the window\'s simulated clients on its own AMQP listener, and stops them when it stops', async () => {
    const warren = await startWarren({ hosts: ['127.0.0.1'], port: 0, log: createLogger('error'), dataDir: null, ui: null });
    warren.broker.vhost('/')!.declareQueue({ name: 'sim-q', passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
    const sim = warren.bridge.simulation!;
    const c = await sim.add({ kind: 'consumer', spec: { vhost: '/', queue: 'sim-q', prefetch: 1, ack: 'manual', workMinMs: 0, workMaxMs: 0, nackChance: 0, rejectChance: 0, requeue: false, priority: null, exclusive: false } });
    expect(c.state).toBe('running');
    const conn = warren.broker.clients.get(c.connectionId!)!;
    expect(conn.info).toMatchObject({ user: 'none', clientProperties: expect.objectContaining({ connection_name: 'simulated consumer 1' }) });
    await warren.stop();
    expect(sim.list().map((x) => x.state)).toEqual(['stopped']);
    expect(warren.broker.clients.size).toBe(0);
    await expect(sim.add({ kind: 'consumer', spec: c.spec as never })).rejects.toThrow('the broker is stopping');
  });
});

