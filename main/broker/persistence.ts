// What the core asks of durable storage. The server layer implements it over main/store (and
// encodes properties there), so the core never touches files or codecs. As in RabbitMQ, only
// persistent messages (delivery_mode 2) in durable queues are stored.
import type { Message } from './message';

export interface MessagePersistence {
  /** Store a message for a durable queue; returns its ref. Cheap: the write is batched. */
  append(queue: string, message: Message): number;
  /** The message was delivered once: after a restart it comes back redelivered. */
  markDelivered(ref: number): void;
  /** The message left the queue for good (acked, expired, dropped, dead-lettered). */
  remove(ref: number): void;
  deleteQueue(queue: string): void;
  /** Store a message an x-delayed-message exchange holds (durable exchange, persistent message);
   *  remove(ref) once it is routed. */
  appendDelayed(exchange: string, message: Message): number;
  /** The exchange was deleted: its held messages go. */
  deleteDelayed(exchange: string): void;
  /** `cb` runs once everything stored before this call is on disk (group commit). */
  whenSynced(cb: () => void): void;
}

/** Told whenever durable definitions (exchanges, queues, bindings) change. */
export type DefinitionsListener = () => void;
