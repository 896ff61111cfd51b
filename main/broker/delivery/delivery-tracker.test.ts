// The one place acks, rejects and requeues are counted: tags, `multiple` (0 = all), unknown tags,
// credit given back, trace events, and everything held returning to its queue at the end.
import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../../../shared/model/events';
import type { Client } from '../client';
import { ChannelError } from '../errors';
import { EventBus } from '../events';
import { Message } from '../message';
import type { Consumer } from '../queues/consumer';
import type { Queue } from '../queues/queue';
import type { QueueEntry } from '../queues/queue-entry';
import { VHost } from '../vhost';
import { Credit } from './credit';
import { DeliveryTracker } from './delivery-tracker';

const client: Client = {
  info: { id: 'test-1', protocol: 'test', address: 'here', user: 'guest', vhost: '/', clientProperties: {}, connectedAt: 0 },
  close: () => {},
  unacked: () => [],
  details: () => ({ protocol: 'amqp-0-9-1', channels: [] }),
};

function setup(queues = ['q']) {
  const events = new EventBus();
  const seen: BrokerEvent[] = [];
  events.subscribe((e) => seen.push(e));
  events.tracedPerSecond = Infinity;
  const v = new VHost('/', events);
  const qs = queues.map((name) => v.declareQueue({ name, passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null));
  const publish = (queue: string, n: number): void => {
    for (let i = 0; i < n; i++) v.publish(v.exchange('')!, new Message('', queue, {}, null, Buffer.from(`m${i}`), 2, Date.now()), false, null);
  };
  return { tracker: new DeliveryTracker(events, client), qs, publish, seen };
}

/** basic.get-style: take `n` messages from `q` and hold them. */
function getAll(tracker: DeliveryTracker, q: Queue, n: number): number[] {
  return Array.from({ length: n }, () => tracker.hold(q.get(false)!));
}

/** A consumer that holds what it is given, up to its credit. */
function holdingConsumer(tracker: DeliveryTracker, q: Queue, prefetch: number): Consumer & { got: QueueEntry[] } {
  const c = {
    tag: 'c1', noAck: false, exclusive: false, priority: 0, client, location: 'here', credit: new Credit(prefetch), got: [] as QueueEntry[],
    ready: () => c.credit.available && tracker.credit.available,
    deliver: (e: QueueEntry) => { tracker.hold(e); c.got.push(e); },
    cancelledByBroker: () => {},
  };
  q.addConsumer(c);
  return c;
}

describe('DeliveryTracker', () => {
  it('numbers deliveries from 1 and settles one tag, every tag up to one, or all with 0', () => {
    const { tracker, qs: [q], publish } = setup();
    publish('q', 6);
    expect(getAll(tracker, q, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    tracker.settle(tracker.take(2, false), 'ack', 'ack');
    expect(tracker.take(4, true).map((e) => e.message.body.toString())).toEqual(['m0', 'm2', 'm3']);
    expect([...tracker.entries()].map(([t]) => t)).toEqual([5, 6]);
    expect(tracker.take(0, true)).toHaveLength(2);
    expect(tracker.size).toBe(0);
  });

  it('refuses an unknown tag with 406 PRECONDITION_FAILED, also for multiple beyond the last tag', () => {
    const { tracker, qs: [q], publish } = setup();
    publish('q', 2);
    getAll(tracker, q, 2);
    tracker.settle(tracker.take(1, false), 'ack', 'ack');
    const refused = (tag: number, multiple: boolean): void => {
      expect(() => tracker.check(tag, multiple)).toThrow(ChannelError);
      expect(() => tracker.take(tag, multiple)).toThrow(`PRECONDITION_FAILED - unknown delivery tag ${tag}`);
    };
    refused(1, false);
    refused(9, false);
    // multiple up to a settled tag within range names nothing and is no error
    expect(tracker.take(1, true)).toEqual([]);
    tracker.check(2, false);
    expect(tracker.take(9, true)).toHaveLength(1);
    refused(9, true);
    expect(tracker.size).toBe(0);
  });

  it('acks, requeues and rejects through the queue and emits the settle events', () => {
    const { tracker, qs: [q], publish, seen } = setup();
    publish('q', 3);
    getAll(tracker, q, 3);
    expect(q.unacked).toBe(3);
    tracker.settle(tracker.take(1, false), 'ack', 'ack');
    tracker.settle(tracker.take(2, false), 'requeue', 'nack');
    tracker.settle(tracker.take(3, false), 'reject', 'reject');
    expect(q.unacked).toBe(0);
    expect(q.messageCount).toBe(1);
    expect(q.get(true)!.redelivered).toBe(true);
    const settled = seen.filter((e) => e.type === 'message.acked' || e.type === 'message.rejected');
    expect(settled).toMatchObject([
      { type: 'message.acked', queue: 'q', connectionId: 'test-1' },
      { type: 'message.rejected', requeue: true, method: 'nack' },
      { type: 'message.rejected', requeue: false, method: 'reject' },
    ]);
  });

  it("takes and gives back the consumer's and the session's credit", () => {
    const { tracker, qs: [q], publish } = setup();
    const c = holdingConsumer(tracker, q, 2);
    publish('q', 10);
    expect(c.got).toHaveLength(2);
    expect([c.credit.used, tracker.credit.used]).toEqual([2, 2]);
    tracker.settle(tracker.take(2, true), 'ack', 'ack');
    expect([c.credit.used, tracker.credit.used]).toEqual([0, 0]);
    q.dispatch();
    expect(c.got).toHaveLength(4);
    // a session limit below the consumer's binds first
    c.credit.setLimit(5);
    tracker.credit.setLimit(3);
    q.dispatch();
    expect([c.got.length, c.credit.used, tracker.credit.used]).toEqual([5, 3, 3]);
    tracker.settle(tracker.take(3, false), 'requeue', 'reject');
    q.dispatch();
    expect([c.got.length, c.credit.used, tracker.credit.used]).toEqual([6, 3, 3]);
  });

  it('returns everything still held to its own queue, redelivered, when the session ends', () => {
    const { tracker, qs: [a, b], publish } = setup(['a', 'b']);
    publish('a', 2);
    publish('b', 1);
    getAll(tracker, a, 2);
    getAll(tracker, b, 1);
    tracker.requeueAll();
    expect([tracker.size, tracker.credit.used, a.unacked, b.unacked]).toEqual([0, 0, 0, 0]);
    expect([a.messageCount, b.messageCount]).toEqual([2, 1]);
    expect(a.get(true)!.redelivered).toBe(true);
  });
});

describe('consumer timeouts', () => {
  it('the oldest held delivery runs out first: its queue’s timeout, else the fallback, else none', () => {
    const { tracker, qs: [q], publish } = setup(['plain']);
    publish('plain', 2);
    const [t1, t2] = getAll(tracker, q, 2);
    for (const [tag, e] of tracker.entries()) e.deliveredAt = 1000 + tag; // delivered at 1001, 1002
    expect(tracker.overdue(1500, null)).toBeNull();
    expect(tracker.overdue(1500, 600)).toBeNull();
    expect(tracker.overdue(1602, 600)).toEqual({ tag: t1, timeout: 600 });
    tracker.settle(tracker.take(t1, false), 'ack', 'ack');
    expect(tracker.overdue(1602, 600)).toBeNull();
    expect(tracker.overdue(1603, 600)).toEqual({ tag: t2, timeout: 600 });
  });

  it('only the oldest is looked at (O(1) per channel): a newer delivery from a queue with a shorter timeout waits behind it', () => {
    const events = new EventBus();
    const v = new VHost('/', events);
    const declare = (name: string, ms: number) =>
      v.declareQueue({ name, passive: false, durable: false, exclusive: false, autoDelete: false, args: [['x-consumer-timeout', { type: 'I', value: ms }]] }, null);
    const slow = declare('slow', 10_000);
    const quick = declare('quick', 100);
    for (const name of ['slow', 'quick']) v.publish(v.exchange('')!, new Message('', name, {}, null, Buffer.from(name), 2, Date.now()), false, null);
    const tracker = new DeliveryTracker(events, client);
    const old = tracker.hold(slow.get(false)!);
    tracker.hold(quick.get(false)!);
    for (const [, e] of tracker.entries()) e.deliveredAt = 1000;
    expect(tracker.overdue(2000, null)).toBeNull(); // the quick one is overdue, but not the oldest
    expect(tracker.overdue(11_001, null)).toEqual({ tag: old, timeout: 10_000 });
  });
});
