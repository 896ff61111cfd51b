import { describe, expect, it } from 'vitest';
import type { EventName, Events } from '../../shared/ipc/contract';
import { Broker } from '../broker/broker';
import { FlowSampler, type EventSink } from './sampler';

function sink() {
  const got: Array<{ name: EventName; payload: unknown }> = [];
  const s: EventSink = { send<E extends EventName>(name: E, payload: Events[E]) { got.push({ name, payload }); } };
  const of = <E extends EventName>(name: E) => got.filter((g) => g.name === name).map((g) => g.payload as Events[E]);
  return { s, got, of };
}

const routed = (i: number) => ({ type: 'message.routed' as const, vhost: '/', messageId: i, exchange: 'x', queues: ['q'], hops: [{ source: 'x', destination: 'q', destinationType: 'queue' as const, routingKey: 'k' }] });

describe('the flow sampler', () => {
  it('listens to the core only while someone watches', () => {
    const broker = new Broker();
    const sampler = new FlowSampler(broker);
    expect(broker.events.active).toBe(false);
    const a = sink(), b = sink();
    const offA = sampler.watch('/', a.s);
    const offB = sampler.watch('/', b.s);
    expect(broker.events.active).toBe(true);
    expect(a.of('topology')).toHaveLength(1); // a snapshot at once
    offA();
    expect(broker.events.active).toBe(true);
    offB();
    offB();
    expect(broker.events.active).toBe(false);
    expect(sampler.listening).toBe(false);
  });

  it('merges events into one batch per tick, capped, counting what it did not send', () => {
    let now = 1000;
    const broker = new Broker();
    const sampler = new FlowSampler(broker, { maxEvents: 10, statsMs: 1000 }, () => now);
    const w = sink();
    const off = sampler.watch('/', w.s);
    broker.events.emit({ type: 'message.published', vhost: '/', messageId: 0, exchange: 'x', routingKey: 'k', connectionId: 'amqp-1', size: 3 });
    for (let i = 0; i < 25; i++) broker.events.emit(routed(i));
    sampler.tick();
    const [batch] = w.of('flow');
    expect(batch.events).toHaveLength(10);
    expect(batch.dropped).toBe(15);
    expect(batch.events[0]).toEqual({ k: 'route', id: 0, conn: 'amqp-1', exchange: 'x', hops: [['x', 'q', 'queue']] });
    sampler.tick();
    expect(w.of('flow')).toHaveLength(1); // nothing new: no empty batch
    now += 1000;
    sampler.tick();
    const [stats] = w.of('stats');
    expect(stats.rates['x:x>q:q']).toBe(25); // every message counted for rates, sent or not
    expect(stats.rates['p:amqp-1>x:x']).toBe(1);
    expect(stats.eventRate).toBe(25);
    expect(stats.publishers).toEqual([{ connectionId: 'amqp-1', exchange: 'x' }]);
    off();
  });

  it('counts a sampled message for the messages it stands for', () => {
    let now = 1000;
    const broker = new Broker();
    const sampler = new FlowSampler(broker, { statsMs: 1000 }, () => now);
    const w = sink();
    sampler.watch('/', w.s);
    // the core followed one message in 40 at this rate: each sample has weight 40
    for (let i = 0; i < 3; i++) {
      broker.events.emit({ type: 'message.published', vhost: '/', messageId: i, exchange: 'x', routingKey: 'k', connectionId: 'amqp-1', size: 3, weight: 40 });
      broker.events.emit(routed(i));
      broker.events.emit({ type: 'message.delivered', vhost: '/', messageId: i, queue: 'q', consumerTag: 't', connectionId: 'amqp-2', deliveryTag: i + 1, redelivered: false, weight: 40 });
    }
    now += 1000;
    sampler.tick();
    const [stats] = w.of('stats');
    expect(stats.rates['p:amqp-1>x:x']).toBe(120);
    expect(stats.rates['x:x>q:q']).toBe(120);
    expect(stats.rates['q:q>c:amqp-2']).toBe(120);
  });

  it('caps a batch by bytes too', () => {
    const broker = new Broker();
    const sampler = new FlowSampler(broker, { maxEvents: 1000, maxBytes: 2000 });
    const w = sink();
    sampler.watch('/', w.s);
    for (let i = 0; i < 200; i++) broker.events.emit(routed(i));
    sampler.tick();
    const [batch] = w.of('flow');
    expect(JSON.stringify(batch.events).length).toBeLessThan(2400);
    expect(batch.events.length + batch.dropped).toBe(200);
  });

  it('always sends dead letters, and re-sends the topology when it changes (throttled)', () => {
    let now = 0;
    const broker = new Broker();
    const sampler = new FlowSampler(broker, { maxEvents: 0, topologyMs: 200 }, () => now);
    const w = sink();
    sampler.watch('/', w.s);
    broker.events.emit({ type: 'message.dead-lettered', vhost: '/', messageId: 1, queue: 'q', reason: 'rejected', exchange: 'dlx', routingKey: 'k', newMessageId: 2, queues: ['dlq'], hops: [{ source: 'dlx', destination: 'dlq', destinationType: 'queue', routingKey: 'k' }], headersBefore: {}, headersAfter: { 'x-death': [] } });
    broker.vhost('/')!.declareQueue({ name: 'fresh', passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
    now = 50;
    sampler.tick();
    expect(w.of('flow')[0].events[0]).toMatchObject({ k: 'dead', id: 1, queue: 'q', reason: 'rejected', exchange: 'dlx', hops: [['dlx', 'dlq', 'queue']] });
    expect(w.of('topology')).toHaveLength(1); // the initial one; the change waits for the throttle
    now = 250;
    sampler.tick();
    const snaps = w.of('topology');
    expect(snaps).toHaveLength(2);
    expect(snaps[1].queues.map((q) => q.name)).toContain('fresh');
  });

  it('tags every flow event with its message id (a dead letter with the id of the message that died)', () => {
    const broker = new Broker();
    const sampler = new FlowSampler(broker);
    const w = sink();
    sampler.watch('/', w.s);
    broker.events.emit({ type: 'message.published', vhost: '/', messageId: 7, exchange: 'x', routingKey: 'k', connectionId: 'amqp-1', size: 3 });
    broker.events.emit(routed(7));
    broker.events.emit({ type: 'message.delivered', vhost: '/', messageId: 7, queue: 'q', consumerTag: 't', connectionId: 'amqp-2', deliveryTag: 1, redelivered: false });
    broker.events.emit({ type: 'message.rejected', vhost: '/', messageId: 7, queue: 'q', connectionId: 'amqp-2', requeue: false, method: 'reject' });
    broker.events.emit({ type: 'message.dead-lettered', vhost: '/', messageId: 7, queue: 'q', reason: 'rejected', exchange: 'dlx', routingKey: 'k', newMessageId: 8, queues: ['dlq'], hops: [{ source: 'dlx', destination: 'dlq', destinationType: 'queue', routingKey: 'k' }], headersBefore: {}, headersAfter: {} });
    broker.events.emit({ type: 'message.unroutable', vhost: '/', messageId: 9, exchange: 'x', routingKey: 'nope', outcome: 'dropped' });
    broker.events.emit({ type: 'message.dropped', vhost: '/', messageId: 10, queue: 'q', reason: 'maxlen' });
    sampler.tick();
    expect(w.of('flow')[0].events.map((e) => [e.k, e.id])).toEqual([['route', 7], ['deliver', 7], ['settle', 7], ['dead', 7], ['unroutable', 9], ['drop', 10]]);
  });
});
