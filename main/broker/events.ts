// The core's event bus. Emitters check `active` before building an event, so with nobody
// subscribed an event costs one property read. Message events are built only while a listener
// wants them (`watchingMessages`): the event exchange listens to topology events only.
import type { BrokerEvent } from '../../shared/model/events';

export type EventListener = (event: BrokerEvent) => void;

/** How many messages a second are followed event by event while someone watches (see sampleMessage). */
export const DEFAULT_TRACED_PER_SECOND = 5000;
/** the budget is handed out in 20 ms slices, so samples spread evenly over each second */
const WINDOWS_PER_SECOND = 50;

export class EventBus {
  /** true while at least one listener is subscribed; read it before constructing an event */
  active = false;
  /** true while a listener wants message events; the publish path reads this one */
  watchingMessages = false;
  /** who is making the change being reported (an AMQP connection's or an API request's user), set
   *  while someone listens; null: the broker itself (RabbitMQ's rmq-internal) */
  actor: string | null = null;
  private readonly listeners = new Set<EventListener>();
  private readonly messageListeners = new Set<EventListener>();
  /** message sampling: a token bucket refilled each second */
  tracedPerSecond = DEFAULT_TRACED_PER_SECOND;
  private tokens = DEFAULT_TRACED_PER_SECOND / WINDOWS_PER_SECOND;
  private windowStart = Date.now();
  private skipped = 0;

  /** Decide at publish whether a message's life is reported event by event. At high rates only a
   *  budget of messages per second is (a watched broker must not slow down: the UI draws samples
   *  anyway); below it, every message is. Returns the sample's weight — how many messages it
   *  stands for, so rates stay right — or 0 for a message that is not followed. */
  sampleMessage(): number {
    this.skipped++;
    if (this.tokens === 0) {
      // Checking the clock only when the budget is spent keeps the common path to a decrement.
      const now = Date.now();
      if (now - this.windowStart < 1000 / WINDOWS_PER_SECOND) return 0;
      this.windowStart = now;
      this.tokens = Math.max(1, Math.round(this.tracedPerSecond / WINDOWS_PER_SECOND));
    }
    this.tokens--;
    const weight = this.skipped;
    this.skipped = 0;
    return weight;
  }

  /** `messages: false`: the listener is not told of messages, and does not make the broker follow them. */
  subscribe(listener: EventListener, opts: { messages?: boolean } = {}): () => void {
    this.listeners.add(listener);
    if (opts.messages !== false) this.messageListeners.add(listener);
    this.update();
    return () => {
      this.listeners.delete(listener);
      this.messageListeners.delete(listener);
      this.update();
    };
  }

  /** Run `change` with `actor` as the user behind the events it causes. */
  as<T>(actor: string | null, change: () => T): T {
    if (!this.active) return change();
    const before = this.actor;
    this.actor = actor;
    try { return change(); } finally { this.actor = before; }
  }

  private update(): void {
    this.active = this.listeners.size > 0;
    this.watchingMessages = this.messageListeners.size > 0;
  }

  emit(event: BrokerEvent): void {
    for (const l of this.listeners) {
      try { l(event); } catch { /* a listener's failure never reaches the broker */ }
    }
  }
}
