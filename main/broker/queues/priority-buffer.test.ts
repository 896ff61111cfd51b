// Message priorities (x-max-priority), as main/integration/lifecycle-limits.test.ts checks them
// against RabbitMQ: higher first, FIFO within a priority, capped at the maximum.
import { describe, expect, it } from 'vitest';
import { coreVhost, declareQueue, drain, errorOf, FakeConsumer, publish } from '../../test-support/core-fakes';
import { Reply } from '../errors';

/** A queue 'q' (with these arguments) holding one message per [body, priority]. */
function filled(args: Record<string, number>, sent: Array<[string, number | undefined]>) {
  const v = coreVhost();
  const q = declareQueue(v, 'q', args);
  for (const [b, p] of sent) publish(v, '', 'q', b, p === undefined ? {} : { priority: p });
  return { v, q };
}

describe('message priorities', () => {
  it('higher priority first, FIFO within a priority; above the maximum counts as the maximum; none counts as 0', () => {
    const { q } = filled({ 'x-max-priority': 10 }, [
      ['p9-early', 9], ['p0-a', 0], ['none-a', undefined], ['p5-a', 5], ['p10-a', 10], ['p20-a', 20], ['p1-a', 1], ['p5-b', 5],
      ['p255-a', 255], ['p10-b', 10], ['p9-a', 9], ['p0-b', 0], ['none-b', undefined],
    ]);
    const c = new FakeConsumer({ noAck: true });
    c.consume(q);
    expect(c.bodies()).toEqual(['p10-a', 'p20-a', 'p255-a', 'p10-b', 'p9-early', 'p9-a', 'p5-a', 'p5-b', 'p1-a', 'p0-a', 'none-a', 'p0-b', 'none-b']);
    expect(c.deliveries.find((e) => e.message.properties.priority === 20)).toBeDefined(); // delivered unchanged
  });

  it('basic.get takes the highest priority first too', () => {
    const { q } = filled({ 'x-max-priority': 5 }, [['low', 1], ['high', 5], ['mid', 3]]);
    expect(drain(q)).toEqual(['high', 'mid', 'low']);
  });

  it('a requeued message goes back to its place in its priority', () => {
    const { v, q } = filled({ 'x-max-priority': 10 }, [['hi', 9], ['lo', 1]]);
    const c = new FakeConsumer({ prefetch: 1 });
    c.consume(q);
    publish(v, '', 'q', 'mid', { priority: 5 });
    publish(v, '', 'q', 'hi-2', { priority: 9 });
    c.cancel();
    c.requeueAll();
    expect(drain(q)).toEqual(['hi', 'hi-2', 'mid', 'lo']);
  });

  it('without x-max-priority the priority property is ignored', () => {
    const { q } = filled({}, [['a', 1], ['b', 9], ['c', 5]]);
    expect(drain(q)).toEqual(['a', 'b', 'c']);
  });

  it("x-max-priority takes 0 to 255: 256 is '{max_value_exceeded,256}', -1 '{value_negative,-1}'", () => {
    const v = coreVhost();
    expect(errorOf(() => declareQueue(v, 'q', { 'x-max-priority': 256 })).replyText)
      .toContain("PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'q' in vhost '/': {max_value_exceeded,256}");
    const neg = errorOf(() => declareQueue(v, 'q', { 'x-max-priority': -1 }));
    expect([neg.replyCode, neg.replyText]).toEqual([Reply.PRECONDITION_FAILED, expect.stringContaining('{value_negative,-1}')]);
    expect(() => declareQueue(v, 'top', { 'x-max-priority': 255 })).not.toThrow();
    expect(() => declareQueue(v, 'zero', { 'x-max-priority': 0 })).not.toThrow();
  });
});
