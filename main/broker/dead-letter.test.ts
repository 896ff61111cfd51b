// Dead-lettering: the reasons, the x-death history (count, order, key order, types), the
// x-first-death-* headers, routing-key and CC rules, cycles and a missing DLX, as
// main/integration/lifecycle-deadletter.test.ts checks them against RabbitMQ.
import { describe, expect, it } from 'vitest';
import type { FieldTable } from '../../shared/model/amqp-values';
import {
  bind, coreVhost, deadLetterSink, declareExchange, declareQueue, drain, drainEntries, FakeConsumer, plain, publish, read, T0, table, useManualClock, unackedCount,
} from '../test-support/core-fakes';
import { deadLetteredMessage } from './dead-letter';
import { tableGet } from './field-values';
import { Message } from './message';
import type { QueueEntry } from './queues/queue-entry';

const clock = useManualClock();

/** The x-death entries of a dead-lettered entry, as plain objects in their key order. */
function deaths(e: QueueEntry): Array<Record<string, unknown>> {
  const v = tableGet(e.message.properties.headers, 'x-death');
  if (!v || v.type !== 'A') return [];
  return v.value.map((d) => plain(d.value as FieldTable));
}

const firstDeath = (e: QueueEntry): unknown[] => ['exchange', 'queue', 'reason'].map((k) => read(e.message.properties.headers, `x-first-death-${k}`));

/** A vhost with the sink and a queue 'src' dead-lettering to it; one message consumed by `c`. */
function rejectedOnce(args = {}, props = {}): { dead: ReturnType<typeof deadLetterSink>; c: FakeConsumer } {
  const v = coreVhost();
  const dead = deadLetterSink(v);
  declareQueue(v, 'src', { 'x-dead-letter-exchange': 'dlx', ...args });
  const c = new FakeConsumer();
  v.queue('src')!.addConsumer(c);
  publish(v, '', 'src', 'r', props);
  c.reject();
  return { dead, c };
}

describe('dead-letter reasons', () => {
  it('reject without requeue: reason rejected, the exact first x-death entry and x-first-death-*', () => {
    const { dead } = rejectedOnce({}, { headers: { n: 7, app: 'h' }, expiration: '60000', messageId: 'm-1', priority: 3 });
    const [d] = drainEntries(dead);
    expect([d.message.exchange, d.message.routingKey]).toEqual(['dlx', 'src']);
    expect(deaths(d)).toEqual([{ count: 1, reason: 'rejected', queue: 'src', time: Math.floor(T0 / 1000), exchange: '', 'routing-keys': ['src'], 'original-expiration': '60000' }]);
    expect(Object.keys(deaths(d)[0])).toEqual(['count', 'reason', 'queue', 'time', 'exchange', 'routing-keys', 'original-expiration']);
    expect(firstDeath(d)).toEqual(['', 'src', 'rejected']);
    // headers come out sorted by key; other properties are kept and expiration is removed
    expect(d.message.properties.headers!.map(([k]) => k)).toEqual(['app', 'n', 'x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason']);
    expect(d.message.properties).toMatchObject({ messageId: 'm-1', priority: 3 });
    expect(d.message.properties.expiration).toBeUndefined();
  });

  it('x-death fields carry the wire types RabbitMQ uses: count long, time timestamp in seconds', () => {
    const { dead } = rejectedOnce();
    const entry = tableGet(dead.get(true)!.message.properties.headers, 'x-death')!;
    const first = (entry.value as Array<{ value: FieldTable }>)[0].value;
    expect(first.map(([k, v]) => [k, v.type])).toEqual([['count', 'l'], ['reason', 'S'], ['queue', 'S'], ['time', 'T'], ['exchange', 'S'], ['routing-keys', 'A']]);
  });

  it('expiry by x-message-ttl: reason expired, exchange is the one it was published to', () => {
    const v = coreVhost();
    const dead = deadLetterSink(v);
    declareQueue(v, 'src', { 'x-dead-letter-exchange': 'dlx', 'x-message-ttl': 50 });
    bind(v, 'src', 'amq.direct', 'via-direct');
    publish(v, 'amq.direct', 'via-direct', 'ttl', { headers: { keep: 'me' } });
    clock.advance(50);
    const [d] = drainEntries(dead);
    expect(d.message.routingKey).toBe('via-direct');
    expect(deaths(d)).toEqual([{ count: 1, reason: 'expired', queue: 'src', time: Math.floor((T0 + 50) / 1000), exchange: 'amq.direct', 'routing-keys': ['via-direct'] }]);
    expect(read(d.message.properties.headers, 'keep')).toBe('me');
  });

  it('expiry by the expiration property: original-expiration kept in x-death, expiration removed', () => {
    const v = coreVhost();
    const dead = deadLetterSink(v);
    declareQueue(v, 'src', { 'x-dead-letter-exchange': 'dlx' });
    publish(v, '', 'src', 'pm', { expiration: '40' });
    clock.advance(40);
    const [d] = drainEntries(dead);
    expect(deaths(d)[0]).toMatchObject({ reason: 'expired', 'original-expiration': '40' });
    expect(d.message.properties.expiration).toBeUndefined();
  });

  it('max-length drop-head: the oldest is dead-lettered with reason maxlen', () => {
    const v = coreVhost();
    const dead = deadLetterSink(v);
    declareQueue(v, 'src', { 'x-dead-letter-exchange': 'dlx', 'x-max-length': 1 });
    publish(v, '', 'src', 'old');
    publish(v, '', 'src', 'new');
    const [d] = drainEntries(dead);
    expect([Buffer.from(d.message.body as Buffer).toString(), deaths(d)[0].reason]).toEqual(['old', 'maxlen']);
    expect(drain(v.queue('src')!)).toEqual(['new']);
  });

  it('quorum x-delivery-limit: returned more often than the limit, it is dead-lettered with reason delivery_limit', () => {
    const v = coreVhost();
    const dead = deadLetterSink(v);
    const q = declareQueue(v, 'qq', { 'x-queue-type': 'quorum', 'x-delivery-limit': 1, 'x-dead-letter-exchange': 'dlx' }, { durable: true });
    const c = new FakeConsumer();
    c.consume(q);
    publish(v, '', 'qq', 'limited');
    c.requeueAll(); // delivered once: back in the queue, delivered again
    expect([q.messageCount, c.deliveries.length, dead.messageCount]).toEqual([0, 2, 0]);
    c.requeueAll(); // two deliveries > limit 1
    expect(c.deliveries.length).toBe(2);
    const [d] = drainEntries(dead);
    expect(deaths(d)[0]).toMatchObject({ count: 1, reason: 'delivery_limit', queue: 'qq' });
  });

  it('a requeue does not dead-letter', () => {
    const v = coreVhost();
    const dead = deadLetterSink(v);
    const q = declareQueue(v, 'src', { 'x-dead-letter-exchange': 'dlx' });
    const c = new FakeConsumer();
    c.consume(q);
    publish(v, '', 'src');
    c.accepting = false;
    c.requeueAll();
    expect([q.messageCount, dead.messageCount]).toEqual([1, 0]);
    expect(q.get(true)!.redelivered).toBe(true);
  });
});

describe('routing keys of a dead-lettered message', () => {
  it('x-dead-letter-routing-key replaces the key; routing-keys keeps the original and the CC keys; CC is removed', () => {
    const v = coreVhost();
    declareExchange(v, 'dlx', 'direct');
    declareQueue(v, 'dead');
    bind(v, 'dead', 'dlx', 'dead.key');
    const q = declareQueue(v, 'src', { 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'dead.key' });
    const c = new FakeConsumer();
    c.consume(q);
    publish(v, '', 'src', 'n', { headers: { CC: ['elsewhere'] } });
    c.reject();
    const [d] = drainEntries(v.queue('dead')!);
    expect(d.message.routingKey).toBe('dead.key');
    expect(deaths(d)[0]['routing-keys']).toEqual(['src', 'elsewhere']);
    expect(tableGet(d.message.properties.headers, 'CC')).toBeUndefined();
  });

  it('without x-dead-letter-routing-key the CC keys route again and CC is kept', () => {
    const v = coreVhost();
    declareExchange(v, 'dlx', 'direct');
    for (const n of ['src', 'cc-target', 'via-src']) declareQueue(v, n, n === 'src' ? { 'x-dead-letter-exchange': 'dlx' } : {});
    bind(v, 'via-src', 'dlx', 'src');
    bind(v, 'cc-target', 'dlx', 'cc');
    const c = new FakeConsumer();
    v.queue('src')!.addConsumer(c);
    publish(v, '', 'src', 'm', { headers: { CC: ['cc'] } });
    c.reject();
    expect([v.queue('via-src')!.messageCount, v.queue('cc-target')!.messageCount]).toEqual([1, 1]);
    expect(plain(v.queue('cc-target')!.get(true)!.message.properties.headers).CC).toEqual(['cc']);
    expect(deaths(v.queue('via-src')!.get(true)!)[0]['routing-keys']).toEqual(['src', 'cc']);
  });
});

describe('x-death history', () => {
  it('dead-lettered again from the same queue for the same reason: one entry, count 2, first time kept', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'loop', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'loop' });
    const c = new FakeConsumer();
    c.consume(q);
    publish(v, '', 'loop', 'loop');
    c.reject(); // rejected: comes straight back through the default exchange
    clock.advance(5000);
    c.reject();
    c.accepting = false;
    expect(c.deliveries.map((e) => e.redelivered)).toEqual([false, false, false]);
    const d = c.deliveries[2];
    expect(deaths(d)).toEqual([{ count: 2, reason: 'rejected', queue: 'loop', time: Math.floor(T0 / 1000), exchange: '', 'routing-keys': ['loop'] }]);
    expect(firstDeath(d)).toEqual(['', 'loop', 'rejected']);
  });

  it('a new queue or reason adds an entry in front, its keys sorted; x-first-death-* keep the first death', () => {
    const v = coreVhost();
    const dead = deadLetterSink(v);
    declareQueue(v, 'b', { 'x-dead-letter-exchange': 'dlx', 'x-message-ttl': 50 });
    const a = declareQueue(v, 'a', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'b' });
    const c = new FakeConsumer();
    c.consume(a);
    publish(v, '', 'a', 'two-deaths', { expiration: '60000' });
    c.reject(); // a -> b (rejected), then b -> dlx (expired)
    clock.advance(50);
    const [d] = drainEntries(dead);
    expect(d.message.routingKey).toBe('b');
    expect(deaths(d).map((e) => Object.keys(e))).toEqual([
      ['count', 'exchange', 'queue', 'reason', 'routing-keys', 'time'],
      ['count', 'reason', 'queue', 'time', 'exchange', 'routing-keys', 'original-expiration'],
    ]);
    expect(deaths(d).map((e) => [e.queue, e.reason, e.count])).toEqual([['b', 'expired', 1], ['a', 'rejected', 1]]);
    expect(firstDeath(d)).toEqual(['', 'a', 'rejected']);
    expect(d.message.properties.headers!.map(([k]) => k)).toEqual(['x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason']);
  });

  it('a cycle without a rejection (A expires -> DLX -> A) drops the copy for A; other targets still get theirs', () => {
    const v = coreVhost();
    declareExchange(v, 'cx', 'fanout');
    const a = declareQueue(v, 'a', { 'x-dead-letter-exchange': 'cx', 'x-message-ttl': 50 });
    const monitor = declareQueue(v, 'monitor');
    bind(v, 'a', 'cx');
    bind(v, 'monitor', 'cx');
    publish(v, '', 'a', 'cycle');
    clock.advance(50);
    clock.advance(1000); // twenty TTLs: nothing more happens
    expect([a.messageCount, monitor.messageCount]).toEqual([0, 1]);
    expect(deaths(monitor.get(true)!).map((e) => [e.queue, e.reason, e.count])).toEqual([['a', 'expired', 1]]);
  });

  it('a message expiring from A into A itself through the default exchange is dropped at its first expiry', () => {
    const v = coreVhost();
    const a = declareQueue(v, 'a', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'a', 'x-message-ttl': 50 });
    publish(v, '', 'a', 'self');
    clock.advance(50);
    expect(a.messageCount).toBe(0);
    clock.advance(1000);
    expect(a.get(true)).toBeUndefined();
  });

  it('a missing dead-letter exchange: the message is dropped silently', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'src', { 'x-dead-letter-exchange': 'no-such-dlx' });
    const c = new FakeConsumer();
    c.consume(q);
    publish(v, '', 'src', 'lost');
    expect(() => c.reject()).not.toThrow();
    expect([q.messageCount, unackedCount(q)]).toEqual([0, 0]);
  });

  it('the republished message is a new message of the same lineage, with the same body', () => {
    const body = Buffer.from('b');
    const m = new Message('ex', 'rk', { headers: table({ h: 1 }) }, null, body, 1, T0);
    const dl = deadLetteredMessage(m, 'q', 'rejected', 'dlx', undefined, T0);
    expect(dl.id).not.toBe(m.id);
    expect(dl.lineage).toBe(m.lineage);
    expect(dl.body).toBe(body);
    expect(m.properties.headers!.map(([k]) => k)).toEqual(['h']); // the original is not changed
  });
});
