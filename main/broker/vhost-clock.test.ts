// The sandbox clock: a vhost at ×10 or ×60 runs TTL, x-expires, delayed messages and consumer
// timeouts that many times faster, other vhosts keep real time, and changing the pace keeps the
// deadlines already set (vhost-clock.ts). Driven by a manual clock; the real-client version is
// main/integration/sandbox-clock.test.ts.
import { describe, expect, it } from 'vitest';
import { EventBus } from './events';
import { coreBroker, coreVhost, declareExchange, declareQueue, bind, FakeClient, publish, useManualClock } from '../test-support/core-fakes';
import { DeliveryTracker } from './delivery/delivery-tracker';
import { ClockScaleError, realDuration, vhostClockScale } from './vhost-clock';

const clock = useManualClock();

describe('the sandbox clock', () => {
  it('a per-message TTL of 6000 ms runs out after 100 ms at ×60', () => {
    const v = coreVhost();
    v.setClockScale(60);
    const q = declareQueue(v, 'q');
    publish(v, '', 'q', 'm', { expiration: '6000' });
    clock.advance(99);
    expect(q.messageCount).toBe(1);
    clock.advance(1);
    expect(q.messageCount).toBe(0);
  });

  it('x-message-ttl from a policy, retroactively, runs at the vhost pace too', () => {
    const v = coreVhost();
    v.setClockScale(10);
    const q = declareQueue(v, 'q');
    publish(v, '', 'q');
    v.policies.put('policy', { vhost: '/', name: 'ttl', pattern: '^q$', applyTo: 'queues', priority: 0, definition: { 'message-ttl': 1000 } });
    clock.advance(99);
    expect(q.messageCount).toBe(1);
    clock.advance(1);
    expect(q.messageCount).toBe(0);
  });

  it('x-expires 60000 deletes an idle queue after 1 s at ×60; a vhost at ×1 is unaffected', () => {
    const b = coreBroker();
    b.addVhost('sandbox');
    b.vhost('sandbox')!.setClockScale(60);
    declareQueue(b.vhost('sandbox')!, 'idle', { 'x-expires': 60_000 });
    declareQueue(b.vhost('/')!, 'idle', { 'x-expires': 60_000 });
    clock.advance(999);
    expect(b.vhost('sandbox')!.queues.has('idle')).toBe(true);
    clock.advance(1);
    expect(b.vhost('sandbox')!.queues.has('idle')).toBe(false);
    expect(b.vhost('/')!.queues.has('idle')).toBe(true);
    clock.advance(59_000);
    expect(b.vhost('/')!.queues.has('idle')).toBe(false);
  });

  it('changing the pace: queued messages keep their real-time deadline, new ones take the new pace', () => {
    const v = coreVhost();
    v.setClockScale(60);
    const q = declareQueue(v, 'q', { 'x-message-ttl': 6000 });
    publish(v, '', 'q', 'fast');
    v.setClockScale(1);
    publish(v, '', 'q', 'slow');
    clock.advance(100);
    expect(q.messageCount).toBe(1);
    clock.advance(5899);
    expect(q.messageCount).toBe(1);
    clock.advance(1);
    expect(q.messageCount).toBe(0);
  });

  it('changing the pace restarts an idle queue x-expires countdown from its last use at the new pace', () => {
    const v = coreVhost();
    declareQueue(v, 'q', { 'x-expires': 60_000 });
    clock.advance(500);
    v.setClockScale(60); // 500 ms real since the last use is 30 s of sandbox time: 500 ms to go
    clock.advance(499);
    expect(v.queues.has('q')).toBe(true);
    clock.advance(1);
    expect(v.queues.has('q')).toBe(false);
  });

  it('a delayed message waits x-delay / scale', () => {
    const v = coreVhost();
    v.setClockScale(10);
    declareExchange(v, 'later', 'x-delayed-message', { args: { 'x-delayed-type': 'direct' } });
    const q = declareQueue(v, 'q');
    bind(v, 'q', 'later', 'k');
    publish(v, 'later', 'k', 'm', { headers: { 'x-delay': 1000 } });
    clock.advance(99);
    expect(q.messageCount).toBe(0);
    clock.advance(1);
    expect(q.messageCount).toBe(1);
  });

  it('the consumer timeout counts held time scale times over', () => {
    const v = coreVhost();
    v.setClockScale(60);
    const q = declareQueue(v, 'q', { 'x-consumer-timeout': 60_000 });
    publish(v, '', 'q');
    const tracker = new DeliveryTracker(new EventBus(), new FakeClient());
    const tag = tracker.hold(q.get(false)!);
    const start = Date.now();
    expect(tracker.overdue(start + 1000, null)).toBeNull();
    expect(tracker.overdue(start + 1001, null)).toEqual({ tag, timeout: 60_000 });
  });

  it('refuses any scale but 1, 10 and 60', () => {
    const v = coreVhost();
    for (const bad of [0, 2, -10, 60.5, NaN, Infinity]) expect(() => v.setClockScale(bad)).toThrow(ClockScaleError);
    expect(() => v.setClockScale(7)).toThrow('clock scale must be 1, 10 or 60, got 7');
    expect(v.clockScale).toBe(1);
  });

  it('vhostClockScale and realDuration, for simulated clients', () => {
    const b = coreBroker();
    b.addVhost('sandbox');
    b.vhost('sandbox')!.setClockScale(10);
    expect(vhostClockScale(b, 'sandbox')).toBe(10);
    expect(vhostClockScale(b, '/')).toBe(1);
    expect(vhostClockScale(b, 'missing')).toBe(1);
    expect(realDuration(2000, 10)).toBe(200);
  });
});
