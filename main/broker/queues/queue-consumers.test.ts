// Dispatch to consumers: round-robin, readiness, consumer priorities (x-priority) and single active
// consumer, as main/integration/lifecycle-limits.test.ts checks them against RabbitMQ.
import { describe, expect, it } from 'vitest';
import { coreVhost, declareQueue, errorOf, FakeConsumer, publish, unackedCount } from '../../test-support/core-fakes';
import { Reply } from '../errors';

/** A vhost with queue 'q' (these arguments) and the given consumers attached in order. */
function consumed(args: Record<string, boolean>, ...consumers: FakeConsumer[]) {
  const v = coreVhost();
  const q = declareQueue(v, 'q', args);
  for (const c of consumers) c.consume(q);
  const send = (...bodies: string[]): void => { for (const b of bodies) publish(v, '', 'q', b); };
  return { v, q, send };
}

describe('dispatch', () => {
  it('consumers of equal priority take turns', () => {
    const a = new FakeConsumer({ noAck: true });
    const b = new FakeConsumer({ noAck: true });
    const { send } = consumed({}, a, b);
    send('1', '2', '3', '4', '5');
    expect([a.bodies(), b.bodies()]).toEqual([['1', '3', '5'], ['2', '4']]);
  });

  it('a consumer that is not ready is skipped, and messages wait while nobody is ready', () => {
    const a = new FakeConsumer({ noAck: true });
    const b = new FakeConsumer({ noAck: true });
    const { q, send } = consumed({}, a, b);
    a.accepting = false;
    send('1', '2');
    b.accepting = false;
    send('3');
    expect([a.bodies(), b.bodies(), q.messageCount]).toEqual([[], ['1', '2'], 1]);
    a.resume();
    expect([a.bodies(), q.messageCount]).toEqual([['3'], 0]);
  });

  it('messages published before any consumer go to the first one that arrives, in order', () => {
    const { q, send } = consumed({});
    send('1', '2');
    const c = new FakeConsumer({ prefetch: 1 });
    c.consume(q);
    expect([c.bodies(), q.messageCount, unackedCount(q)]).toEqual([['1'], 1, 1]);
    c.ack();
    expect(c.bodies()).toEqual(['1', '2']);
  });

  it('requeued messages come back marked redelivered, ahead of later ones', () => {
    const c = new FakeConsumer();
    const { q, send } = consumed({}, c);
    send('1', '2');
    c.accepting = false;
    send('3');
    c.requeueAll();
    expect(unackedCount(q)).toBe(0);
    const order = [q.get(true)!, q.get(true)!, q.get(true)!].map((e) => [Buffer.from(e.message.body as Buffer).toString(), e.redelivered]);
    expect(order).toEqual([['1', true], ['2', true], ['3', false]]);
  });

  it('deleting the queue cancels its consumers', () => {
    const c = new FakeConsumer();
    const { v, q } = consumed({}, c);
    expect(v.deleteQueue('q', false, false, null)).toBe(0);
    expect(c.cancelledBy).toBe(q);
  });
});

describe('consumer priorities (x-priority)', () => {
  it('the high-priority consumer gets messages while it can; while it is blocked the low one gets them', () => {
    const lo = new FakeConsumer({ priority: 0 });
    const hi = new FakeConsumer({ priority: 10, prefetch: 1 });
    const { send } = consumed({}, lo, hi);
    send('m1', 'm2', 'm3', 'm4');
    expect([hi.bodies(), lo.bodies()]).toEqual([['m1'], ['m2', 'm3', 'm4']]);
    hi.ack();
    send('m5');
    expect([hi.bodies(), lo.bodies()]).toEqual([['m1', 'm5'], ['m2', 'm3', 'm4']]);
  });

  it('a higher consumer starves equal lower ones while it can take messages; the lower ones then share', () => {
    const a = new FakeConsumer({ priority: 1, noAck: true });
    const b = new FakeConsumer({ priority: 1, noAck: true });
    const top = new FakeConsumer({ priority: 5, noAck: true });
    const { send } = consumed({}, a, b, top);
    send('t0', 't1', 't2');
    expect([top.bodies().length, a.bodies().length + b.bodies().length]).toEqual([3, 0]);
    top.accepting = false;
    send('u0', 'u1');
    expect([a.bodies(), b.bodies()]).toEqual([['u0'], ['u1']]);
  });

  it('equal consumers keep their turn when a higher-priority consumer joins', () => {
    const a = new FakeConsumer({ noAck: true });
    const b = new FakeConsumer({ noAck: true });
    const { q, send } = consumed({}, a, b);
    send('1');
    const top = new FakeConsumer({ priority: 5, noAck: true });
    top.accepting = false;
    top.consume(q);
    send('2', '3');
    expect([a.bodies(), b.bodies()]).toEqual([['1', '3'], ['2']]);
  });

  it('each priority level keeps its own turn while a lower level is served', () => {
    const a = new FakeConsumer({ priority: 5, noAck: true });
    const b = new FakeConsumer({ priority: 5, noAck: true });
    const lo1 = new FakeConsumer({ noAck: true });
    const lo2 = new FakeConsumer({ noAck: true });
    const { send } = consumed({}, a, b, lo1, lo2);
    send('1'); // a; b is next among the high ones
    a.accepting = false; b.accepting = false;
    send('2', '3'); // the low ones share
    a.accepting = true; b.accepting = true;
    send('4', '5');
    expect([a.bodies(), b.bodies(), lo1.bodies(), lo2.bodies()]).toEqual([['1', '5'], ['4'], ['2'], ['3']]);
  });

  it('a departing consumer does not make the next one lose its turn', () => {
    const a = new FakeConsumer({ noAck: true });
    const b = new FakeConsumer({ noAck: true });
    const c = new FakeConsumer({ noAck: true });
    const { q, send } = consumed({}, a, b, c);
    send('1', '2'); // a, b; c is next
    q.removeConsumer(a);
    send('3', '4');
    expect([b.bodies(), c.bodies()]).toEqual([['2', '4'], ['3']]);
  });
});

describe('single active consumer (x-single-active-consumer)', () => {
  it('only the first consumer gets messages; cancelling it hands over to the next', () => {
    const first = new FakeConsumer({ noAck: true });
    const second = new FakeConsumer({ noAck: true });
    const { q, send } = consumed({ 'x-single-active-consumer': true }, first, second);
    expect([q.consumerCount, q.activeConsumer]).toEqual([2, first]);
    send('a0', 'a1', 'a2');
    expect([first.bodies(), second.bodies()]).toEqual([['a0', 'a1', 'a2'], []]);
    first.accepting = false;
    send('b0');
    expect(second.bodies()).toEqual([]);
    first.cancel(); // the next one takes over at once, with what was waiting
    expect(second.bodies()).toEqual(['b0']);
    send('b1');
    expect([first.bodies().length, second.bodies()]).toEqual([3, ['b0', 'b1']]);
  });

  it('while the active consumer is blocked the others do not get messages; priorities do not reorder them', () => {
    const first = new FakeConsumer({ prefetch: 1 });
    const second = new FakeConsumer({ priority: 10 });
    const { q, send } = consumed({ 'x-single-active-consumer': true }, first, second);
    send('1', '2', '3');
    expect([first.bodies(), second.bodies(), q.messageCount]).toEqual([['1'], [], 2]);
    first.ack();
    expect(first.bodies()).toEqual(['1', '2']);
  });

  it("the active consumer's unacked messages go to the next one when it leaves (as on channel close)", () => {
    const first = new FakeConsumer();
    const second = new FakeConsumer();
    const { q, send } = consumed({ 'x-single-active-consumer': true }, first, second);
    send('x', 'y');
    first.cancel(); // the channel closes: the consumer goes, then its unacked messages return
    first.requeueAll();
    expect(second.bodies()).toEqual(['x', 'y']);
    expect(second.deliveries.map((e) => e.redelivered)).toEqual([true, true]);
  });

  it('x-single-active-consumer must be a boolean: a string is a 406', () => {
    const v = coreVhost();
    const e = errorOf(() => declareQueue(v, 'sac', { 'x-single-active-consumer': 'yes' as unknown as boolean }));
    expect(e.replyCode).toBe(Reply.PRECONDITION_FAILED);
    expect(e.replyText).toContain("invalid arg 'x-single-active-consumer' for queue 'sac' in vhost '/'");
  });
});

describe('several consumers leaving at once (a channel closing)', () => {
  it('the rest go on sharing; a single active consumer hands over; a queue with none left waits for the next', () => {
    const [a, b, c, d] = [1, 2, 3, 4].map(() => new FakeConsumer({ noAck: true }));
    const { q, send } = consumed({}, a, b, c, d);
    send('1');
    q.removeConsumers(new Set([a, c]));
    expect(q.consumerCount).toBe(2);
    send('2', '3', '4');
    expect([b.bodies().length + d.bodies().length, b.bodies().length > 0, d.bodies().length > 0]).toEqual([3, true, true]);
    q.removeConsumers(new Set([b, d]));
    send('5');
    expect([q.consumerCount, q.messageCount]).toEqual([0, 1]);

    const first = new FakeConsumer({ noAck: true });
    const second = new FakeConsumer({ noAck: true });
    const third = new FakeConsumer({ noAck: true });
    const sac = consumed({ 'x-single-active-consumer': true }, first, second, third);
    sac.q.removeConsumers(new Set([first, second]));
    expect(sac.q.activeConsumer).toBe(third);
    sac.send('x');
    expect(third.bodies()).toEqual(['x']);
  });

  it('an auto-delete queue goes when the last of them leave together', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'ad', {}, { autoDelete: true });
    const [a, b] = [new FakeConsumer(), new FakeConsumer()];
    a.consume(q);
    b.consume(q);
    q.removeConsumers(new Set([a]));
    expect(v.queue('ad')).toBe(q);
    q.removeConsumers(new Set([b]));
    expect(v.queue('ad')).toBeUndefined();
  });
});
