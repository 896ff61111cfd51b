// Node positions: the automatic layout's, and the ones the user dragged (pinned, saved per vhost
// in main so that they survive restarts).
import type { Layout } from '../../shared/ipc/contract';
import type { LayoutSlice, Slice } from './types';

export const createLayoutSlice: Slice<LayoutSlice> = ({ client }) => (set, get) => ({
  manual: {},
  auto: {},
  filter: '',
  hideDefaults: true,
  relayoutRequest: 0,
  async loadLayout() {
    const r = await client.invoke('getLayout', { vhost: get().vhost });
    if (r.ok) set({ manual: r.value });
  },
  moveNode(id, pos) {
    set({ manual: { ...get().manual, [id]: { x: Math.round(pos.x), y: Math.round(pos.y) } } });
  },
  async saveLayout() {
    const r = await client.invoke('saveLayout', { vhost: get().vhost, positions: get().manual });
    if (!r.ok) get().setNotice(`Could not save the layout: ${r.error.message}`);
  },
  setAuto(positions: Layout, replace: boolean) {
    set({ auto: replace ? positions : { ...get().auto, ...positions } });
  },
  setFilter: (filter) => set({ filter }),
  setHideDefaults: (hideDefaults) => set({ hideDefaults }),
  relayout: () => set({ relayoutRequest: get().relayoutRequest + 1 }),
  async unpinAll() {
    set({ manual: {}, relayoutRequest: get().relayoutRequest + 1 });
    await get().saveLayout();
  },
});
