// A queue: ready messages, consumers and the dispatch between them, and what ends a message's
// stay other than an ack: TTL, length limits, rejection and delivery limits. Unacknowledged
// messages are held by the consumer's channel; the queue counts them and takes them back.
// Past 400 lines on purpose: arrival, dispatch and departure share the ready buffer and its
// counters on the hot path; TTL (expiry-clock), x-expires (queue-lease), flow (delivery/queue-flow)
// and the packed tail already live apart.
import type { FieldTable } from '../../../shared/model/amqp-values';
import type { DeadLetterReason } from '../../../shared/model/events';
import { MessageStats } from '../message-stats';
import type { Client } from '../client';
import type { EventBus } from '../events';
import type { Binding } from '../exchanges/binding';
import type { Message } from '../message';
import type { MessagePersistence } from '../persistence';
import type { Consumer } from './consumer';
import { QueueFlow } from '../delivery/queue-flow';
import { ExpiryClock } from './expiry-clock';
import type { PackingSupport } from './packed-tail';
import type { Firehose } from '../firehose';
import { PriorityBuffer } from './priority-buffer';
import { readQueueSettings, type QueueSettings } from './queue-arguments';
import type { AppliedPolicy } from '../policies/policy';
import { QueueEntry } from './queue-entry';
import { QueueLease } from './queue-lease';
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
  /** an auto-delete queue lost its last consumer, or an x-expires queue went unused */
  autoDeleteQueue(queue: Queue): void;
  /** republish to the queue's dead-letter exchange (or drop, reporting why) */
  deadLetter(queue: Queue, entry: QueueEntry, reason: DeadLetterReason): void;
  /** durable storage, when the broker has a data directory */
  readonly persistence: MessagePersistence | null;
  /** lets long queues pack their tail (null: every message stays an object) */
  readonly packing: PackingSupport | null;
  /** RabbitMQ's firehose, while tracing is on in the vhost (null: off) */
  readonly firehose: Firehose | null;
  /** the sandbox clock: TTL, x-expires and consumer timeouts run this many times faster */
  readonly clockScale: number;
}

/** how many expired messages one timer tick drops before yielding to other work */
const EXPIRY_BATCH = 20_000;

/** queued; stored (queued and written to the durable store: confirms wait for the disk); rejected */
export type EnqueueResult = 'queued' | 'stored' | 'rejected';

export class Queue {
  readonly kind = 'queue' as const;
  /** bindings pointing at this queue */
  readonly bindings = new Set<Binding>();
  readonly consumers: Consumer[] = [];
  readonly messages: MessageBuffer;
  /** from the arguments and the policy applying (see applyPolicy) */
  settings: QueueSettings;
  /** the policies applying to it, for the management API and the UI; null: none */
  policy: AppliedPolicy | null = null;
  /** delivered to consumers in ack mode, not yet settled */
  unacked = 0;
  /** set by a routing pass that already collected this queue (dedupes multiple paths) */
  stamp = 0;
  deleted = false;
  /** passive declares that found it (a lesson checks one happened: it changes nothing else) */
  passiveDeclares = 0;
  private nextSeq = 1;
  /** a policy lowered the message TTL: entries enqueued before seq `before` expire by it too */
  private retroTtl: { ttl: number; before: number } | null = null;
  /** whose turn it is within each priority level: an offset into that level's run of consumers */
  private readonly turns = new Map<number, number>();
  private dispatching = false;
  private hadConsumer = false;
  private readonly expiry: ExpiryClock;
  private readonly lease: QueueLease;
  /** publisher flow control: publishers into a queue far behind its consumers wait here */
  private readonly flow = new QueueFlow();
  /** this queue's message counters (its vhost sums them when asked) */
  readonly stats = new MessageStats();

  constructor(
    private readonly host: QueueHost,
    readonly name: string,
    readonly options: QueueOptions,
    /** the connection owning an exclusive queue */
    readonly owner: Client | null,
  ) {
    this.settings = readQueueSettings(options.args);
    const packing = host.packing;
    this.messages = this.settings.maxPriority !== undefined ? new PriorityBuffer(this.settings.maxPriority, this, packing) : new FifoBuffer(this, packing);
    this.expiry = new ExpiryClock(() => this.expireHead());
    this.lease = new QueueLease(this.settings.expires, () => this.consumers.length > 0, () => this.host.autoDeleteQueue(this), () => this.host.clockScale);
    this.lease.arm();
  }

  /** A policy now applies (or none does): take the settings it gives at once. A lower message TTL
   *  applies to the messages already here too (RabbitMQ's docs: a TTL policy applies retroactively,
   *  and expired messages go when they reach the head); so do new length limits. The priority
   *  buffer and single-active-consumer stay as declared. */
  applyPolicy(policy: AppliedPolicy | null): void {
    const before = this.settings.messageTtl;
    this.policy = policy;
    this.settings = readQueueSettings(this.options.args, policy?.definition);
    this.lease.setExpires(this.settings.expires);
    const ttl = this.settings.messageTtl;
    if (ttl !== undefined && (before === undefined || ttl < before) && this.messages.length > 0) {
      this.retroTtl = { ttl, before: this.nextSeq };
      this.expireHead();
    }
    this.enforceLimits();
  }

  /** The head, with a retroactive TTL folded into its expiry. A queued message's TTL counts from
   *  its publish (entries do not keep their enqueue time; for all but dead-lettered messages the
   *  two are the same millisecond). */
  private peekHead(): QueueEntry | undefined {
    const head = this.messages.peek();
    const retro = this.retroTtl;
    if (retro === null) return head;
    if (head === undefined) this.retroTtl = null; // every older entry has gone
    else if (head.seq < retro.before) {
      const deadline = head.message.publishedAt + retro.ttl / this.host.clockScale;
      if (head.expiresAt === 0 || deadline < head.expiresAt) head.expiresAt = deadline;
    }
    return head;
  }

  get vhost(): string { return this.host.name; }
  get messageCount(): number { return this.messages.length; }
  get consumerCount(): number { return this.consumers.length; }
  get isQuorum(): boolean { return this.settings.queueType === 'quorum'; }
  /** the vhost's sandbox clock scale (consumer timeouts read it) */
  get clockScale(): number { return this.host.clockScale; }

  /** The vhost's clock changed pace: an idle queue's x-expires countdown restarts at the new pace
   *  (queued messages keep the real-time deadlines they were given). */
  clockChanged(): void {
    if (this.consumers.length === 0) this.lease.arm();
  }

  /** A client used the queue: x-expires counts from now. */
  touch(): void {
    this.lease.touch();
  }

  // ---- arrival ------------------------------------------------------------------------------

  /** Would a new message be refused (x-overflow reject-publish*) ? */
  get full(): boolean {
    const s = this.settings;
    if (s.overflow === 'drop-head') return false;
    return (s.maxLength !== undefined && this.messages.length >= s.maxLength)
      || (s.maxLengthBytes !== undefined && this.messages.bytes >= s.maxLengthBytes);
  }

  /** Persistent messages in a durable queue are stored (RabbitMQ's rule). */
  private get store(): MessagePersistence | null {
    return this.options.durable ? this.host.persistence : null;
  }

  /** A stored entry left for good: the store may reclaim it. */
  private forget(entry: QueueEntry): void {
    if (entry.ref !== 0) {
      this.host.persistence?.remove(entry.ref);
      entry.ref = 0;
    }
  }

  /** Put back a message recovered from disk, in order, before clients connect. */
  restore(message: Message, ref: number, delivered: boolean, now: number): void {
    const entry = new QueueEntry(message, this, this.nextSeq++);
    entry.ref = ref;
    entry.redelivered = delivered;
    entry.deliveries = delivered ? 1 : 0;
    entry.expiresAt = this.expiryFor(message, now);
    this.messages.push(entry);
    const head = this.messages.peek();
    if (head && head.expiresAt !== 0) this.expiry.arm(head.expiresAt);
  }

  enqueue(message: Message, now: number): EnqueueResult {
    if (this.full) {
      // reject-publish-dlx also dead-letters what it refuses.
      if (this.settings.overflow === 'reject-publish-dlx') this.host.deadLetter(this, new QueueEntry(message, this, 0), 'maxlen');
      return 'rejected';
    }
    this.stats.publish++;
    const entry = new QueueEntry(message, this, this.nextSeq++);
    entry.expiresAt = this.expiryFor(message, now);
    const store = this.store;
    if (store !== null && message.persistent) entry.ref = store.append(this.name, message);
    this.messages.push(entry);
    // Judged at the publish's own instant: TTL 0 still reaches a consumer that can take it now.
    if (this.consumers.length > 0) this.dispatch(now);
    if (entry.expiresAt !== 0 && this.messages.peek() !== undefined) {
      // TTL 0 (or already past): only an immediate delivery could save it.
      if (entry.expiresAt <= now) this.expireHead();
      else this.expiry.arm(this.peekHead()!.expiresAt);
    }
    this.enforceLimits();
    return store !== null && message.persistent ? 'stored' : 'queued';
  }

  /** Per-queue and per-message TTL both count from when the message enters this queue (as in
   *  RabbitMQ); the lower one wins. The expiration property was validated at publish. The
   *  deadline is in real time: the TTL divided by the vhost's clock scale. */
  private expiryFor(m: Message, now: number): number {
    const ttl = this.settings.messageTtl;
    const expiration = m.properties.expiration;
    const own = expiration === undefined ? undefined : Number(expiration);
    if (ttl === undefined && own === undefined) return 0;
    return now + Math.min(ttl ?? Infinity, own ?? Infinity) / this.host.clockScale;
  }

  /** x-max-length / x-max-length-bytes with drop-head: the oldest messages go (dead-lettered as maxlen). */
  private enforceLimits(): void {
    const s = this.settings;
    if (s.overflow !== 'drop-head') return;
    while (
      (s.maxLength !== undefined && this.messages.length > s.maxLength)
      || (s.maxLengthBytes !== undefined && this.messages.bytes > s.maxLengthBytes && this.messages.length > 0)
    ) {
      const head = this.messages.shift()!;
      this.leave(head, 'maxlen');
    }
  }

  // ---- flow control -------------------------------------------------------------------------

  /** Too far behind its consumers: publishers should wait (see QueueFlow). */
  get overloaded(): boolean {
    return this.flow.overloaded(this.consumers.length > 0, this.messages.length, this.messages.bytes);
  }

  /** Call `resume` once the queue has caught up (or after a bounded wait). */
  waitForDrain(resume: () => void): void {
    this.flow.waitForDrain(resume);
  }

  // ---- expiry -------------------------------------------------------------------------------

  /** Drop expired messages at the head. Messages expire only when they reach the head (as in
   *  RabbitMQ), so expiry costs O(1) per message, never a scan of the queue. */
  private expireHead(): void {
    const now = Date.now();
    let head = this.peekHead();
    let budget = EXPIRY_BATCH;
    while (head && head.expiresAt !== 0 && head.expiresAt <= now) {
      if (budget-- === 0) {
        // A large expired backlog is dropped in slices so other clients keep being served.
        this.expiry.arm(now);
        return;
      }
      this.messages.shift();
      if (this.host.events.active && head.message.traced) this.host.events.emit({ type: 'message.expired', vhost: this.vhost, messageId: head.message.id, queue: this.name });
      this.leave(head, 'expired');
      head = this.peekHead();
    }
    if (head && head.expiresAt !== 0) this.expiry.arm(head.expiresAt);
  }

  // ---- taking messages out ------------------------------------------------------------------

  /** The next deliverable ready message (expired ones are dropped on the way). */
  private next(now: number): QueueEntry | undefined {
    const head = this.peekHead();
    if (head && head.expiresAt !== 0 && head.expiresAt < now) this.expireHead();
    return this.messages.shift();
  }

  /** basic.get: the next ready message, counted as unacked unless noAck. `by`: the getter, for
   *  the firehose (absent: the broker itself, e.g. the management API's get). */
  get(noAck: boolean, by: { client: Client; channel: number } | null = null): QueueEntry | undefined {
    this.touch();
    const entry = this.next(Date.now());
    if (!entry) { this.stats.getEmpty++; return undefined; }
    this.delivered(entry, noAck);
    if (noAck) this.stats.getNoAck++;
    else { this.unacked++; this.stats.get++; entry.deliveredAt = Date.now(); }
    this.host.firehose?.delivered(this, entry, by?.client ?? null, by?.channel ?? 0);
    return entry;
  }

  /** Count a delivery; a stored entry is marked delivered once, or forgotten when no ack will come. */
  private delivered(entry: QueueEntry, noAck: boolean): void {
    entry.deliveries++;
    if (entry.deliveries > 1) this.stats.redeliver++;
    this.flow.delivered();
    if (entry.ref === 0) return;
    if (noAck) this.forget(entry);
    else if (entry.deliveries === 1) this.host.persistence?.markDelivered(entry.ref);
  }

  /** A consumer or getter acknowledged an entry. */
  ack(entry: QueueEntry): void {
    entry.consumer = null;
    this.unacked--;
    this.stats.ack++;
   
    this.forget(entry);
  }

  /** Unacked entries come back (nack/reject with requeue, channel closed, basic.recover).
   *  A quorum queue's x-delivery-limit dead-letters a message returned too often. */
  requeue(entries: Iterable<QueueEntry>): void {
    const limit = this.settings.deliveryLimit;
    for (const e of entries) {
      e.consumer = null;
      this.unacked--;
      if (this.deleted) continue;
      if (limit !== undefined && this.isQuorum && e.deliveries > limit) {
        this.leave(e, 'delivery_limit');
        continue;
      }
      e.redelivered = true;
      this.messages.requeue(e);
      if (this.host.events.active && e.message.traced) this.host.events.emit({ type: 'message.requeued', vhost: this.vhost, messageId: e.message.id, queue: this.name });
    }
    const head = this.peekHead();
    if (head && head.expiresAt !== 0) this.expiry.arm(head.expiresAt);
    this.dispatch();
  }

  /** An unacked entry was rejected without requeue: dead-lettered or dropped. */
  reject(entry: QueueEntry): void {
    entry.consumer = null;
    this.unacked--;
    this.leave(entry, 'rejected');
  }

  /** A message leaves the queue without an ack: to the dead-letter exchange, or dropped. */
  private leave(entry: QueueEntry, reason: DeadLetterReason): void {
    this.forget(entry);
    this.host.deadLetter(this, entry, reason);
  }

  /** The message browser deletes ready messages by sequence number; they are gone for good. */
  removeReady(seqs: ReadonlySet<number>): QueueEntry[] {
    const removed = this.messages.removeWhere((e) => seqs.has(e.seq));
    for (const e of removed) {
      this.forget(e);
      if (this.host.events.active && e.message.traced) this.host.events.emit({ type: 'message.dropped', vhost: this.vhost, messageId: e.message.id, queue: this.name, reason: 'purged' });
    }
    return removed;
  }

  purge(): number {
    const count = this.messages.length;
    const store = this.host.persistence;
    const all = this.messages.discardAll((ref) => store?.remove(ref));
    for (const e of all) this.forget(e);
    this.flow.release();
    if (this.host.events.active) {
      for (const e of all) if (e.message.traced) this.host.events.emit({ type: 'message.dropped', vhost: this.vhost, messageId: e.message.id, queue: this.name, reason: 'purged' });
    }
    return count;
  }

  // ---- consumers ----------------------------------------------------------------------------

  addConsumer(c: Consumer): void {
    if (this.settings.singleActiveConsumer) {
      // Single active consumer: arrival order decides who is active; the rest wait their turn.
      this.consumers.push(c);
    } else {
      // Higher x-priority first; equal priorities keep arrival order and share round-robin.
      let i = this.consumers.length;
      while (i > 0 && this.consumers[i - 1].priority < c.priority) i--;
      this.consumers.splice(i, 0, c);
    }
    this.hadConsumer = true;
    this.touch();
    this.dispatch();
  }

  removeConsumer(c: Consumer): void {
    const i = this.consumers.indexOf(c);
    if (i < 0) return;
    this.keepTurn(i);
    this.consumers.splice(i, 1);
    this.consumersLeft(i === 0);
  }

  /** Several consumers at once (their channel or connection went): one pass over the list, so a
   *  channel holding thousands leaves in linear time, not one search and splice each. The
   *  round-robin turns start over. */
  removeConsumers(gone: ReadonlySet<Consumer>): void {
    const list = this.consumers;
    const active = list[0];
    let kept = 0;
    for (const c of list) if (!gone.has(c)) list[kept++] = c;
    if (kept === list.length) return;
    list.length = kept;
    this.turns.clear();
    this.consumersLeft(list[0] !== active);
  }

  /** After consumers left: auto-delete, release flow and arm x-expires when none are left, or let
   *  the next single active consumer take over. */
  private consumersLeft(firstLeft: boolean): void {
    this.touch();
    if (this.consumers.length === 0 && this.options.autoDelete && this.hadConsumer && !this.deleted) {
      this.host.autoDeleteQueue(this);
      return;
    }
    if (this.consumers.length === 0) {
      this.flow.release();
      this.lease.arm();
    }
    else if (firstLeft && this.settings.singleActiveConsumer) this.dispatch(); // the next one takes over
  }

  get activeConsumer(): Consumer | undefined {
    return this.settings.singleActiveConsumer ? this.consumers[0] : undefined;
  }

  /** Deliver ready messages to consumers that can take them. */
  dispatch(now = Date.now()): void {
    if (this.dispatching || this.deleted) return;
    this.dispatching = true;
    try {
      while (this.messages.length > 0) {
        const consumer = this.nextConsumer();
        if (!consumer) break;
        const entry = this.next(now);
        if (!entry) break;
        this.delivered(entry, consumer.noAck);
        if (!consumer.noAck) {
          this.unacked++;
          entry.consumer = consumer;
          entry.deliveredAt = now;
          this.stats.deliver++;
         
        } else {
          this.stats.deliverNoAck++;
         
        }
        consumer.deliver(entry, this);
        const fh = this.host.firehose;
        if (fh !== null) fh.delivered(this, entry, consumer.client, consumer.channelNumber ?? 0);
      }
    } finally {
      this.dispatching = false;
    }
    this.flow.dispatched(this.messages.length, this.messages.bytes);
  }

  /** Round-robin among the highest-priority consumers that are ready; lower priorities only
   *  get messages while every higher one is blocked (RabbitMQ's consumer priorities). */
  private nextConsumer(): Consumer | undefined {
    const list = this.consumers;
    const n = list.length;
    if (n === 0) return undefined;
    if (this.settings.singleActiveConsumer) return list[0].ready() ? list[0] : undefined;
    if (n === 1) return list[0].ready() ? list[0] : undefined;
    let start = 0;
    while (start < n) {
      const p = list[start].priority;
      let end = start;
      while (end < n && list[end].priority === p) end++;
      const size = end - start;
      const offset = this.turns.get(p) ?? 0;
      for (let k = 0; k < size; k++) {
        const at = (offset + k) % size;
        const c = list[start + at];
        if (c.ready()) {
          this.turns.set(p, (at + 1) % size);
          return c;
        }
      }
      start = end;
    }
    return undefined;
  }

  /** Consumer `i` is leaving: its level's turn stays with the same next consumer. (A joining
   *  consumer goes to the end of its level, which moves no turn.) */
  private keepTurn(i: number): void {
    const list = this.consumers;
    const p = list[i].priority;
    let start = i;
    while (start > 0 && list[start - 1].priority === p) start--;
    let end = i + 1;
    while (end < list.length && list[end].priority === p) end++;
    const size = end - start - 1;
    let turn = this.turns.get(p) ?? 0;
    if (turn > i - start) turn--;
    if (size === 0) this.turns.delete(p);
    else this.turns.set(p, turn >= size ? 0 : turn);
  }

  /** The queue is going away: consumers are cancelled, bindings were removed by the vhost. */
  markDeleted(): number {
    this.deleted = true;
    this.expiry.cancel();
    this.lease.end();
    const count = this.messages.length;
    const dropped = this.messages.discardAll(() => {}); // the store drops the whole queue below
    if (this.options.durable) this.host.persistence?.deleteQueue(this.name);
    if (this.host.events.active) {
      for (const e of dropped) if (e.message.traced) this.host.events.emit({ type: 'message.dropped', vhost: this.vhost, messageId: e.message.id, queue: this.name, reason: 'queue-deleted' });
    }
    const consumers = this.consumers.splice(0);
    for (const c of consumers) c.cancelledByBroker(this);
    this.flow.release();
    return count;
  }
}
