// Queue length limits and overflow behaviours, message priorities, consumer priorities and single
// active consumer, as RabbitMQ 3.10.8 implements them.
import { describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { Inbox, barrier, channel, confirmChannel, expectChannelError, within, type Channel, useSharedBroker } from './amqp-util';
import { bodies, getOne, publishConfirmed } from './lifecycle-support';
import { count, drain, waitForCount } from '../test-support/queues';

const shared = useSharedBroker();

async function sink(ch: Channel): Promise<{ dlx: string; dead: string }> {
  const dlx = uniqueName('lim-dlx');
  await ch.assertExchange(dlx, 'fanout', { autoDelete: true });
  const dead = (await ch.assertQueue('', { exclusive: true })).queue;
  await ch.bindQueue(dead, dlx, '');
  return { dlx, dead };
}

describe('x-max-length / x-max-length-bytes', () => {
  it('default overflow is drop-head: the oldest messages are discarded', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 3 } })).queue;
    const acks = await Promise.all(['1', '2', '3', '4', '5'].map((b) => publishConfirmed(ch, '', q, b)));
    expect(acks).toEqual(['ack', 'ack', 'ack', 'ack', 'ack']);
    expect(await count(ch, q)).toBe(3);
    expect(bodies(await drain(ch, q))).toEqual(['3', '4', '5']);
    await ch.close();
  });

  it("x-overflow drop-head explicitly, with a DLX: the dropped head is dead-lettered with reason 'maxlen'", async () => {
    const ch = await confirmChannel(shared.conn);
    const { dlx, dead } = await sink(ch);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 1, 'x-overflow': 'drop-head', 'x-dead-letter-exchange': dlx } })).queue;
    for (const b of ['a', 'b', 'c']) ch.sendToQueue(q, Buffer.from(b));
    await ch.waitForConfirms();
    await waitForCount(ch, dead, 2);
    const d = await drain(ch, dead);
    expect(bodies(d)).toEqual(['a', 'b']);
    expect(d.map((m) => m.properties.headers!['x-death']![0].reason)).toEqual(['maxlen', 'maxlen']);
    expect(bodies(await drain(ch, q))).toEqual(['c']);
    await ch.close();
  });

  it('x-max-length-bytes counts body bytes only: 3 × 4-byte bodies fit in 12, a 4th drops the head', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length-bytes': 12 } })).queue;
    for (const b of ['aaaa', 'bbbb', 'cccc']) ch.sendToQueue(q, Buffer.from(b), { headers: { big: 'x'.repeat(200) } });
    await ch.waitForConfirms();
    expect(await count(ch, q)).toBe(3);
    ch.sendToQueue(q, Buffer.from('dddd'));
    await ch.waitForConfirms();
    expect(bodies(await drain(ch, q))).toEqual(['bbbb', 'cccc', 'dddd']);
    await ch.close();
  });

  it('x-max-length-bytes: a single message larger than the limit is dropped at once (drop-head)', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length-bytes': 10 } })).queue;
    ch.sendToQueue(q, Buffer.from('small'));
    expect(await publishConfirmed(ch, '', q, 'this body is too large')).toBe('ack');
    expect(bodies(await drain(ch, q))).toEqual([]);
    await ch.close();
  });

  it('x-max-length 0: every message is dropped (confirmed with ack)', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 0 } })).queue;
    expect(await publishConfirmed(ch, '', q, 'gone')).toBe('ack');
    expect(await count(ch, q)).toBe(0);
    await ch.close();
  });

  it('reject-publish: publishes beyond the limit are nacked and not enqueued; nothing is dead-lettered', async () => {
    const ch = await confirmChannel(shared.conn);
    const { dlx, dead } = await sink(ch);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 2, 'x-overflow': 'reject-publish', 'x-dead-letter-exchange': dlx } })).queue;
    const results = [];
    for (const b of ['1', '2', '3', '4']) results.push(await publishConfirmed(ch, '', q, b));
    expect(results).toEqual(['ack', 'ack', 'nack', 'nack']);
    expect(bodies(await drain(ch, q))).toEqual(['1', '2']);
    // room again → accepted again
    expect(await publishConfirmed(ch, '', q, '5')).toBe('ack');
    expect(bodies(await drain(ch, q))).toEqual(['5']);
    expect(await count(ch, dead)).toBe(0);
    await ch.close();
  });

  it('reject-publish via amqplib waitForConfirms: rejects with "message(s) rejected"', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } })).queue;
    ch.sendToQueue(q, Buffer.from('fits'));
    ch.sendToQueue(q, Buffer.from('rejected'));
    await expect(within(ch.waitForConfirms())).rejects.toThrow();
    expect(bodies(await drain(ch, q))).toEqual(['fits']);
    await ch.close();
  });

  it("reject-publish-dlx: publishes beyond the limit are nacked AND dead-lettered with reason 'maxlen'", async () => {
    const ch = await confirmChannel(shared.conn);
    const { dlx, dead } = await sink(ch);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx', 'x-dead-letter-exchange': dlx } })).queue;
    const results = [];
    for (const b of ['1', '2', '3']) results.push(await publishConfirmed(ch, '', q, b, { messageId: `m${b}` }));
    expect(results).toEqual(['ack', 'nack', 'nack']);
    await waitForCount(ch, dead, 2);
    const d = await drain(ch, dead);
    expect(bodies(d)).toEqual(['2', '3']);
    for (const m of d) {
      const h = m.properties.headers as Record<string, unknown>;
      const xd = h['x-death'] as Array<Record<string, unknown>>;
      expect(xd).toHaveLength(1);
      expect(xd[0]).toMatchObject({ count: 1, reason: 'maxlen', queue: q, exchange: '', 'routing-keys': [q] });
      expect(h['x-first-death-reason']).toBe('maxlen');
    }
    expect(bodies(await drain(ch, q))).toEqual(['1']);
    await ch.close();
  });

  it('reject-publish without confirms: the excess is silently dropped, the channel stays open', async () => {
    const ch = await channel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } })).queue;
    ch.sendToQueue(q, Buffer.from('1'));
    ch.sendToQueue(q, Buffer.from('2'));
    await waitForCount(ch, q, 1);
    expect(bodies(await drain(ch, q))).toEqual(['1']);
    await ch.close();
  });

  it("invalid overflow / negative length → 406", async () => {
    const q = uniqueName('ovf');
    const e = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(q, { arguments: { 'x-overflow': 'bogus' } }));
    expect(e.message).toContain(`PRECONDITION_FAILED - invalid arg 'x-overflow' for queue '${q}' in vhost '/': invalid_overflow`);
    const q2 = uniqueName('maxlen');
    const e2 = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(q2, { arguments: { 'x-max-length': -1 } }));
    expect(e2.message).toContain(`PRECONDITION_FAILED - invalid arg 'x-max-length' for queue '${q2}' in vhost '/': {value_negative,-1}`);
  });
});

describe('message priorities (x-max-priority)', () => {
  it('higher priority first, FIFO within a priority; above the max counts as the max; none counts as 0', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-priority': 10 } })).queue;
    const sent: Array<[string, number | undefined]> = [
      ['p0-a', 0], ['none-a', undefined], ['p5-a', 5], ['p10-a', 10], ['p20-a', 20], ['p1-a', 1], ['p5-b', 5],
      ['p255-a', 255], ['p10-b', 10], ['p9-a', 9], ['p0-b', 0], ['none-b', undefined], ['p2-a', 2], ['p3', 3],
      ['p4', 4], ['p6', 6], ['p7', 7], ['p8', 8], ['p11', 11],
    ];
    for (const [b, p] of sent) ch.sendToQueue(q, Buffer.from(b), p === undefined ? {} : { priority: p });
    await ch.waitForConfirms();
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true });
    await inbox.waitFor(sent.length);
    expect(inbox.bodies()).toEqual([
      'p10-a', 'p20-a', 'p255-a', 'p10-b', 'p11', 'p9-a', 'p8', 'p7', 'p6', 'p5-a', 'p5-b', 'p4', 'p3', 'p2-a', 'p1-a',
      'p0-a', 'none-a', 'p0-b', 'none-b',
    ]);
    // the priority property itself is delivered unchanged
    const byBody = new Map(inbox.messages.map((m) => [m.content.toString(), m.properties.priority]));
    expect(byBody.get('p20-a')).toBe(20);
    expect(byBody.get('p255-a')).toBe(255);
    expect(byBody.get('none-a')).toBeUndefined();
    await ch.close();
  });

  it('basic.get also takes the highest priority first', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-priority': 5 } })).queue;
    for (const [b, p] of [['low', 1], ['high', 5], ['mid', 3]] as const) ch.sendToQueue(q, Buffer.from(b), { priority: p });
    await ch.waitForConfirms();
    expect(bodies(await drain(ch, q))).toEqual(['high', 'mid', 'low']);
    await ch.close();
  });

  it('a requeued message goes back in its priority position', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-priority': 10 } })).queue;
    for (const [b, p] of [['hi', 9], ['lo', 1]] as const) ch.sendToQueue(q, Buffer.from(b), { priority: p });
    await ch.waitForConfirms();
    const hi = await getOne(ch, q, { noAck: false });
    expect(hi.content.toString()).toBe('hi');
    ch.sendToQueue(q, Buffer.from('mid'), { priority: 5 });
    await ch.waitForConfirms();
    ch.reject(hi, true);
    const order = bodies(await drain(ch, q));
    expect(order).toEqual(['hi', 'mid', 'lo']);
    await ch.close();
  });

  it('without x-max-priority the priority property is ignored (FIFO)', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true })).queue;
    for (const [b, p] of [['a', 1], ['b', 9], ['c', 5]] as const) ch.sendToQueue(q, Buffer.from(b), { priority: p });
    await ch.waitForConfirms();
    expect(bodies(await drain(ch, q))).toEqual(['a', 'b', 'c']);
    await ch.close();
  });

  it("x-max-priority 256 → 406 '{max_value_exceeded,256}'; 255 and 0 are accepted; -1 → 406", async () => {
    const q = uniqueName('prio-256');
    const e = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(q, { arguments: { 'x-max-priority': 256 } }));
    expect(e.message).toContain(`PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue '${q}' in vhost '/': {max_value_exceeded,256}`);
    const qn = uniqueName('prio-neg');
    const en = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(qn, { arguments: { 'x-max-priority': -1 } }));
    expect(en.message).toContain(`invalid arg 'x-max-priority' for queue '${qn}' in vhost '/': {value_negative,-1}`);
    const ch = await channel(shared.conn);
    await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-priority': 255 } });
    await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-priority': 0 } });
    await ch.close();
  });
});

describe('consumer priorities (x-priority)', () => {
  it('the high-priority consumer gets messages while it can; when it is blocked the low one gets them', async () => {
    const hiCh = await channel(shared.conn);
    const loCh = await channel(shared.conn);
    await hiCh.prefetch(1);
    const q = (await hiCh.assertQueue('', { exclusive: true })).queue;
    const lo = new Inbox();
    const hi = new Inbox();
    await loCh.consume(q, lo.onMessage, { noAck: false, priority: 0 });
    await hiCh.consume(q, hi.onMessage, { noAck: false, priority: 10 });
    hiCh.sendToQueue(q, Buffer.from('m1'));
    await hi.waitFor(1);
    // hi is now at its prefetch limit: the next ones go to lo
    for (const b of ['m2', 'm3', 'm4']) hiCh.sendToQueue(q, Buffer.from(b));
    await lo.waitFor(3);
    expect(hi.bodies()).toEqual(['m1']);
    expect(lo.bodies()).toEqual(['m2', 'm3', 'm4']);
    // hi has room again → it takes the next message
    hiCh.ack(hi.messages[0]);
    hiCh.sendToQueue(q, Buffer.from('m5'));
    await hi.waitFor(2);
    expect(hi.bodies()).toEqual(['m1', 'm5']);
    expect(lo.bodies()).toEqual(['m2', 'm3', 'm4']);
    await hiCh.close();
    await loCh.close();
  });

  it('consumers of equal priority share round-robin; a higher one starves the lower while it has credit', async () => {
    const ch = await channel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true })).queue;
    const a = new Inbox();
    const b = new Inbox();
    const top = new Inbox();
    await ch.consume(q, a.onMessage, { noAck: true, priority: 1 });
    await ch.consume(q, b.onMessage, { noAck: true, priority: 1 });
    const topTag = (await ch.consume(q, top.onMessage, { noAck: true, priority: 5 })).consumerTag;
    for (let i = 0; i < 6; i++) ch.sendToQueue(q, Buffer.from(`t${i}`));
    await top.waitFor(6);
    expect(a.messages.length + b.messages.length).toBe(0);
    // Without the higher one, the two of equal priority take turns: one gets the even messages,
    // the other the odd ones.
    await ch.cancel(topTag);
    for (let i = 0; i < 6; i++) ch.sendToQueue(q, Buffer.from(`r${i}`));
    await a.waitFor(3);
    await b.waitFor(3);
    const turns = (inbox: Inbox): number[] => inbox.bodies().map((body) => Number(body.slice(1)) % 2);
    expect(turns(a)).toEqual(turns(a)[0] === 0 ? [0, 0, 0] : [1, 1, 1]);
    expect(turns(b)).toEqual(turns(a)[0] === 0 ? [1, 1, 1] : [0, 0, 0]);
    expect(top.messages).toHaveLength(6);
    await ch.close();
  });
});

describe('single active consumer (x-single-active-consumer)', () => {
  it('only the first consumer gets messages; cancelling it hands over to the second', async () => {
    const ch = await channel(shared.conn);
    const q = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-single-active-consumer': true } })).queue;
    const first = new Inbox();
    const second = new Inbox();
    const c1 = await ch.consume(q, first.onMessage, { noAck: true });
    await ch.consume(q, second.onMessage, { noAck: true });
    expect((await ch.checkQueue(q)).consumerCount).toBe(2);
    for (let i = 0; i < 5; i++) ch.sendToQueue(q, Buffer.from(`a${i}`));
    await first.waitFor(5);
    await barrier(ch, q, first);
    expect(second.messages).toHaveLength(0);
    await ch.cancel(c1.consumerTag);
    for (let i = 0; i < 3; i++) ch.sendToQueue(q, Buffer.from(`b${i}`));
    await second.waitFor(3);
    expect(second.bodies()).toEqual(['b0', 'b1', 'b2']);
    expect(first.bodies().filter((b) => /^b\d$/.test(b))).toEqual([]);
    await ch.close();
  });

  it('unacked messages of the active consumer go to the next one when its channel closes', async () => {
    const ch1 = await channel(shared.conn);
    const ch2 = await channel(shared.conn);
    const q = (await ch1.assertQueue('', { exclusive: true, arguments: { 'x-single-active-consumer': true } })).queue;
    const first = new Inbox();
    const second = new Inbox();
    await ch1.consume(q, first.onMessage, { noAck: false });
    await ch2.consume(q, second.onMessage, { noAck: false });
    for (const b of ['x', 'y']) ch2.sendToQueue(q, Buffer.from(b));
    await first.waitFor(2);
    await ch1.close();
    await second.waitFor(2);
    expect(second.bodies()).toEqual(['x', 'y']);
    expect(second.messages.map((m) => m.fields.redelivered)).toEqual([true, true]);
    await ch2.close();
  });

  it("x-single-active-consumer must be a boolean: a string → 406", async () => {
    const q = uniqueName('sac-bad');
    const e = await expectChannelError(shared.conn, 406, (ch) => ch.assertQueue(q, { arguments: { 'x-single-active-consumer': 'yes' } }));
    expect(e.message).toContain(`invalid arg 'x-single-active-consumer' for queue '${q}' in vhost '/'`);
  });
});
