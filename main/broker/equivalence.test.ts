// Queue argument validation and queue-type rules at declaration, with RabbitMQ's terms, as
// main/integration/lifecycle-ttl.test.ts and lifecycle-queue-types.test.ts check them against RabbitMQ.
import { describe, expect, it } from 'vitest';
import { coreVhost, declareQueue, errorOf, type Fields, type QueueOpts } from '../test-support/core-fakes';
import { Reply } from './errors';

/** [arguments, options, the end of RabbitMQ's reply text after "PRECONDITION_FAILED - "] for a queue named 'q' */
const refused: Array<[Fields, QueueOpts, string]> = [
  [{ 'x-message-ttl': -1 }, {}, "invalid arg 'x-message-ttl' for queue 'q' in vhost '/': {value_negative,-1}"],
  [{ 'x-message-ttl': '1000' }, {}, `invalid arg 'x-message-ttl' for queue 'q' in vhost '/': "expected integer, got longstr"`],
  [{ 'x-message-ttl': 1.5 }, {}, `invalid arg 'x-message-ttl' for queue 'q' in vhost '/': "expected integer, got double"`],
  [{ 'x-expires': 0 }, {}, "invalid arg 'x-expires' for queue 'q' in vhost '/': {value_zero,0}"],
  [{ 'x-expires': -1 }, {}, "invalid arg 'x-expires' for queue 'q' in vhost '/': {value_negative,-1}"],
  [{ 'x-queue-type': 'bogus' }, {}, `invalid arg 'x-queue-type' for queue 'q' in vhost '/': "unsupported queue type 'bogus'"`],
  [{ 'x-queue-type': 'quorum' }, { durable: false }, "invalid property 'non-durable' for queue 'q' in vhost '/'"],
  [{ 'x-queue-type': 'quorum' }, { durable: true, exclusive: true }, "invalid property 'exclusive-owner' for queue 'q' in vhost '/'"],
  [{ 'x-queue-type': 'quorum' }, { durable: true, autoDelete: true }, "invalid property 'auto-delete' for queue 'q' in vhost '/'"],
];

describe('queue argument validation', () => {
  it.each(refused)('refuses %j %j with a 406', (args, opts, text) => {
    const v = coreVhost();
    const e = errorOf(() => declareQueue(v, 'q', args, opts));
    expect([e.replyCode, e.scope]).toEqual([Reply.PRECONDITION_FAILED, 'channel']);
    expect(e.replyText).toContain(`PRECONDITION_FAILED - ${text}`);
    expect(v.queue('q')).toBeUndefined();
  });

  it('accepts the boundaries: TTL 0, x-expires 1, a durable quorum queue', () => {
    const v = coreVhost();
    expect(() => declareQueue(v, 'ttl0', { 'x-message-ttl': 0 })).not.toThrow();
    expect(() => declareQueue(v, 'exp1', { 'x-expires': 1 })).not.toThrow();
    expect(declareQueue(v, 'qq', { 'x-queue-type': 'quorum' }, { durable: true }).isQuorum).toBe(true);
  });

  it('stream queues are refused with a 406 saying they are not supported (RabbitMQ 3.10 has them)', () => {
    const e = errorOf(() => declareQueue(coreVhost(), 's', { 'x-queue-type': 'stream' }, { durable: true }));
    expect([e.replyCode, e.replyText]).toEqual([Reply.PRECONDITION_FAILED, expect.stringMatching(/stream.*not supported/)]);
  });

  it('redeclaring a quorum queue as classic is an inequivalent x-queue-type', () => {
    const v = coreVhost();
    declareQueue(v, 'qq', { 'x-queue-type': 'quorum' }, { durable: true });
    expect(errorOf(() => declareQueue(v, 'qq', { 'x-queue-type': 'classic' }, { durable: true })).replyText)
      .toBe("PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'qq' in vhost '/': received 'classic' but current is 'quorum'");
  });
});
