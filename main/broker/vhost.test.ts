// A vhost's declare / delete / bind semantics and their reply codes, as
// main/integration/amqp-queues.test.ts and amqp-exchanges.test.ts check them against RabbitMQ.
import { describe, expect, it } from 'vitest';
import {
  bind, coreBroker, coreVhost, declareExchange, declareQueue, errorOf, FakeClient, FakeConsumer, publish, table, unackedCount,
} from '../test-support/core-fakes';
import { Reply } from './errors';

describe('queue.declare', () => {
  it('passive declare of a missing queue is a 404 channel error', () => {
    const e = errorOf(() => declareQueue(coreVhost(), 'missing', {}, { passive: true }));
    expect([e.replyCode, e.scope, e.replyText]).toEqual([Reply.NOT_FOUND, 'channel', "NOT_FOUND - no queue 'missing' in vhost '/'"]);
  });

  it('a server-named queue gets an amq.gen- name; a client may not name one amq.*', () => {
    const v = coreVhost();
    expect(declareQueue(v, '').name).toMatch(/^amq\.gen-[A-Za-z0-9_-]{22}$/);
    const e = errorOf(() => declareQueue(v, 'amq.mine'));
    expect([e.replyCode, e.replyText]).toEqual([Reply.ACCESS_REFUSED, "ACCESS_REFUSED - queue name 'amq.mine' contains reserved prefix 'amq.*'"]);
  });

  it('redeclaring with the same properties returns the same queue; another durable flag is a 406', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q');
    expect(declareQueue(v, 'q')).toBe(q);
    const e = errorOf(() => declareQueue(v, 'q', {}, { durable: true }));
    expect([e.replyCode, e.replyText]).toEqual([Reply.PRECONDITION_FAILED, "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/': received 'true' but current is 'false'"]);
  });

  it('different known arguments are a 406, missing ones too; integer widths and unknown arguments do not matter', () => {
    const v = coreVhost();
    declareQueue(v, 'q', { 'x-max-length': 10 });
    expect(errorOf(() => declareQueue(v, 'q', { 'x-max-length': 20 })).replyText)
      .toBe("PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue 'q' in vhost '/': received '20' but current is '10'");
    expect(errorOf(() => declareQueue(v, 'q')).replyCode).toBe(Reply.PRECONDITION_FAILED);
    expect(() => declareQueue(v, 'q', { 'x-max-length': { type: 'I', value: 10 }, 'x-custom': 'anything' })).not.toThrow();
  });

  it('an exclusive queue is 405 RESOURCE_LOCKED to other connections, and goes when its owner closes', () => {
    const b = coreBroker();
    const v = b.vhost('/')!;
    const owner = new FakeClient();
    const other = new FakeClient();
    b.clientOpened(owner);
    declareQueue(v, 'mine', {}, { exclusive: true, owner });
    for (const attempt of [
      () => declareQueue(v, 'mine', {}, { passive: true, owner: other }),
      () => declareQueue(v, 'mine', {}, { exclusive: true, owner: other }),
      () => v.usableQueue('mine', other),
      () => v.deleteQueue('mine', false, false, other),
    ]) expect(errorOf(attempt).replyCode).toBe(Reply.RESOURCE_LOCKED);
    expect(declareQueue(v, 'mine', {}, { passive: true, owner }).name).toBe('mine');
    b.clientClosed(owner, 'bye');
    expect(v.queue('mine')).toBeUndefined();
  });

  it('an auto-delete queue goes when its last consumer leaves; one that never had a consumer stays', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'ad', {}, { autoDelete: true });
    declareQueue(v, 'never', {}, { autoDelete: true });
    const [a, b] = [new FakeConsumer(), new FakeConsumer()];
    a.consume(q);
    b.consume(q);
    a.cancel();
    expect(v.queue('ad')).toBe(q);
    b.cancel();
    expect([v.queue('ad'), v.queue('never')?.name]).toEqual([undefined, 'never']);
  });

  it('declare reports the message and consumer counts', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q');
    publish(v, '', 'q');
    publish(v, '', 'q');
    q.addConsumer(new FakeConsumer({ prefetch: 1 }));
    const again = declareQueue(v, 'q', {}, { passive: true });
    expect([again.messageCount, again.consumerCount]).toEqual([1, 1]);
  });
});

describe('queue.delete and queue.purge', () => {
  it('if-unused refuses a queue with consumers, if-empty one with messages (406); otherwise the count is returned', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q');
    publish(v, '', 'q');
    publish(v, '', 'q');
    expect(errorOf(() => v.deleteQueue('q', false, true, null)).replyText).toBe("PRECONDITION_FAILED - queue 'q' in vhost '/' is not empty");
    const c = new FakeConsumer({ prefetch: 1 });
    c.consume(q);
    expect(errorOf(() => v.deleteQueue('q', true, false, null)).replyText).toBe("PRECONDITION_FAILED - queue 'q' in vhost '/' in use");
    expect(v.deleteQueue('q', false, false, null)).toBe(1); // ready messages only
    expect(v.queue('q')).toBeUndefined();
  });

  it('deleting a missing queue succeeds with a count of 0; purging one is a 404', () => {
    const v = coreVhost();
    expect(v.deleteQueue('nope', true, true, null)).toBe(0);
    expect(errorOf(() => v.purgeQueue('nope', null)).replyCode).toBe(Reply.NOT_FOUND);
  });

  it('purge removes ready messages and returns their number; unacked ones stay', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q');
    const c = new FakeConsumer({ prefetch: 1 });
    c.consume(q);
    for (const b of ['1', '2', '3']) publish(v, '', 'q', b);
    expect(v.purgeQueue('q', null)).toBe(2);
    expect([q.messageCount, unackedCount(q)]).toEqual([0, 1]);
  });

  it('deleting a queue removes its bindings', () => {
    const v = coreVhost();
    declareQueue(v, 'q');
    bind(v, 'q', 'amq.fanout');
    v.deleteQueue('q', false, false, null);
    expect(v.exchange('amq.fanout')!.bindings.size).toBe(0);
  });
});

describe('exchange.declare and exchange.delete', () => {
  it('passive declare of a missing exchange is a 404; of a built-in one it succeeds', () => {
    const v = coreVhost();
    expect(errorOf(() => declareExchange(v, 'nope', 'direct', { passive: true })).replyText).toBe("NOT_FOUND - no exchange 'nope' in vhost '/'");
    expect(() => declareExchange(v, 'amq.topic', 'topic', { passive: true })).not.toThrow();
  });

  it('redeclaring with another type, durable or auto-delete flag is a 406; the same declaration is fine', () => {
    const v = coreVhost();
    declareExchange(v, 'x', 'direct');
    expect(() => declareExchange(v, 'x', 'direct')).not.toThrow();
    expect(errorOf(() => declareExchange(v, 'x', 'fanout')).replyText)
      .toBe("PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'x' in vhost '/': received 'fanout' but current is 'direct'");
    expect(errorOf(() => declareExchange(v, 'x', 'direct', { durable: true })).replyCode).toBe(Reply.PRECONDITION_FAILED);
    expect(errorOf(() => declareExchange(v, 'x', 'direct', { autoDelete: true })).replyCode).toBe(Reply.PRECONDITION_FAILED);
  });

  it("an amq.* name is 403; an unknown type is a 503 connection error", () => {
    const v = coreVhost();
    expect(errorOf(() => declareExchange(v, 'amq.mine', 'direct')).replyCode).toBe(Reply.ACCESS_REFUSED);
    const e = errorOf(() => declareExchange(v, 'x', 'foo'));
    expect([e.replyCode, e.scope]).toEqual([Reply.COMMAND_INVALID, 'connection']);
  });

  it('publishing to an internal exchange is a 403; to a missing one a 404', () => {
    const v = coreVhost();
    declareExchange(v, 'inside', 'fanout', { internal: true });
    expect(errorOf(() => publish(v, 'inside', 'k')).replyText).toBe("ACCESS_REFUSED - cannot publish to internal exchange 'inside' in vhost '/'");
    expect(errorOf(() => publish(v, 'nowhere', 'k')).replyCode).toBe(Reply.NOT_FOUND);
  });

  it('if-unused refuses an exchange with bindings (406); deleting a missing exchange succeeds', () => {
    const v = coreVhost();
    declareExchange(v, 'x', 'direct');
    declareQueue(v, 'q');
    bind(v, 'q', 'x', 'k');
    expect(errorOf(() => v.deleteExchange('x', true)).replyText).toBe("PRECONDITION_FAILED - exchange 'x' in vhost '/' in use");
    expect(() => v.deleteExchange('never-declared', true)).not.toThrow();
  });

  it('deleting an exchange removes its bindings, to queues and to and from other exchanges', () => {
    const v = coreVhost();
    declareExchange(v, 'x', 'fanout');
    declareExchange(v, 'up', 'fanout');
    declareExchange(v, 'down', 'fanout');
    const q = declareQueue(v, 'q');
    bind(v, 'q', 'x');
    v.bindExchange('x', 'up', '', []);
    v.bindExchange('down', 'x', '', []);
    v.deleteExchange('x', false);
    expect([q.bindings.size, v.exchange('up')!.bindings.size, v.exchange('down')!.inbound.size]).toEqual([0, 0, 0]);
    declareExchange(v, 'x', 'fanout'); // a new exchange of the same name starts without them
    expect(publish(v, 'x', '').routed).toBe(0);
  });

  it('an auto-delete exchange goes with its last binding', () => {
    const v = coreVhost();
    declareExchange(v, 'ax', 'fanout', { autoDelete: true });
    declareQueue(v, 'q1');
    declareQueue(v, 'q2');
    bind(v, 'q1', 'ax');
    bind(v, 'q2', 'ax');
    v.unbindQueue('q1', 'ax', '', [], null);
    expect(v.exchange('ax')).toBeDefined();
    v.deleteQueue('q2', false, false, null);
    expect(v.exchange('ax')).toBeUndefined();
  });

  it('the built-in exchanges cannot be deleted', () => {
    const v = coreVhost();
    expect(errorOf(() => v.deleteExchange('', false)).replyCode).toBe(Reply.ACCESS_REFUSED);
    expect(errorOf(() => v.deleteExchange('amq.direct', false)).replyCode).toBe(Reply.ACCESS_REFUSED);
  });
});

describe('queue.bind', () => {
  it('binding to a missing exchange or a missing queue is a 404; to the default exchange a 403', () => {
    const v = coreVhost();
    declareQueue(v, 'q');
    expect(errorOf(() => bind(v, 'q', 'no-x')).replyText).toBe("NOT_FOUND - no exchange 'no-x' in vhost '/'");
    expect(errorOf(() => bind(v, 'no-q', 'amq.direct')).replyText).toBe("NOT_FOUND - no queue 'no-q' in vhost '/'");
    expect(errorOf(() => bind(v, 'q', '')).replyCode).toBe(Reply.ACCESS_REFUSED);
  });

  it('the same binding twice is one binding; unbinding a missing binding succeeds', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'q');
    bind(v, 'q', 'amq.direct', 'k', { a: 1 });
    bind(v, 'q', 'amq.direct', 'k', { a: 1 });
    expect(q.bindings.size).toBe(1);
    expect(() => v.unbindQueue('q', 'amq.direct', 'other', table(), null)).not.toThrow();
    v.unbindQueue('q', 'amq.direct', 'k', table({ a: 1 }), null);
    expect(q.bindings.size).toBe(0);
  });
});
