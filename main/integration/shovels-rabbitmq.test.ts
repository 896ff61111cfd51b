// A Warren shovel moving messages out of Warren into a real RabbitMQ (Debian's rabbitmq-server,
// started for this file, or WARREN_TEST_RABBIT_MGMT's): over the network as any AMQP 0-9-1
// client, reconnecting after reconnect-delay when RabbitMQ drops its connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmChannel, connect, type ChannelModel } from './amqp-util';
import { useManagementClient, type ManagementTarget } from './management-support';
import { REMOTE_BROKERS, START_TIMEOUT_MS } from './remote-support';
import { count, waitForCount } from '../test-support/queues';
import { pollUntil } from '../test-support/wait';

const shared = useManagementClient();
let rabbit: ManagementTarget;
let toRabbit: ChannelModel;
beforeAll(async () => {
  rabbit = await REMOTE_BROKERS.find((b) => b.name === 'RabbitMQ')!.start();
  toRabbit = await connect(rabbit.amqpUrl());
}, START_TIMEOUT_MS);
afterAll(async () => {
  await toRabbit?.close().catch(() => {});
  await rabbit?.stop();
});

describe.skipIf(!!process.env.WARREN_TEST_MGMT_URL)('a shovel to RabbitMQ', () => {
  it('moves messages out of Warren into RabbitMQ, and reconnects when RabbitMQ drops it', async () => {
    const warren = shared.target;
    const rch = await toRabbit.createChannel();
    await rch.assertQueue('from-warren', { durable: true });
    const wch = await confirmChannel(shared.conn);
    await wch.assertQueue('to-rabbit', { durable: true });
    const publish = async (from: number, n: number): Promise<void> => {
      for (let i = from; i < from + n; i++) wch.sendToQueue('to-rabbit', Buffer.from(`r${i}`), { persistent: true });
      await wch.waitForConfirms();
    };
    await publish(0, 1000);
    const destUri = rabbit.amqpUrl('/').replace(/\/$/, '/%2F');
    const put = await warren.call('PUT', '/api/parameters/shovel/%2F/out', {
      body: { value: { 'src-uri': 'amqp://', 'src-queue': 'to-rabbit', 'dest-uri': destUri, 'dest-queue': 'from-warren', 'reconnect-delay': 1, 'dest-add-timestamp-header': true } },
    });
    expect(put.status).toBe(201);
    await waitForCount(rch, 'from-warren', 1000, 20_000);
    expect(await count(wch, 'to-rabbit')).toBe(0);
    const first = await rch.get('from-warren', { noAck: true });
    expect(first && first.content.toString()).toBe('r0');
    expect(first && typeof first.properties.headers?.['x-shovelled-timestamp']).toBe('number');
    const row = ((await warren.call('GET', '/api/shovels')).json as Array<Record<string, unknown>>)[0];
    // the status shows where it goes without the credentials
    expect(row).toMatchObject({ name: 'out', state: 'running', src_uri: 'amqp://', dest_uri: destUri.replace('guest:guest@', ''), dest_queue: 'from-warren' });

    // RabbitMQ closes the shovel's connection (as an operator would): Warren's shovel says why, then comes back
    const theirs = await pollUntil(() => rabbit.call('GET', '/api/connections'), (r) => (r.json as Array<{ client_properties: { connection_name?: string } }>).some((c) => c.client_properties.connection_name === 'Shovel out'), { what: 'the shovel\'s connection in RabbitMQ\'s list', ms: 15_000, stepMs: 200 });
    const name = (theirs.json as Array<{ name: string; client_properties: { connection_name?: string } }>).find((c) => c.client_properties.connection_name === 'Shovel out')!.name;
    expect((await rabbit.call('DELETE', `/api/connections/${encodeURIComponent(name)}`, { headers: { 'x-reason': 'test drop' } })).status).toBe(204);
    const states = new Set<string>();
    await pollUntil(async () => {
      const s = ((await warren.call('GET', '/api/shovels')).json as Array<{ state: string; reason?: string }>)[0];
      states.add(s.state === 'terminated' ? `terminated: ${s.reason}` : s.state);
      return s.state;
    }, (s) => s === 'running' && states.size > 1, { what: 'the shovel to fail and come back', ms: 20_000, stepMs: 20 });
    expect([...states].some((s) => /^terminated: destination.*test drop/.test(s))).toBe(true);
    await publish(1000, 10);
    await waitForCount(rch, 'from-warren', 999 + 10, 20_000);
    expect((await warren.call('DELETE', '/api/shovels/vhost/%2F/out')).status).toBe(204);
    await rch.close();
  }, 90_000);
});
