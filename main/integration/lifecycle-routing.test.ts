// Routing features around the message lifecycle: alternate exchanges, exchange-to-exchange bindings,
// headers-exchange matching, CC/BCC sender-selected distribution and direct reply-to.
// One file past 400 lines: these features are one RabbitMQ guide each and share one broker.
import { describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { Inbox, channel, confirmChannel, connect, expectChannelError, sync, within, type Channel, useSharedBroker } from './amqp-util';
import { bodies, getOne, type Message } from './lifecycle-support';
import { count, drain } from '../test-support/queues';

const shared = useSharedBroker();

async function exchange(ch: Channel, type: string, prefix: string, args?: Record<string, unknown>): Promise<string> {
  const name = uniqueName(prefix);
  await ch.assertExchange(name, type, { autoDelete: false, durable: false, arguments: args });
  return name;
}

async function queueBoundTo(ch: Channel, ex: string, key = '', args?: Record<string, unknown>): Promise<string> {
  const q = (await ch.assertQueue('', { exclusive: true })).queue;
  await ch.bindQueue(q, ex, key, args);
  return q;
}

/** Collects basic.return on a channel. */
function returns(ch: Channel): Message[] {
  const got: Message[] = [];
  ch.on('return', (m: Message) => got.push(m));
  return got;
}

describe('alternate exchange', () => {
  it('an unroutable message goes to the alternate exchange, keeping exchange and routing key', async () => {
    const ch = await confirmChannel(shared.conn);
    const ae = await exchange(ch, 'fanout', 'ae');
    const main = await exchange(ch, 'direct', 'ae-main', { 'alternate-exchange': ae });
    const routed = await queueBoundTo(ch, main, 'known');
    const caught = await queueBoundTo(ch, ae);
    ch.publish(main, 'unknown', Buffer.from('stray'));
    ch.publish(main, 'known', Buffer.from('fine'));
    await ch.waitForConfirms();
    const m = await getOne(ch, caught);
    expect(m.content.toString()).toBe('stray');
    expect(m.fields.exchange).toBe(main);
    expect(m.fields.routingKey).toBe('unknown');
    expect(await count(ch, caught)).toBe(0);
    expect(bodies(await drain(ch, routed))).toEqual(['fine']);
    await ch.close();
  });

  it('mandatory publish routed by the AE → no basic.return', async () => {
    const ch = await confirmChannel(shared.conn);
    const got = returns(ch);
    const ae = await exchange(ch, 'fanout', 'ae2');
    const main = await exchange(ch, 'direct', 'ae2-main', { 'alternate-exchange': ae });
    const caught = await queueBoundTo(ch, ae);
    ch.publish(main, 'nowhere', Buffer.from('m'), { mandatory: true });
    await ch.waitForConfirms(); // basic.return would precede the ack
    await sync(ch);
    expect(got).toHaveLength(0);
    expect(bodies(await drain(ch, caught))).toEqual(['m']);
    await ch.close();
  });

  it('an AE that cannot route either + mandatory → basic.return 312 NO_ROUTE with the original exchange and key', async () => {
    const ch = await confirmChannel(shared.conn);
    const got = returns(ch);
    const ae = await exchange(ch, 'direct', 'ae3');
    const main = await exchange(ch, 'direct', 'ae3-main', { 'alternate-exchange': ae });
    ch.publish(main, 'lost', Buffer.from('ret'), { mandatory: true });
    await ch.waitForConfirms();
    expect(got).toHaveLength(1);
    expect(got[0].fields).toMatchObject({ replyCode: 312, replyText: 'NO_ROUTE', exchange: main, routingKey: 'lost' });
    expect(got[0].content.toString()).toBe('ret');
    await ch.close();
  });

  it('an alternate-exchange that does not exist: mandatory gets basic.return 312, no channel error', async () => {
    const ch = await confirmChannel(shared.conn);
    const got = returns(ch);
    const main = await exchange(ch, 'direct', 'ae4-main', { 'alternate-exchange': uniqueName('missing-ae') });
    ch.publish(main, 'x', Buffer.from('drop'), { mandatory: true });
    await ch.waitForConfirms();
    expect(got.map((m) => (m.fields as unknown as { replyCode: number }).replyCode)).toEqual([312]);
    await ch.close();
  });
});

describe('exchange-to-exchange bindings', () => {
  it('direct → fanout', async () => {
    const ch = await confirmChannel(shared.conn);
    const d = await exchange(ch, 'direct', 'e2e-d');
    const f = await exchange(ch, 'fanout', 'e2e-f');
    await ch.bindExchange(f, d, 'k');
    const q = await queueBoundTo(ch, f);
    ch.publish(d, 'k', Buffer.from('yes'));
    ch.publish(d, 'other', Buffer.from('no'));
    await ch.waitForConfirms();
    const m = await getOne(ch, q);
    expect(m.content.toString()).toBe('yes');
    expect(m.fields.exchange).toBe(d); // delivered with the exchange it was published to
    expect(await ch.get(q)).toBe(false);
    await ch.close();
  });

  it('topic → direct: the destination exchange routes with the original routing key', async () => {
    const ch = await confirmChannel(shared.conn);
    const t = await exchange(ch, 'topic', 'e2e-t');
    const d = await exchange(ch, 'direct', 'e2e-d2');
    await ch.bindExchange(d, t, 'a.*');
    const q = await queueBoundTo(ch, d, 'a.b');
    for (const k of ['a.b', 'a.c', 'b.b']) ch.publish(t, k, Buffer.from(k));
    await ch.waitForConfirms();
    expect(bodies(await drain(ch, q))).toEqual(['a.b']);
    await ch.close();
  });

  it('headers → fanout → queue: the e2e binding arguments are matched against the headers', async () => {
    const ch = await confirmChannel(shared.conn);
    const h = await exchange(ch, 'headers', 'e2e-h');
    const f = await exchange(ch, 'fanout', 'e2e-hf');
    await ch.bindExchange(f, h, '', { 'x-match': 'all', kind: 'wanted' });
    const q = await queueBoundTo(ch, f);
    ch.publish(h, '', Buffer.from('match'), { headers: { kind: 'wanted', extra: 1 } });
    ch.publish(h, '', Buffer.from('miss'), { headers: { kind: 'other' } });
    ch.publish(h, '', Buffer.from('none'));
    await ch.waitForConfirms();
    expect(bodies(await drain(ch, q))).toEqual(['match']);
    await ch.close();
  });

  it('a queue reachable by two paths receives one copy', async () => {
    const ch = await confirmChannel(shared.conn);
    const d = await exchange(ch, 'direct', 'two-d');
    const f = await exchange(ch, 'fanout', 'two-f');
    await ch.bindExchange(f, d, 'k');
    const q = await queueBoundTo(ch, d, 'k');
    await ch.bindQueue(q, f, '');
    ch.publish(d, 'k', Buffer.from('once'));
    await ch.waitForConfirms();
    expect(bodies(await drain(ch, q))).toEqual(['once']);
    await ch.close();
  });

  it('an exchange cycle A → B → A is safe: the queue gets one copy, publishing from either end', async () => {
    const ch = await confirmChannel(shared.conn);
    const a = await exchange(ch, 'fanout', 'cyc-a');
    const b = await exchange(ch, 'fanout', 'cyc-b');
    await ch.bindExchange(b, a, '');
    await ch.bindExchange(a, b, '');
    const qa = await queueBoundTo(ch, a);
    const qb = await queueBoundTo(ch, b);
    ch.publish(a, '', Buffer.from('from-a'));
    ch.publish(b, '', Buffer.from('from-b'));
    await ch.waitForConfirms();
    expect(bodies(await drain(ch, qa))).toEqual(['from-a', 'from-b']);
    expect(bodies(await drain(ch, qb))).toEqual(['from-a', 'from-b']);
    await ch.close();
  });

  it('a self-binding (A → A) is allowed and harmless', async () => {
    const ch = await confirmChannel(shared.conn);
    const a = await exchange(ch, 'fanout', 'self');
    await ch.bindExchange(a, a, '');
    const q = await queueBoundTo(ch, a);
    ch.publish(a, '', Buffer.from('one'));
    await ch.waitForConfirms();
    expect(bodies(await drain(ch, q))).toEqual(['one']);
    await ch.close();
  });

  it('exchange.unbind stops the flow; unbinding a missing binding is ok', async () => {
    const ch = await confirmChannel(shared.conn);
    const d = await exchange(ch, 'direct', 'unb-d');
    const f = await exchange(ch, 'fanout', 'unb-f');
    await ch.bindExchange(f, d, 'k');
    const q = await queueBoundTo(ch, f);
    ch.publish(d, 'k', Buffer.from('before'));
    await ch.waitForConfirms();
    await ch.unbindExchange(f, d, 'k');
    ch.publish(d, 'k', Buffer.from('after'));
    await ch.waitForConfirms();
    expect(bodies(await drain(ch, q))).toEqual(['before']);
    await ch.unbindExchange(f, d, 'k'); // again: RabbitMQ answers unbind-ok
    await ch.close();
  });

  it('binding to a missing source exchange → 404', async () => {
    const ch = await channel(shared.conn);
    const f = await exchange(ch, 'fanout', 'e2e-404');
    await ch.close();
    const missing = uniqueName('no-src');
    const e = await expectChannelError(shared.conn, 404, (c) => c.bindExchange(f, missing, ''));
    expect(e.message).toContain(`NOT_FOUND - no exchange '${missing}' in vhost '/'`);
  });
});

describe('headers exchange matching', () => {
  async function routes(bindArgs: Record<string, unknown>, headers: Record<string, unknown> | undefined): Promise<boolean> {
    const ch = await confirmChannel(shared.conn);
    const h = await exchange(ch, 'headers', 'hx');
    const q = await queueBoundTo(ch, h, '', bindArgs);
    ch.publish(h, '', Buffer.from('m'), headers ? { headers } : {});
    await ch.waitForConfirms();
    const n = (await drain(ch, q)).length;
    await ch.deleteExchange(h);
    await ch.close();
    return n === 1;
  }

  it('x-match all: every binding header must match', async () => {
    const b = { 'x-match': 'all', a: '1', b: 'two' };
    expect(await routes(b, { a: '1', b: 'two', c: 'extra' })).toBe(true);
    expect(await routes(b, { a: '1' })).toBe(false);
    expect(await routes(b, { a: '1', b: 'three' })).toBe(false);
  });

  it('x-match any: one matching header is enough', async () => {
    const b = { 'x-match': 'any', a: '1', b: 'two' };
    expect(await routes(b, { b: 'two' })).toBe(true);
    expect(await routes(b, { a: 'no', b: 'no' })).toBe(false);
    expect(await routes(b, undefined)).toBe(false);
  });

  it('no x-match means all', async () => {
    expect(await routes({ a: '1', b: '2' }, { a: '1' })).toBe(false);
    expect(await routes({ a: '1', b: '2' }, { a: '1', b: '2' })).toBe(true);
  });

  it('all / any ignore x- prefixed binding arguments; all-with-x / any-with-x compare them', async () => {
    expect(await routes({ 'x-match': 'all', 'x-k': 'v', a: '1' }, { a: '1' })).toBe(true);
    expect(await routes({ 'x-match': 'all-with-x', 'x-k': 'v', a: '1' }, { a: '1' })).toBe(false);
    expect(await routes({ 'x-match': 'all-with-x', 'x-k': 'v', a: '1' }, { a: '1', 'x-k': 'v' })).toBe(true);
    expect(await routes({ 'x-match': 'any', 'x-k': 'v' }, { 'x-k': 'v' })).toBe(false);
    expect(await routes({ 'x-match': 'any-with-x', 'x-k': 'v', a: '1' }, { 'x-k': 'v' })).toBe(true);
    expect(await routes({ 'x-match': 'any-with-x', 'x-k': 'v', a: '1' }, { 'x-k': 'w' })).toBe(false);
  });

  it('a binding with only x-match all (no other keys) matches every message; any matches none', async () => {
    expect(await routes({ 'x-match': 'all' }, { a: '1' })).toBe(true);
    expect(await routes({ 'x-match': 'all' }, undefined)).toBe(true);
    expect(await routes({ 'x-match': 'any' }, { a: '1' })).toBe(false);
  });

  it('typed values: integer 1 does not match string "1"; integers match regardless of width', async () => {
    expect(await routes({ 'x-match': 'all', n: 1 }, { n: '1' })).toBe(false);
    expect(await routes({ 'x-match': 'all', n: '1' }, { n: 1 })).toBe(false);
    expect(await routes({ 'x-match': 'all', n: 1 }, { n: 1 })).toBe(true);
    // amqplib encodes 1 as a signed byte-sized int and 100000 as a 32-bit int; use explicit types to compare widths
    expect(await routes({ 'x-match': 'all', n: { '!': 'long', value: 7 } }, { n: { '!': 'int', value: 7 } })).toBe(true);
    expect(await routes({ 'x-match': 'all', n: true }, { n: 1 })).toBe(false);
  });

  it('a binding value of void (null) matches on presence of the key only', async () => {
    expect(await routes({ 'x-match': 'all', k: null }, { k: 'anything' })).toBe(true);
    expect(await routes({ 'x-match': 'all', k: null }, { other: 'x' })).toBe(false);
  });

  it("an invalid x-match value → 406 on queue.bind", async () => {
    const ch = await channel(shared.conn);
    const h = await exchange(ch, 'headers', 'hx-bad');
    const q = (await ch.assertQueue(uniqueName('hxq'), { autoDelete: false, exclusive: true })).queue;
    await ch.close();
    const e = await expectChannelError(shared.conn, 406, (c) => c.bindQueue(q, h, '', { 'x-match': 'some' }));
    expect(e.message).toContain('PRECONDITION_FAILED - Invalid x-match field value <<"some">>; expected all, any, all-with-x, or any-with-x');
  });
});

describe('CC and BCC headers', () => {
  it('route to the extra keys; each queue gets one copy; BCC is stripped, CC kept; routing key unchanged', async () => {
    const ch = await confirmChannel(shared.conn);
    const d = await exchange(ch, 'direct', 'ccx');
    const qMain = await queueBoundTo(ch, d, 'main');
    const qCc = await queueBoundTo(ch, d, 'cc1');
    const qCc2 = await queueBoundTo(ch, d, 'cc2');
    const qBcc = await queueBoundTo(ch, d, 'bcc1');
    await ch.bindQueue(qMain, d, 'cc2'); // reachable by main and cc2: still one copy
    ch.publish(d, 'main', Buffer.from('sel'), { CC: ['cc1', 'cc2'], BCC: 'bcc1', headers: { mine: 'x' } });
    await ch.waitForConfirms();
    for (const q of [qMain, qCc, qCc2, qBcc]) {
      const got = await drain(ch, q);
      expect(bodies(got)).toEqual(['sel']);
      expect(got[0].fields.routingKey).toBe('main');
      expect(got[0].properties.headers).toEqual({ CC: ['cc1', 'cc2'], mine: 'x' });
    }
    await ch.close();
  });

  it('amqplib turns a CC string into an array: delivered as CC [key]', async () => {
    const ch = await confirmChannel(shared.conn);
    const d = await exchange(ch, 'direct', 'cc-str');
    const q = await queueBoundTo(ch, d, 'other');
    ch.publish(d, 'main', Buffer.from('one'), { CC: 'other' });
    await ch.waitForConfirms();
    const got = await drain(ch, q);
    expect(bodies(got)).toEqual(['one']);
    expect(got[0].properties.headers).toEqual({ CC: ['other'] });
    await ch.close();
  });

  it('a CC header that is a longstr on the wire (not an array) → channel.close 406 on basic.publish', async () => {
    const q = uniqueName('cc-longstr');
    const e = await expectChannelError(shared.conn, 406, (ch) => {
      ch.sendToQueue(q, Buffer.from('x'), { headers: { CC: q } });
    });
    expect(e.message).toContain('PRECONDITION_FAILED - invalid message: {unacceptable_type_in_header,"CC",longstr}');
    expect([e.classId, e.methodId]).toEqual([60, 40]);
  });

  it('a BCC header that is a longstr on the wire → the same 406', async () => {
    const q = uniqueName('bcc-longstr');
    const e = await expectChannelError(shared.conn, 406, (ch) => {
      ch.sendToQueue(q, Buffer.from('x'), { headers: { BCC: q } });
    });
    expect(e.message).toContain('PRECONDITION_FAILED - invalid message: {unacceptable_type_in_header,"BCC",longstr}');
  });

  it('CC works with the default exchange (queue names as keys); a BCC-only recipient sees no BCC', async () => {
    const ch = await confirmChannel(shared.conn);
    const a = (await ch.assertQueue('', { exclusive: true })).queue;
    const b = (await ch.assertQueue('', { exclusive: true })).queue;
    const c = (await ch.assertQueue('', { exclusive: true })).queue;
    ch.sendToQueue(a, Buffer.from('dflt'), { CC: [b], BCC: [c] });
    await ch.waitForConfirms();
    for (const q of [a, b, c]) {
      const got = await drain(ch, q);
      expect(bodies(got)).toEqual(['dflt']);
      expect(got[0].properties.headers).toEqual({ CC: [b] });
    }
    await ch.close();
  });
});

describe('direct reply-to (amq.rabbitmq.reply-to)', () => {
  it('request/response: the server sees amq.rabbitmq.reply-to.<suffix> and replies through the default exchange', async () => {
    const serverCh = await channel(shared.conn);
    const rpcQueue = (await serverCh.assertQueue('', { exclusive: true })).queue;
    const seenReplyTo: string[] = [];
    await serverCh.consume(rpcQueue, (m) => {
      if (!m) return;
      seenReplyTo.push(m.properties.replyTo as string);
      serverCh.publish('', m.properties.replyTo as string, Buffer.from(`reply:${m.content.toString()}`), { correlationId: m.properties.correlationId });
      serverCh.ack(m);
    });

    const clientConn = await connect(shared.broker.url);
    const clientCh = await channel(clientConn);
    const replies = new Inbox();
    const ok = await clientCh.consume('amq.rabbitmq.reply-to', replies.onMessage, { noAck: true });
    expect(ok.consumerTag).toBeTruthy();
    clientCh.sendToQueue(rpcQueue, Buffer.from('ping'), { replyTo: 'amq.rabbitmq.reply-to', correlationId: 'c1' });
    await replies.waitFor(1);
    expect(seenReplyTo).toHaveLength(1);
    expect(seenReplyTo[0]).toMatch(/^amq\.rabbitmq\.reply-to\.[A-Za-z0-9+/=.]+$/);
    expect(seenReplyTo[0].length).toBeGreaterThan('amq.rabbitmq.reply-to.'.length + 10);
    const r = replies.messages[0];
    expect(r.content.toString()).toBe('reply:ping');
    expect(r.properties.correlationId).toBe('c1');
    expect(r.fields.exchange).toBe('');
    expect(r.fields.routingKey).toBe(seenReplyTo[0]);
    expect(r.fields.redelivered).toBe(false);
    // a second request on the same channel uses the same reply address
    clientCh.sendToQueue(rpcQueue, Buffer.from('pong'), { replyTo: 'amq.rabbitmq.reply-to', correlationId: 'c2' });
    await replies.waitFor(2);
    expect(seenReplyTo[1]).toBe(seenReplyTo[0]);
    await clientConn.close();
    await serverCh.close();
  });

  it('a reply to an address whose channel has gone is dropped silently', async () => {
    const clientConn = await connect(shared.broker.url);
    const clientCh = await channel(clientConn);
    const ch = await confirmChannel(shared.conn);
    const rpcQueue = (await ch.assertQueue('', { exclusive: true })).queue;
    await clientCh.consume('amq.rabbitmq.reply-to', () => undefined, { noAck: true });
    clientCh.sendToQueue(rpcQueue, Buffer.from('req'), { replyTo: 'amq.rabbitmq.reply-to' });
    const req = await getOne(ch, rpcQueue);
    await clientConn.close();
    ch.publish('', req.properties.replyTo as string, Buffer.from('late'));
    await within(ch.waitForConfirms());
    await sync(ch);
    await ch.close();
  });

  it("consuming amq.rabbitmq.reply-to without no-ack → 406 'reply consumer cannot acknowledge'", async () => {
    const e = await expectChannelError(shared.conn, 406, (ch) => ch.consume('amq.rabbitmq.reply-to', () => undefined, { noAck: false }));
    expect(e.message).toContain('PRECONDITION_FAILED - reply consumer cannot acknowledge');
    expect([e.classId, e.methodId]).toEqual([60, 20]);
  });

  it("publishing with reply_to amq.rabbitmq.reply-to before consuming it → 406 'fast reply consumer does not exist'", async () => {
    const q = uniqueName('rpc-nobody');
    const e = await expectChannelError(shared.conn, 406, (ch) => {
      ch.sendToQueue(q, Buffer.from('x'), { replyTo: 'amq.rabbitmq.reply-to' });
    });
    expect(e.message).toContain('PRECONDITION_FAILED - fast reply consumer does not exist');
    expect([e.classId, e.methodId]).toEqual([60, 40]);
  });

  it('passive declare of amq.rabbitmq.reply-to succeeds with 0 messages and 1 consumer; basic.get → 404', async () => {
    const ch = await channel(shared.conn);
    expect(await ch.checkQueue('amq.rabbitmq.reply-to')).toEqual({ queue: 'amq.rabbitmq.reply-to', messageCount: 0, consumerCount: 1 });
    await ch.close();
    const e = await expectChannelError(shared.conn, 404, (c) => c.get('amq.rabbitmq.reply-to', { noAck: true }));
    expect(e.message).toContain("NOT_FOUND - no queue 'amq.rabbitmq.reply-to' in vhost '/'");
  });
});
