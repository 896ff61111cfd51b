// Dead-lettering: x-dead-letter-exchange / x-dead-letter-routing-key on reject, nack, expiry and
// max-length; the exact x-death / x-first-death-* headers as amqplib and pika decode them; count
// increments, cycle detection and a missing DLX.
import { describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { channel, confirmChannel, sync, type Channel, useSharedBroker } from './amqp-util';
import { events, startPython } from './pika-support';
import { expectXDeathEntry, getOne, xDeathKeyOrder, type GetMessage } from './lifecycle-support';
import { count, drain, waitForCount } from '../test-support/queues';
import { sleep } from '../test-support/wait';

const shared = useSharedBroker();

/** A fanout DLX with one exclusive queue bound: everything dead-lettered to `dlx` lands in `dead`. */
async function deadLetterSink(ch: Channel, type: 'fanout' | 'topic' = 'fanout'): Promise<{ dlx: string; dead: string }> {
  const dlx = uniqueName('dlx');
  await ch.assertExchange(dlx, type, { autoDelete: true });
  const dead = (await ch.assertQueue('', { exclusive: true })).queue;
  await ch.bindQueue(dead, dlx, type === 'topic' ? '#' : '');
  return { dlx, dead };
}

const headersOf = (m: GetMessage) => m.properties.headers as Record<string, unknown>;

describe('dead-letter reasons', () => {
  it('basic.reject requeue=false → dead-lettered with reason rejected and the exact x-death entry', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const src = (await ch.assertQueue(uniqueName('dl-src'), { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx } })).queue;
    const t0 = Date.now();
    ch.sendToQueue(src, Buffer.from('r'), {
      headers: { app: 'h', n: 7 }, contentType: 'text/plain', contentEncoding: 'identity', messageId: 'm-1', correlationId: 'c-1',
      priority: 3, timestamp: 1_700_000_000, type: 'kind', appId: 'app', replyTo: 'rq', deliveryMode: 2, expiration: '60000', userId: 'guest',
    });
    const m = await getOne(ch, src, { noAck: false });
    ch.reject(m, false);
    const d = await getOne(ch, dead);
    const t1 = Date.now();
    expect(d.content.toString()).toBe('r');
    expect(d.fields.exchange).toBe(dlx);
    expect(d.fields.routingKey).toBe(src); // original routing key kept when no x-dead-letter-routing-key
    expect(d.fields.redelivered).toBe(false);
    const h = headersOf(d);
    expect(Object.keys(h)).toEqual(['app', 'n', 'x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason']);
    expect(h.app).toBe('h');
    expect(h.n).toBe(7);
    expect(h['x-first-death-exchange']).toBe('');
    expect(h['x-first-death-queue']).toBe(src);
    expect(h['x-first-death-reason']).toBe('rejected');
    const xd = h['x-death'] as unknown[];
    expect(xd).toHaveLength(1);
    expectXDeathEntry(xd[0], { count: 1, reason: 'rejected', queue: src, exchange: '', 'routing-keys': [src], 'original-expiration': '60000' }, t0, t1);
    // field order as RabbitMQ encodes the entry
    expect(xDeathKeyOrder(h)).toEqual([['count', 'reason', 'queue', 'time', 'exchange', 'routing-keys', 'original-expiration']]);
    // all other properties kept; expiration removed
    expect(d.properties).toMatchObject({
      contentType: 'text/plain', contentEncoding: 'identity', messageId: 'm-1', correlationId: 'c-1', priority: 3,
      timestamp: 1_700_000_000, type: 'kind', appId: 'app', replyTo: 'rq', deliveryMode: 2, userId: 'guest',
    });
    expect(d.properties.expiration).toBeUndefined();
    await ch.close();
  });

  it('basic.nack requeue=false with x-dead-letter-routing-key → new routing key, routing-keys keeps the original', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch, 'topic');
    const src = (await ch.assertQueue('', {
      exclusive: true, arguments: { 'x-dead-letter-exchange': dlx, 'x-dead-letter-routing-key': 'dead.key' },
    })).queue;
    const t0 = Date.now();
    ch.sendToQueue(src, Buffer.from('n'));
    const m = await getOne(ch, src, { noAck: false });
    ch.nack(m, false, false);
    const d = await getOne(ch, dead);
    expect(d.fields.routingKey).toBe('dead.key');
    const h = headersOf(d);
    expect(Object.keys(h)).toEqual(['x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason']);
    // no expiration property on the original → no original-expiration field
    expect(xDeathKeyOrder(h)).toEqual([['count', 'reason', 'queue', 'time', 'exchange', 'routing-keys']]);
    expectXDeathEntry((h['x-death'] as unknown[])[0], { count: 1, reason: 'rejected', queue: src, exchange: '', 'routing-keys': [src] }, t0, Date.now());
    expect(h['x-first-death-reason']).toBe('rejected');
    await ch.close();
  });

  it('basic.nack multiple requeue=false dead-letters every message, in order', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const src = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx } })).queue;
    for (const b of ['1', '2', '3']) ch.sendToQueue(src, Buffer.from(b));
    await waitForCount(ch, src, 3);
    const got: GetMessage[] = [];
    for (let i = 0; i < 3; i++) got.push(await getOne(ch, src, { noAck: false }));
    ch.nack(got[2], true, false);
    await waitForCount(ch, dead, 3);
    expect((await drain(ch, dead)).map((m) => m.content.toString())).toEqual(['1', '2', '3']);
    await ch.close();
  });

  it('expiry by x-message-ttl → reason expired, exchange is the one it was published to', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const src = uniqueName('dl-ttl');
    await ch.assertQueue(src, { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx, 'x-message-ttl': 50 } });
    await ch.bindQueue(src, 'amq.direct', 'via-direct');
    const t0 = Date.now();
    ch.publish('amq.direct', 'via-direct', Buffer.from('ttl'), { headers: { keep: 'me' } });
    const d = await getOne(ch, dead);
    expect(d.fields.routingKey).toBe('via-direct');
    const h = headersOf(d);
    expect(h.keep).toBe('me');
    expectXDeathEntry((h['x-death'] as unknown[])[0], { count: 1, reason: 'expired', queue: src, exchange: 'amq.direct', 'routing-keys': ['via-direct'] }, t0, Date.now());
    expect([h['x-first-death-exchange'], h['x-first-death-queue'], h['x-first-death-reason']]).toEqual(['amq.direct', src, 'expired']);
    await ch.close();
  });

  it('expiry by the expiration property → reason expired, original-expiration set, expiration removed', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const src = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx } })).queue;
    const t0 = Date.now();
    ch.sendToQueue(src, Buffer.from('pm'), { expiration: '40', messageId: 'keep-id' });
    const d = await getOne(ch, dead);
    expect(d.properties.expiration).toBeUndefined();
    expect(d.properties.messageId).toBe('keep-id');
    const h = headersOf(d);
    expectXDeathEntry((h['x-death'] as unknown[])[0], { count: 1, reason: 'expired', queue: src, exchange: '', 'routing-keys': [src], 'original-expiration': '40' }, t0, Date.now());
    await ch.close();
  });

  it('max-length drop-head → the oldest is dead-lettered with reason maxlen', async () => {
    const ch = await confirmChannel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const src = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx, 'x-max-length': 2 } })).queue;
    const t0 = Date.now();
    for (const b of ['1', '2', '3', '4']) ch.sendToQueue(src, Buffer.from(b));
    await ch.waitForConfirms();
    await waitForCount(ch, dead, 2);
    const deadMsgs = await drain(ch, dead);
    expect(deadMsgs.map((m) => m.content.toString())).toEqual(['1', '2']);
    for (const d of deadMsgs) {
      expectXDeathEntry((headersOf(d)['x-death'] as unknown[])[0], { count: 1, reason: 'maxlen', queue: src, exchange: '', 'routing-keys': [src] }, t0, Date.now());
      expect(headersOf(d)['x-first-death-reason']).toBe('maxlen');
    }
    expect((await drain(ch, src)).map((m) => m.content.toString())).toEqual(['3', '4']);
    await ch.close();
  });

  it('requeue=true does not dead-letter', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const src = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx } })).queue;
    ch.sendToQueue(src, Buffer.from('back'));
    const m = await getOne(ch, src, { noAck: false });
    ch.reject(m, true);
    const again = await getOne(ch, src);
    expect(again.fields.redelivered).toBe(true);
    expect(again.properties.headers).toEqual({});
    expect(await count(ch, dead)).toBe(0);
    await ch.close();
  });

  it('CC routing keys are listed in routing-keys; BCC is not', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const src = uniqueName('dl-cc');
    await ch.assertQueue(src, { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx } });
    await ch.bindQueue(src, 'amq.direct', 'main-key');
    await ch.bindQueue(src, 'amq.direct', 'cc-key');
    await ch.bindQueue(src, 'amq.direct', 'bcc-key');
    ch.publish('amq.direct', 'main-key', Buffer.from('cc'), { CC: ['cc-key'], BCC: ['bcc-key'] });
    const m = await getOne(ch, src, { noAck: false });
    expect(await ch.get(src)).toBe(false); // one copy although three of its keys match
    ch.reject(m, false);
    const d = await getOne(ch, dead);
    const h = headersOf(d);
    expect(h.CC).toEqual(['cc-key']);
    expect(h.BCC).toBeUndefined();
    expect((h['x-death'] as Array<Record<string, unknown>>)[0]['routing-keys']).toEqual(['main-key', 'cc-key']);
    await ch.close();
  });

  it('with an x-dead-letter-routing-key the CC header is removed (and routing-keys still lists the CC keys)', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const src = uniqueName('dl-cc-rk');
    await ch.assertQueue(src, { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx, 'x-dead-letter-routing-key': 'rk' } });
    await ch.bindQueue(src, 'amq.direct', 'main-key');
    ch.publish('amq.direct', 'main-key', Buffer.from('cc'), { CC: ['other-key'], headers: { x: 1 } });
    ch.reject(await getOne(ch, src, { noAck: false }), false);
    const d = await getOne(ch, dead);
    expect(d.fields.routingKey).toBe('rk');
    const h = headersOf(d);
    expect(Object.keys(h)).toEqual(['x', 'x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason']);
    expect((h['x-death'] as Array<Record<string, unknown>>)[0]['routing-keys']).toEqual(['main-key', 'other-key']);
    await ch.close();
  });
});

describe('x-death history', () => {
  it('dead-lettered twice from the same queue for the same reason → one entry, count 2 (loop with rejections)', async () => {
    const ch = await channel(shared.conn);
    // the default exchange as DLX with the queue's own name: a rejected message comes straight back
    const q = uniqueName('dl-loop');
    await ch.assertQueue(q, { exclusive: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': q } });
    const t0 = Date.now();
    ch.sendToQueue(q, Buffer.from('loop'));
    const first = await getOne(ch, q, { noAck: false });
    expect(first.properties.headers).toEqual({});
    ch.reject(first, false);
    const second = await getOne(ch, q, { noAck: false });
    expect(second.fields.redelivered).toBe(false);
    expectXDeathEntry((headersOf(second)['x-death'] as unknown[])[0], { count: 1, reason: 'rejected', queue: q, exchange: '', 'routing-keys': [q] }, t0, Date.now());
    ch.reject(second, false);
    const third = await getOne(ch, q);
    const h = headersOf(third);
    const xd = h['x-death'] as unknown[];
    expect(xd).toHaveLength(1);
    expectXDeathEntry(xd[0], { count: 2, reason: 'rejected', queue: q, exchange: '', 'routing-keys': [q] }, t0, Date.now());
    expect([h['x-first-death-exchange'], h['x-first-death-queue'], h['x-first-death-reason']]).toEqual(['', q, 'rejected']);
    await ch.close();
  });

  it('a second reason or queue adds an entry at the front; x-first-death-* keep the first death', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const b = uniqueName('dl-b');
    await ch.assertQueue(b, { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx, 'x-message-ttl': 50 } });
    const a = uniqueName('dl-a');
    await ch.assertQueue(a, { exclusive: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': b } });
    const t0 = Date.now();
    ch.sendToQueue(a, Buffer.from('two-deaths'), { expiration: '60000' });
    ch.reject(await getOne(ch, a, { noAck: false }), false); // a → b (rejected), then b → dlx (expired)
    const d = await getOne(ch, dead);
    expect(d.fields.routingKey).toBe(b); // the routing key it had when it died in b
    const h = headersOf(d);
    const xd = h['x-death'] as unknown[];
    expect(xd).toHaveLength(2);
    expectXDeathEntry(xd[0], { count: 1, reason: 'expired', queue: b, exchange: '', 'routing-keys': [b] }, t0, Date.now());
    expectXDeathEntry(xd[1], { count: 1, reason: 'rejected', queue: a, exchange: '', 'routing-keys': [a], 'original-expiration': '60000' }, t0, Date.now());
    expect([h['x-first-death-exchange'], h['x-first-death-queue'], h['x-first-death-reason']]).toEqual(['', a, 'rejected']);
    await ch.close();
  });

  it('a DLX cycle without rejection (A expires → DLX → A) is broken: the message is dropped, not looping', async () => {
    const ch = await channel(shared.conn);
    const x = uniqueName('dl-cycle-x');
    await ch.assertExchange(x, 'fanout', { autoDelete: true });
    const a = uniqueName('dl-cycle-a');
    await ch.assertQueue(a, { exclusive: true, arguments: { 'x-dead-letter-exchange': x, 'x-message-ttl': 50 } });
    const monitor = (await ch.assertQueue('', { exclusive: true })).queue; // sees every dead-lettering through x
    await ch.bindQueue(a, x, '');
    await ch.bindQueue(monitor, x, '');
    ch.sendToQueue(a, Buffer.from('cycle'));
    // RabbitMQ checks for a cycle with the new x-death entry already added: at the first expiry A is a
    // target that already has {A, expired} and no 'rejected' in the history → A is dropped from the
    // targets at once; only the monitor gets a copy. The message never comes back into A.
    await waitForCount(ch, monitor, 1, 3000);
    await waitForCount(ch, a, 0, 3000);
    await sleep(500); // time under test: ten TTLs, nothing more happens
    expect(await count(ch, a)).toBe(0);
    expect(await count(ch, monitor)).toBe(1);
    const seen = await drain(ch, monitor);
    const deaths = seen.map((m) => (headersOf(m)['x-death'] as Array<Record<string, unknown>>).map((e) => [e.queue, e.reason, e.count]));
    expect(deaths).toEqual([[[a, 'expired', 1]]]);
    await ch.close();
  });

  it('a message expiring from A into A itself through the default exchange is dropped at its first expiry (never requeued into A)', async () => {
    const ch = await channel(shared.conn);
    const a = uniqueName('dl-self');
    await ch.assertQueue(a, { exclusive: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': a, 'x-message-ttl': 50 } });
    ch.sendToQueue(a, Buffer.from('self'));
    await waitForCount(ch, a, 0, 3000);
    await sleep(300); // time under test
    expect(await count(ch, a)).toBe(0);
    expect(await ch.get(a)).toBe(false);
    await ch.close();
  });

  it('a missing DLX: the message is dropped silently and the channel stays open', async () => {
    const ch = await channel(shared.conn);
    let errored = false;
    ch.on('error', () => { errored = true; });
    const src = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-dead-letter-exchange': uniqueName('no-such-dlx') } })).queue;
    ch.sendToQueue(src, Buffer.from('lost'));
    ch.reject(await getOne(ch, src, { noAck: false }), false);
    await sync(ch);
    await waitForCount(ch, src, 0);
    expect(await ch.get(src)).toBe(false);
    expect(errored).toBe(false);
    await ch.close();
  });

  it('amqplib decoding of x-death: count a number, time {"!":"timestamp", value: seconds}, routing-keys string[]', async () => {
    const ch = await channel(shared.conn);
    const { dlx, dead } = await deadLetterSink(ch);
    const src = (await ch.assertQueue('', { exclusive: true, arguments: { 'x-dead-letter-exchange': dlx } })).queue;
    ch.sendToQueue(src, Buffer.from('t'), { expiration: '60000' });
    ch.reject(await getOne(ch, src, { noAck: false }), false);
    const e = (headersOf(await getOne(ch, dead))['x-death'] as Array<Record<string, unknown>>)[0];
    expect(typeof e.count).toBe('number');
    expect(Number.isInteger(e.count)).toBe(true);
    expect(Object.keys(e.time as object)).toEqual(['!', 'value']);
    expect((e.time as { '!': string })['!']).toBe('timestamp');
    expect(typeof (e.time as { value: unknown }).value).toBe('number');
    expect(Math.abs((e.time as { value: number }).value - Date.now() / 1000)).toBeLessThan(60); // seconds, not ms
    expect(Array.isArray(e['routing-keys'])).toBe(true);
    expect(typeof e.reason).toBe('string');
    expect(typeof e['original-expiration']).toBe('string');
    await ch.close();
  });
});

describe('x-death as pika decodes it (with the wire type tags)', () => {
  it('reject then expiry: two entries with exact values and AMQP field types', async () => {
    const prefix = uniqueName('pika-xd');
    const result = await startPython('lifecycle_xdeath.py', [shared.broker.url, prefix], 30_000).done;
    const ev = events(result, 'lifecycle_xdeath.py');
    const got = ev.find((e) => e.event === 'dead')!;
    expect(got).toBeDefined();
    const a = `${prefix}-a`;
    const b = `${prefix}-b`;
    // python types as pika decodes them (pika's `long` is its int subclass for 64-bit 'l' fields)
    expect(got.xdeath_py).toEqual([
      {
        count: ['long', 1], reason: ['str', 'expired'], queue: ['str', b], time: ['datetime', expect.any(String)],
        exchange: ['str', ''], 'routing-keys': ['list', [['str', b]]],
      },
      {
        count: ['long', 1], reason: ['str', 'rejected'], queue: ['str', a], time: ['datetime', expect.any(String)],
        exchange: ['str', 'amq.direct'], 'routing-keys': ['list', [['str', 'k1'], ['str', 'k2']]], 'original-expiration': ['str', '60000'],
      },
    ]);
    // AMQP wire type tags RabbitMQ used: 'l' long-long for count, 'T' timestamp, 'S' longstr, 'A' array, 'F' table
    expect(got.wire).toEqual({
      'x-death': ['A', [
        ['F', {
          count: ['l', 1], reason: ['S', 'expired'], queue: ['S', b], time: ['T', expect.any(Number)],
          exchange: ['S', ''], 'routing-keys': ['A', [['S', b]]],
        }],
        ['F', {
          count: ['l', 1], reason: ['S', 'rejected'], queue: ['S', a], time: ['T', expect.any(Number)],
          exchange: ['S', 'amq.direct'], 'routing-keys': ['A', [['S', 'k1'], ['S', 'k2']]], 'original-expiration': ['S', '60000'],
        }],
      ]],
      'x-first-death-exchange': ['S', 'amq.direct'],
      'x-first-death-queue': ['S', a],
      'x-first-death-reason': ['S', 'rejected'],
      mine: ['S', 'kept'], // CC ['k2'] was removed: A has an x-dead-letter-routing-key
    });
    expect(got.wire_key_order).toEqual(['mine', 'x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason']);
    // key order on the wire (not semantically significant): a first death encodes count, reason, queue,
    // time, exchange, routing-keys[, original-expiration]; an entry added in front of existing ones
    // comes out sorted by key
    expect(got.entry_key_order).toEqual([
      ['count', 'exchange', 'queue', 'reason', 'routing-keys', 'time'],
      ['count', 'reason', 'queue', 'time', 'exchange', 'routing-keys', 'original-expiration'],
    ]);
    expect(got.expiration).toBeNull();
    expect(got.message_id).toBe('pika-mid');
    const now = Math.floor(Date.now() / 1000);
    for (const t of got.times as number[]) expect(Math.abs(t - now)).toBeLessThan(60);
  });
});
