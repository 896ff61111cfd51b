// Acknowledgements, negative acknowledgements, recover, redelivery on close, prefetch (basic.qos)
// and round-robin dispatch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GetMessage, Message } from 'amqplib';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { Inbox, channel, closeAll, confirmChannel, connect, expectChannelError, within, type Channel, type ChannelModel } from './amqp-util';
import { waitForCount } from '../test-support/queues';

let broker: TestBroker;
let conn: ChannelModel;
beforeAll(async () => {
  broker = await startBroker();
  conn = await connect(broker.url);
});
const created: string[] = [];
afterAll(async () => {
  const ch = await channel(conn);
  for (const q of created) await ch.deleteQueue(q);
  await closeAll();
  await broker.stop();
});

/** A fresh (non-exclusive, so other connections can see it) queue holding `bodies`. */
async function queueWith(bodies: string[]): Promise<string> {
  const ch = await confirmChannel(conn);
  const q = uniqueName('q');
  await ch.assertQueue(q, { durable: false, autoDelete: false });
  created.push(q);
  for (const b of bodies) ch.sendToQueue(q, Buffer.from(b));
  await ch.waitForConfirms();
  await ch.close();
  return q;
}

async function getN(ch: Channel, q: string, n: number): Promise<GetMessage[]> {
  const out: GetMessage[] = [];
  for (let i = 0; i < n; i++) {
    const m = await ch.get(q);
    if (m === false) throw new Error(`queue ${q} empty after ${i} gets`);
    out.push(m);
  }
  return out;
}

/** Consumes everything from q (no-ack) until `n` messages arrived; returns them. */
async function consumeAll(q: string, n: number): Promise<Message[]> {
  const ch = await channel(conn);
  const inbox = new Inbox();
  await ch.consume(q, inbox.onMessage, { noAck: true });
  const msgs = await inbox.waitFor(n);
  await ch.close();
  return msgs;
}

const fakeTag = (deliveryTag: number): Message => ({ fields: { deliveryTag } } as unknown as Message);
const body = (m: Message): string => m.content.toString();

describe('ack', () => {
  it('ack multiple acknowledges everything up to the tag', async () => {
    const q = await queueWith(['1', '2', '3', '4', '5']);
    const ch = await channel(conn);
    const got = await getN(ch, q, 5);
    expect(got.map((m) => m.fields.deliveryTag)).toEqual([1, 2, 3, 4, 5]);
    ch.ack(got[2]!, true); // acks 1, 2, 3
    await ch.close(); // 4 and 5 go back
    const rest = await consumeAll(q, 2);
    expect(rest.map(body)).toEqual(['4', '5']);
    expect(rest.every((m) => m.fields.redelivered)).toBe(true);
  });

  it('ackAll (delivery tag 0, multiple=true) acknowledges every outstanding delivery', async () => {
    const q = await queueWith(['1', '2', '3']);
    const ch = await channel(conn);
    await getN(ch, q, 3);
    ch.ackAll();
    await ch.close();
    const c = await channel(conn);
    expect((await c.checkQueue(q)).messageCount).toBe(0);
    await c.deleteQueue(q);
    await c.close();
  });

  it('acking an unknown delivery tag → 406 PRECONDITION_FAILED', async () => {
    const err = await expectChannelError(conn, 406, (ch) => ch.ack(fakeTag(99)));
    expect(err.message).toMatch(/unknown delivery tag 99/);
  });

  it('acking the same delivery twice → 406 PRECONDITION_FAILED', async () => {
    const q = await queueWith(['1']);
    await expectChannelError(conn, 406, async (ch) => {
      const [m] = await getN(ch, q, 1);
      ch.ack(m!);
      ch.ack(m!);
      await ch.checkExchange('amq.direct'); // the broker reports the error before answering this
    });
    // the first ack counted: the message is gone
    const c = await channel(conn);
    expect((await c.checkQueue(q)).messageCount).toBe(0);
    await c.deleteQueue(q);
    await c.close();
  });

  it('acking a no-ack delivery → 406 PRECONDITION_FAILED (its tag is unknown)', async () => {
    const q = await queueWith(['1']);
    await expectChannelError(conn, 406, async (ch) => {
      const m = await ch.get(q, { noAck: true });
      ch.ack(m as Message);
      await ch.checkExchange('amq.direct');
    });
  });
});

describe('nack and reject', () => {
  it('nack with requeue redelivers with redelivered=true at its original position', async () => {
    const q = await queueWith(['1', '2', '3', '4', '5']);
    const ch = await channel(conn);
    const got = await getN(ch, q, 3); // 1, 2, 3 unacked; 4, 5 ready
    // requeue 3 first, then 1: RabbitMQ puts each back where it was, not at the head in nack order
    ch.nack(got[2]!, false, true);
    ch.nack(got[0]!, false, true);
    const rest = await consumeAll(q, 4);
    expect(rest.map((m) => `${body(m)}:${m.fields.redelivered}`)).toEqual(['1:true', '3:true', '4:false', '5:false']);
    await ch.close(); // 2 goes back too
    const last = await consumeAll(q, 1);
    expect(last.map((m) => `${body(m)}:${m.fields.redelivered}`)).toEqual(['2:true']);
  });

  it('nack multiple with requeue puts all back in original order', async () => {
    const q = await queueWith(['1', '2', '3']);
    const ch = await channel(conn);
    const got = await getN(ch, q, 3);
    ch.nack(got[2]!, true, true);
    const rest = await consumeAll(q, 3);
    expect(rest.map(body)).toEqual(['1', '2', '3']);
    expect(rest.every((m) => m.fields.redelivered)).toBe(true);
    await ch.close();
  });

  it('reject with requeue=false drops the message', async () => {
    const q = await queueWith(['1', '2']);
    const ch = await channel(conn);
    const [m1] = await getN(ch, q, 1);
    ch.reject(m1!, false);
    await waitForCount(ch, q, 1);
    await ch.close();
    const rest = await consumeAll(q, 1);
    expect(rest.map(body)).toEqual(['2']);
  });

  it('reject with requeue=true redelivers', async () => {
    const q = await queueWith(['only']);
    const ch = await channel(conn);
    const [m1] = await getN(ch, q, 1);
    expect(m1!.fields.redelivered).toBe(false);
    ch.reject(m1!, true);
    const [again] = await getN(ch, q, 1);
    expect(body(again!)).toBe('only');
    expect(again!.fields.redelivered).toBe(true);
    expect(again!.fields.deliveryTag).toBe(2);
    ch.ack(again!);
    await ch.close();
  });

  it('nackAll with requeue=false drops everything outstanding', async () => {
    const q = await queueWith(['1', '2', '3']);
    const ch = await channel(conn);
    await getN(ch, q, 3);
    ch.nackAll(false);
    await waitForCount(ch, q, 0);
    await ch.close();
    const c = await channel(conn);
    expect((await c.checkQueue(q)).messageCount).toBe(0);
    await c.close();
  });

  it('nack of an unknown delivery tag → 406 PRECONDITION_FAILED', async () => {
    await expectChannelError(conn, 406, (ch) => ch.nack(fakeTag(7), false, true));
  });
});

describe('recover and redelivery on close', () => {
  it('basic.recover (requeue) redelivers unacked messages to the consumer with redelivered=true', async () => {
    const q = await queueWith(['1', '2', '3']);
    const ch = await channel(conn);
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage);
    await inbox.waitFor(3);
    await ch.recover();
    const all = await inbox.waitFor(6);
    const again = all.slice(3);
    expect(again.map(body)).toEqual(['1', '2', '3']);
    expect(again.every((m) => m.fields.redelivered)).toBe(true);
    expect(again.map((m) => m.fields.deliveryTag)).toEqual([4, 5, 6]);
    ch.ackAll();
    await ch.close();
  });

  it('unacked messages return to the queue when the channel closes', async () => {
    const q = await queueWith(['1', '2', '3']);
    const ch = await channel(conn);
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage);
    await inbox.waitFor(3);
    ch.ack(inbox.messages[1]!);
    await ch.close();
    const rest = await consumeAll(q, 2);
    expect(rest.map((m) => `${body(m)}:${m.fields.redelivered}`)).toEqual(['1:true', '3:true']);
  });

  it('unacked messages return to the queue when the connection closes', async () => {
    const q = await queueWith(['1', '2', '3']);
    const other = await connect(broker.url);
    const ch = await channel(other);
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage);
    await inbox.waitFor(3);
    await other.close();
    const rest = await consumeAll(q, 3);
    expect(rest.map((m) => `${body(m)}:${m.fields.redelivered}`)).toEqual(['1:true', '2:true', '3:true']);
  });

  it('no-ack deliveries are not returned when the channel closes', async () => {
    const q = await queueWith(['1', '2']);
    const ch = await channel(conn);
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true });
    await inbox.waitFor(2);
    await ch.close();
    const c = await channel(conn);
    expect((await c.checkQueue(q)).messageCount).toBe(0);
    await c.close();
  });
});

describe('prefetch (basic.qos)', () => {
  it('prefetch 1: the second message is not delivered until the first is acked', async () => {
    const q = await queueWith(['1', '2', '3']);
    const ch = await channel(conn);
    await ch.prefetch(1);
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage);
    await inbox.waitFor(1);
    // the queue still holds 2 ready messages: nothing else was sent to the consumer
    expect((await ch.checkQueue(q)).messageCount).toBe(2);
    expect(inbox.bodies()).toEqual(['1']);
    ch.ack(inbox.messages[0]!);
    await inbox.waitFor(2);
    expect((await ch.checkQueue(q)).messageCount).toBe(1);
    expect(inbox.bodies()).toEqual(['1', '2']);
    ch.ack(inbox.messages[1]!);
    await inbox.waitFor(3);
    ch.ack(inbox.messages[2]!);
    await ch.close();
  });

  it('prefetch global=false is per consumer: two consumers on one channel each get the limit', async () => {
    const q = await queueWith(Array.from({ length: 10 }, (_, i) => String(i)));
    const ch = await channel(conn);
    await ch.prefetch(2, false);
    const a = new Inbox();
    const b = new Inbox();
    await ch.consume(q, a.onMessage);
    await ch.consume(q, b.onMessage);
    await a.waitFor(2);
    await b.waitFor(2);
    await waitForCount(ch, q, 6);
    expect(a.messages.length + b.messages.length).toBe(4);
    await ch.close();
  });

  it('prefetch global=true is shared by all consumers on the channel', async () => {
    const q = await queueWith(Array.from({ length: 10 }, (_, i) => String(i)));
    const ch = await channel(conn);
    await ch.prefetch(3, true);
    const a = new Inbox();
    const b = new Inbox();
    await ch.consume(q, a.onMessage);
    await ch.consume(q, b.onMessage);
    await within((async () => { while (a.messages.length + b.messages.length < 3) await Promise.race([a.waitFor(a.messages.length + 1), b.waitFor(b.messages.length + 1)]); })());
    await waitForCount(ch, q, 7);
    expect(a.messages.length + b.messages.length).toBe(3);
    // acking one frees exactly one slot for the channel
    const first = (a.messages[0] ?? b.messages[0])!;
    ch.ack(first);
    await waitForCount(ch, q, 6);
    expect(a.messages.length + b.messages.length).toBe(4);
    await ch.close();
  });

  it('prefetch applies to consumers created after basic.qos, not before', async () => {
    const q1 = await queueWith(Array.from({ length: 5 }, (_, i) => String(i)));
    const q2 = await queueWith(Array.from({ length: 5 }, (_, i) => String(i)));
    const ch = await channel(conn);
    const before = new Inbox();
    await ch.consume(q1, before.onMessage); // no limit
    await before.waitFor(5);
    await ch.prefetch(1);
    const after = new Inbox();
    await ch.consume(q2, after.onMessage);
    await after.waitFor(1);
    await waitForCount(ch, q2, 4);
    expect(after.messages.length).toBe(1);
    // The consumer from before basic.qos is still unlimited: with 5 unacked it takes 5 more.
    for (let i = 5; i < 10; i++) ch.sendToQueue(q1, Buffer.from(String(i)));
    await before.waitFor(10);
    expect(before.bodies()).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    await waitForCount(ch, q1, 0);
    await ch.close();
  });

  it('round robin between two consumers on one queue', async () => {
    const ch = await channel(conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    const a = new Inbox();
    const b = new Inbox();
    await ch.consume(q, a.onMessage, { noAck: true });
    await ch.consume(q, b.onMessage, { noAck: true });
    const n = 10;
    for (let i = 0; i < n; i++) ch.sendToQueue(q, Buffer.from(String(i)));
    await within((async () => { while (a.messages.length + b.messages.length < n) await Promise.race([a.waitFor(a.messages.length + 1), b.waitFor(b.messages.length + 1)]); })());
    expect(a.messages.length).toBe(5);
    expect(b.messages.length).toBe(5);
    const aIdx = a.bodies().map(Number);
    const bIdx = b.bodies().map(Number);
    // strict alternation: one consumer gets the even messages, the other the odd ones
    const parityA = aIdx[0]! % 2;
    expect(aIdx.every((i) => i % 2 === parityA)).toBe(true);
    expect(bIdx.every((i) => i % 2 !== parityA)).toBe(true);
    await ch.close();
  });
});
