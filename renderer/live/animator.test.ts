import { describe, expect, it } from 'vitest';
import { FlowAnimator } from './animator';
import { RingBuffer } from './ring-buffer';

const all = () => true;

describe('the ring buffer', () => {
  it('drops (and counts) what does not fit instead of growing', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 0; i < 5; i++) r.push(i);
    expect(r.dropped).toBe(2);
    const seen: number[] = [];
    r.drain((n) => seen.push(n));
    expect(seen).toEqual([0, 1, 2]);
    r.push(9);
    r.drain((n) => seen.push(n));
    expect(seen).toEqual([0, 1, 2, 9]);
  });
});

describe('the flow animator', () => {
  it('draws a publish, then one marker per hop, later hops later', () => {
    const a = new FlowAnimator({ segmentMs: 100 });
    a.ingest({ k: 'route', id: 1, conn: 'amqp-1', exchange: 'x', hops: [['x', 'y', 'exchange'], ['y', 'q1', 'queue'], ['x', 'q2', 'queue']] }, 0, 1, all);
    expect(a.markers.map((m) => [m.from, m.to, m.start])).toEqual([
      ['p:amqp-1', 'x:x', 0], ['x:x', 'x:y', 100], ['x:y', 'q:q1', 200], ['x:x', 'q:q2', 100],
    ]);
  });

  it('samples busy streams, and draws dead letters with their reason', () => {
    const a = new FlowAnimator({ segmentMs: 100, sampleGapMs: 50 });
    for (let t = 0; t < 100; t++) a.ingest({ k: 'deliver', id: 1, queue: 'q', conn: 'c', redelivered: false }, t, 1, all);
    expect(a.markers).toHaveLength(2);
    a.ingest({ k: 'dead', id: 1, queue: 'q', reason: 'expired', exchange: 'dlx', routingKey: 'k', hops: [['dlx', 'dlq', 'queue']] }, 0, 0.5, all);
    const dead = a.markers.filter((m) => m.kind === 'dead');
    expect(dead.map((m) => [m.from, m.to, m.label, m.dur])).toEqual([['q:q', 'x:dlx', 'expired', 200], ['x:dlx', 'q:dlq', 'expired', 200]]);
    a.ingest({ k: 'settle', id: 1, queue: 'q', conn: 'c', outcome: 'nack', requeue: true }, 0, 1, all);
    expect(a.markers.at(-1)).toMatchObject({ kind: 'requeue', reverse: true });
    a.ingest({ k: 'unroutable', id: 1, conn: null, exchange: 'x', outcome: 'returned' }, 0, 1, all);
    expect(a.bursts.map((b) => b.kind)).toEqual(['nack', 'unroutable']);
    a.prune(10_000);
    expect(a.markers).toHaveLength(0);
  });
});
