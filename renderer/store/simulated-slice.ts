// The simulated producers and consumers the broker runs for the window (all vhosts the user may
// see): listed from main, replaced only when something changed, so an unchanged poll re-renders
// nothing.
import type { SimulatedSlice, Slice } from './types';

export const createSimulatedSlice: Slice<SimulatedSlice> = ({ client }) => (set, get) => ({
  simulated: [],
  async loadSimulated() {
    const r = await client.invoke('listSimulated', {});
    if (r.ok && JSON.stringify(r.value) !== JSON.stringify(get().simulated)) set({ simulated: r.value });
  },
  async simulatedAction(name, id) {
    const r = await get().run(name, { id }, `sim:${id}`);
    await get().loadSimulated();
    return r.ok;
  },
});
