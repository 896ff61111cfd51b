// Each kind of step check, passing and failing, against a core vhost (no sockets).
import { describe, expect, it } from 'vitest';
import {
  bind, coreVhost, deadLetterSink, declareExchange, declareQueue, FakeConsumer, publish, useManualClock,
} from '../test-support/core-fakes';
import { checkStep } from './check-step';

const clock = useManualClock();

describe('checkStep', () => {
  it('queue: exists, with the flags and arguments asked for', () => {
    const v = coreVhost();
    expect(checkStep(v, { kind: 'queue', name: 'hello' })).toEqual({ passed: false, missing: 'there is no queue hello' });
    declareQueue(v, 'hello', { 'x-message-ttl': 5000 });
    expect(checkStep(v, { kind: 'queue', name: 'hello' }).passed).toBe(true);
    expect(checkStep(v, { kind: 'queue', name: 'hello', durable: true, arguments: { 'x-message-ttl': 10000 } }))
      .toEqual({ passed: false, missing: 'queue hello should be durable, x-message-ttl = 10000' });
    expect(checkStep(v, { kind: 'queue', name: 'hello', durable: false, exclusive: false, arguments: { 'x-message-ttl': 5000 } }).passed).toBe(true);
  });

  it('queue: declared passively at least once, when asked', () => {
    const v = coreVhost();
    declareQueue(v, 'durable_q', {}, { durable: true });
    declareQueue(v, 'durable_q', {}, { durable: true }); // an active declare again is no check
    expect(checkStep(v, { kind: 'queue', name: 'durable_q', declaredPassively: true }))
      .toEqual({ passed: false, missing: 'no passive declare of queue durable_q yet: run the step\'s code' });
    declareQueue(v, 'durable_q', {}, { passive: true });
    expect(checkStep(v, { kind: 'queue', name: 'durable_q', durable: true, declaredPassively: true }).passed).toBe(true);
  });

  it('exchange: exists, of the type and flags asked for', () => {
    const v = coreVhost();
    expect(checkStep(v, { kind: 'exchange', name: 'logs', type: 'fanout' }).missing).toBe('there is no exchange logs');
    declareExchange(v, 'logs', 'direct');
    expect(checkStep(v, { kind: 'exchange', name: 'logs', type: 'fanout' }).missing).toBe('exchange logs should be of type fanout (it is direct)');
    declareExchange(v, 'logs2', 'fanout', { durable: true });
    expect(checkStep(v, { kind: 'exchange', name: 'logs2', type: 'fanout', durable: true }).passed).toBe(true);
  });

  it('binding: the queue is bound to the exchange, with the key and arguments asked for', () => {
    const v = coreVhost();
    declareExchange(v, 'direct_logs', 'direct');
    declareQueue(v, 'errors');
    expect(checkStep(v, { kind: 'binding', exchange: 'direct_logs', queue: 'errors', routingKey: 'error' }).missing)
      .toBe('queue errors is not bound to exchange direct_logs with key "error"');
    bind(v, 'errors', 'direct_logs', 'error');
    expect(checkStep(v, { kind: 'binding', exchange: 'direct_logs', queue: 'errors', routingKey: 'error' }).passed).toBe(true);
    expect(checkStep(v, { kind: 'binding', exchange: 'direct_logs', queue: 'errors' }).passed).toBe(true);
  });

  it('routes: checked by routing, in words saying which queue misses which key', () => {
    const v = coreVhost();
    declareExchange(v, 'topic_logs', 'topic');
    declareQueue(v, 'errors');
    const check = { kind: 'all' as const, checks: [
      { kind: 'routes' as const, exchange: 'topic_logs', routingKey: 'kern.error', reaches: ['errors'] },
      { kind: 'routes' as const, exchange: 'topic_logs', routingKey: 'kern.info', avoids: ['errors'] },
    ] };
    expect(checkStep(v, check).missing).toBe('queue errors does not receive kern.error');
    bind(v, 'errors', 'topic_logs', '#');
    expect(checkStep(v, check).missing).toBe('queue errors receives kern.info but should not');
    v.unbindQueue('errors', 'topic_logs', '#', [], null);
    bind(v, 'errors', 'topic_logs', '*.error');
    expect(checkStep(v, check)).toEqual({ passed: true, missing: '' });
    expect(checkStep(v, { kind: 'routes', exchange: 'nope', routingKey: 'x' }).missing).toBe('there is no exchange nope');
  });

  it('routes: headers, and a number of (server-named) queues reached', () => {
    const v = coreVhost();
    declareExchange(v, 'h', 'headers');
    declareQueue(v, 'pdf');
    bind(v, 'pdf', 'h', '', { 'x-match': 'all', format: 'pdf', type: 'report' });
    expect(checkStep(v, { kind: 'routes', exchange: 'h', routingKey: '', headers: { format: 'pdf', type: 'report' }, reaches: ['pdf'] }).passed).toBe(true);
    expect(checkStep(v, { kind: 'routes', exchange: 'h', routingKey: '', headers: { format: 'pdf' }, reaches: ['pdf'] }).missing)
      .toBe('queue pdf does not receive a message with headers {"format":"pdf"}');
    declareExchange(v, 'logs', 'fanout');
    declareQueue(v, '');
    expect(checkStep(v, { kind: 'routes', exchange: 'logs', routingKey: '', minQueues: 1 }).missing).toBe('a message to logs reaches 0 queue(s), at least 1 wanted');
    bind(v, [...v.queues.keys()].find((n) => n.startsWith('amq.gen-'))!, 'logs');
    expect(checkStep(v, { kind: 'routes', exchange: 'logs', routingKey: '', minQueues: 1 }).passed).toBe(true);
  });

  it('queue-stats: the queue\'s counters and depths', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'task_queue');
    const check = { kind: 'queue-stats' as const, queue: 'task_queue', minPublished: 2, minAcked: 1, minDelivered: 1 };
    publish(v, '', 'task_queue', 'a');
    expect(checkStep(v, check).missing).toBe('queue task_queue: messages enqueued 1 of at least 2, messages delivered 0 of at least 1, messages acked 0 of at least 1');
    publish(v, '', 'task_queue', 'b');
    const c = new FakeConsumer({ prefetch: 1 }).consume(q);
    expect(checkStep(v, check).missing).toBe('queue task_queue: messages acked 0 of at least 1');
    c.ack();
    expect(checkStep(v, check).passed).toBe(true);
    expect(checkStep(v, { kind: 'queue-stats', queue: 'task_queue', minRedelivered: 1 }).passed).toBe(false);
    c.requeueAll();
    new FakeConsumer().consume(q);
    expect(checkStep(v, { kind: 'queue-stats', queue: 'task_queue', minRedelivered: 1, minConsumers: 2 }).passed).toBe(true);
    expect(checkStep(v, { kind: 'queue-stats', queue: 'missing', minReady: 1 }).missing).toBe('there is no queue missing');
  });

  it('consumers: how many, with the prefetch and ack mode asked for', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'task_queue');
    const check = { kind: 'consumers' as const, queue: 'task_queue', min: 2, prefetch: 1, ack: true };
    new FakeConsumer({ prefetch: 1 }).consume(q);
    new FakeConsumer({ noAck: true }).consume(q);
    expect(checkStep(v, check).missing).toBe('queue task_queue has 1 acknowledging with prefetch 1 consumer(s), at least 2 wanted');
    new FakeConsumer({ prefetch: 1 }).consume(q);
    expect(checkStep(v, check).passed).toBe(true);
  });

  it('dead-lettered: messages in the queue by their x-death reason', () => {
    const v = coreVhost();
    const dead = deadLetterSink(v);
    const q = declareQueue(v, 'short_lived', { 'x-message-ttl': 1000, 'x-dead-letter-exchange': 'dlx' });
    publish(v, '', 'short_lived', 'a');
    const expired = { kind: 'dead-lettered' as const, queue: dead.name, reason: 'expired' as const, min: 1 };
    expect(checkStep(v, expired).missing).toBe('queue dead holds 0 dead-lettered message(s) (expired), at least 1 wanted');
    clock.advance(1500);
    expect(checkStep(v, expired).passed).toBe(true);
    publish(v, '', 'short_lived', 'b');
    const c = new FakeConsumer().consume(q);
    expect(checkStep(v, { ...expired, reason: 'rejected' }).passed).toBe(false);
    c.reject();
    expect(checkStep(v, { ...expired, reason: 'rejected' }).passed).toBe(true);
    expect(checkStep(v, { kind: 'dead-lettered', queue: 'dead', min: 2 }).passed).toBe(true);
  });

  it('vhost-stats: publishes, returns and drops counted in the vhost', () => {
    const v = coreVhost();
    expect(checkStep(v, { kind: 'vhost-stats', minPublished: 1, minDropped: 1 }).missing).toBe('vhost /: 0 message(s) published of at least 1, 0 dropped message(s) of at least 1');
    publish(v, '', 'nowhere');
    expect(checkStep(v, { kind: 'vhost-stats', minPublished: 1, minDropped: 1 }).passed).toBe(true);
    expect(checkStep(v, { kind: 'vhost-stats', minConfirmed: 1 }).passed).toBe(false);
  });
});
