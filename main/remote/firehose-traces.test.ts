import { describe, expect, it } from 'vitest';
import { FirehoseTraces } from './firehose-traces';

const published = (exchange: string) => ({ kind: 'published' as const, exchange, routingKey: 'k', connectionId: null, size: 1 });

describe('FirehoseTraces', () => {
  it('lists newest first, searches exchanges, keys and queues, and gives a trace by id', () => {
    const t = new FirehoseTraces('/');
    t.add(1, 1000, 'orders', 'order.eu', published('orders'));
    t.add(1, 1000, 'orders', 'order.eu', { kind: 'routed', exchange: 'orders', queues: ['eu'], hops: [] });
    t.add(2, 1001, 'logs', 'info', published('logs'));
    t.add(1, 1002, 'orders', 'order.eu', { kind: 'delivered', queue: 'eu', connectionId: 'c', consumerTag: null, deliveryTag: 0, redelivered: false });
    expect(t.list(10).map((s) => s.lineage)).toEqual([2, 1]);
    expect(t.list(10, 'EU')).toMatchObject([{ lineage: 1, steps: 3, first: 1000, last: 1002, lastKind: 'delivered' }]);
    expect(t.list(10, '2').map((s) => s.lineage)).toEqual([2]);
    expect(t.get(1)).toMatchObject({ lineage: 1, vhost: '/', omitted: 0, now: [], gone: false });
    expect(t.get(1)!.entries.map((e) => e.step.kind)).toEqual(['published', 'routed', 'delivered']);
    expect(t.get(3)).toBeNull();
  });

  it('keeps maxMessages (the oldest go), maxSteps a message, and starts maxPerSecond a second', () => {
    const t = new FirehoseTraces('/', { maxMessages: 3, maxSteps: 2, maxPerSecond: 4 });
    for (let id = 1; id <= 4; id++) t.add(id, 1000, 'x', 'k', published('x'));
    expect(t.list(10).map((s) => s.lineage)).toEqual([4, 3, 2]);
    t.add(5, 1500, 'x', 'k', published('x')); // the fifth new one in the second: not kept
    expect(t.get(5)).toBeNull();
    t.add(5, 2000, 'x', 'k', published('x'));
    for (let i = 0; i < 3; i++) t.add(5, 2000, 'x', 'k', published('x'));
    expect(t.get(5)).toMatchObject({ omitted: 2 });
    expect(t.get(5)!.entries).toHaveLength(2);
    expect(t.list(10)[0]).toMatchObject({ lineage: 5, steps: 4 });
  });
});
