// Publisher confirms (amqplib ConfirmChannel) and transactions. amqplib has no tx API, so the tx
// tests use @cloudamqp/amqp-client, which has txSelect/txCommit/txRollback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMQPClient, type AMQPChannel } from '@cloudamqp/amqp-client';
import { startBroker, uniqueName, type TestBroker } from './harness';
import {
  Inbox, channel, closeAll, confirmChannel, connect, within, type ChannelModel,
} from './amqp-util';

let broker: TestBroker;
let conn: ChannelModel;
let client: Awaited<ReturnType<AMQPClient['connect']>>;
beforeAll(async () => {
  broker = await startBroker();
  conn = await connect(broker.url);
  client = await new AMQPClient(broker.url).connect();
});
afterAll(async () => {
  await client.close().catch(() => undefined);
  await closeAll();
  await broker.stop();
});

describe('publisher confirms', () => {
  it('confirm.select: each publish is acked, with delivery tags 1, 2, 3... in order', async () => {
    const ch = await confirmChannel(conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    const acked = new Set<number>();
    const events: Array<{ deliveryTag: number; multiple: boolean }> = [];
    ch.on('ack', (f: { deliveryTag: number; multiple: boolean }) => {
      events.push(f);
      const from = f.multiple ? 1 : f.deliveryTag;
      for (let t = from; t <= f.deliveryTag; t++) acked.add(t);
    });
    const order: number[] = [];
    const n = 20;
    const all: Array<Promise<void>> = [];
    for (let i = 1; i <= n; i++) {
      all.push(new Promise<void>((resolve, reject) => {
        ch.sendToQueue(q, Buffer.from(String(i)), {}, (err) => { order.push(i); if (err) reject(err); else resolve(); });
      }));
    }
    await within(Promise.all(all));
    expect(order).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect([...acked].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    // tags in ack frames never go backwards
    const tags = events.map((e) => e.deliveryTag);
    expect([...tags].sort((a, b) => a - b)).toEqual(tags);
    expect(tags.at(-1)).toBe(n);
    await ch.close();
  });

  it('waitForConfirms resolves once everything is confirmed', async () => {
    const ch = await confirmChannel(conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    for (let i = 0; i < 100; i++) ch.sendToQueue(q, Buffer.from(String(i)));
    await within(ch.waitForConfirms());
    expect((await ch.checkQueue(q)).messageCount).toBe(100);
    await ch.close();
  });

  it('an unroutable mandatory message: basic.return first, then basic.ack', async () => {
    const ch = await confirmChannel(conn);
    const events: string[] = [];
    ch.on('return', (m: { fields: { replyCode: number } }) => events.push(`return:${m.fields.replyCode}`));
    ch.on('ack', (f: { deliveryTag: number }) => events.push(`ack:${f.deliveryTag}`));
    ch.on('nack', () => events.push('nack'));
    ch.publish('amq.direct', uniqueName('nobody'), Buffer.from('x'), { mandatory: true });
    await within(ch.waitForConfirms());
    expect(events).toEqual(['return:312', 'ack:1']);
    await ch.close();
  });

  it('confirms keep counting across routable and unroutable messages', async () => {
    const ch = await confirmChannel(conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    const acks: number[] = [];
    ch.on('ack', (f: { deliveryTag: number; multiple: boolean }) => acks.push(f.deliveryTag));
    ch.sendToQueue(q, Buffer.from('1'));
    ch.publish('amq.direct', uniqueName('nobody'), Buffer.from('2'));
    ch.sendToQueue(q, Buffer.from('3'));
    await within(ch.waitForConfirms());
    expect(acks.at(-1)).toBe(3);
    await ch.close();
  });

  it('with @cloudamqp: basicPublish on a confirm channel resolves with the delivery tag', async () => {
    const ch = await client.channel();
    const q = uniqueName('q');
    await ch.queueDeclare(q, { exclusive: true });
    await ch.confirmSelect();
    expect(await ch.basicPublish('', q, 'a')).toBe(1);
    expect(await ch.basicPublish('', q, 'b')).toBe(2);
    await ch.close();
  });
});

/** basic.get then count; cloudamqp's basicGet resolves null when the queue is empty. */
async function count(ch: AMQPChannel, q: string): Promise<number> {
  return (await ch.queueDeclare(q, { passive: true })).messageCount;
}

describe('transactions', () => {
  it('publishes become visible only on commit', async () => {
    const ch = await client.channel();
    const q = uniqueName('q');
    await ch.queueDeclare(q, { exclusive: true });
    await ch.txSelect();
    await ch.basicPublish('', q, '1');
    await ch.basicPublish('', q, '2');
    expect(await count(ch, q)).toBe(0);
    await ch.txCommit();
    expect(await count(ch, q)).toBe(2);
    await ch.close();
  });

  it('rollback discards publishes', async () => {
    const ch = await client.channel();
    const q = uniqueName('q');
    await ch.queueDeclare(q, { exclusive: true });
    await ch.txSelect();
    await ch.basicPublish('', q, 'gone');
    await ch.txRollback();
    await ch.txCommit(); // nothing left to commit
    expect(await count(ch, q)).toBe(0);
    // the channel stays transactional: the next commit works as usual
    await ch.basicPublish('', q, 'kept');
    await ch.txCommit();
    const m = await ch.basicGet(q, { noAck: true });
    expect(m?.bodyToString()).toBe('kept');
    await ch.close();
  });

  it('acks in a transaction take effect on commit; a rollback leaves the message unacked', async () => {
    const ch = await client.channel();
    const q = uniqueName('q');
    await ch.queueDeclare(q, { exclusive: true });
    await ch.basicPublish('', q, 'm1');
    await ch.basicPublish('', q, 'm2');
    await ch.txSelect();
    // @cloudamqp's basicGet defaults to noAck=true
    const m1 = await ch.basicGet(q, { noAck: false });
    const m2 = await ch.basicGet(q, { noAck: false });
    expect(m1?.bodyToString()).toBe('m1');
    expect(m2?.bodyToString()).toBe('m2');
    await m1!.ack();
    await ch.txRollback(); // m1's ack is discarded: m1 stays unacked, not requeued
    expect(await count(ch, q)).toBe(0);
    await m2!.ack();
    await ch.txCommit(); // m2 acked
    await ch.close(); // m1 (still unacked) is requeued
    const ch2 = await client.channel();
    expect(await count(ch2, q)).toBe(1);
    const again = await ch2.basicGet(q, { noAck: true });
    expect(again?.bodyToString()).toBe('m1');
    expect(again?.redelivered).toBe(true);
    await ch2.close();
  });

  it('tx.commit without tx.select → 406 PRECONDITION_FAILED', async () => {
    const ch = await client.channel();
    const err = await ch.txCommit().then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/\(406\)/);
    // the connection survives
    const ch2 = await client.channel();
    await ch2.queueDeclare('', { exclusive: true });
    await ch2.close();
  });

  it('confirm.select on a transactional channel → 406 PRECONDITION_FAILED', async () => {
    const ch = await client.channel();
    await ch.txSelect();
    const err = await ch.confirmSelect().then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/\(406\)/);
  });

  it('tx.select on a confirm channel → 406 PRECONDITION_FAILED', async () => {
    const ch = await client.channel();
    await ch.confirmSelect();
    const err = await ch.txSelect().then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/\(406\)/);
  });

  it('a transactional publish is delivered to a consumer on commit', async () => {
    const amqpCh = await channel(conn);
    const q = uniqueName('q');
    await amqpCh.assertQueue(q, { exclusive: true });
    const inbox = new Inbox();
    await amqpCh.consume(q, inbox.onMessage, { noAck: true });
    const ch = await client.channel();
    await ch.txSelect();
    await ch.basicPublish('', q, 'tx-msg');
    await ch.txCommit();
    await inbox.waitFor(1);
    expect(inbox.bodies()).toEqual(['tx-msg']);
    await ch.close();
    await amqpCh.close();
  });
});
