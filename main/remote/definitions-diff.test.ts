// Comparing two brokers' definitions: kind by kind, what only one side has and what differs field
// by field; key order, tag order and fields an export of another version leaves out are no
// difference; users by name and tags, never their password hashes.
import { describe, expect, it } from 'vitest';
import { diffDefinitions } from './definitions-diff';

const names = { left: 'staging', right: 'laptop' };
const sectionOf = (d: ReturnType<typeof diffDefinitions>, kind: string) => d.sections.find((s) => s.kind === kind)!;

const staging = {
  rabbit_version: '3.10.8',
  users: [
    { name: 'guest', password_hash: 'SECRET-HASH-1', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['administrator'], limits: {} },
    { name: 'app', password_hash: 'SECRET-HASH-2', tags: ['monitoring', 'management'] },
  ],
  vhosts: [{ name: '/' }, { name: 'shop', description: 'orders', tags: [] }],
  permissions: [{ user: 'app', vhost: 'shop', configure: '', write: '.*', read: '.*' }],
  policies: [{ vhost: 'shop', name: 'ttl', pattern: '^orders', 'apply-to': 'queues', definition: { 'message-ttl': 60000 }, priority: 0 }],
  exchanges: [
    { name: 'orders', vhost: 'shop', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: { 'alternate-exchange': 'lost', x: 1 } },
    { name: 'lost', vhost: 'shop', type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} },
  ],
  queues: [
    { name: 'orders.eu', vhost: 'shop', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum' } },
    { name: 'audit', vhost: '/', durable: true, auto_delete: false, arguments: {} },
  ],
  bindings: [
    { source: 'orders', vhost: 'shop', destination: 'orders.eu', destination_type: 'queue', routing_key: '*.eu', arguments: {} },
    { source: 'orders', vhost: 'shop', destination: 'lost', destination_type: 'exchange', routing_key: '', arguments: { 'x-match': 'any' } },
  ],
};

// Another version's export of nearly the same: 4.x metadata, a comma-separated tag string, keys
// in another order, fields left out that take their defaults; then real differences.
const laptop = {
  rabbitmq_version: '4.0.5',
  users: [{ name: 'app', password_hash: 'OTHER-HASH', tags: 'management,monitoring' }, { name: 'dev', password_hash: 'H', tags: [] }],
  vhosts: [{ name: '/', metadata: { description: '', tags: [] } }, { name: 'shop', metadata: { description: 'orders', tags: [], default_queue_type: 'classic' } }],
  permissions: [{ user: 'app', vhost: 'shop', configure: '.*', write: '.*', read: '.*' }],
  policies: [{ vhost: 'shop', name: 'ttl', pattern: '^orders', definition: { 'message-ttl': 30000 }, 'apply-to': 'queues' }],
  exchanges: [
    { name: 'orders', vhost: 'shop', type: 'topic', arguments: { x: 1, 'alternate-exchange': 'lost' } },
    { name: 'lost', vhost: 'shop', type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {} },
  ],
  queues: [{ name: 'orders.eu', vhost: 'shop', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'classic' } }],
  bindings: [
    { source: 'orders', vhost: 'shop', destination: 'orders.eu', destination_type: 'queue', routing_key: '*.eu', arguments: {} },
    { source: 'orders', vhost: 'shop', destination: 'lost', destination_type: 'exchange', routing_key: '', arguments: { 'x-match': 'all' } },
  ],
};

describe('diffDefinitions', () => {
  it('compares every kind: only on one side, changed field by field, or the same', () => {
    const d = diffDefinitions(staging, laptop, names);
    expect(d).toMatchObject({ left: 'staging', right: 'laptop', vhost: null });
    expect(d.sections.map((s) => s.kind)).toEqual(['vhosts', 'users', 'permissions', 'policies', 'exchanges', 'queues', 'bindings']);
    expect(sectionOf(d, 'vhosts')).toEqual({ kind: 'vhosts', onlyLeft: [], onlyRight: [], changed: [], same: 2 });
    expect(sectionOf(d, 'users')).toEqual({ kind: 'users', onlyLeft: ['guest'], onlyRight: ['dev'], changed: [], same: 1 });
    expect(sectionOf(d, 'permissions').changed).toEqual([{ key: 'shop / app', left: { configure: '' }, right: { configure: '.*' } }]);
    expect(sectionOf(d, 'policies').changed).toEqual([{ key: 'shop / ttl', left: { definition: { 'message-ttl': 60000 } }, right: { definition: { 'message-ttl': 30000 } } }]);
    expect(sectionOf(d, 'exchanges')).toEqual({
      kind: 'exchanges', onlyLeft: [], onlyRight: [], same: 1,
      changed: [{ key: 'shop / lost', left: { type: 'fanout' }, right: { type: 'direct' } }],
    });
    expect(sectionOf(d, 'queues')).toEqual({
      kind: 'queues', onlyLeft: ['/ / audit'], onlyRight: [], same: 0,
      changed: [{ key: 'shop / orders.eu', left: { arguments: { 'x-queue-type': 'quorum' } }, right: { arguments: { 'x-queue-type': 'classic' } } }],
    });
    expect(sectionOf(d, 'bindings')).toEqual({
      kind: 'bindings', changed: [], same: 1,
      onlyLeft: ['shop / orders -> exchange lost () {"x-match":"any"}'], onlyRight: ['shop / orders -> exchange lost () {"x-match":"all"}'],
    });
  });

  it('never carries a password hash', () => {
    const text = JSON.stringify(diffDefinitions(staging, laptop, names));
    expect(text).not.toMatch(/HASH|hashing_algorithm|password/);
  });

  it('one vhost: its objects only, and the global kinds left out; one-vhost exports name no vhost', () => {
    const d = diffDefinitions(staging, laptop, names, '/');
    expect(d.vhost).toBe('/');
    expect(d.sections.map((s) => s.kind)).toEqual(['permissions', 'policies', 'exchanges', 'queues', 'bindings']);
    expect(sectionOf(d, 'queues')).toMatchObject({ onlyLeft: ['/ / audit'], changed: [], same: 0 });
    expect(sectionOf(d, 'exchanges')).toMatchObject({ onlyLeft: [], onlyRight: [], changed: [], same: 0 });

    const strip = (defs: typeof staging | typeof laptop) => ({
      ...defs, exchanges: defs.exchanges.filter((x) => x.vhost === 'shop').map(({ vhost: _, ...x }) => x),
    });
    const shop = diffDefinitions(strip(staging), strip(laptop), names, 'shop');
    expect(sectionOf(shop, 'exchanges').changed.map((c) => c.key)).toEqual(['shop / lost']);
    expect(sectionOf(shop, 'exchanges').same).toBe(1);
  });

  it('identical definitions: nothing but counts; malformed parts are skipped, not thrown on', () => {
    const d = diffDefinitions(staging, structuredClone(staging), names);
    for (const s of d.sections) expect([s.onlyLeft, s.onlyRight, s.changed]).toEqual([[], [], []]);
    expect(d.sections.reduce((n, s) => n + s.same, 0)).toBe(2 + 2 + 1 + 1 + 2 + 2 + 2);
    const odd = diffDefinitions({ queues: 'no', exchanges: [null, 5, { name: 'x', type: 'direct' }] }, {}, names);
    expect(sectionOf(odd, 'exchanges').onlyLeft).toEqual(['/ / x']);
    expect(sectionOf(odd, 'queues').same).toBe(0);
  });
});
