// What every MQTT listener of a broker (TCP and, later, WebSocket) shares: which connection holds
// each client id, per vhost (a second CONNECT with the same id takes over from the first), and the
// retained messages.
import type { RetainedStore } from './retained';

export interface MqttShared {
  clientIds: ClientIds;
  retained: RetainedStore;
}

export interface Holder {
  /** closed because another connection took its client id */
  takenOver(): void;
}

export class ClientIds {
  private readonly holders = new Map<string, Holder>();

  /** `holder` now holds `clientId` in `vhost`; whoever held it before is closed first. */
  claim(vhost: string, clientId: string, holder: Holder): void {
    const key = `${vhost}\u0000${clientId}`;
    const before = this.holders.get(key);
    this.holders.set(key, holder);
    if (before && before !== holder) before.takenOver();
  }

  /** `holder` is gone; the id is free unless another connection took it since. */
  release(vhost: string, clientId: string, holder: Holder): void {
    const key = `${vhost}\u0000${clientId}`;
    if (this.holders.get(key) === holder) this.holders.delete(key);
  }
}
