// The deliveries a session (an AMQP channel; later an MQTT session, an HTTP get) holds
// unsettled, by delivery tag. Acks, rejects and requeues go through here, so every protocol
// gets the same rules: tags count up from 1 per session, `multiple` settles every tag up to the
// one named (0 = all of them), an unknown tag is a PRECONDITION_FAILED channel error, and
// whatever is still held when the session ends goes back to its queues.
import type { Client } from '../client';
import { ChannelError, Reply } from '../errors';
import type { EventBus } from '../events';
import type { Queue } from '../queues/queue';
import type { QueueEntry } from '../queues/queue-entry';
import { Credit } from './credit';

/** What becomes of settled deliveries: done, back to the queue, or refused for good (dead-lettered). */
export type SettleOutcome = 'ack' | 'requeue' | 'reject';
/** Which client verb settled them (the trace tells a reject from a nack). */
export type SettleMethod = 'ack' | 'reject' | 'nack';

export class DeliveryTracker {
  /** by tag; a Map keeps tag order, so `multiple` walks from the oldest */
  private readonly held = new Map<number, QueueEntry>();
  private lastTag = 0;
  private everHeld = 0;
  private redeliveredHeld = 0;
  /** the session's shared limit on unsettled deliveries (AMQP basic.qos global=true) */
  readonly credit = new Credit();

  constructor(private readonly events: EventBus, private readonly client: Client) {}

  get size(): number { return this.held.size; }
  /** the last tag handed out */
  get latestTag(): number { return this.lastTag; }
  /** how many deliveries were ever held (acked-mode), and how many of those were redeliveries */
  get heldTotal(): number { return this.everHeld; }
  get redelivered(): number { return this.redeliveredHeld; }

  /** A tag for a delivery settled as it is sent (no-ack): nothing is held. */
  untracked(): number {
    return ++this.lastTag;
  }

  /** Hold `entry` until it is settled; its consumer's credit (if it came to one) and the
   *  session's are taken. */
  hold(entry: QueueEntry): number {
    const tag = ++this.lastTag;
    this.held.set(tag, entry);
    this.everHeld++;
    if (entry.deliveries > 1) this.redeliveredHeld++;
    this.credit.take();
    entry.consumer?.credit.take();
    return tag;
  }

  /** The oldest held delivery, when its consumer timeout has run out (x-consumer-timeout, the
   *  consumer-timeout policy, else `fallback`, the broker's default): tags are handed out in
   *  delivery order, so only the oldest needs a look, as RabbitMQ's channel tick peeks at its
   *  oldest unacked message. Asked once a second, off the message path: O(1) however many are held. */
  overdue(now: number, fallback: number | null): { tag: number; timeout: number } | null {
    for (const [tag, e] of this.held) {
      const timeout = e.queue.settings.consumerTimeout ?? fallback;
      // the vhost's sandbox clock: the time held counts scale times over
      return timeout !== null && e.deliveredAt !== 0 && (now - e.deliveredAt) * e.queue.clockScale > timeout ? { tag, timeout } : null;
    }
    return null;
  }

  /** The held deliveries with their tags (for the UI; not on the message path). */
  entries(): IterableIterator<[number, QueueEntry]> {
    return this.held.entries();
  }

  /** Take what an ack/nack/reject names out of the held set. */
  take(tag: number, multiple: boolean): QueueEntry[] {
    if (multiple) {
      const out: QueueEntry[] = [];
      for (const [t, entry] of this.held) {
        if (tag !== 0 && t > tag) break;
        out.push(entry);
        this.held.delete(t);
      }
      if (out.length === 0 && tag !== 0 && tag > this.lastTag) throw unknownTag(tag);
      return out;
    }
    const entry = this.held.get(tag);
    if (!entry) throw unknownTag(tag);
    this.held.delete(tag);
    return [entry];
  }

  /** Check a tag without taking it (a transaction applies it at commit). */
  check(tag: number, multiple: boolean): void {
    if (multiple ? tag > this.lastTag : !this.held.has(tag)) throw unknownTag(tag);
  }

  /** Settle entries taken with take(): credit comes back, then the queue acks, requeues or
   *  rejects each one. The caller lets its consumers' queues dispatch again afterwards. */
  settle(entries: QueueEntry[], outcome: SettleOutcome, method: SettleMethod): void {
    const ev = this.events.active ? this.events : null;
    for (const e of entries) {
      // Credit first: a requeue may hand the entry straight to another consumer.
      this.credit.give();
      e.consumer?.credit.give();
      const q = e.queue;
      if (ev && e.message.traced) {
        const base = { vhost: q.vhost, messageId: e.message.id, queue: q.name, connectionId: this.client.info.id };
        if (outcome === 'ack') ev.emit({ type: 'message.acked', ...base });
        else ev.emit({ type: 'message.rejected', ...base, requeue: outcome === 'requeue', method: method === 'nack' ? 'nack' : 'reject' });
      }
      if (outcome === 'ack') q.ack(e);
      else if (outcome === 'reject') q.reject(e);
      else q.requeue([e]);
    }
  }

  /** The session ended: everything held goes back to its queue, redelivered, one requeue per queue. */
  requeueAll(): void {
    if (this.held.size === 0) return;
    const byQueue = new Map<Queue, QueueEntry[]>();
    for (const e of this.held.values()) {
      this.credit.give();
      e.consumer?.credit.give();
      const list = byQueue.get(e.queue);
      if (list) list.push(e); else byQueue.set(e.queue, [e]);
    }
    this.held.clear();
    for (const [q, entries] of byQueue) q.requeue(entries);
  }
}

function unknownTag(tag: number): ChannelError {
  return new ChannelError(Reply.PRECONDITION_FAILED, `unknown delivery tag ${tag}`);
}
