// What every MQTT listener of a broker (TCP and, later, WebSocket) shares: which connection holds
// each client id, per vhost (a second CONNECT with the same id takes over from the first), the
// retained messages, the QoS 2 state persistent sessions keep between connections, and wills
// waiting out their MQTT 5 delay.
import type { RetainedStore } from './retained';
import type { Qos2State } from './session';

export interface MqttShared {
  clientIds: ClientIds;
  retained: RetainedStore;
  /** by sessionKey() */
  qos2: Map<string, Qos2State>;
  /** by sessionKey(): a reconnect within the delay cancels the will */
  delayedWills: Map<string, NodeJS.Timeout>;
}

/** Where persistent sessions' kept state lives between runs (a file in the data directory). */
export interface SessionsPersistence {
  load(): Map<string, Qos2State>;
  save(all: ReadonlyMap<string, Qos2State>): void;
}

export function newShared(retained: RetainedStore, sessions: SessionsPersistence | null = null): MqttShared {
  return { clientIds: new ClientIds(), retained, qos2: sessions?.load() ?? new Map(), delayedWills: new Map() };
}

/** A session's key: client ids are per vhost, as in RabbitMQ. */
export const sessionKey = (vhost: string, clientId: string): string => `${vhost}\u0000${clientId}`;

export interface Holder {
  /** closed because another connection took its client id */
  takenOver(): void;
}

export class ClientIds {
  private readonly holders = new Map<string, Holder>();

  /** `holder` now holds `clientId` in `vhost`; whoever held it before is closed first. */
  claim(vhost: string, clientId: string, holder: Holder): void {
    const key = sessionKey(vhost, clientId);
    const before = this.holders.get(key);
    this.holders.set(key, holder);
    if (before && before !== holder) before.takenOver();
  }

  /** `holder` is gone; the id is free unless another connection took it since. */
  release(vhost: string, clientId: string, holder: Holder): void {
    const key = sessionKey(vhost, clientId);
    if (this.holders.get(key) === holder) this.holders.delete(key);
  }
}
