// Queues: declare (server-named, passive, exclusive, auto-delete), redeclare rules, counts, bindings,
// the default exchange, purge and delete.
import { describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { Inbox, channel, confirmChannel, connect, expectChannelError, waitForQueueGone, within, useSharedBroker } from './amqp-util';
import { waitForCount } from '../test-support/queues';

const shared = useSharedBroker();

describe('queue.declare', () => {
  it('a server-named queue gets an amq.gen- name', async () => {
    const ch = await channel(shared.conn);
    const ok = await ch.assertQueue('', { exclusive: true });
    expect(ok.queue).toMatch(/^amq\.gen-/);
    expect(ok.messageCount).toBe(0);
    expect(ok.consumerCount).toBe(0);
    await ch.checkQueue(ok.queue);
    await ch.close();
  });

  it('passive declare of a missing queue → 404 NOT_FOUND', async () => {
    await expectChannelError(shared.conn, 404, (ch) => ch.checkQueue(uniqueName('missing-q')));
  });

  it("declaring a queue named 'amq.*' → 403 ACCESS_REFUSED", async () => {
    await expectChannelError(shared.conn, 403, (ch) => ch.assertQueue(`amq.${uniqueName('q')}`));
  });

  it('an exclusive queue used from another connection → 405 RESOURCE_LOCKED', async () => {
    const owner = await connect(shared.broker.url);
    const och = await channel(owner);
    const q = uniqueName('excl');
    await och.assertQueue(q, { exclusive: true });
    const other = await connect(shared.broker.url);
    await expectChannelError(other, 405, (ch) => ch.assertQueue(q, { exclusive: true }));
    await expectChannelError(other, 405, (ch) => ch.checkQueue(q));
    await expectChannelError(other, 405, (ch) => ch.consume(q, () => undefined));
    await expectChannelError(other, 405, (ch) => ch.get(q));
    await expectChannelError(other, 405, (ch) => ch.purgeQueue(q));
    await expectChannelError(other, 405, (ch) => ch.deleteQueue(q));
    // the owner can still use it
    await och.checkQueue(q);
    await owner.close();
    await other.close();
  });

  it('an exclusive queue disappears when its connection closes', async () => {
    const owner = await connect(shared.broker.url);
    const och = await channel(owner);
    const q = uniqueName('excl');
    await och.assertQueue(q, { exclusive: true });
    await owner.close();
    await waitForQueueGone(shared.conn, q);
  });

  it('an auto-delete queue disappears after its last consumer cancels', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('autodel');
    await ch.assertQueue(q, { autoDelete: true, durable: false });
    const c1 = await ch.consume(q, () => undefined);
    const c2 = await ch.consume(q, () => undefined);
    await ch.cancel(c1.consumerTag);
    const still = await ch.checkQueue(q);
    expect(still.consumerCount).toBe(1);
    await ch.cancel(c2.consumerTag);
    await waitForQueueGone(shared.conn, q);
    await ch.close();
  });

  it('an auto-delete queue that never had a consumer stays', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('autodel');
    await ch.assertQueue(q, { autoDelete: true, durable: false });
    await ch.checkQueue(q);
    await ch.deleteQueue(q);
    await ch.close();
  });

  it('redeclare with a different durable flag → 406 PRECONDITION_FAILED', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { durable: false });
    await expectChannelError(shared.conn, 406, (c) => c.assertQueue(q, { durable: true }));
    await ch.deleteQueue(q);
    await ch.close();
  });

  it('redeclare with different arguments → 406 PRECONDITION_FAILED', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { durable: false, arguments: { 'x-max-length': 10 } });
    await expectChannelError(shared.conn, 406, (c) => c.assertQueue(q, { durable: false, arguments: { 'x-max-length': 20 } }));
    await expectChannelError(shared.conn, 406, (c) => c.assertQueue(q, { durable: false }));
    // the same arguments are fine
    await ch.assertQueue(q, { durable: false, arguments: { 'x-max-length': 10 } });
    await ch.deleteQueue(q);
    await ch.close();
  });

  it('declare-ok reports messageCount and consumerCount', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    for (let i = 0; i < 3; i++) ch.sendToQueue(q, Buffer.from(`m${i}`));
    await ch.waitForConfirms();
    const ok = await ch.assertQueue(q, { exclusive: true });
    expect(ok).toMatchObject({ queue: q, messageCount: 3, consumerCount: 0 });
    const cch = await channel(shared.conn);
    await cch.prefetch(1);
    const inbox = new Inbox();
    await cch.consume(q, inbox.onMessage);
    await inbox.waitFor(1);
    // one message is unacked with the consumer: declare-ok counts only ready messages
    const ok2 = await ch.checkQueue(q);
    expect(ok2).toMatchObject({ queue: q, messageCount: 2, consumerCount: 1 });
    await cch.close();
    await ch.close();
  });
});

describe('bindings and the default exchange', () => {
  it('bind routes, unbind stops routing', async () => {
    const ch = await confirmChannel(shared.conn);
    const ex = uniqueName('ex');
    await ch.assertExchange(ex, 'direct', { durable: false });
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    await ch.bindQueue(q, ex, 'k');
    ch.publish(ex, 'k', Buffer.from('1'));
    await ch.waitForConfirms();
    await ch.unbindQueue(q, ex, 'k');
    ch.publish(ex, 'k', Buffer.from('2'));
    await ch.waitForConfirms();
    expect((await ch.checkQueue(q)).messageCount).toBe(1);
    // unbinding a binding that does not exist is not an error
    await ch.unbindQueue(q, ex, 'never-bound');
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it('binding to a missing exchange → 404, binding a missing queue → 404', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    await expectChannelError(shared.conn, 404, (c) => c.bindQueue(q, uniqueName('missing-ex'), 'k'));
    await expectChannelError(shared.conn, 404, (c) => c.bindQueue(uniqueName('missing-q'), 'amq.direct', 'k'));
    await ch.close();
  });

  it('the default exchange routes by queue name', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    ch.publish('', q, Buffer.from('via default'));
    ch.sendToQueue(q, Buffer.from('via sendToQueue'));
    await ch.waitForConfirms();
    const m = await ch.get(q, { noAck: true });
    expect(m && m.content.toString()).toBe('via default');
    expect(m && m.fields.exchange).toBe('');
    expect(m && m.fields.routingKey).toBe(q);
    await ch.close();
  });

  it('binding a queue to the default exchange → 403 ACCESS_REFUSED', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    await expectChannelError(shared.conn, 403, (c) => c.bindQueue(q, '', 'x'));
    await expectChannelError(shared.conn, 403, (c) => c.unbindQueue(q, '', q));
    await ch.close();
  });
});

describe('purge and delete', () => {
  it('purge returns the number of messages removed', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    for (let i = 0; i < 7; i++) ch.sendToQueue(q, Buffer.from(String(i)));
    await ch.waitForConfirms();
    expect((await ch.purgeQueue(q)).messageCount).toBe(7);
    expect((await ch.purgeQueue(q)).messageCount).toBe(0);
    expect(await ch.get(q)).toBe(false);
    await ch.close();
  });

  it('purge does not remove unacknowledged messages', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    for (let i = 0; i < 3; i++) ch.sendToQueue(q, Buffer.from(String(i)));
    await ch.waitForConfirms();
    const got = await ch.get(q); // unacked
    expect(got).not.toBe(false);
    expect((await ch.purgeQueue(q)).messageCount).toBe(2);
    await ch.nack(got as Exclude<typeof got, false>, false, true);
    await waitForCount(ch, q, 1);
    await ch.close();
  });

  it('delete ifUnused with a consumer → 406 PRECONDITION_FAILED', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { durable: false });
    await ch.consume(q, () => undefined);
    await expectChannelError(shared.conn, 406, (c) => c.deleteQueue(q, { ifUnused: true }));
    await ch.close(); // cancels the consumer
    const c2 = await channel(shared.conn);
    await c2.deleteQueue(q, { ifUnused: true });
    await c2.close();
  });

  it('delete ifEmpty with messages → 406 PRECONDITION_FAILED', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { durable: false });
    ch.sendToQueue(q, Buffer.from('x'));
    await ch.waitForConfirms();
    await expectChannelError(shared.conn, 406, (c) => c.deleteQueue(q, { ifEmpty: true }));
    await ch.purgeQueue(q);
    await ch.deleteQueue(q, { ifEmpty: true });
    await ch.close();
  });

  it('delete returns the message count', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { durable: false });
    for (let i = 0; i < 4; i++) ch.sendToQueue(q, Buffer.from(String(i)));
    await ch.waitForConfirms();
    expect((await ch.deleteQueue(q)).messageCount).toBe(4);
    await expectChannelError(shared.conn, 404, (c) => c.checkQueue(q));
    await ch.close();
  });

  it('deleting a missing queue succeeds with messageCount 0', async () => {
    const ch = await channel(shared.conn);
    expect((await ch.deleteQueue(uniqueName('never'))).messageCount).toBe(0);
    await ch.close();
  });

  it('purging a missing queue → 404', async () => {
    await expectChannelError(shared.conn, 404, (c) => c.purgeQueue(uniqueName('missing')));
  });

  it('x-max-length drops from the head', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true, arguments: { 'x-max-length': 2 } });
    for (const b of ['1', '2', '3']) ch.sendToQueue(q, Buffer.from(b));
    await ch.waitForConfirms();
    const a = await ch.get(q, { noAck: true });
    const b = await ch.get(q, { noAck: true });
    expect([a && a.content.toString(), b && b.content.toString()]).toEqual(['2', '3']);
    expect(await within(ch.get(q))).toBe(false);
    await ch.close();
  });
});
