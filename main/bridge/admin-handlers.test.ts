// The admin panels' commands on a real core: the same changes the management API makes (saved
// through accessChanged), RabbitMQ's readable refusals, and who may run which.
import { beforeEach, describe, expect, it } from 'vitest';
import { Broker } from '../broker/broker';
import { createBridge, type Bridge } from './bridge';
import { MemoryLayoutStore } from './layout-store';

let broker: Broker;
let bridge: Bridge;
let saves: number;
beforeEach(() => {
  broker = new Broker();
  saves = 0;
  broker.onAccessChanged = () => { saves++; };
  bridge = createBridge(broker, new MemoryLayoutStore(), { version: '9.9.9' });
});

const as = (user: string) => ({ user });
const refused = (message: string) => ({ ok: false, error: { code: 'ACCESS_REFUSED', message: expect.stringContaining(message) } });
const bad = (message: string) => ({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining(message) } });

describe('admin commands (the trusted window)', () => {
  it('adds a vhost, a user and its permissions, saving each change, and never hands out a password hash', async () => {
    expect(await bridge.dispatch('addVhost', { vhost: 'shop' })).toEqual({ ok: true, value: { created: true } });
    expect(await bridge.dispatch('putUser', { name: 'app', password: 'secret', tags: [] })).toEqual({ ok: true, value: { created: true } });
    expect(await bridge.dispatch('setPermission', { user: 'app', vhost: 'shop', configure: '.*', write: '.*', read: '.*' })).toMatchObject({ ok: true });
    expect(saves).toBeGreaterThanOrEqual(3);
    expect(broker.users.authenticate('app', 'secret', true).ok).toBe(true);
    expect(broker.permissions.canAccessVhost('app', 'shop')).toBe(true);
    const users = await bridge.dispatch('listUsers', {});
    expect(users).toMatchObject({ ok: true, value: [{ name: 'app', tags: [], hasPassword: true }, { name: 'guest', tags: ['administrator'], hasPassword: true }] });
    expect(JSON.stringify(users)).not.toMatch(/hash/i);
    // no password: the user keeps theirs, the tags change
    await bridge.dispatch('putUser', { name: 'app', tags: ['monitoring'] });
    expect(broker.users.authenticate('app', 'secret', true).ok).toBe(true);
    expect(broker.users.get('app')!.tags).toEqual(['monitoring']);
    expect(await bridge.dispatch('listPermissions', {})).toMatchObject({ ok: true, value: [{ user: 'guest', vhost: '/' }, { user: 'app', vhost: 'shop', configure: '.*' }] });
    expect(await bridge.dispatch('clearPermission', { user: 'app', vhost: 'shop' })).toMatchObject({ ok: true });
    expect(broker.permissions.canAccessVhost('app', 'shop')).toBe(false);
    expect(await bridge.dispatch('deleteUser', { name: 'app' })).toMatchObject({ ok: true });
    expect(broker.users.has('app')).toBe(false);
  });

  it('sets, lists and clears topic permissions, refusing a bad expression in words', async () => {
    const topic = { user: 'guest', vhost: '/', exchange: 'amq.topic', write: '^orders\\.', read: '.*' };
    expect(await bridge.dispatch('setTopicPermission', topic)).toEqual({ ok: true, value: { created: true } });
    expect(await bridge.dispatch('listTopicPermissions', {})).toEqual({ ok: true, value: [topic] });
    expect(broker.permissions.allowsTopic('guest', '/', 'amq.topic', 'write', 'stock.x', { username: 'guest', vhost: '/' })).toBe(false);
    expect(await bridge.dispatch('setTopicPermission', { ...topic, read: '[' })).toMatchObject(bad('invalid regular expression'));
    expect(await bridge.dispatch('setTopicPermission', { ...topic, user: 'ghost' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await bridge.dispatch('clearTopicPermission', { user: 'guest', vhost: '/', exchange: 'amq.topic' })).toMatchObject({ ok: true });
    expect(broker.permissions.listTopic()).toEqual([]);
    expect(await bridge.dispatch('listTopicPermissions', {}, as('nobody'))).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
  });

  it('lists vhosts with their queues, messages and connections, and deletes one with its queues', async () => {
    await bridge.dispatch('addVhost', { vhost: 'shop' });
    await bridge.dispatch('declareQueue', { vhost: 'shop', name: 'orders', durable: false, exclusive: false, autoDelete: false });
    await bridge.dispatch('publish', { vhost: 'shop', exchange: '', routingKey: 'orders', mandatory: false, body: 'x', bodyEncoding: 'text', properties: {}, headers: [] });
    expect(await bridge.dispatch('listVhosts', {})).toMatchObject({ ok: true, value: [{ name: '/', queues: 0 }, { name: 'shop', queues: 1, messages: 1, connections: 0 }] });
    expect(await bridge.dispatch('deleteVhost', { vhost: 'shop' })).toMatchObject({ ok: true });
    expect(broker.vhost('shop')).toBeUndefined();
    expect(await bridge.dispatch('deleteVhost', { vhost: 'shop' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: "no vhost 'shop'" } });
  });

  it('refuses bad permissions and policies with readable messages', async () => {
    expect(await bridge.dispatch('setPermission', { user: 'nobody', vhost: '/', configure: '', write: '', read: '' }))
      .toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: "no user 'nobody' or no vhost '/'" } });
    expect(await bridge.dispatch('setPermission', { user: 'guest', vhost: '/', configure: '(', write: '', read: '' })).toMatchObject(bad('invalid regular expression'));
    const policy = { kind: 'policy', vhost: '/', name: 'cap', pattern: '^q', applyTo: 'queues', priority: 0 } as const;
    expect(await bridge.dispatch('putPolicy', { ...policy, definition: '{max-length: 2}' })).toMatchObject(bad('the definition is not valid JSON'));
    expect(await bridge.dispatch('putPolicy', { ...policy, definition: '{"max-length": "two"}' })).toMatchObject(bad('Validation failed: '));
    expect(await bridge.dispatch('putPolicy', { ...policy, definition: '{"max-length": 2}' })).toEqual({ ok: true, value: { created: true } });
    expect(broker.vhost('/')!.policies.get('policy', 'cap')!.definition).toEqual({ 'max-length': 2 });
    expect(await bridge.dispatch('listPolicies', { kind: 'policy' })).toEqual({ ok: true, value: [{ vhost: '/', name: 'cap', pattern: '^q', applyTo: 'queues', priority: 0, definition: { 'max-length': 2 } }] });
    expect(await bridge.dispatch('listPolicies', { kind: 'operator' })).toEqual({ ok: true, value: [] });
    expect(await bridge.dispatch('deletePolicy', { kind: 'policy', vhost: '/', name: 'cap' })).toMatchObject({ ok: true });
    expect(await bridge.dispatch('deletePolicy', { kind: 'policy', vhost: '/', name: 'cap' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('exports definitions as RabbitMQ does and imports them whole or into one vhost, saying what came in', async () => {
    await bridge.dispatch('addVhost', { vhost: 'shop' });
    const all = await bridge.dispatch('exportDefinitions', {});
    expect(all).toMatchObject({ ok: true, value: { rabbit_version: '3.10.8', product_version: '9.9.9', vhosts: [{ name: '/' }, { name: 'shop' }] } });
    const text = JSON.stringify({ queues: [{ name: 'imported', durable: true, auto_delete: false, arguments: {} }] });
    expect(await bridge.dispatch('importDefinitions', { text, vhost: 'shop' })).toEqual({ ok: true, value: { queues: 1 } });
    expect(broker.vhost('shop')!.queues.has('imported')).toBe(true);
    expect(await bridge.dispatch('exportDefinitions', { vhost: 'shop' })).toMatchObject({ ok: true, value: { queues: [{ name: 'imported' }] } });
    expect(await bridge.dispatch('importDefinitions', { text: 'not json' })).toMatchObject(bad('import failed: failed to parse json'));
    expect(await bridge.dispatch('importDefinitions', { text, vhost: 'gone' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const refusedByCore = JSON.stringify({ permissions: [{ user: 'ghost', vhost: '/', configure: '', write: '', read: '' }] });
    expect(await bridge.dispatch('importDefinitions', { text: refusedByCore })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^import failed: /) } });
  });

  it('tells the window it is the owner, with every admin panel', async () => {
    expect(await bridge.dispatch('whoAmI', {})).toEqual({ ok: true, value: {
      user: 'owner', tags: ['administrator'], owner: true,
      may: { view: true, vhosts: true, users: true, permissions: true, policies: true, operatorPolicies: true, definitions: true },
    } });
  });
});

describe('the sandbox clock (setVhostClock)', () => {
  it('sets a vhost clock, lists it, saves it, and refuses a bad scale or a missing vhost in words', async () => {
    broker.addVhost('lab');
    const before = saves;
    expect(await bridge.dispatch('setVhostClock', { vhost: 'lab', scale: 60 })).toEqual({ ok: true, value: null });
    expect(saves).toBe(before + 1);
    expect(await bridge.dispatch('listVhosts', {})).toMatchObject({ ok: true, value: [{ name: '/', clockScale: 1 }, { name: 'lab', clockScale: 60 }] });
    expect(await bridge.dispatch('setVhostClock', { vhost: 'lab', scale: 7 })).toMatchObject(bad('clock scale must be 1, 10 or 60, got 7'));
    expect(await bridge.dispatch('setVhostClock', { vhost: 'lab', scale: '60' } as never)).toMatchObject(bad('the clock scale must be a number'));
    expect(await bridge.dispatch('setVhostClock', { vhost: 'nowhere', scale: 10 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: "no vhost 'nowhere'" } });
    expect(broker.vhost('lab')!.clockScale).toBe(60);
    expect(await bridge.dispatch('getSnapshot', { vhost: 'lab' })).toMatchObject({ ok: true, value: { vhost: 'lab', clockScale: 60 } });
  });

  it('is for administrators only (it changes every user\'s TTLs in the vhost)', async () => {
    broker.users.put('mgr', { password: 'x', tags: ['policymaker'] });
    broker.permissions.set({ user: 'mgr', vhost: '/', configure: '.*', write: '.*', read: '.*' });
    expect(await bridge.dispatch('setVhostClock', { vhost: '/', scale: 10 }, as('mgr'))).toMatchObject(refused('only administrators may run setVhostClock'));
    expect(await bridge.dispatch('setVhostClock', { vhost: '/', scale: 10 }, as('guest'))).toMatchObject({ ok: true });
  });
});

describe('who may run the admin commands (RabbitMQ management rules)', () => {
  beforeEach(() => {
    broker.addVhost('shop');
    broker.addVhost('other');
    broker.users.put('mgr', { password: 'x', tags: ['management'] });
    broker.users.put('pol', { password: 'x', tags: ['policymaker'] });
    broker.users.put('mon', { password: 'x', tags: ['monitoring'] });
    for (const user of ['mgr', 'pol']) broker.permissions.set({ user, vhost: 'shop', configure: '.*', write: '.*', read: '.*' });
  });
  const policy = (vhost: string, kind: 'policy' | 'operator' = 'policy') =>
    ({ kind, vhost, name: 'p', pattern: '.*', applyTo: 'all', priority: 0, definition: '{"max-length": 1}' }) as const;

  it('a management user sees only its vhosts and may change none of the admin objects', async () => {
    expect(await bridge.dispatch('whoAmI', {}, as('mgr'))).toMatchObject({ ok: true, value: { user: 'mgr', owner: false, may: { view: false, vhosts: false, users: false, policies: false, definitions: false } } });
    expect(await bridge.dispatch('listVhosts', {}, as('mgr'))).toMatchObject({ ok: true, value: [{ name: 'shop' }] });
    expect(await bridge.dispatch('addVhost', { vhost: 'mine' }, as('mgr'))).toMatchObject(refused('only administrators may run addVhost'));
    expect(await bridge.dispatch('listUsers', {}, as('mgr'))).toMatchObject(refused('only administrators'));
    expect(await bridge.dispatch('putUser', { name: 'mgr', tags: ['administrator'] }, as('mgr'))).toMatchObject(refused('only administrators'));
    expect(await bridge.dispatch('setPermission', { user: 'mgr', vhost: 'other', configure: '.*', write: '.*', read: '.*' }, as('mgr'))).toMatchObject(refused('only administrators'));
    expect(await bridge.dispatch('putPolicy', policy('shop'), as('mgr'))).toMatchObject(refused('only policymakers and administrators'));
    expect(await bridge.dispatch('exportDefinitions', {}, as('mgr'))).toMatchObject(refused('only administrators'));
    expect(broker.users.get('mgr')!.tags).toEqual(['management']);
  });

  it('a policymaker manages the policies of its vhosts only, not operator policies', async () => {
    expect(await bridge.dispatch('whoAmI', {}, as('pol'))).toMatchObject({ ok: true, value: { may: { policies: true, operatorPolicies: false, users: false } } });
    expect(await bridge.dispatch('putPolicy', policy('shop'), as('pol'))).toMatchObject({ ok: true });
    expect(await bridge.dispatch('putPolicy', policy('other'), as('pol'))).toMatchObject(refused("no access to vhost 'other'"));
    expect(await bridge.dispatch('putPolicy', policy('shop', 'operator'), as('pol'))).toMatchObject(refused('only administrators'));
    expect(await bridge.dispatch('listPolicies', { kind: 'policy' }, as('pol'))).toMatchObject({ ok: true, value: [{ vhost: 'shop', name: 'p' }] });
  });

  it('monitoring sees every vhost and policy, read-only', async () => {
    broker.setPolicy('policy', 'other', 'q', { pattern: '.*', definition: { 'max-length': 5 } });
    expect(await bridge.dispatch('whoAmI', {}, as('mon'))).toMatchObject({ ok: true, value: { may: { view: true, vhosts: false, policies: false } } });
    expect(await bridge.dispatch('listVhosts', {}, as('mon'))).toMatchObject({ ok: true, value: [{ name: '/' }, { name: 'other' }, { name: 'shop' }] });
    expect(await bridge.dispatch('listPolicies', { kind: 'policy' }, as('mon'))).toMatchObject({ ok: true, value: [{ vhost: 'other', name: 'q' }] });
    expect(await bridge.dispatch('deleteVhost', { vhost: 'other' }, as('mon'))).toMatchObject(refused('only administrators'));
    expect(await bridge.dispatch('putPolicy', policy('other'), as('mon'))).toMatchObject(refused('only policymakers'));
  });

  it('an administrator creating a vhost gets full permissions in it, as in RabbitMQ', async () => {
    expect(await bridge.dispatch('addVhost', { vhost: 'new' }, as('guest'))).toMatchObject({ ok: true });
    expect(broker.permissions.get('guest', 'new')).toMatchObject({ configure: '.*', write: '.*', read: '.*' });
  });
});
