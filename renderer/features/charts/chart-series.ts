// What the charts plot, from the stats log: for a queue, an exchange or the whole vhost, message
// rates (published, delivered, acknowledged, dead-lettered) and, for queues, depths over time.
// Rates of a queue come from the differences of its running totals (exact, whatever the flow
// sampling); dead-lettering and an exchange's rates from the flow edges' measured rates.
import type { FlowStats, QueueStats } from '../../../shared/ipc/contract';

export type ChartSubject = { kind: 'vhost' } | { kind: 'queue'; name: string } | { kind: 'exchange'; name: string };

export interface ChartSeries {
  /** seconds since the epoch, one per sample */
  t: number[];
  rates: Array<{ label: string; values: Array<number | null> }>;
  /** depths (queues and the vhost) */
  depths: Array<{ label: string; values: Array<number | null> }> | null;
}

const sumWhere = (rates: Record<string, number>, test: (from: string, to: string) => boolean): number => {
  let n = 0;
  for (const [k, v] of Object.entries(rates)) {
    const i = k.indexOf('>');
    if (i > 0 && test(k.slice(0, i), k.slice(i + 1))) n += v;
  }
  return n;
};

/** messages per second between two samples' totals (null where a total is missing or went back) */
function rate(prev: QueueStats[] | undefined, cur: QueueStats[], dt: number, field: 'in' | 'out' | 'acked', only?: string): number | null {
  if (!prev || dt <= 0) return null;
  const before = new Map(prev.map((q) => [q.name, q.totals?.[field]]));
  let sum = 0;
  let any = false;
  for (const q of cur) {
    if (only !== undefined && q.name !== only) continue;
    const a = before.get(q.name);
    const b = q.totals?.[field];
    if (a === undefined || b === undefined || b < a) continue;
    sum += b - a;
    any = true;
  }
  return any ? Math.round((sum / dt) * 10) / 10 : null;
}

export function chartSeries(log: readonly FlowStats[], subject: ChartSubject): ChartSeries {
  const t = log.map((s) => s.t / 1000);
  const dts = log.map((s, i) => (i === 0 ? 0 : (s.t - log[i - 1]!.t) / 1000));
  const prev = (i: number): QueueStats[] | undefined => (i === 0 ? undefined : log[i - 1]!.queues);
  if (subject.kind === 'exchange') {
    const x = `x:${subject.name}`;
    return {
      t,
      rates: [
        { label: 'published in', values: log.map((s) => sumWhere(s.rates, (from, to) => to === x && (from.startsWith('p:') || from.startsWith('x:')))) },
        { label: 'routed on', values: log.map((s) => sumWhere(s.rates, (from) => from === x)) },
        { label: 'dead-lettered in', values: log.map((s) => sumWhere(s.rates, (from, to) => to === x && from.startsWith('q:'))) },
      ],
      depths: null,
    };
  }
  const only = subject.kind === 'queue' ? subject.name : undefined;
  const q = only === undefined ? null : `q:${only}`;
  const pick = (s: FlowStats, f: 'ready' | 'unacked'): number => s.queues.filter((x) => only === undefined || x.name === only).reduce((n, x) => n + x[f], 0);
  return {
    t,
    rates: [
      { label: 'published', values: log.map((s, i) => rate(prev(i), s.queues, dts[i]!, 'in', only)) },
      { label: 'delivered', values: log.map((s, i) => rate(prev(i), s.queues, dts[i]!, 'out', only)) },
      { label: 'acked', values: log.map((s, i) => rate(prev(i), s.queues, dts[i]!, 'acked', only)) },
      { label: 'dead-lettered', values: log.map((s) => sumWhere(s.rates, (from, to) => to.startsWith('x:') && (q === null ? from.startsWith('q:') : from === q))) },
    ],
    depths: [
      { label: 'ready', values: log.map((s) => pick(s, 'ready')) },
      { label: 'unacked', values: log.map((s) => pick(s, 'unacked')) },
    ],
  };
}
