// Topology: the last snapshot from main, as maps by name. Unchanged records keep their identity,
// so a node component selecting `s.queues.get(name)` re-renders only when its queue changed.
import type { TopologySnapshot } from '../../shared/ipc/contract';
import type { Slice, TopologySlice } from './types';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function reconcile<T>(prev: Map<string, T>, next: T[], key: (t: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of next) {
    const k = key(r);
    const old = prev.get(k);
    out.set(k, old !== undefined && same(old, r) ? old : r);
  }
  return out;
}

export const createTopologySlice: Slice<TopologySlice> = ({ client }) => (set, get) => ({
  vhost: '/',
  vhosts: ['/'],
  clockScale: 1,
  loaded: false,
  exchanges: new Map(),
  queues: new Map(),
  bindings: [],
  connections: new Map(),
  consumers: [],
  publishers: [],
  applySnapshot(s: TopologySnapshot) {
    const st = get();
    if (s.vhost !== st.vhost) return;
    set({
      loaded: true,
      vhosts: s.vhosts,
      clockScale: s.clockScale ?? 1,
      exchanges: reconcile(st.exchanges, s.exchanges, (x) => x.name),
      queues: reconcile(st.queues, s.queues, (q) => q.name),
      bindings: same(st.bindings, s.bindings) ? st.bindings : s.bindings,
      connections: reconcile(st.connections, s.connections, (c) => c.id),
      consumers: same(st.consumers, s.consumers) ? st.consumers : s.consumers,
      publishers: same(st.publishers, s.publishers) ? st.publishers : s.publishers,
    });
  },
  setVhost(vhost: string) {
    if (vhost !== get().vhost) get().showVhost(vhost);
  },
  showVhost(vhost: string) {
    // Nothing of the old vhost may linger: its nodes, rates, depth history and dragged positions.
    set({
      vhost, loaded: false, clockScale: 1, exchanges: new Map(), queues: new Map(), bindings: [], connections: new Map(), consumers: [], publishers: [],
      rates: {}, history: new Map(), statsLog: [], manual: {},
    });
    client.subscribe(vhost);
    void get().loadLayout();
  },
});
