// Length limits: x-max-length and x-max-length-bytes with x-overflow drop-head, reject-publish and
// reject-publish-dlx, as main/integration/lifecycle-limits.test.ts checks them against RabbitMQ.
import { describe, expect, it } from 'vitest';
import { coreVhost, deadLetterSink, declareQueue, drain, drainEntries, errorOf, publish, read, type Fields } from '../../test-support/core-fakes';
import { Reply } from '../errors';

/** Publish each body to the queue `q` through the default exchange; the results' `rejected` flags. */
function publishAll(v: ReturnType<typeof coreVhost>, q: string, bodies: string[]): boolean[] {
  return bodies.map((b) => publish(v, '', q, b).rejected);
}

/** A vhost with the dead-letter sink and a queue 'q' with these arguments, dead-lettering to the sink. */
function limited(args: Fields): { v: ReturnType<typeof coreVhost>; dead: ReturnType<typeof deadLetterSink> } {
  const v = coreVhost();
  const dead = deadLetterSink(v);
  declareQueue(v, 'q', { 'x-dead-letter-exchange': 'dlx', ...args });
  return { v, dead };
}

describe('x-max-length and x-max-length-bytes', () => {
  it('the default overflow is drop-head: the oldest messages go, dead-lettered as maxlen', () => {
    const { v, dead } = limited({ 'x-max-length': 2 });
    expect(publishAll(v, 'q', ['1', '2', '3', '4'])).toEqual([false, false, false, false]);
    expect(drain(v.queue('q')!)).toEqual(['3', '4']);
    const d = drainEntries(dead);
    expect(d.map((e) => read(e.message.properties.headers, 'x-first-death-reason'))).toEqual(['maxlen', 'maxlen']);
  });

  it('x-max-length-bytes counts body bytes only: three 4-byte bodies fit in 12, a fourth drops the head', () => {
    const { v } = limited({ 'x-max-length-bytes': 12 });
    publishAll(v, 'q', ['aaaa', 'bbbb', 'cccc']);
    expect(v.queue('q')!.messageCount).toBe(3);
    publish(v, '', 'q', 'dddd');
    expect(drain(v.queue('q')!)).toEqual(['bbbb', 'cccc', 'dddd']);
  });

  it('x-max-length-bytes: a message larger than the limit on its own is dropped at once', () => {
    const { v, dead } = limited({ 'x-max-length-bytes': 10 });
    expect(publish(v, '', 'q', 'this body is too large').rejected).toBe(false);
    expect([v.queue('q')!.messageCount, dead.messageCount]).toEqual([0, 1]);
  });

  it('x-max-length 0: every message is dropped, and the publish still counts as accepted', () => {
    const { v } = limited({ 'x-max-length': 0 });
    expect(publish(v, '', 'q', 'gone')).toMatchObject({ routed: 1, rejected: false });
    expect(v.queue('q')!.messageCount).toBe(0);
  });

  it('reject-publish: publishes beyond the limit are refused (nacked) and not dead-lettered; room comes back', () => {
    const { v, dead } = limited({ 'x-max-length': 2, 'x-overflow': 'reject-publish' });
    expect(publishAll(v, 'q', ['1', '2', '3', '4'])).toEqual([false, false, true, true]);
    expect(publish(v, '', 'q', '5').routed).toBe(0);
    expect(drain(v.queue('q')!)).toEqual(['1', '2']);
    expect(publishAll(v, 'q', ['6'])).toEqual([false]);
    expect(dead.messageCount).toBe(0);
  });

  it('reject-publish with x-max-length-bytes refuses what would not fit once the bytes are reached', () => {
    const { v } = limited({ 'x-max-length-bytes': 4, 'x-overflow': 'reject-publish' });
    expect(publishAll(v, 'q', ['fits', 'x'])).toEqual([false, true]);
  });

  it('reject-publish-dlx: refused publishes are also dead-lettered with reason maxlen', () => {
    const { v, dead } = limited({ 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx' });
    expect(publishAll(v, 'q', ['1', '2', '3'])).toEqual([false, true, true]);
    expect(drain(v.queue('q')!)).toEqual(['1']);
    const d = drainEntries(dead);
    expect(d.map((e) => [read(e.message.properties.headers, 'x-first-death-queue'), read(e.message.properties.headers, 'x-first-death-reason')])).toEqual([['q', 'maxlen'], ['q', 'maxlen']]);
  });

  it('an invalid overflow or a negative length is refused with 406 and RabbitMQ\'s terms', () => {
    const v = coreVhost();
    const bad = errorOf(() => declareQueue(v, 'q', { 'x-overflow': 'bogus' }));
    expect([bad.replyCode, bad.scope]).toEqual([Reply.PRECONDITION_FAILED, 'channel']);
    expect(bad.replyText).toContain("PRECONDITION_FAILED - invalid arg 'x-overflow' for queue 'q' in vhost '/': invalid_overflow");
    expect(errorOf(() => declareQueue(v, 'q', { 'x-max-length': -1 })).replyText)
      .toContain("PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'q' in vhost '/': {value_negative,-1}");
    expect(v.queue('q')).toBeUndefined();
  });
});
