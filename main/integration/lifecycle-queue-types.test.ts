// x-queue-type: classic, quorum (property rules, x-delivery-count, x-delivery-limit) and stream.
// Quorum and stream queues must be durable and non-exclusive, so each test deletes what it declared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { channel, closeAll, confirmChannel, connect, expectChannelError, expectConnectionError, within, type ChannelModel } from './amqp-util';
import { cleanup, getOne } from './lifecycle-support';

let broker: TestBroker;
let conn: ChannelModel;
const toDelete: string[] = [];
const exchangesToDelete: string[] = [];
beforeAll(async () => {
  broker = await startBroker();
  conn = await connect(broker.url);
});
afterAll(async () => {
  if (conn) await cleanup(conn, toDelete, exchangesToDelete);
  await closeAll();
  await broker.stop();
});

function durableName(prefix: string): string {
  const n = uniqueName(prefix);
  toDelete.push(n);
  return n;
}

describe('x-queue-type', () => {
  it('classic is accepted (exclusive, non-durable)', async () => {
    const ch = await channel(conn);
    const ok = await ch.assertQueue('', { exclusive: true, arguments: { 'x-queue-type': 'classic' } });
    expect(ok.queue).toMatch(/^amq\.gen-/);
    await ch.close();
  });

  it('quorum is accepted when durable; publish and get work', async () => {
    const ch = await confirmChannel(conn);
    const q = durableName('qq');
    const ok = await ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    expect(ok).toEqual({ queue: q, messageCount: 0, consumerCount: 0 });
    ch.sendToQueue(q, Buffer.from('quorum'));
    await ch.waitForConfirms();
    const m = await getOne(ch, q);
    expect(m.content.toString()).toBe('quorum');
    await ch.close();
  });

  it('consuming from a quorum queue with global prefetch on the channel → 540 NOT_IMPLEMENTED, as RabbitMQ', async () => {
    const q = durableName('qq-global-qos');
    await (await channel(conn)).assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    const e = await expectConnectionError(broker.url, 540, async (ch) => {
      await ch.prefetch(5, true);
      await ch.consume(q, () => {});
    });
    expect(e.message).toContain(`NOT_IMPLEMENTED - queue '${q}' in vhost '/' does not support global qos`);
    // per-consumer prefetch is fine
    const ok = await channel(conn);
    await ok.prefetch(5, false);
    await ok.consume(q, () => {});
    await ok.close();
  });

  it("quorum non-durable → 406 \"invalid property 'non-durable'\"", async () => {
    const q = uniqueName('qq-nd');
    const e = await expectChannelError(conn, 406, (ch) => ch.assertQueue(q, { durable: false, arguments: { 'x-queue-type': 'quorum' } }));
    expect(e.message).toContain(`PRECONDITION_FAILED - invalid property 'non-durable' for queue '${q}' in vhost '/'`);
    expect([e.classId, e.methodId]).toEqual([50, 10]);
  });

  it("quorum exclusive → 406 \"invalid property 'exclusive-owner'\"", async () => {
    const q = uniqueName('qq-ex');
    const e = await expectChannelError(conn, 406, (ch) => ch.assertQueue(q, { durable: true, exclusive: true, arguments: { 'x-queue-type': 'quorum' } }));
    expect(e.message).toContain(`PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue '${q}' in vhost '/'`);
  });

  it("quorum auto-delete → 406 \"invalid property 'auto-delete'\"", async () => {
    const q = uniqueName('qq-ad');
    const e = await expectChannelError(conn, 406, (ch) => ch.assertQueue(q, { durable: true, autoDelete: true, arguments: { 'x-queue-type': 'quorum' } }));
    expect(e.message).toContain(`PRECONDITION_FAILED - invalid property 'auto-delete' for queue '${q}' in vhost '/'`);
  });

  it("an unknown queue type → 406 \"unsupported queue type 'bogus'\"", async () => {
    const q = uniqueName('qt-bogus');
    const e = await expectChannelError(conn, 406, (ch) => ch.assertQueue(q, { exclusive: true, arguments: { 'x-queue-type': 'bogus' } }));
    expect(e.message).toContain(`PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue '${q}' in vhost '/': "unsupported queue type 'bogus'"`);
  });

  it('redeclaring a quorum queue as classic → 406 inequivalent arg', async () => {
    const ch = await channel(conn);
    const q = durableName('qq-redecl');
    await ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await ch.close();
    const e = await expectChannelError(conn, 406, (c) => c.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'classic' } }));
    expect(e.message).toContain(`PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '${q}' in vhost '/': received 'classic' but current is 'quorum'`);
  });

  it('quorum: x-delivery-count is 0 on the first delivery (basic.get) and counts requeues after that', async () => {
    const ch = await confirmChannel(conn);
    const q = durableName('qq-dc');
    await ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    ch.sendToQueue(q, Buffer.from('again'), { headers: { own: 'h' } });
    await ch.waitForConfirms();
    const seen: Array<[unknown, boolean]> = [];
    for (let i = 0; i < 3; i++) {
      const m = await getOne(ch, q, { noAck: false });
      seen.push([m.properties.headers?.['x-delivery-count'], m.fields.redelivered]);
      expect(m.properties.headers?.own).toBe('h');
      ch.nack(m, false, true);
    }
    const last = await getOne(ch, q);
    seen.push([last.properties.headers?.['x-delivery-count'], last.fields.redelivered]);
    expect(seen).toEqual([[0, false], [1, true], [2, true], [3, true]]);
    await ch.close();
  });

  it('quorum via basic.consume: the first delivery has NO x-delivery-count header (unlike basic.get), then 1, 2', async () => {
    const ch = await confirmChannel(conn);
    const q = durableName('qq-dc-consume');
    await ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    ch.sendToQueue(q, Buffer.from('c'));
    await ch.waitForConfirms();
    const seen: Array<[unknown, unknown, boolean]> = [];
    let tag = '';
    await within(new Promise<void>((resolve) => {
      void ch.consume(q, (m) => {
        if (!m) return;
        const h = m.properties.headers ?? {};
        seen.push(['x-delivery-count' in h, h['x-delivery-count'], m.fields.redelivered]);
        if (seen.length < 3) ch.nack(m, false, true);
        else { ch.ack(m); resolve(); }
      }).then((ok) => { tag = ok.consumerTag; });
    }));
    expect(seen).toEqual([[false, undefined, false], [true, 1, true], [true, 2, true]]);
    await ch.cancel(tag);
    await ch.close();
  });

  it("quorum x-delivery-limit 1 with a DLX: the third delivery attempt dead-letters it with reason 'delivery_limit'", async () => {
    const ch = await confirmChannel(conn);
    const dlx = uniqueName('qq-dlx');
    exchangesToDelete.push(dlx);
    await ch.assertExchange(dlx, 'fanout', { durable: false });
    const dead = (await ch.assertQueue('', { exclusive: true })).queue;
    await ch.bindQueue(dead, dlx, '');
    const q = durableName('qq-limit');
    await ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 1, 'x-dead-letter-exchange': dlx } });
    ch.sendToQueue(q, Buffer.from('limited'));
    await ch.waitForConfirms();
    const first = await getOne(ch, q, { noAck: false });
    expect(first.properties.headers?.['x-delivery-count']).toBe(0);
    ch.nack(first, false, true);
    const second = await getOne(ch, q, { noAck: false });
    expect(second.properties.headers?.['x-delivery-count']).toBe(1);
    ch.nack(second, false, true); // delivery count 2 > limit 1 → dead-lettered instead of requeued
    const d = await getOne(ch, dead);
    expect(d.content.toString()).toBe('limited');
    const h = d.properties.headers as Record<string, unknown>;
    const xd = h['x-death'] as Array<Record<string, unknown>>;
    expect(xd).toHaveLength(1);
    expect(xd[0]).toMatchObject({ count: 1, reason: 'delivery_limit', queue: q, exchange: '', 'routing-keys': [q] });
    expect(h['x-first-death-reason']).toBe('delivery_limit');
    expect(h['x-first-death-queue']).toBe(q);
    expect(await ch.get(q)).toBe(false);
    await ch.close();
  });

  it('stream: RabbitMQ 3.10 accepts it (durable); Warren refuses it with 406 "streams are not supported yet"', async () => {
    const q = uniqueName('stream');
    if (process.env.WARREN_TEST_URL) {
      // running against RabbitMQ (or another external broker): assert RabbitMQ's actual behaviour
      toDelete.push(q);
      const ch = await channel(conn);
      const ok = await ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'stream' } });
      expect(ok).toEqual({ queue: q, messageCount: 0, consumerCount: 0 });
      await ch.close();
      // non-durable streams are refused like quorum queues
      const nd = uniqueName('stream-nd');
      const e = await expectChannelError(conn, 406, (c) => c.assertQueue(nd, { durable: false, arguments: { 'x-queue-type': 'stream' } }));
      expect(e.message).toContain(`PRECONDITION_FAILED - invalid property 'non-durable' for queue '${nd}' in vhost '/'`);
    } else {
      const e = await expectChannelError(conn, 406, (ch) => ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'stream' } }));
      expect(e.message).toMatch(/stream/i);
      expect(e.message).toMatch(/not supported/i);
    }
  });
});
