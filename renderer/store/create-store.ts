// One zustand store of typed slices, built by a factory with the client injected (Electron,
// WebSocket or fake). `connectStore` wires the client's event streams into it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { WarrenClient } from '../ipc/client';
import { createCommandSlice } from './command-slice';
import { createExplorerSlice } from './explorer-slice';
import { createLayoutSlice } from './layout-slice';
import { createSimulatedSlice } from './simulated-slice';
import { createStatsSlice } from './stats-slice';
import { createTargetSlice } from './target-slice';
import { createTopologySlice } from './topology-slice';
import type { WarrenState } from './types';
import { createUiSlice } from './ui-slice';

export type WarrenStore = StoreApi<WarrenState>;

export function createWarrenStore(client: WarrenClient): WarrenStore {
  const deps = { client };
  return createStore<WarrenState>()((...a) => ({
    ...createTopologySlice(deps)(...a),
    ...createStatsSlice(deps)(...a),
    ...createLayoutSlice(deps)(...a),
    ...createUiSlice(deps)(...a),
    ...createCommandSlice(deps)(...a),
    ...createExplorerSlice(deps)(...a),
    ...createTargetSlice(deps)(...a),
    ...createSimulatedSlice(deps)(...a),
  }));
}

/** Subscribe the store to main's streams for its vhost; returns the disposer. Flow batches are
 *  not stored here (they go to renderer/live); only their "not shown" counts are summed. */
export function connectStore(store: WarrenStore, client: WarrenClient): () => void {
  let notShown = 0;
  let lastStats = Date.now();
  const offs = [
    client.on('topology', (s) => store.getState().applySnapshot(s)),
    client.on('flow', (b) => { notShown += b.dropped; }),
    client.on('stats', (s) => {
      const now = Date.now();
      const secs = Math.max(1, (now - lastStats) / 1000);
      store.getState().applyStats(s, Math.round(notShown / secs));
      notShown = 0;
      lastStats = now;
    }),
    client.onStatus((status) => {
      store.getState().setStatus(status);
      // The layout is kept in main: ask for it once the client can ask (a WebSocket opens a moment
      // after the page loads; asked earlier, the dragged positions were lost on every reload).
      if (status === 'open') { void store.getState().loadLayout(); void store.getState().loadTarget(); }
    }),
  ];
  client.subscribe(store.getState().vhost);
  return () => {
    for (const off of offs) off();
    client.subscribe(null);
  };
}
