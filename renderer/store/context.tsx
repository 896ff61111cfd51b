// The store and the client reach components through context (so tests inject their own).
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { WarrenClient } from '../ipc/client';
import type { WarrenStore } from './create-store';
import type { WarrenState } from './types';

const StoreContext = createContext<{ store: WarrenStore; client: WarrenClient } | null>(null);

export function WarrenProvider({ store, client, children }: { store: WarrenStore; client: WarrenClient; children: ReactNode }) {
  return <StoreContext.Provider value={{ store, client }}>{children}</StoreContext.Provider>;
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
