// The renderer's one door to main. Three implementations: the Electron preload bridge, a
// WebSocket to the headless broker, and a fake for tests. Subscriptions return their disposer.
import type { CommandName, EventName, Events, Req, Res, Result } from '../../shared/ipc/contract';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export interface WarrenClient {
  invoke<K extends CommandName>(name: K, req: Req<K>): Promise<Result<Res<K>>>;
  /** start (or switch) the event streams for a vhost; null stops them */
  subscribe(vhost: string | null): void;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  readonly kind: 'electron' | 'websocket' | 'fake';
}

/** A typed listener registry. */
export class Emitter<M> {
  private readonly map = new Map<keyof M, Set<(p: never) => void>>();
  on<E extends keyof M>(name: E, l: (payload: M[E]) => void): () => void {
    let s = this.map.get(name);
    if (!s) this.map.set(name, (s = new Set()));
    s.add(l as (p: never) => void);
    return () => { s.delete(l as (p: never) => void); };
  }
  emit<E extends keyof M>(name: E, payload: M[E]): void {
    const s = this.map.get(name);
    if (s) for (const l of [...s]) (l as (p: M[E]) => void)(payload);
  }
}
