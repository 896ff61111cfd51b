// The same broker through a second client library, @cloudamqp/amqp-client, whose framing and
// defaults differ from amqplib's (e.g. basicGet/basicConsume default to noAck=true).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMQPClient, type AMQPMessage } from '@cloudamqp/amqp-client';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { within } from './amqp-util';

type Conn = Awaited<ReturnType<AMQPClient['connect']>>;
let broker: TestBroker;
let client: Conn;
beforeAll(async () => {
  broker = await startBroker();
  client = await new AMQPClient(broker.url).connect();
});
afterAll(async () => {
  await client.close().catch(() => undefined);
  await broker.stop();
});

describe('@cloudamqp/amqp-client', () => {
  it('connects and negotiates tune values', async () => {
    const c = await new AMQPClient(broker.url).connect();
    expect(c.closed).toBe(false);
    expect(c.frameMax).toBeGreaterThanOrEqual(4096);
    expect(c.channelMax).toBeGreaterThan(0);
    await c.close();
    expect(c.closed).toBe(true);
  });

  it('declares a queue, publishes, consumes and acks', async () => {
    const ch = await client.channel();
    const q = uniqueName('q');
    const ok = await ch.queueDeclare(q, { exclusive: true });
    expect(ok).toMatchObject({ name: q, messageCount: 0, consumerCount: 0 });
    await ch.basicPublish('', q, 'hello', { contentType: 'text/plain', headers: { n: 1, s: 'x' } });
    const received = new Promise<AMQPMessage>((resolve) => {
      void ch.basicConsume(q, { noAck: false }, (msg) => resolve(msg));
    });
    const msg = await within(received);
    expect(msg.bodyToString()).toBe('hello');
    expect(msg.properties.contentType).toBe('text/plain');
    expect(msg.properties.headers).toEqual({ n: 1, s: 'x' });
    expect(msg.redelivered).toBe(false);
    expect(msg.routingKey).toBe(q);
    expect(msg.consumerTag).toMatch(/^amq\.ctag-/);
    await msg.ack();
    // the ack took effect: after closing the channel nothing is requeued
    await ch.close();
    const ch2 = await client.channel();
    expect((await ch2.queueDeclare(q, { passive: true })).messageCount).toBe(0);
    await ch2.close();
  });

  it('declares exchanges, binds and routes', async () => {
    const ch = await client.channel();
    const ex = uniqueName('ex');
    await ch.exchangeDeclare(ex, 'topic', { durable: false });
    const q = uniqueName('q');
    await ch.queueDeclare(q, { exclusive: true });
    await ch.queueBind(q, ex, 'a.*');
    await ch.confirmSelect();
    await ch.basicPublish(ex, 'a.b', 'routed');
    await ch.basicPublish(ex, 'b.b', 'dropped');
    const m = await ch.basicGet(q, { noAck: true });
    expect(m?.bodyToString()).toBe('routed');
    expect(m?.exchange).toBe(ex);
    expect(await ch.basicGet(q, { noAck: true })).toBeNull();
    await ch.exchangeDelete(ex);
    await ch.close();
  });

  it('basic.get: get-ok with messageCount, ack, then get-empty (null)', async () => {
    const ch = await client.channel();
    const q = uniqueName('q');
    await ch.queueDeclare(q, { exclusive: true });
    await ch.confirmSelect();
    await ch.basicPublish('', q, '1');
    await ch.basicPublish('', q, '2');
    const m1 = await ch.basicGet(q, { noAck: false });
    expect(m1?.bodyToString()).toBe('1');
    expect(m1?.messageCount).toBe(1);
    await m1!.ack();
    const m2 = await ch.basicGet(q, { noAck: false });
    expect(m2?.bodyToString()).toBe('2');
    expect(m2?.messageCount).toBe(0);
    await m2!.nack(true);
    const again = await ch.basicGet(q, { noAck: true });
    expect(again?.bodyToString()).toBe('2');
    expect(again?.redelivered).toBe(true);
    expect(await ch.basicGet(q)).toBeNull();
    await ch.close();
  });

  it('publisher confirm: basicPublish resolves with increasing delivery tags once confirmed', async () => {
    const ch = await client.channel();
    const q = uniqueName('q');
    await ch.queueDeclare(q, { exclusive: true });
    await ch.confirmSelect();
    const tags = await Promise.all([1, 2, 3].map((i) => ch.basicPublish('', q, String(i))));
    expect(tags).toEqual([1, 2, 3]);
    expect((await ch.queueDeclare(q, { passive: true })).messageCount).toBe(3);
    await ch.close();
  });

  it('a mandatory unroutable publish is returned with 312 NO_ROUTE', async () => {
    const ch = await client.channel();
    const returned = new Promise<AMQPMessage>((resolve) => { ch.onReturn = resolve; });
    await ch.basicPublish('amq.direct', uniqueName('nobody'), 'back', {}, true);
    const r = await within(returned);
    expect(r.replyCode).toBe(312);
    expect(r.replyText).toBe('NO_ROUTE');
    expect(r.bodyToString()).toBe('back');
    await ch.close();
  });

  it('a channel error (404) closes only the channel', async () => {
    const ch = await client.channel();
    const err = await ch.queueDeclare(uniqueName('missing'), { passive: true }).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/NOT_FOUND/);
    expect(err?.message).toMatch(/\(404\)/);
    expect(ch.closed).toBe(true);
    expect(client.closed).toBe(false);
    const ch2 = await client.channel();
    await ch2.queueDeclare('', { exclusive: true });
    await ch2.close();
  });

  it('prefetch, consumer cancel and channel.flow(true)', async () => {
    const ch = await client.channel();
    const q = uniqueName('q');
    await ch.queueDeclare(q, { exclusive: true });
    await ch.prefetch(1);
    expect(await ch.basicFlow(true)).toBe(true);
    for (const b of ['1', '2']) await ch.basicPublish('', q, b);
    const got: AMQPMessage[] = [];
    let wake: () => void = () => undefined;
    const consumer = await ch.basicConsume(q, { noAck: false }, (m) => { got.push(m); wake(); });
    await within(new Promise<void>((resolve) => { wake = resolve; if (got.length >= 1) resolve(); }));
    expect((await ch.queueDeclare(q, { passive: true })).messageCount).toBe(1);
    expect(got.map((m) => m.bodyToString())).toEqual(['1']);
    const second = new Promise<void>((resolve) => { wake = resolve; });
    await got[0]!.ack();
    await within(second);
    expect(got.map((m) => m.bodyToString())).toEqual(['1', '2']);
    await got[1]!.ack();
    await consumer.cancel();
    expect((await ch.queueDeclare(q, { passive: true })).consumerCount).toBe(0);
    await ch.close();
  });

  it('a server-side consumer cancel (queue deleted) ends the consumer', async () => {
    const ch = await client.channel();
    const q = uniqueName('q');
    await ch.queueDeclare(q, { autoDelete: false, durable: false });
    const consumer = await ch.basicConsume(q, { noAck: true }, () => undefined);
    const other = await client.channel();
    await other.queueDelete(q);
    const err = await within(consumer.wait().then(() => null, (e: Error) => e));
    expect(err?.message).toMatch(/cancel/i);
    await other.close();
    await ch.close();
  });
});
