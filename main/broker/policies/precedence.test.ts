// Which policy applies and what it gives a queue: priorities, ties, operator caps, the per-key
// rule against queue arguments (shared/model/queue-arguments.ts), and re-application at runtime.
import { describe, expect, it } from 'vitest';
import { coreBroker, deadLetterSink, declareExchange, declareQueue, drain, publish, read, useManualClock } from '../../test-support/core-fakes';
import type { BrokerEvent } from '../../../shared/model/events';
import { exchangeInfo, queueInfo } from '../snapshot';
import type { PolicyInput } from './policy-input';
import type { PolicyKind } from './policy';

const clock = useManualClock();
const setup = coreBroker;
const put = (b: ReturnType<typeof coreBroker>, name: string, p: PolicyInput, kind: PolicyKind = 'policy'): boolean => b.setPolicy(kind, '/', name, p);

describe('policy precedence', () => {
  it('keys Warren cannot honour are accepted with a warning', () => {
    const b = setup();
    const warnings: string[] = [];
    b.onWarning = (w) => warnings.push(w);
    put(b, 'ha', { pattern: '.*', definition: { 'ha-mode': 'all', 'max-length': 1 } });
    put(b, 'plain', { pattern: '.*', definition: { 'max-length': 1 } });
    expect(warnings).toEqual(["policy 'ha' in vhost '/': Warren does not act on ha-mode (accepted as RabbitMQ does)"]);
  });

  it('the highest priority matching policy applies; apply-to and the unanchored pattern select', () => {
    const b = setup();
    const v = b.vhost('/')!;
    put(b, 'low', { pattern: 'q', definition: { 'max-length': 5 }, priority: 1 });
    put(b, 'high', { pattern: '^p', definition: { 'message-ttl': 7 }, priority: 2 });
    put(b, 'xs', { pattern: '.*', definition: { 'alternate-exchange': 'ae' }, applyTo: 'exchanges', priority: 9 });
    const pq = declareQueue(v, 'pq');
    const aq = declareQueue(v, 'aq');
    expect([pq.policy?.policy?.name, pq.settings.messageTtl, pq.settings.maxLength]).toEqual(['high', 7, undefined]);
    expect([aq.policy?.policy?.name, aq.settings.maxLength]).toEqual(['low', 5]);
    declareExchange(v, 'x', 'fanout');
    expect(v.exchange('x')!.alternateExchange).toBe('ae');
  });

  it('ties go to the first name', () => {
    const b = setup();
    put(b, 'tb', { pattern: '^t', definition: { 'max-length': 2 } });
    put(b, 'ta', { pattern: '^t', definition: { 'max-length': 1 } });
    put(b, 'tc', { pattern: '^t', definition: { 'max-length': 3 } });
    expect(declareQueue(b.vhost('/')!, 'tq').policy?.policy?.name).toBe('ta');
  });

  it('numeric limits take the lower of argument and policy; dead-lettering and overflow the argument', () => {
    const b = setup();
    put(b, 'p', { pattern: '^q', definition: { 'message-ttl': 1000, 'max-length': 10, overflow: 'reject-publish', 'dead-letter-exchange': 'pdlx' } });
    const v = b.vhost('/')!;
    const lower = declareQueue(v, 'q1', { 'x-message-ttl': 200, 'x-max-length': 50, 'x-overflow': 'drop-head', 'x-dead-letter-exchange': 'adlx' });
    expect(lower.settings).toMatchObject({ messageTtl: 200, maxLength: 10, overflow: 'drop-head', deadLetterExchange: 'adlx' });
    const none = declareQueue(v, 'q2');
    expect(none.settings).toMatchObject({ messageTtl: 1000, maxLength: 10, overflow: 'reject-publish', deadLetterExchange: 'pdlx' });
  });

  it('operator policies cap: the lower of policy and operator policy, both named', () => {
    const b = setup();
    put(b, 'p', { pattern: '^q', definition: { 'message-ttl': 100, 'max-length': 5, 'ha-mode': 'all' } });
    put(b, 'op', { pattern: '^q', definition: { 'message-ttl': 500, 'max-length': 3 } }, 'operator');
    const q = declareQueue(b.vhost('/')!, 'q');
    expect(q.policy).toMatchObject({ policy: { name: 'p' }, operator: { name: 'op' }, definition: { 'ha-mode': 'all', 'max-length': 3, 'message-ttl': 100 } });
    expect([q.settings.messageTtl, q.settings.maxLength]).toEqual([100, 3]);
  });

  it('a policy set later caps existing queues at once; deleting it lifts the limit', () => {
    const b = setup();
    const v = b.vhost('/')!;
    const dead = deadLetterSink(v);
    const q = declareQueue(v, 'q');
    for (const m of ['1', '2', '3', '4', '5']) publish(v, '', 'q', m);
    put(b, 'cap', { pattern: '^q$', definition: { 'max-length': 3, 'dead-letter-exchange': 'dlx' } });
    expect(q.messageCount).toBe(3);
    expect(dead.messageCount).toBe(2);
    expect(read(dead.messages.peek()!.message.properties.headers, 'x-first-death-reason')).toBe('maxlen');
    b.deletePolicy('policy', '/', 'cap');
    for (const m of ['6', '7']) publish(v, '', 'q', m);
    expect(drain(q)).toEqual(['3', '4', '5', '6', '7']);
    expect(q.policy).toBeNull();
  });

  it('the UI sees the policy in the topology, and is told when policies change', () => {
    const b = setup();
    const v = b.vhost('/')!;
    const events: BrokerEvent[] = [];
    b.events.subscribe((e) => events.push(e));
    const q = declareQueue(v, 'q');
    expect(queueInfo(q)).not.toHaveProperty('policy');
    put(b, 'p', { pattern: '^q$', definition: { 'max-length': 4 } });
    put(b, 'op', { pattern: '.*', definition: { 'max-length': 2 } }, 'operator');
    expect(queueInfo(q).policy).toEqual({ name: 'p', operator: 'op', definition: { 'max-length': 2 } });
    expect(exchangeInfo(v.exchange('amq.direct')!).policy).toEqual({ name: null, operator: 'op', definition: { 'max-length': 2 } });
    expect(events.filter((e) => e.type === 'policies.changed')).toEqual([{ type: 'policies.changed', vhost: '/' }, { type: 'policies.changed', vhost: '/' }]);
  });
});

describe('a message TTL policy on messages already queued', () => {
  it('a lower TTL expires those now too old at once and the rest on time; a higher one changes nothing queued', () => {
    const b = setup();
    const v = b.vhost('/')!;
    const q = declareQueue(v, 'q');
    publish(v, '', 'q', 'old');
    clock.advance(100);
    publish(v, '', 'q', 'young');
    put(b, 'ttl', { pattern: '^q$', definition: { 'message-ttl': 80 } });
    expect(q.messageCount).toBe(1); // 'old' (100 ms) went at once; 'young' has 80 ms left
    clock.advance(79);
    expect(q.messageCount).toBe(1);
    clock.advance(1);
    expect(q.messageCount).toBe(0);
    const slow = declareQueue(v, 'slow');
    put(b, 'short', { pattern: '^slow$', definition: { 'message-ttl': 50 } });
    publish(v, '', 'slow', 's');
    put(b, 'short', { pattern: '^slow$', definition: { 'message-ttl': 10_000 } });
    clock.advance(50);
    expect(slow.messageCount).toBe(0); // it keeps the 50 ms it arrived with
  });
});

