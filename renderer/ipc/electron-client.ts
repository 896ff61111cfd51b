// The contract over Electron IPC, through the verbs the preload exposes on window.warren.
import type { PreloadApi } from '../../shared/ipc/contract';
import type { WarrenClient } from './client';

export function createElectronClient(api: PreloadApi): WarrenClient {
  return {
    kind: 'electron',
    invoke: (name, req) => api.invoke(name, req),
    subscribe: (vhost) => api.subscribe(vhost),
    on: (name, l) => api.on(name, l),
    onStatus(l) { l('open'); return () => {}; },
  };
}

export function preloadApi(): PreloadApi | null {
  const w = globalThis as unknown as { warren?: PreloadApi };
  return w.warren ?? null;
}
