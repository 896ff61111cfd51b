// Message TTL (x-message-ttl, the expiration property), queue expiry (x-expires) and their argument
// validation, with the codes and texts RabbitMQ 3.10.8 produces.
import { describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { Inbox, barrier, channel, confirmChannel, expectChannelError, useSharedBroker } from './amqp-util';
import { bodies, queueExists, waitExpired } from './lifecycle-support';
import { count, drain, waitForCount } from '../test-support/queues';
import { sleep } from '../test-support/wait';

const shared = useSharedBroker();

describe('message TTL', () => {
  it('x-message-ttl: messages leave the queue after the TTL and basic.get then finds nothing', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue(uniqueName('ttl-q'), { exclusive: true, arguments: { 'x-message-ttl': 400 } })).queue;
    const started = Date.now();
    for (const b of ['a', 'b', 'c']) ch.sendToQueue(q, Buffer.from(b));
    await ch.waitForConfirms();
    expect(await count(ch, q)).toBe(3); // still there right after publishing
    await waitForCount(ch, q, 0, 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(await ch.get(q, { noAck: true })).toBe(false);
    await ch.close();
  });

  it('expiration property: the message leaves the queue after its own TTL', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true })).queue;
    const started = Date.now();
    ch.sendToQueue(q, Buffer.from('short'), { expiration: '300' });
    await ch.waitForConfirms();
    expect(await count(ch, q)).toBe(1);
    await waitForCount(ch, q, 0, 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await ch.get(q, { noAck: true })).toBe(false);
    await ch.close();
  });

  it('queue TTL and expiration both set: the lower one wins (either way round)', async () => {
    const ch = await channel(shared.conn);
    const longQueue = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-message-ttl': 60_000 } })).queue;
    const shortQueue = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-message-ttl': 80 } })).queue;
    ch.sendToQueue(longQueue, Buffer.from('msg-ttl-lower'), { expiration: '80' });
    ch.sendToQueue(shortQueue, Buffer.from('queue-ttl-lower'), { expiration: '60000' });
    const started = Date.now();
    await waitForCount(ch, longQueue, 0, 3000);
    await waitForCount(ch, shortQueue, 0, 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    await ch.close();
  });

  it('an expired message is never delivered to a consumer', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-message-ttl': 60 } })).queue;
    for (let i = 0; i < 5; i++) ch.sendToQueue(q, Buffer.from(`old-${i}`));
    await ch.waitForConfirms(); // enqueued
    await waitForCount(ch, q, 0, 3000);
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true });
    await barrier(ch, q, inbox); // the marker is the first and only delivery
    expect(inbox.bodies().filter((b) => b.startsWith('old-'))).toEqual([]);
    expect(inbox.bodies()).toHaveLength(1);
    await ch.close();
  });

  it('a per-message-expired message behind a live one is dropped when it reaches the head (get skips it)', async () => {
    const ch = await channel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true })).queue;
    ch.sendToQueue(q, Buffer.from('live'));
    ch.sendToQueue(q, Buffer.from('dies'), { expiration: '50' });
    ch.sendToQueue(q, Buffer.from('tail'));
    await waitForCount(ch, q, 3);
    await sleep(150); // time under test: 'dies' has expired but is not at the head
    // RabbitMQ expires lazily behind the head: the count still includes the expired message
    expect(await count(ch, q)).toBe(3);
    const first = await ch.get(q, { noAck: true });
    expect(first && first.content.toString()).toBe('live');
    const second = await ch.get(q, { noAck: true });
    expect(second && second.content.toString()).toBe('tail');
    expect(await ch.get(q, { noAck: true })).toBe(false);
    await ch.close();
  });

  it('x-message-ttl 0 with a consumer ready: delivered at once', async () => {
    const ch = await channel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-message-ttl': 0 } })).queue;
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true });
    ch.sendToQueue(q, Buffer.from('now'));
    await inbox.waitFor(1);
    expect(inbox.bodies()).toEqual(['now']);
    await ch.close();
  });

  it('x-message-ttl 0 without a consumer: the message is gone immediately', async () => {
    const ch = await channel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-message-ttl': 0 } })).queue;
    ch.sendToQueue(q, Buffer.from('nobody'));
    await waitForCount(ch, q, 0, 1000);
    expect(await ch.get(q, { noAck: true })).toBe(false);
    // a consumer arriving afterwards gets nothing but the barrier
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true });
    await barrier(ch, q, inbox);
    expect(inbox.bodies()).toHaveLength(1);
    await ch.close();
  });

  it('expiration "0": delivered to a ready consumer, dropped without one', async () => {
    const ch = await channel(shared.conn);
    const idle = (await ch.assertQueue('', { exclusive: true })).queue;
    ch.sendToQueue(idle, Buffer.from('x'), { expiration: '0' });
    await waitForCount(ch, idle, 0, 1000);
    expect(await ch.get(idle, { noAck: true })).toBe(false);

    const busy = (await ch.assertQueue('', { exclusive: true })).queue;
    const inbox = new Inbox();
    await ch.consume(busy, inbox.onMessage, { noAck: true });
    ch.sendToQueue(busy, Buffer.from('y'), { expiration: '0' });
    await inbox.waitFor(1);
    expect(inbox.bodies()).toEqual(['y']);
    // the delivered message carries its expiration property unchanged
    expect(inbox.messages[0].properties.expiration).toBe('0');
    await ch.close();
  });

  it('x-message-ttl 0 with a consumer whose prefetch is full: not delivered later, dropped', async () => {
    const ch = await channel(shared.conn);
    await ch.prefetch(1);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-message-ttl': 0 } })).queue;
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: false });
    ch.sendToQueue(q, Buffer.from('first'));
    await inbox.waitFor(1);
    ch.sendToQueue(q, Buffer.from('blocked')); // the consumer cannot take it: expires at once
    await waitForCount(ch, q, 0, 1000);
    ch.ack(inbox.messages[0]);
    ch.sendToQueue(q, Buffer.from('third'));
    await inbox.waitFor(2);
    expect(inbox.bodies()).toEqual(['first', 'third']);
    await ch.close();
  });
});

describe('TTL argument validation', () => {
  it("x-message-ttl -1 → 406 PRECONDITION_FAILED on queue.declare", async () => {
    const q = uniqueName('ttl-neg');
    const err = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(q, { arguments: { 'x-message-ttl': -1 } }));
    expect(err.message).toContain(`PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue '${q}' in vhost '/': {value_negative,-1}`);
    expect([err.classId, err.methodId]).toEqual([50, 10]);
  });

  it("x-message-ttl as a string → 406 'expected integer, got longstr'", async () => {
    const q = uniqueName('ttl-str');
    const err = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(q, { arguments: { 'x-message-ttl': '1000' } }));
    expect(err.message).toContain(`PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue '${q}' in vhost '/': "expected integer, got longstr"`);
  });

  it("x-message-ttl as a float → 406 'expected integer, got double'", async () => {
    const q = uniqueName('ttl-float');
    const err = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(q, { arguments: { 'x-message-ttl': 1.5 } }));
    expect(err.message).toContain(`invalid arg 'x-message-ttl' for queue '${q}' in vhost '/': "expected integer, got double"`);
  });

  const badExpirations: Array<[string, string]> = [
    ['abc', "PRECONDITION_FAILED - invalid expiration 'abc': no_integer"],
    ['-5', "PRECONDITION_FAILED - invalid expiration '-5': {value_negative,-5}"],
    ['1.5', "PRECONDITION_FAILED - invalid expiration '1.5': {leftover_string,\".5\"}"],
    ['', "PRECONDITION_FAILED - invalid expiration '': no_integer"],
  ];
  for (const [value, text] of badExpirations) {
    it(`expiration property ${JSON.stringify(value)} → channel.close 406 on basic.publish`, async () => {
      const q = uniqueName('exp-bad');
      const err = await expectChannelError(shared.conn, 406, (ch) => {
        ch.sendToQueue(q, Buffer.from('x'), { expiration: value });
      });
      expect(err.message).toContain(text);
      expect([err.classId, err.methodId]).toEqual([60, 40]);
    });
  }
});

describe('queue expiry (x-expires)', () => {
  it('an unused queue is deleted after x-expires (passive declare → 404)', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('expires');
    await ch.assertQueue(q, { arguments: { 'x-expires': 200 } });
    const declared = Date.now();
    expect((await ch.checkQueue(q)).queue).toBe(q);
    await ch.close();
    await waitExpired(shared.conn, q, 200);
    expect(Date.now() - declared).toBeGreaterThanOrEqual(200);
  });

  it('a queue holding messages but no consumer still expires', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('expires-msgs');
    await ch.assertQueue(q, { arguments: { 'x-expires': 150 } });
    const declared = Date.now();
    ch.sendToQueue(q, Buffer.from('orphan'));
    expect(await ch.checkQueue(q)).toMatchObject({ messageCount: 1, consumerCount: 0 });
    await ch.close();
    await waitExpired(shared.conn, q, 150);
    expect(Date.now() - declared).toBeGreaterThanOrEqual(150);
  });

  it('a passive queue.declare renews the lease: probing more often than x-expires keeps the queue alive', async () => {
    const q = uniqueName('expires-renew');
    const ch = await channel(shared.conn);
    await ch.assertQueue(q, { arguments: { 'x-expires': 200 } });
    await ch.close();
    const started = Date.now();
    while (Date.now() - started < 800) {
      await sleep(50); // time under test
      expect(await queueExists(shared.conn, q)).toBe(true);
    }
    await waitExpired(shared.conn, q, 200);
  });

  it('basic.get also renews the lease', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('expires-get');
    await ch.assertQueue(q, { arguments: { 'x-expires': 200 } });
    const started = Date.now();
    while (Date.now() - started < 800) {
      await sleep(50); // time under test
      expect(await ch.get(q, { noAck: true })).toBe(false);
    }
    await ch.close();
    await waitExpired(shared.conn, q, 200);
  });

  it('a queue with a consumer is not deleted; after the cancel it expires', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('expires-used');
    await ch.assertQueue(q, { arguments: { 'x-expires': 100 } });
    const { consumerTag } = await ch.consume(q, () => undefined, { noAck: true });
    await sleep(400); // time under test: four times x-expires
    expect((await ch.checkQueue(q)).consumerCount).toBe(1);
    await ch.cancel(consumerTag);
    await waitExpired(shared.conn, q, 100);
    await ch.close().catch(() => undefined);
  });

  it("x-expires 0 → 406 '{value_zero,0}'; -1 → 406 '{value_negative,-1}'", async () => {
    const q0 = uniqueName('expires-0');
    const e0 = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(q0, { arguments: { 'x-expires': 0 } }));
    expect(e0.message).toContain(`PRECONDITION_FAILED - invalid arg 'x-expires' for queue '${q0}' in vhost '/': {value_zero,0}`);
    const q1 = uniqueName('expires-neg');
    const e1 = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(q1, { arguments: { 'x-expires': -1 } }));
    expect(e1.message).toContain(`PRECONDITION_FAILED - invalid arg 'x-expires' for queue '${q1}' in vhost '/': {value_negative,-1}`);
  });
});

describe('TTL with a consumer attached', () => {
  it('messages consumed before their TTL arrive with their expiration property intact', async () => {
    const ch = await channel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-message-ttl': 60_000 } })).queue;
    ch.sendToQueue(q, Buffer.from('keep'), { expiration: '30000' });
    ch.sendToQueue(q, Buffer.from('plain'));
    await waitForCount(ch, q, 2);
    const got = await drain(ch, q);
    expect(bodies(got)).toEqual(['keep', 'plain']);
    expect(got[0].properties.expiration).toBe('30000');
    expect(got[1].properties.expiration).toBeUndefined();
    await ch.close();
  });

  it('a queue without a TTL keeps its message past the time a TTL queue beside it empties', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true })).queue;
    const timed = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-message-ttl': 200 } })).queue;
    ch.sendToQueue(q, Buffer.from('stay'));
    ch.sendToQueue(timed, Buffer.from('go'));
    await ch.waitForConfirms();
    expect(await count(ch, timed)).toBe(1);
    await waitForCount(ch, timed, 0, 3000);
    expect(await count(ch, q)).toBe(1);
    await ch.close();
  });
});
