// Message TTL (x-message-ttl and the expiration property) and queue expiry (x-expires), driven by
// a manual clock; expectations from main/integration/lifecycle-ttl.test.ts, checked there against RabbitMQ.
import { describe, expect, it, vi } from 'vitest';
import { coreVhost, declareQueue, drain, FakeConsumer, publish, useManualClock } from '../../test-support/core-fakes';

const clock = useManualClock();

describe('message TTL', () => {
  it('x-message-ttl: the message stays until its TTL is up, then leaves the queue', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q', { 'x-message-ttl': 100 });
    publish(v, '', 'q');
    clock.advance(99);
    expect(q.messageCount).toBe(1);
    clock.advance(1);
    expect(q.messageCount).toBe(0);
    expect(q.get(true)).toBeUndefined();
  });

  it('the expiration property: the message leaves after its own TTL', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q');
    publish(v, '', 'q', 'short', { expiration: '30' });
    publish(v, '', 'q', 'forever');
    clock.advance(29);
    expect(q.messageCount).toBe(2);
    clock.advance(1);
    expect(drain(q)).toEqual(['forever']);
  });

  it('queue TTL and expiration both set: the lower one wins, either way round', () => {
    const v = coreVhost();
    const queueLower = declareQueue(v, 'queue-lower', { 'x-message-ttl': 20 });
    const messageLower = declareQueue(v, 'message-lower', { 'x-message-ttl': 1000 });
    publish(v, '', 'queue-lower', 'a', { expiration: '1000' });
    publish(v, '', 'message-lower', 'b', { expiration: '20' });
    clock.advance(20);
    expect([queueLower.messageCount, messageLower.messageCount]).toEqual([0, 0]);
  });

  it('TTL counts from when the message enters the queue', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q', { 'x-message-ttl': 100 });
    publish(v, '', 'q', 'early');
    clock.advance(60);
    publish(v, '', 'q', 'late');
    clock.advance(40);
    expect(drain(q)).toEqual(['late']);
  });

  it('an expired message is never delivered to a consumer that was not ready in time', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q', { 'x-message-ttl': 50 });
    const c = new FakeConsumer();
    c.accepting = false;
    c.consume(q);
    publish(v, '', 'q');
    clock.advance(50);
    c.resume();
    expect(c.deliveries).toEqual([]);
  });

  it('an expired message behind a live one is dropped when it reaches the head (the count still holds it)', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q');
    publish(v, '', 'q', 'live');
    publish(v, '', 'q', 'dies', { expiration: '50' });
    publish(v, '', 'q', 'tail');
    clock.advance(150);
    expect(q.messageCount).toBe(3); // RabbitMQ expires lazily behind the head
    expect(drain(q)).toEqual(['live', 'tail']);
  });

  it('x-message-ttl 0: delivered to a ready consumer at once, gone at once without one', () => {
    const v = coreVhost();
    const idle = declareQueue(v, 'idle', { 'x-message-ttl': 0 });
    const busy = declareQueue(v, 'busy', { 'x-message-ttl': 0 });
    const c = new FakeConsumer({ noAck: true });
    c.consume(busy);
    publish(v, '', 'idle', 'nobody');
    publish(v, '', 'busy', 'now');
    expect(idle.messageCount).toBe(0); // without advancing the clock at all
    expect(c.bodies()).toEqual(['now']);
  });

  it('expiration "0": delivered to a ready consumer with the property intact, dropped without one', () => {
    const v = coreVhost();
    const idle = declareQueue(v, 'idle');
    const busy = declareQueue(v, 'busy');
    const c = new FakeConsumer({ noAck: true });
    c.consume(busy);
    publish(v, '', 'idle', 'x', { expiration: '0' });
    publish(v, '', 'busy', 'y', { expiration: '0' });
    expect(idle.messageCount).toBe(0);
    expect(c.deliveries.map((e) => e.message.properties.expiration)).toEqual(['0']);
  });

  it('x-message-ttl 0 with a consumer whose prefetch is full: dropped, not delivered later', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q', { 'x-message-ttl': 0 });
    const c = new FakeConsumer({ prefetch: 1 });
    c.consume(q);
    publish(v, '', 'q', 'first');
    publish(v, '', 'q', 'blocked');
    expect(q.messageCount).toBe(0);
    c.ack();
    publish(v, '', 'q', 'third');
    expect(c.bodies()).toEqual(['first', 'third']);
  });

  it('a message consumed before its TTL keeps its expiration property', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q');
    publish(v, '', 'q', 'm', { expiration: '60000' });
    clock.advance(59_999);
    expect(q.get(true)!.message.properties.expiration).toBe('60000');
  });
});

describe('queue expiry (x-expires)', () => {
  it('an unused queue is deleted after x-expires, messages and all', () => {
    const v = coreVhost();
    declareQueue(v, 'q', { 'x-expires': 100 });
    publish(v, '', 'q');
    clock.advance(99);
    expect(v.queue('q')).toBeDefined();
    clock.advance(1);
    expect(v.queue('q')).toBeUndefined();
  });

  it('a passive declare renews the lease', () => {
    const v = coreVhost();
    declareQueue(v, 'q', { 'x-expires': 100 });
    for (let i = 0; i < 5; i++) {
      clock.advance(60);
      declareQueue(v, 'q', {}, { passive: true });
    }
    expect(v.queue('q')).toBeDefined();
    clock.advance(100);
    expect(v.queue('q')).toBeUndefined();
  });

  it('basic.get renews the lease', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q', { 'x-expires': 100 });
    clock.advance(60);
    q.get(true);
    clock.advance(60);
    expect(v.queue('q')).toBe(q);
    clock.advance(40);
    expect(v.queue('q')).toBeUndefined();
  });

  it('a queue with a consumer is not deleted; after the cancel it expires', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q', { 'x-expires': 100 });
    const c = new FakeConsumer();
    c.consume(q);
    clock.advance(500);
    expect(v.queue('q')).toBe(q);
    c.cancel();
    clock.advance(99);
    expect(v.queue('q')).toBe(q);
    clock.advance(1);
    expect(v.queue('q')).toBeUndefined();
  });

  it('keeps no timer running while a consumer holds the queue', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q', { 'x-expires': 100 });
    new FakeConsumer().consume(q);
    clock.advance(200); // the timer armed at declare fires once and finds the queue in use
    expect(vi.getTimerCount()).toBe(0);
    clock.advance(1000);
    expect(v.queue('q')).toBe(q);
  });
});

// found by the fuzzer (main/fuzz): Node's timers hold 2^31-1 ms at most and fire a longer delay
// after 1 ms, so a TTL or expiry of up to 2^32-1 ms (RabbitMQ's limit) re-armed every millisecond
describe('TTLs and expiries past the range of a Node timer', () => {
  const LONGEST = 2 ** 32 - 1;
  /** how many timers the broker sets while `ms` pass */
  function timersSetWhile(ms: number): number {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    clock.advance(ms);
    const n = spy.mock.calls.length;
    spy.mockRestore();
    return n;
  }

  it('a message with a TTL of 2^32-1 ms waits quietly, then leaves on time', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q', { 'x-message-ttl': LONGEST });
    publish(v, '', 'q');
    expect(timersSetWhile(1000)).toBe(0);
    clock.advance(LONGEST - 1001);
    expect(q.messageCount).toBe(1);
    clock.advance(1);
    expect(q.messageCount).toBe(0);
  });

  it('a queue with an x-expires of 2^32-1 ms waits quietly, then is deleted on time', () => {
    const v = coreVhost();
    declareQueue(v, 'q', { 'x-expires': LONGEST });
    expect(timersSetWhile(1000)).toBe(0);
    clock.advance(LONGEST - 1001);
    expect(v.queue('q')).toBeDefined();
    clock.advance(1);
    expect(v.queue('q')).toBeUndefined();
  });
});
