// Retained messages (MQTT 3.1.1 §3.3.1.3), one store per vhost: the last retained PUBLISH of each
// topic, handed to every new subscription whose filter matches it (wildcards included, where
// RabbitMQ 3.10 matches only exact topics). An empty retained payload deletes the topic's. The
// stores are saved through a RetainedPersistence (a file in the data directory) unless in memory.
// For the window's Retained tool each topic also keeps its last HISTORY values, in memory only.
import { topicMatches } from '../../shared/model/mqtt-topics';

export interface RetainedMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  /** MQTT 5 publish properties kept with it (content type, user properties, ...) */
  properties?: Record<string, unknown>;
  /** when it was retained (ms since the epoch) */
  at?: number;
}

/** values kept per topic for the window (the current one included) */
export const HISTORY = 20;

/** Where the retained messages of every vhost are kept between runs. */
export interface RetainedPersistence {
  load(): Map<string, RetainedMessage[]>;
  /** all of them, whenever they changed (coalesced by the caller) */
  save(all: Map<string, RetainedMessage[]>): void;
}

export class RetainedStore {
  /** by vhost, then by topic */
  private readonly vhosts = new Map<string, Map<string, RetainedMessage>>();
  /** by vhost, then by topic: the topic's values, oldest first, the last the retained one */
  private readonly history = new Map<string, Map<string, RetainedMessage[]>>();
  private saveScheduled = false;

  constructor(private readonly persistence: RetainedPersistence | null = null) {
    if (!persistence) return;
    for (const [vhost, list] of persistence.load()) this.vhosts.set(vhost, new Map(list.map((m) => [m.topic, m])));
  }

  /** Keep `m` as its topic's retained message, or forget the topic's if the payload is empty. */
  retain(vhost: string, m: RetainedMessage): void {
    let topics = this.vhosts.get(vhost);
    if (m.payload.length === 0) {
      this.history.get(vhost)?.delete(m.topic);
      if (!topics?.delete(m.topic)) return;
    } else {
      if (!topics) this.vhosts.set(vhost, (topics = new Map()));
      if (m.at === undefined) m = { ...m, at: Date.now() };
      topics.set(m.topic, m);
      this.remember(vhost, m);
    }
    this.scheduleSave();
  }

  /** A topic's values, oldest first, the last the retained one ([] when none is retained). */
  historyOf(vhost: string, topic: string): RetainedMessage[] {
    const h = this.history.get(vhost)?.get(topic);
    if (h) return h;
    const m = this.vhosts.get(vhost)?.get(topic);
    return m ? [m] : [];
  }

  private remember(vhost: string, m: RetainedMessage): void {
    let topics = this.history.get(vhost);
    if (!topics) this.history.set(vhost, (topics = new Map()));
    const h = topics.get(m.topic) ?? [];
    h.push(m);
    if (h.length > HISTORY) h.shift();
    topics.set(m.topic, h);
  }

  /** The retained messages a new subscription to `filter` gets. */
  matching(vhost: string, filter: string): RetainedMessage[] {
    const topics = this.vhosts.get(vhost);
    if (!topics) return [];
    if (!filter.includes('+') && !filter.includes('#')) {
      const m = topics.get(filter);
      return m ? [m] : [];
    }
    return [...topics.values()].filter((m) => topicMatches(filter, m.topic));
  }

  /** A deleted vhost's retained messages go with it, as RabbitMQ's retainer store does. */
  forgetVhost(vhost: string): void {
    this.history.delete(vhost);
    if (this.vhosts.delete(vhost)) this.scheduleSave();
  }

  /** Every retained message of a vhost (for the UI and the API). */
  list(vhost: string): RetainedMessage[] {
    return [...(this.vhosts.get(vhost)?.values() ?? [])];
  }

  private scheduleSave(): void {
    if (!this.persistence || this.saveScheduled) return;
    this.saveScheduled = true;
    setImmediate(() => { this.saveScheduled = false; this.saveNow(); });
  }

  /** Save at once (on stop). */
  saveNow(): void {
    if (!this.persistence) return;
    this.persistence.save(new Map([...this.vhosts].map(([v, topics]) => [v, [...topics.values()]])));
  }
}
