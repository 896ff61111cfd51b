// The Shovels tab's commands on a real core with its shovels running: RabbitMQ's validation texts
// as readable refusals, who may define one, and the state a shovel that cannot start reports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShovelRow } from '../../shared/model/shovels';
import { Broker } from '../broker/broker';
import { Shovels } from '../shovel/shovels';
import { createBridge, type Bridge } from './bridge';
import { MemoryLayoutStore } from './layout-store';
import { pollUntil } from '../test-support/wait';

let broker: Broker;
let bridge: Bridge;
let shovels: Shovels;
beforeEach(() => {
  broker = new Broker();
  // no AMQP listener: a local shovel cannot start, and says why
  shovels = new Shovels(broker, { local: { address: () => null }, clusterName: () => 'warren@test', warn: () => {} });
  shovels.start();
  bridge = createBridge(broker, new MemoryLayoutStore(), { version: '9.9.9' });
});
afterEach(() => shovels.stop());

const value = { 'src-uri': 'amqp://', 'src-queue': 'a', 'dest-uri': 'amqp://', 'dest-queue': 'b', 'reconnect-delay': 0 };

describe('shovel commands', () => {
  it('defines, lists with its state, and deletes a shovel', async () => {
    expect(await bridge.dispatch('putShovel', { vhost: '/', name: 's', value })).toEqual({ ok: true, value: { created: true } });
    const rows = await pollUntil(() => bridge.dispatch('listShovels', {}), (r) => r.ok && (r.value as ShovelRow[])[0]?.state === 'terminated', { what: 'the shovel to fail' });
    expect(rows).toMatchObject({ ok: true, value: [{ vhost: '/', name: 's', state: 'terminated', reason: expect.stringContaining('no AMQP listener'), source: "queue 'a' on amqp://", destination: "queue 'b' on amqp://", ackMode: 'on-confirm', deleteAfter: 'never' }] });
    expect(await bridge.dispatch('restartShovel', { vhost: '/', name: 's' })).toEqual({ ok: true, value: null });
    expect(await bridge.dispatch('deleteShovel', { vhost: '/', name: 's' })).toEqual({ ok: true, value: null });
    expect(await bridge.dispatch('listShovels', {})).toEqual({ ok: true, value: [] });
    expect(await bridge.dispatch('deleteShovel', { vhost: '/', name: 's' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses an invalid definition in RabbitMQ\'s words, and a user without the policymaker tag', async () => {
    expect(await bridge.dispatch('putShovel', { vhost: '/', name: 's', value: { ...value, 'src-uri': 'foo' } }))
      .toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'the shovel is not valid: "foo" not a valid URI: {{unable_to_parse_uri,no_scheme},"foo"}' } });
    broker.users.put('watcher', { password: 'x', tags: ['monitoring'] });
    broker.permissions.set({ user: 'watcher', vhost: '/', configure: '.*', write: '.*', read: '.*' });
    expect(await bridge.dispatch('putShovel', { vhost: '/', name: 's', value }, { user: 'watcher' })).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
    expect(await bridge.dispatch('listShovels', {}, { user: 'watcher' })).toEqual({ ok: true, value: [] });
  });
});
