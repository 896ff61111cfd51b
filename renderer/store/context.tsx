// The store and the client reach components through context (so tests inject their own). The
// client components get sends every command through the store's `invoke`, so a change to a remote
// broker is confirmed in one place whichever form sends it.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { WarrenClient } from '../ipc/client';
import type { WarrenStore } from './create-store';
import type { WarrenState } from './types';

const StoreContext = createContext<{ store: WarrenStore; client: WarrenClient } | null>(null);

/** The client with its commands routed through the store (see target-slice.ts). */
function guarded(client: WarrenClient, store: WarrenStore): WarrenClient {
  return {
    kind: client.kind,
    invoke: (name, req) => store.getState().invoke(name, req),
    subscribe: (vhost) => client.subscribe(vhost),
    on: (name, l) => client.on(name, l),
    onStatus: (l) => client.onStatus(l),
  };
}

export function WarrenProvider({ store, client, children }: { store: WarrenStore; client: WarrenClient; children: ReactNode }) {
  const value = useMemo(() => ({ store, client: guarded(client, store) }), [store, client]);
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

function useCtx() {
  const c = useContext(StoreContext);
  if (!c) throw new Error('WarrenProvider is missing');
  return c;
}

export function useWarren<T>(selector: (s: WarrenState) => T): T {
  return useStore(useCtx().store, selector);
}
export const useWarrenStore = (): WarrenStore => useCtx().store;
export const useClient = (): WarrenClient => useCtx().client;
