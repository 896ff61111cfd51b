// The plugins Warren has built in, where RabbitMQ's management API reports enabled plugins: each
// node's enabled_plugins and applications (the management UI's plugin list joins the two), and
// exchange_types on the node and in /api/overview, which must be exactly the types a client can
// declare.
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { startManagement, type ManagementTarget } from './management-support';

let t: ManagementTarget;
beforeAll(async () => { t = await startManagement(); });
afterAll(async () => { await t?.stop(); });

const BUILT_IN = [
  'rabbitmq_consistent_hash_exchange', 'rabbitmq_delayed_message_exchange', 'rabbitmq_event_exchange', 'rabbitmq_management',
  'rabbitmq_management_agent', 'rabbitmq_mqtt', 'rabbitmq_prometheus', 'rabbitmq_random_exchange', 'rabbitmq_recent_history_exchange',
  'rabbitmq_sharding', 'rabbitmq_shovel', 'rabbitmq_shovel_management', 'rabbitmq_web_dispatch', 'rabbitmq_web_mqtt',
];

describe('GET /api/nodes', () => {
  it('lists the built-in plugins as enabled, each with its application', async () => {
    const [node] = (await t.call('GET', '/api/nodes')).json;
    expect(node.enabled_plugins).toEqual(BUILT_IN);
    const apps = new Map((node.applications as Array<{ name: string; description: string; version: string }>).map((a) => [a.name, a]));
    for (const name of BUILT_IN) expect(apps.get(name), name).toEqual({ name, description: expect.any(String), version: '3.10.8' });
    expect(apps.get('rabbitmq_event_exchange')!.description).toBe('Event Exchange Type');
    expect(apps.get('rabbit')).toEqual({ name: 'rabbit', description: 'RabbitMQ', version: '3.10.8' });
    const one = (await t.call('GET', `/api/nodes/${encodeURIComponent(node.name)}`)).json;
    expect(one.enabled_plugins).toEqual(BUILT_IN);
  });

  it('lists the same exchange types as /api/overview', async () => {
    const [node] = (await t.call('GET', '/api/nodes')).json;
    const overview = (await t.call('GET', '/api/overview')).json;
    expect(node.exchange_types).toEqual(overview.exchange_types);
    expect(overview.exchange_types).toContainEqual({ name: 'x-consistent-hash', description: 'Consistent Hashing Exchange', enabled: true });
    expect(overview.exchange_types).toContainEqual({ name: 'topic', description: 'AMQP topic exchange, as per the AMQP specification', enabled: true });
  });
});

describe('exchange_types', () => {
  it('are exactly what a client may declare', async () => {
    const types = ((await t.call('GET', '/api/overview')).json.exchange_types as Array<{ name: string; description: string }>);
    const conn = await amqp.connect(t.amqpUrl());
    for (const { name, description } of types) {
      expect(description, name).not.toBe('');
      const ch = await conn.createChannel();
      const x = uniqueName(name);
      const args = name === 'x-delayed-message' ? { 'x-delayed-type': 'direct' } : {};
      await ch.assertExchange(x, name, { durable: false, arguments: args });
      await ch.deleteExchange(x);
      await ch.close();
    }
    // and nothing else: an unlisted type is refused (503 COMMAND_INVALID closes the connection)
    const ch = await conn.createChannel();
    const closed = new Promise<Error>((r) => conn.once('error', r));
    await expect(ch.assertExchange(uniqueName('x'), 'x-not-a-type')).rejects.toThrow();
    expect((await closed).message).toMatch(/503 .*unknown exchange type 'x-not-a-type'/);
  });
});
