import { describe, expect, it } from 'vitest';
import { Broker } from './broker';
import type { Client } from './client';

function client(id: string, vhost: string, closed: string[]): Client {
  return {
    info: { id, protocol: 'amqp', address: '', user: 'guest', vhost, clientProperties: {}, connectedAt: 0 },
    close: (reason) => { closed.push(`${id} ${reason.kind} ${reason.text}`); },
    unacked: () => [],
    details: () => ({ protocol: 'amqp-0-9-1', channels: [] }),
  };
}

describe('Broker vhosts', () => {
  it('starts with guest, an administrator with full permissions on /', () => {
    const b = new Broker();
    expect(b.users.get('guest')?.tags).toEqual(['administrator']);
    expect(b.permissions.get('guest', '/')).toMatchObject({ configure: '.*', write: '.*', read: '.*' });
    expect(b.users.authenticate('guest', 'guest', true).ok).toBe(true);
    expect(b.users.authenticate('guest', 'guest', false).ok).toBe(false);
    expect(b.users.authenticate('guest', 'nope', true).ok).toBe(false);
  });

  it('adds a vhost once, letting the outer layers prepare it', () => {
    const b = new Broker();
    const prepared: string[] = [];
    b.onVhostAdded = (v) => prepared.push(v.name);
    expect(b.addVhost('v')).toBe(true);
    expect(b.addVhost('v')).toBe(false);
    expect(prepared).toEqual(['v']);
    expect(b.vhost('v')?.exchange('amq.topic')).toBeDefined();
  });

  it('deletes a vhost: its connections closed (vhost-deleted), its queues, exchanges and permissions gone', () => {
    const b = new Broker();
    b.addVhost('v');
    const v = b.vhost('v')!;
    v.declareQueue({ name: 'q', passive: false, durable: true, exclusive: false, autoDelete: false, args: [] }, null);
    v.declareExchange({ name: 'x', type: 'fanout', passive: false, durable: true, autoDelete: false, internal: false, args: [] });
    v.bindQueue('q', 'x', '', [], null);
    b.permissions.set({ user: 'guest', vhost: 'v', configure: '.*', write: '.*', read: '.*' });
    const closed: string[] = [];
    b.clientOpened(client('c1', 'v', closed));
    b.clientOpened(client('c2', '/', closed));
    expect(b.deleteVhost('v')).toBe(true);
    expect(closed).toEqual(["c1 vhost-deleted vhost 'v' is deleted"]);
    expect(b.vhost('v')).toBeUndefined();
    expect(v.queues.size).toBe(0);
    expect(v.exchange('x')).toBeUndefined();
    expect(b.permissions.get('guest', 'v')).toBeUndefined();
    expect(b.deleteVhost('v')).toBe(false);
  });
});
