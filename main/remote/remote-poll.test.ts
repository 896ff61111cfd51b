// The poller against a port nothing listens on (a real refused connection): it keeps polling,
// logs the failure once, sends nothing it does not have, and stops when the last watcher leaves.
import { describe, expect, it } from 'vitest';
import { ManagementClient } from './management-client';
import { MIN_POLL_MS, RemotePoller } from './remote-poll';
import { closedPort } from '../test-support/closed-port';
import { pollUntil } from '../test-support/wait';

describe('RemotePoller', () => {
  it('polls no faster than once a second', () => {
    const client = new ManagementClient({ url: 'http://127.0.0.1:1', user: 'u', password: 'p' });
    expect(new RemotePoller(client, 10, { warn: () => {}, info: () => {} }).pollMs).toBe(MIN_POLL_MS);
    expect(new RemotePoller(client, undefined, { warn: () => {}, info: () => {} }).pollMs).toBe(3000);
  });

  it('logs an unreachable broker once, not per poll, sends nothing, and stops with the last watcher', async () => {
    const client = new ManagementClient({ url: `http://127.0.0.1:${await closedPort()}`, user: 'u', password: 'p' });
    const warned: string[] = [];
    let polls = 0;
    const poller = new RemotePoller(client, 1000, { warn: (m) => warned.push(m), info: () => {} }, () => { polls++; return Date.now(); });
    const sent: string[] = [];
    const stop = poller.watch('/', { send: (name) => { sent.push(name); } });
    const stop2 = poller.watch('/', { send: (name) => { sent.push(name); } });
    expect(poller.active).toBe(1);
    await pollUntil(() => warned.length, (n) => n > 0, { ms: 3000, what: 'the warning' });
    await new Promise((r) => setTimeout(r, 2300)); // two more polls fail the same way
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/polling vhost '\/' at 127\.0\.0\.1:\d+ failed \(kept the last picture; retrying every 1 s\): cannot reach the management API .*connection refused/);
    expect(sent).toEqual([]);
    expect(polls).toBe(0);
    stop();
    expect(poller.active).toBe(1);
    stop2();
    expect(poller.active).toBe(0);
    client.close();
  });
});
