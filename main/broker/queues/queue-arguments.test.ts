import { describe, expect, it } from 'vitest';
import type { FieldTable } from '../../../shared/model/amqp-values';
import { argumentsOf, QUEUE_ARGUMENTS } from '../../../shared/model/queue-arguments';
import { long, str } from '../field-values';
import { readQueueSettings, validateQueueArguments } from './queue-arguments';

const refusal = (args: FieldTable): string | null => {
  try {
    validateQueueArguments(args, 'q', '/');
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('queue argument validation, from the table', () => {
  it('takes an integer argument of any AMQP integer width and refuses other types', () => {
    for (const type of ['b', 'B', 's', 'u', 'I', 'i'] as const) expect(refusal([['x-max-length', { type, value: 5 }]])).toBeNull();
    expect(refusal([['x-max-length', long(5)]])).toBeNull();
    expect(refusal([['x-max-length', str('5')]])).toBe(
      `PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'q' in vhost '/': "expected integer, got longstr" (this argument takes a whole number)`);
  });

  it("words bounds in RabbitMQ's terms", () => {
    expect(refusal([['x-message-ttl', long(-1)]])).toMatch(/: \{value_negative,-1\} \(must not be negative\)$/);
    expect(refusal([['x-expires', long(0)]])).toMatch(/'x-expires' .*: \{value_zero,0\} \(must be at least 1\)$/);
    expect(refusal([['x-max-priority', long(256)]])).toMatch(/: \{max_value_exceeded,256\} \(at most 255\)$/);
    expect(refusal([['x-max-priority', long(255)]])).toBeNull();
  });

  it('refuses an option outside the list with its own term; $ patterns in the value stay literal', () => {
    expect(refusal([['x-overflow', str('drop-tail')]])).toMatch(/: invalid_overflow \(expected drop-head, reject-publish, reject-publish-dlx\)$/);
    expect(refusal([['x-queue-type', str('$&x')]])).toMatch(/: "unsupported queue type '\$&x'" \(expected classic, quorum, stream\)$/);
    expect(refusal([['x-single-active-consumer', str('yes')]])).toMatch(/"expected boolean, got longstr"$/);
    expect(refusal([['x-dead-letter-exchange', { type: 't', value: true }]])).toMatch(/"expected string, got bool"$/);
  });

  it('leaves unknown and unvalidated arguments alone', () => {
    expect(refusal([['x-whatever', { type: 't', value: true }], ['x-queue-master-locator', long(1)]])).toBeNull();
  });
});

describe('queue settings', () => {
  it('reads every argument into its field, with the defaults for absent ones', () => {
    const s = readQueueSettings([['x-message-ttl', { type: 'I', value: 100 }], ['x-overflow', str('reject-publish')], ['x-single-active-consumer', { type: 't', value: true }]]);
    expect(s).toMatchObject({ messageTtl: 100, overflow: 'reject-publish', singleActiveConsumer: true, queueType: 'classic', maxLength: undefined });
    expect(Object.keys(s)).toEqual(QUEUE_ARGUMENTS.map((a) => a.field));
    expect(readQueueSettings([])).toMatchObject({ overflow: 'drop-head', singleActiveConsumer: false, queueMode: 'default' });
  });

  it('turns declare-request fields into x-arguments, and every policy "min" combines numbers', () => {
    expect(argumentsOf({ maxLength: 3, deadLetterExchange: '', singleActiveConsumer: false })).toEqual(
      { 'x-dead-letter-exchange': '', 'x-max-length': 3, 'x-single-active-consumer': false });
    for (const a of QUEUE_ARGUMENTS) if ('policy' in a && a.policy.combine === 'min') expect(a.kind).toBe('integer');
  });
});

