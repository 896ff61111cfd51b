// The core's event bus. Emitters check `active` before building an event, so with nobody
// subscribed an event costs one property read.
import type { BrokerEvent } from '../../shared/model/events';

export type EventListener = (event: BrokerEvent) => void;

export class EventBus {
  /** true while at least one listener is subscribed; read it before constructing an event */
  active = false;
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    this.active = true;
    return () => {
      this.listeners.delete(listener);
      this.active = this.listeners.size > 0;
    };
  }

  emit(event: BrokerEvent): void {
    for (const l of this.listeners) {
      try { l(event); } catch { /* a listener's failure never reaches the broker */ }
    }
  }
}
