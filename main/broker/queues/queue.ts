// A classic queue: ready messages, consumers and the dispatch between them. Unacknowledged
// messages are held by the consumer's channel; the queue only counts them and takes them back.
import type { FieldTable } from '../../../shared/model/amqp-values';
import type { Client } from '../client';
import type { EventBus } from '../events';
import type { Binding } from '../exchanges/binding';
import type { Message } from '../message';
import type { Consumer } from './consumer';
import { QueueEntry } from './queue-entry';
import { FifoBuffer, type MessageBuffer } from './ready-buffer';

export interface QueueOptions {
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  args: FieldTable;
}

/** What a queue needs from its virtual host. */
export interface QueueHost {
  readonly name: string;
  readonly events: EventBus;
  /** an auto-delete queue lost its last consumer */
  autoDeleteQueue(queue: Queue): void;
}

export type LeaveReason = 'rejected' | 'purged' | 'queue-deleted';

export class Queue {
  readonly kind = 'queue' as const;
  /** bindings pointing at this queue */
  readonly bindings = new Set<Binding>();
  readonly consumers: Consumer[] = [];
  readonly messages: MessageBuffer = new FifoBuffer();
  /** delivered to consumers in ack mode, not yet settled */
  unacked = 0;
  /** set by a routing pass that already collected this queue (dedupes multiple paths) */
  stamp = 0;
  deleted = false;
  private nextSeq = 1;
  private rr = 0;
  private dispatching = false;
  private hadConsumer = false;

  constructor(
    private readonly host: QueueHost,
    readonly name: string,
    readonly options: QueueOptions,
    /** the connection owning an exclusive queue */
    readonly owner: Client | null,
  ) {}

  /** last time a client used the queue (consume, get, declare): x-expires counts from it */
  lastUsed = Date.now();

  touch(): void {
    this.lastUsed = Date.now();
  }

  get vhost(): string { return this.host.name; }
  get messageCount(): number { return this.messages.length; }
  get consumerCount(): number { return this.consumers.length; }

  enqueue(message: Message): void {
    const entry = new QueueEntry(message, this, this.nextSeq++);
    this.messages.push(entry);
    if (this.consumers.length > 0) this.dispatch();
  }

  /** basic.get: the next ready message, counted as unacked unless noAck. */
  get(noAck: boolean): QueueEntry | undefined {
    const entry = this.messages.shift();
    if (!entry) return undefined;
    entry.deliveries++;
    if (!noAck) this.unacked++;
    return entry;
  }

  /** A consumer or getter acknowledged an entry. */
  ack(entry: QueueEntry): void {
    entry.consumer = null;
    this.unacked--;
  }

  /** Unacked entries come back (nack/reject with requeue, channel closed, basic.recover). */
  requeue(entries: Iterable<QueueEntry>): void {
    for (const e of entries) {
      e.consumer = null;
      this.unacked--;
      if (this.deleted) continue;
      e.redelivered = true;
      this.messages.requeue(e);
      if (this.host.events.active) this.host.events.emit({ type: 'message.requeued', vhost: this.vhost, messageId: e.message.id, queue: this.name });
    }
    this.dispatch();
  }

  /** An unacked entry was rejected without requeue: it leaves the queue for good. */
  reject(entry: QueueEntry): void {
    entry.consumer = null;
    this.unacked--;
    this.discard(entry, 'rejected');
  }

  /** A message leaves the queue without a consumer acknowledging it. */
  private discard(entry: QueueEntry, reason: LeaveReason): void {
    if (this.host.events.active) {
      this.host.events.emit({ type: 'message.dropped', vhost: this.vhost, messageId: entry.message.id, queue: this.name, reason });
    }
  }

  purge(): number {
    const all = this.messages.clear();
    for (const e of all) this.discard(e, 'purged');
    return all.length;
  }

  addConsumer(c: Consumer): void {
    // Higher x-priority first; equal priorities keep arrival order and share round-robin.
    let i = this.consumers.length;
    while (i > 0 && this.consumers[i - 1].priority < c.priority) i--;
    this.consumers.splice(i, 0, c);
    this.hadConsumer = true;
    this.dispatch();
  }

  removeConsumer(c: Consumer): void {
    const i = this.consumers.indexOf(c);
    if (i < 0) return;
    this.consumers.splice(i, 1);
    if (this.rr > i) this.rr--;
    if (this.consumers.length === 0 && this.options.autoDelete && this.hadConsumer && !this.deleted) {
      this.host.autoDeleteQueue(this);
    }
  }

  /** Deliver ready messages to consumers that can take them. */
  dispatch(): void {
    if (this.dispatching || this.deleted) return;
    this.dispatching = true;
    try {
      while (this.messages.length > 0) {
        const consumer = this.nextConsumer();
        if (!consumer) break;
        const entry = this.messages.shift()!;
        entry.deliveries++;
        if (!consumer.noAck) {
          this.unacked++;
          entry.consumer = consumer;
        }
        consumer.deliver(entry, this);
      }
    } finally {
      this.dispatching = false;
    }
  }

  /** Round-robin among the highest-priority consumers that are ready; lower priorities only
   *  get messages while every higher one is blocked (RabbitMQ's consumer priorities). */
  private nextConsumer(): Consumer | undefined {
    const list = this.consumers;
    const n = list.length;
    if (n === 0) return undefined;
    let start = 0;
    while (start < n) {
      const p = list[start].priority;
      let end = start;
      while (end < n && list[end].priority === p) end++;
      const size = end - start;
      const offset = this.rr >= start && this.rr < end ? this.rr - start : 0;
      for (let k = 0; k < size; k++) {
        const idx = start + ((offset + k) % size);
        const c = list[idx];
        if (c.ready()) {
          this.rr = start + ((idx - start + 1) % size);
          return c;
        }
      }
      start = end;
    }
    return undefined;
  }

  /** The queue is going away: consumers are cancelled, bindings were removed by the vhost. */
  markDeleted(): number {
    this.deleted = true;
    const count = this.messages.length;
    for (const e of this.messages.clear()) this.discard(e, 'queue-deleted');
    const consumers = this.consumers.splice(0);
    for (const c of consumers) c.cancelledByBroker(this);
    return count;
  }
}
