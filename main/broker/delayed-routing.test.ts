// The core's side of x-delayed-message, on a clock the test moves: a held message is counted once,
// routed when due to the bindings of then, and a deleted exchange's held messages never arrive.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldTable } from '../../shared/model/amqp-values';
import { EventBus } from './events';
import { str } from './field-values';
import { Message } from './message';
import { VHost } from './vhost';

let v: VHost;
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  v = new VHost('/', new EventBus());
  v.declareExchange({ name: 'later', type: 'x-delayed-message', passive: false, durable: false, autoDelete: false, internal: false, args: [['x-delayed-type', str('direct')]] });
  v.declareQueue({ name: 'q', passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
});
afterEach(() => { vi.useRealTimers(); });

const publish = (key: string, delay: number) => {
  const headers: FieldTable = [['x-delay', { type: 'I', value: delay }]];
  return { ...v.publish(v.exchange('later')!, new Message('later', key, { headers }, null, Buffer.from(key), key.length, Date.now()), true, null) };
};

describe('x-delayed-message in the core', () => {
  it('holds, then routes to the bindings of the due time; counts the publish once', () => {
    expect(publish('k', 1000)).toMatchObject({ routed: 1, rejected: false, stored: false });
    v.bindQueue('q', 'later', 'k', [], null); // bound after the publish, before it is due
    vi.advanceTimersByTime(999);
    expect(v.queue('q')!.messageCount).toBe(0);
    vi.advanceTimersByTime(1);
    expect(v.queue('q')!.messageCount).toBe(1);
    const x = v.exchange('later')!;
    expect([x.stats.publishIn, x.stats.publishOut, x.delayed!.size]).toEqual([1, 1, 0]);
  });

  it('counts a due message no binding takes as dropped, not returned (its publisher is long gone)', () => {
    publish('nobody', 10);
    vi.advanceTimersByTime(10);
    expect([v.stats.dropUnroutable, v.stats.returnUnroutable]).toEqual([1, 0]);
  });

  it('holds a copy where an exchange-to-exchange binding reaches it; other paths deliver at once, unchanged', () => {
    v.declareExchange({ name: 'in', type: 'fanout', passive: false, durable: false, autoDelete: false, internal: false, args: [] });
    v.declareQueue({ name: 'now', passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
    v.bindQueue('now', 'in', '', [], null);
    v.bindExchange('later', 'in', '', []);
    v.bindQueue('q', 'later', 'k', [], null);
    const headers: FieldTable = [['x-delay', { type: 'I', value: 500 }]];
    const seen: string[] = [];
    const off = v.events.subscribe((e) => { seen.push(e.type); }, { messages: true });
    v.unbindQueue('now', 'in', '', [], null);
    v.publish(v.exchange('in')!, new Message('in', 'k', { headers }, null, Buffer.from('b'), 1, Date.now()), true, null);
    expect(seen).toContain('message.routed'); // held on the way: taken, not dropped (the window's view)
    expect(seen).not.toContain('message.unroutable');
    off();
    v.bindQueue('now', 'in', '', [], null);
    vi.advanceTimersByTime(500);
    v.purgeQueue('q', null);
    const r = v.publish(v.exchange('in')!, new Message('in', 'k', { headers }, null, Buffer.from('b'), 1, Date.now()), true, null);
    expect({ ...r }).toMatchObject({ routed: 2, stored: false });
    expect([v.queue('now')!.messageCount, v.queue('q')!.messageCount, v.exchange('later')!.delayed!.size]).toEqual([1, 0, 1]);
    vi.advanceTimersByTime(500);
    expect(v.queue('q')!.messageCount).toBe(1);
    const delays = ['now', 'q'].map((n) => v.queue(n)!.messages.peek()!.message.properties.headers!.find(([k]) => k === 'x-delay')![1].value);
    expect(delays).toEqual([500, -500]); // the plugin turns the released copy's x-delay negative; the other keeps its own
    expect([v.exchange('in')!.stats.publishIn, v.exchange('later')!.stats.publishIn]).toEqual([2, 0]);
  });

  it('holds a dead-lettered message whose dead-letter exchange is delayed, for its x-delay from then', () => {
    v.declareQueue({ name: 'work', passive: false, durable: false, exclusive: false, autoDelete: false, args: [['x-dead-letter-exchange', str('later')], ['x-message-ttl', { type: 'I', value: 100 }]] }, null);
    v.bindQueue('q', 'later', 'work', [], null);
    const headers: FieldTable = [['x-delay', { type: 'I', value: 1000 }]];
    v.publish(v.exchange('')!, new Message('', 'work', { headers }, null, Buffer.from('b'), 1, Date.now()), false, null);
    vi.advanceTimersByTime(100); // expired: dead-lettered to 'later', held 1 s from now
    expect([v.queue('work')!.messageCount, v.queue('q')!.messageCount, v.exchange('later')!.delayed!.size]).toEqual([0, 0, 1]);
    vi.advanceTimersByTime(999);
    expect(v.queue('q')!.messageCount).toBe(0);
    vi.advanceTimersByTime(1);
    expect(v.queue('q')!.messageCount).toBe(1);
  });

  it('drops the held messages of a deleted exchange, with their timer', () => {
    v.bindQueue('q', 'later', 'k', [], null);
    publish('k', 50);
    v.deleteExchange('later', false);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(v.queue('q')!.messageCount).toBe(0);
  });
});
