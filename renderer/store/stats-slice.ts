// Rates and depths, about once a second. Queue depths from stats update the queue records too,
// so the nodes show them without waiting for a topology change.
import type { FlowStats } from '../../shared/ipc/contract';
import type { QueueHistory, Slice, StatsSlice } from './types';

export const HISTORY_SECONDS = 60;
/** how far back the charts go */
export const CHART_SECONDS = 300;

const push = (a: number[], v: number): number[] => {
  const out = a.length >= HISTORY_SECONDS ? a.slice(a.length - HISTORY_SECONDS + 1) : a.slice();
  out.push(v);
  return out;
};

export const createStatsSlice: Slice<StatsSlice> = () => (set, get) => ({
  rates: {},
  history: new Map(),
  statsLog: [],
  eventRate: 0,
  sentRate: 0,
  notShown: 0,
  applyStats(s: FlowStats, notShownPerSecond: number) {
    const st = get();
    if (s.vhost !== st.vhost) return;
    const history = new Map<string, QueueHistory>();
    let queues = st.queues;
    let copied = false;
    for (const q of s.queues) {
      const h = st.history.get(q.name) ?? { ready: [], unacked: [] };
      history.set(q.name, { ready: push(h.ready, q.ready), unacked: push(h.unacked, q.unacked) });
      const rec = queues.get(q.name);
      if (rec && (rec.ready !== q.ready || rec.unacked !== q.unacked || rec.consumers !== q.consumers)) {
        if (!copied) { queues = new Map(queues); copied = true; }
        queues.set(q.name, { ...rec, ready: q.ready, unacked: q.unacked, consumers: q.consumers });
      }
    }
    const statsLog = st.statsLog.length >= CHART_SECONDS ? st.statsLog.slice(st.statsLog.length - CHART_SECONDS + 1) : st.statsLog.slice();
    statsLog.push(s);
    set({ rates: s.rates, history, statsLog, queues, eventRate: s.eventRate, sentRate: s.sentRate, notShown: notShownPerSecond });
  },
});
