// What the management API creates survives a restart of a Warren with a data directory: vhosts,
// users (with their hashes and tags), permissions, topic permissions, policies, and durable queues and
// messages in the new vhosts. Warren only (it restarts the broker).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/log';
import { startWarren, type RunningWarren } from '../server/warren';
import { httpCall } from './management-support';

const dir = mkdtempSync(join(tmpdir(), 'warren-mgmt-dur-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(): Promise<{ warren: RunningWarren; call: (m: string, p: string, body?: unknown, auth?: [string, string]) => ReturnType<typeof httpCall> }> {
  const warren = await startWarren({ hosts: ['127.0.0.1'], port: 0, log: createLogger('error'), dataDir: join(dir, 'data'), ui: { host: '127.0.0.1', port: 0, staticDir: dir, settingsDir: dir } });
  const base = `http://127.0.0.1:${warren.ui!.port}`;
  return { warren, call: (m, p, body, auth = ['guest', 'guest']) => httpCall(base, m, p, { body, auth }) };
}

describe.skipIf(!!process.env.WARREN_TEST_MGMT_URL)('management definitions across a restart', () => {
  it('keeps vhosts, users, permissions and the durable queues of new vhosts', async () => {
    const first = await start();
    const c = first.call;
    expect((await c('PUT', '/api/vhosts/kept')).status).toBe(201);
    expect((await c('PUT', '/api/vhosts/kept', { description: 'the shop', tags: 'prod,eu' })).status).toBe(204);
    expect((await c('PUT', '/api/vhosts/dropped')).status).toBe(201);
    expect((await c('PUT', '/api/users/ops', { password: 'pw', tags: 'monitoring' })).status).toBe(201);
    expect((await c('PUT', '/api/permissions/kept/ops', { configure: '^c', write: '^w', read: '.*' })).status).toBe(201);
    expect((await c('PUT', '/api/topic-permissions/kept/ops', { exchange: 'amq.topic', write: '^a', read: '.*' })).status).toBe(201);
    expect((await c('PUT', '/api/queues/kept/jobs', { durable: true })).status).toBe(201);
    const capped = { vhost: 'kept', name: 'cap', pattern: '^jobs$', 'apply-to': 'queues', definition: { 'max-length': 5, 'ha-mode': 'all' }, priority: 2 };
    expect((await c('PUT', '/api/policies/kept/cap', capped)).status).toBe(201);
    expect((await c('PUT', '/api/operator-policies/kept/ocap', { pattern: '^jobs', definition: { 'max-length': 4 } })).status).toBe(201);
    const msg = { routing_key: 'jobs', payload: 'survives', payload_encoding: 'string', properties: { delivery_mode: 2 } };
    expect((await c('POST', '/api/exchanges/kept/amq.default/publish', msg)).json).toEqual({ routed: true });
    expect((await c('DELETE', '/api/vhosts/dropped')).status).toBe(204);
    const policy = { vhost: 'kept', name: 'p', pattern: '^j', 'apply-to': 'queues', definition: { 'max-length': 5 }, priority: 0 };
    expect((await c('POST', '/api/definitions', { policies: [policy] })).status).toBe(204);
    await first.warren.stop();

    const second = await start();
    try {
      const d = second.call;
      expect((await d('GET', '/api/vhosts?columns=name')).json).toEqual([{ name: '/' }, { name: 'kept' }]);
      expect((await d('GET', '/api/vhosts/kept')).json).toMatchObject({ description: 'the shop', tags: ['prod', 'eu'] });
      expect((await d('GET', '/api/whoami', undefined, ['ops', 'pw'])).json).toEqual({ name: 'ops', tags: ['monitoring'] });
      expect((await d('GET', '/api/permissions/kept/ops')).json).toEqual({ user: 'ops', vhost: 'kept', configure: '^c', write: '^w', read: '.*' });
      expect((await d('GET', '/api/permissions/kept/guest')).status).toBe(200); // the creator's
      expect((await d('GET', '/api/topic-permissions/kept/ops')).json).toEqual([{ user: 'ops', vhost: 'kept', exchange: 'amq.topic', write: '^a', read: '.*' }]);
      expect((await d('GET', '/api/policies/kept/cap')).json).toEqual(capped);
      expect((await d('GET', '/api/operator-policies/kept?columns=name')).json).toEqual([{ name: 'ocap' }]);
      expect((await d('GET', '/api/queues/kept/jobs?columns=policy,operator_policy,effective_policy_definition')).json)
        .toEqual({ policy: 'cap', operator_policy: 'ocap', effective_policy_definition: { 'max-length': 4, 'ha-mode': 'all' } });
      const got = await d('POST', '/api/queues/kept/jobs/get', { count: 1, ackmode: 'ack_requeue_false', encoding: 'auto' });
      expect(got.json).toMatchObject([{ payload: 'survives' }]);
      // an imported policy is a policy like any other: applied, kept, exported (with its vhost, as RabbitMQ does)
      expect((await d('GET', '/api/definitions/kept')).json.policies).toContainEqual({ vhost: 'kept', name: 'p', pattern: '^j', 'apply-to': 'queues', definition: { 'max-length': 5 }, priority: 0 });
      expect((await d('GET', '/api/policies/kept/p')).status).toBe(200);
    } finally {
      await second.warren.stop();
    }
  });

  it('keeps vhost and user limits, and a queue limit never refuses recovering queues', async () => {
    const first = await start();
    const c = first.call;
    expect((await c('PUT', '/api/vhosts/capped')).status).toBe(201);
    expect((await c('PUT', '/api/queues/capped/q1', { durable: true })).status).toBe(201);
    expect((await c('PUT', '/api/queues/capped/q2', { durable: true })).status).toBe(201);
    expect((await c('PUT', '/api/vhost-limits/capped/max-queues', { value: 1 })).status).toBe(204);
    expect((await c('PUT', '/api/user-limits/guest/max-channels', { value: 50 })).status).toBe(204);
    await first.warren.stop();

    const second = await start();
    try {
      const d = second.call;
      expect((await d('GET', '/api/queues/capped?columns=name')).json).toEqual([{ name: 'q1' }, { name: 'q2' }]);
      expect((await d('GET', '/api/vhost-limits/capped')).json).toEqual([{ vhost: 'capped', value: { 'max-queues': 1 } }]);
      expect((await d('GET', '/api/user-limits/guest')).json).toEqual([{ user: 'guest', value: { 'max-channels': 50 } }]);
      expect((await d('PUT', '/api/queues/capped/q3', { durable: true })).status).toBe(400);
    } finally {
      await second.warren.stop();
    }
  });
});
