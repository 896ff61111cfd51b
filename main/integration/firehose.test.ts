// The firehose (amq.rabbitmq.trace) as RabbitMQ's tracer tools see it: switched per vhost with the
// management API's `tracing` field, publish.<exchange> and deliver.<queue> copies with RabbitMQ's
// headers, basic.get traced too, nothing after it is switched off. Written against RabbitMQ 3.10.8
// (WARREN_TEST_MGMT_URL=http://guest:guest@127.0.0.1:15682), then Warren.
import amqp, { type Channel, type ChannelModel, type ConsumeMessage, type Message } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, until } from '../test-support/wait';
import { runCli } from '../test-support/warren-process';
import { uniqueName } from './harness';
import { connectionName, seg, startManagement, type ManagementTarget } from './management-support';

let t: ManagementTarget;
let vh: string;
let conn: ChannelModel;
let tracer: Channel;
let ch: Channel;
const traced: ConsumeMessage[] = [];

beforeAll(async () => {
  t = await startManagement();
  vh = uniqueName('firehose');
  expect((await t.call('PUT', `/api/vhosts/${seg(vh)}`)).status).toBe(201);
  conn = await amqp.connect(t.amqpUrl(vh));
  tracer = await conn.createChannel();
  const { queue } = await tracer.assertQueue('', { exclusive: true });
  await tracer.bindQueue(queue, 'amq.rabbitmq.trace', '#');
  await tracer.consume(queue, (m) => { if (m) traced.push(m); }, { noAck: true });
  ch = await conn.createChannel();
  await ch.assertExchange('orders', 'direct', { durable: false });
  await ch.assertQueue('created', { durable: false });
  await ch.bindQueue('created', 'orders', 'k');
});
afterAll(async () => {
  await conn?.close();
  await t.call('DELETE', `/api/vhosts/${seg(vh)}`);
  await t.stop();
});

const tracing = async (on: boolean): Promise<void> => {
  expect((await t.call('PUT', `/api/vhosts/${seg(vh)}`, { body: { tracing: on } })).status).toBe(204);
  await until(async () => (await t.call('GET', `/api/vhosts/${seg(vh)}`)).json.tracing === on, { what: `tracing ${on}` });
};
const header = (m: ConsumeMessage, name: string): unknown => m.properties.headers?.[name];

describe('the firehose', () => {
  it('is off until switched on, and says so in the vhost', async () => {
    expect((await t.call('GET', `/api/vhosts/${seg(vh)}`)).json.tracing).toBe(false);
    ch.publish('orders', 'k', Buffer.from('before'));
    await sleep(200);
    expect(traced).toEqual([]);
    expect((await t.call('PUT', `/api/vhosts/${seg(vh)}`, { body: { tracing: 'maybe' } })).status).toBe(400);
  });

  it('copies a publish with RabbitMQ\'s headers, and each delivery, consumed or got', async () => {
    await ch.get('created', { noAck: true }); // the message from before tracing
    await tracing(true);
    ch.publish('orders', 'k', Buffer.from('{"id":7}'), {
      contentType: 'application/json', messageId: 'm-7', deliveryMode: 2, headers: { tenant: 'acme', n: 3 }, timestamp: 1_700_000_000,
    });
    await until(() => traced.length >= 1, { what: 'a traced message' });
    const pub = traced.shift()!;
    expect(pub.fields.exchange).toBe('amq.rabbitmq.trace');
    expect(pub.fields.routingKey).toBe('publish.orders');
    expect(pub.content.toString()).toBe('{"id":7}');
    expect(header(pub, 'exchange_name')).toBe('orders');
    expect(header(pub, 'routing_keys')).toEqual(['k']);
    expect(header(pub, 'routed_queues')).toEqual(['created']);
    expect(header(pub, 'vhost')).toBe(vh);
    expect(header(pub, 'user')).toBe(t.admin[0]);
    expect(header(pub, 'channel')).toBe(2);
    expect(header(pub, 'connection')).toBe(connectionName(conn));
    expect(header(pub, 'node')).toEqual(expect.any(String));
    expect(header(pub, 'properties')).toEqual({
      content_type: 'application/json', message_id: 'm-7', delivery_mode: 2, headers: { tenant: 'acme', n: 3 }, timestamp: 1_700_000_000,
    });

    const got = await ch.get('created', { noAck: false });
    expect(got && got.content.toString()).toBe('{"id":7}');
    await until(() => traced.length >= 1, { what: 'a traced message' });
    const del = traced.shift()!;
    expect(del.fields.routingKey).toBe('deliver.created');
    expect([header(del, 'exchange_name'), header(del, 'redelivered'), header(del, 'channel')]).toEqual(['orders', 0, 2]);
    expect(header(del, 'routed_queues')).toBeUndefined();
    ch.nack(got as Message, false, true);

    // the requeued message, now to a consumer: redelivered 1
    const tag = (await ch.consume('created', (m) => { if (m) ch.ack(m); })).consumerTag;
    await until(() => traced.length >= 1, { what: 'a traced message' });
    const again = traced.shift()!;
    expect([again.fields.routingKey, header(again, 'redelivered')]).toEqual(['deliver.created', 1]);
    await ch.cancel(tag);
  });

  it('copies an unroutable publish with no routed queues', async () => {
    ch.publish('orders', 'nowhere', Buffer.from('x'));
    await until(() => traced.length >= 1, { what: 'a traced message' });
    const m = traced.shift()!;
    expect([m.fields.routingKey, header(m, 'routed_queues')]).toEqual(['publish.orders', []]);
  });

  it('stops copying once switched off (warren trace off, which keeps the vhost\'s description)', async () => {
    expect((await t.call('PUT', `/api/vhosts/${seg(vh)}`, { body: { description: 'orders', tracing: true } })).status).toBe(204);
    const url = new URL(t.base);
    url.username = t.admin[0];
    url.password = t.admin[1];
    const r = await runCli(['trace', 'off', '--vhost', vh, '--url', url.toString()]);
    expect(r.stdout).toBe(`tracing off for vhost '${vh}' at ${url.host}\n`);
    const v = (await t.call('GET', `/api/vhosts/${seg(vh)}`)).json;
    expect([v.tracing, v.description]).toEqual([false, 'orders']);
    await sleep(300);
    traced.length = 0;
    ch.publish('orders', 'k', Buffer.from('after'));
    await ch.get('created', { noAck: true });
    await sleep(300);
    expect(traced).toEqual([]);
  });
});
