import { describe, expect, it } from 'vitest';
import type { FlowStats } from '../../../shared/ipc/contract';
import { chartSeries } from './chart-series';

const stats = (t: number, queues: FlowStats['queues'], rates: Record<string, number> = {}): FlowStats =>
  ({ vhost: '/', t, queues, rates, eventRate: 0, sentRate: 0, publishers: [] });
const q = (name: string, ready: number, unacked: number, totals: { in: number; out: number; acked: number }) => ({ name, ready, unacked, consumers: 1, totals });

describe('chart series', () => {
  const log = [
    stats(1000, [q('a', 5, 1, { in: 10, out: 5, acked: 4 }), q('b', 0, 0, { in: 0, out: 0, acked: 0 })]),
    stats(2000, [q('a', 7, 2, { in: 20, out: 12, acked: 10 }), q('b', 1, 0, { in: 3, out: 2, acked: 2 })], { 'q:a>x:dlx': 1.5, 'x:dlx>q:dead': 1.5, 'p:c1>x:shop': 13, 'x:shop>q:a': 10 }),
    stats(4000, [q('a', 7, 2, { in: 30, out: 22, acked: 20 })]),
  ];

  it('a queue: rates from its totals, dead-lettering from its DLX edge, its depths', () => {
    const s = chartSeries(log, { kind: 'queue', name: 'a' });
    expect(s.t).toEqual([1, 2, 4]);
    expect(s.rates.map((r) => [r.label, r.values])).toEqual([
      ['published', [null, 10, 5]], ['delivered', [null, 7, 5]], ['acked', [null, 6, 5]], ['dead-lettered', [0, 1.5, 0]],
    ]);
    expect(s.depths).toEqual([{ label: 'ready', values: [5, 7, 7] }, { label: 'unacked', values: [1, 2, 2] }]);
  });

  it('the vhost: every queue summed', () => {
    const s = chartSeries(log, { kind: 'vhost' });
    expect(s.rates[0]!.values).toEqual([null, 13, 5]);
    expect(s.depths![0]!.values).toEqual([5, 8, 7]);
  });

  it('an exchange: published in, routed on and dead-lettered in, from the flow edges; no depths', () => {
    const s = chartSeries(log, { kind: 'exchange', name: 'dlx' });
    expect(s.rates.map((r) => [r.label, r.values[1]])).toEqual([['published in', 0], ['routed on', 1.5], ['dead-lettered in', 1.5]]);
    expect(s.depths).toBeNull();
  });

  it('a remote broker without totals: no rate, not a made-up zero', () => {
    const s = chartSeries([stats(1000, [{ name: 'a', ready: 1, unacked: 0, consumers: 0 }]), stats(2000, [{ name: 'a', ready: 2, unacked: 0, consumers: 0 }])], { kind: 'queue', name: 'a' });
    expect(s.rates[0]!.values).toEqual([null, null]);
  });
});
