// A virtual host: its exchanges, queues and bindings, and the operations clients perform on them,
// with RabbitMQ's checks and reply codes.
// Past 400 lines on purpose: every operation here works on the same maps of exchanges, queues and
// bindings; the route walk (router.ts), dead-lettered copies (dead-letter.ts), policies
// (policies/), counters (message-stats.ts) and equivalence checks already live apart.
import { type Limits, queueLimit, reached } from './parameters/limits';
import { addQueueCounts, MessageStats, STAT_FIELDS } from './message-stats';
import type { FieldTable } from '../../shared/model/amqp-values';
import type { RouteHop } from '../../shared/model/events';
import type { ExchangeType } from '../../shared/model/topology';
import type { BasicProperties } from '../../shared/model/properties';
import type { Client } from './client';
import { Firehose } from './firehose';
import { ChannelError, ConnectionError, notFound, Reply } from './errors';
import type { EventBus } from './events';
import type { Binding, Destination } from './exchanges/binding';
import { Exchange, isExchangeType, validateBindingKey, validateExchangeArguments } from './exchanges/exchange';
import { exchangeEquivalence, queueEquivalence, validateQueueType } from './equivalence';
import { validateQueueArguments } from './queues/queue-arguments';
import { generatedQueueName } from './names';
import { deadLetteredMessage, isDeadLetterCycle } from './dead-letter';
import type { Message } from './message';
import { Queue, type QueueHost } from './queues/queue';
import type { QueueEntry } from './queues/queue-entry';
import type { PackingSupport } from './queues/packed-tail';
import { publishRoutingKeys, withoutBcc } from './sender-routing-keys';
import type { DeadLetterReason } from '../../shared/model/events';
import { ReplyTargets } from './reply-to';
import { xMatchOf } from './exchanges/headers-match';
import { describeValue, tableGet } from './field-values';
import { tableToJson } from './field-json';
import type { DefinitionsListener, MessagePersistence } from './persistence';
import { Router, type RouteScope } from './router';
import type { RecentHistory } from './exchanges/recent-history';
import { holdDelayed, holdReached, releaseDue, restoreDelayed } from './delayed-routing';
import { bindingInfo, exchangeInfo, queueInfo } from './snapshot';
import { PolicyRegistry } from './policies/registry';
import { applyAll, applyToExchange, applyToQueue } from './policies/apply';
import { checkClockScale, type ClockScale } from './vhost-clock';

export interface ExchangeDeclaration {
  name: string;
  type: string;
  passive: boolean;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  args: FieldTable;
}

export interface QueueDeclaration {
  name: string;
  passive: boolean;
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  args: FieldTable;
  /** the name was generated for an empty one before the declaration (to check permissions on
   *  it first), so its amq.gen- prefix is the server's own */
  generated?: boolean;
}

/** every vhost's own exchanges: name, type, internal */
export const BUILT_IN_EXCHANGES: Array<[string, ExchangeType, boolean]> = [
  ['', 'direct', false],
  ['amq.direct', 'direct', false],
  ['amq.fanout', 'fanout', false],
  ['amq.topic', 'topic', false],
  ['amq.headers', 'headers', false],
  ['amq.match', 'headers', false],
  ['amq.rabbitmq.trace', 'topic', true],
];

/** The outcome of a publish; one object per vhost, reused (the publish path allocates nothing). */
export interface PublishResult {
  /** queues the message was enqueued in (reply-to deliveries count as one) */
  routed: number;
  /** a queue refused it (x-overflow reject-publish*): publisher confirms must nack */
  rejected: boolean;
  /** a queue it landed in is far behind its consumers: the publisher should wait for it */
  overloaded: Queue | null;
  /** it was written to the durable store: confirm only once the store has synced */
  stored: boolean;
}

export class VHost implements QueueHost, RouteScope {
  readonly exchanges = new Map<string, Exchange>();
  readonly queues = new Map<string, Queue>();
  /** direct reply-to consumers (amq.rabbitmq.reply-to) */
  readonly replyTargets = new ReplyTargets();
  readonly policies = new PolicyRegistry();
  /** what only the vhost counts (returns, drops, confirms) and what its deleted queues and
   *  exchanges had counted; messageTotals() adds the living ones */
  readonly stats = new MessageStats();
  private readonly totals = new MessageStats();
  private readonly router = new Router(this);
  private readonly routed: Queue[] = [];
  private readonly result: PublishResult = { routed: 0, rejected: false, overloaded: null, stored: false };

  /** durable message storage (null: in memory only) */
  persistence: MessagePersistence | null = null;
  /** lets long queues pack their tail; set by the server layer, which has the codec */
  packing: PackingSupport | null = null;
  /** told when durable exchanges, queues or bindings change, to save the definitions */
  onDefinitionsChanged: DefinitionsListener | null = null;
  /** description and tags given by the management API or definitions (null: none given) */
  metadata: { description: string; tags: string[] } | null = null;
  /** max-connections and max-queues (RabbitMQ's vhost-limits parameter); none by default */
  limits: Limits = {};
  /** the sandbox clock: the broker's durations here run this many times faster (vhost-clock.ts) */
  clockScale: ClockScale = 1;

  constructor(readonly name: string, readonly events: EventBus) {
    this.policies.onChange = () => {
      applyAll(this);
      if (this.events.active) this.events.emit({ type: 'policies.changed', vhost: name });
    };
    for (const [xname, type, internal] of BUILT_IN_EXCHANGES) {
      this.exchanges.set(xname, new Exchange(name, xname, type, { durable: true, autoDelete: false, internal, args: [] }));
    }
  }

  exchange(name: string): Exchange | undefined { return this.exchanges.get(name); }
  queue(name: string): Queue | undefined { return this.queues.get(name); }

  // ---- exchanges ----------------------------------------------------------------------------

  declareExchange(d: ExchangeDeclaration): Exchange {
    const existing = this.exchanges.get(d.name);
    if (d.passive) {
      if (!existing) throw notFound('exchange', d.name, this.name);
      return existing;
    }
    if (d.name === '' || d.name.startsWith('amq.')) {
      if (d.name === '') throw new ChannelError(Reply.ACCESS_REFUSED, `operation not permitted on the default exchange`);
      throw new ChannelError(Reply.ACCESS_REFUSED, `exchange name '${d.name}' contains reserved prefix 'amq.*'`);
    }
    // An unknown type is a connection error in RabbitMQ (503 COMMAND_INVALID).
    if (!isExchangeType(d.type)) throw new ConnectionError(Reply.COMMAND_INVALID, `unknown exchange type '${d.type}'`);
    if (existing) {
      exchangeEquivalence(existing, d, this.name);
      return existing;
    }
    validateExchangeArguments(d.type, d.args);
    const x = new Exchange(this.name, d.name, d.type, { durable: d.durable, autoDelete: d.autoDelete, internal: d.internal, args: d.args });
    this.exchanges.set(d.name, x);
    if (x.delayed !== null) x.delayed.onDue = () => releaseDue(this, x);
    applyToExchange(this.policies, x);
    if (x.options.durable) this.onDefinitionsChanged?.();
    if (this.events.active) this.events.emit({ type: 'exchange.declared', exchange: exchangeInfo(x) });
    return x;
  }

  deleteExchange(name: string, ifUnused: boolean): void {
    if (name === '' || name.startsWith('amq.')) {
      throw new ChannelError(Reply.ACCESS_REFUSED, name === '' ? 'operation not permitted on the default exchange' : `exchange '${name}' in vhost '${this.name}' is built in`);
    }
    const x = this.exchanges.get(name);
    if (!x) return; // RabbitMQ: deleting a missing exchange succeeds
    if (ifUnused && x.bindings.size > 0) throw new ChannelError(Reply.PRECONDITION_FAILED, `exchange '${name}' in vhost '${this.name}' in use`);
    this.removeExchange(x);
  }

  private removeExchange(x: Exchange): void {
    this.exchanges.delete(x.name);
    this.stats.publish += x.stats.publishIn;
    for (const b of [...x.bindings.values()]) this.removeBinding(b, false);
    for (const b of [...x.inbound]) this.removeBinding(b, true);
    // the plugin's waiting messages go with their exchange
    if (x.delayed !== null && x.delayed.clear().length > 0 && x.options.durable) this.persistence?.deleteDelayed(x.name);
    if (x.options.durable) this.onDefinitionsChanged?.();
    if (this.events.active) this.events.emit({ type: 'exchange.deleted', vhost: this.name, name: x.name });
  }

  // ---- queues -------------------------------------------------------------------------------

  declareQueue(d: QueueDeclaration, client: Client | null): Queue {
    const name = d.name === '' && !d.passive ? generatedQueueName() : d.name;
    const existing = this.queues.get(name);
    if (d.passive) {
      if (!existing) throw notFound('queue', name, this.name);
      this.checkExclusiveAccess(existing, client);
      existing.touch(); // a passive declare counts as use for x-expires, as in RabbitMQ
      existing.passiveDeclares++;
      return existing;
    }
    if (name.startsWith('amq.') && !existing && d.name !== '' && !d.generated) {
      throw new ChannelError(Reply.ACCESS_REFUSED, `queue name '${name}' contains reserved prefix 'amq.*'`);
    }
    if (existing) {
      this.checkExclusiveAccess(existing, client);
      if (existing.options.exclusive !== d.exclusive) throw lockedError(existing);
      queueEquivalence(existing, d, this.name);
      existing.touch();
      return existing;
    }
    if (reached(this.limits['max-queues'], this.queues.size)) throw queueLimit(name, this.name, this.limits['max-queues']);
    validateQueueArguments(d.args, name, this.name);
    validateQueueType(d, name, this.name);
    const q = new Queue(this, name, { durable: d.durable, exclusive: d.exclusive, autoDelete: d.autoDelete, args: d.args }, d.exclusive ? client : null);
    this.queues.set(name, q);
    applyToQueue(this.policies, q);
    if (q.options.durable && !q.options.exclusive) this.onDefinitionsChanged?.();
    if (this.events.active) this.events.emit({ type: 'queue.declared', queue: queueInfo(q) });
    return q;
  }

  /** A queue a client may use: 404 if missing, 405 if another connection owns it exclusively. */
  usableQueue(name: string, client: Client | null): Queue {
    const q = this.queues.get(name);
    if (!q) throw notFound('queue', name, this.name);
    this.checkExclusiveAccess(q, client);
    return q;
  }

  private checkExclusiveAccess(q: Queue, client: Client | null): void {
    if (q.options.exclusive && q.owner !== client && client !== null) throw lockedError(q);
  }

  deleteQueue(name: string, ifUnused: boolean, ifEmpty: boolean, client: Client | null): number {
    const q = this.queues.get(name);
    if (!q) return 0; // RabbitMQ: deleting a missing queue succeeds with a count of 0
    this.checkExclusiveAccess(q, client);
    if (ifUnused && q.consumerCount > 0) throw new ChannelError(Reply.PRECONDITION_FAILED, `queue '${name}' in vhost '${this.name}' in use`);
    if (ifEmpty && q.messageCount > 0) throw new ChannelError(Reply.PRECONDITION_FAILED, `queue '${name}' in vhost '${this.name}' is not empty`);
    return this.removeQueue(q);
  }

  private removeQueue(q: Queue): number {
    this.queues.delete(q.name);
    addQueueCounts(this.stats, q.stats);
    for (const b of [...q.bindings]) this.removeBinding(b, true);
    const count = q.markDeleted();
    if (q.options.durable && !q.options.exclusive) this.onDefinitionsChanged?.();
    if (this.events.active) this.events.emit({ type: 'queue.deleted', vhost: this.name, name: q.name });
    return count;
  }

  autoDeleteQueue(q: Queue): void {
    if (this.queues.get(q.name) === q) this.removeQueue(q);
  }

  purgeQueue(name: string, client: Client | null): number {
    const q = this.usableQueue(name, client);
    const count = q.purge();
    if (this.events.active) this.events.emit({ type: 'queue.purged', vhost: this.name, name, count });
    return count;
  }

  /** Exclusive queues go with the connection that declared them. */
  clientClosed(client: Client): void {
    for (const q of [...this.queues.values()]) if (q.owner === client) this.removeQueue(q);
  }

  // ---- bindings -----------------------------------------------------------------------------

  bindQueue(queueName: string, exchangeName: string, routingKey: string, args: FieldTable, client: Client | null): void {
    const x = this.bindableSource(exchangeName);
    const q = this.usableQueue(queueName, client);
    this.addBinding(x, q, routingKey, args);
  }

  unbindQueue(queueName: string, exchangeName: string, routingKey: string, args: FieldTable, client: Client | null): void {
    const x = this.bindableSource(exchangeName);
    const q = this.usableQueue(queueName, client);
    const b = x.findBinding(q, routingKey, args);
    if (b) this.removeBinding(b, true); // RabbitMQ: unbinding a missing binding succeeds
  }

  bindExchange(destination: string, source: string, routingKey: string, args: FieldTable): void {
    const src = this.bindableSource(source);
    const dst = this.bindableDestination(destination);
    this.addBinding(src, dst, routingKey, args);
  }

  unbindExchange(destination: string, source: string, routingKey: string, args: FieldTable): void {
    const src = this.bindableSource(source);
    const dst = this.bindableDestination(destination);
    const b = src.findBinding(dst, routingKey, args);
    if (b) this.removeBinding(b, true);
  }

  private bindableSource(name: string): Exchange {
    if (name === '') throw new ChannelError(Reply.ACCESS_REFUSED, 'operation not permitted on the default exchange');
    const x = this.exchanges.get(name);
    if (!x) throw notFound('exchange', name, this.name);
    return x;
  }

  private bindableDestination(name: string): Exchange {
    if (name === '') throw new ChannelError(Reply.ACCESS_REFUSED, 'operation not permitted on the default exchange');
    const x = this.exchanges.get(name);
    if (!x) throw notFound('exchange', name, this.name);
    return x;
  }

  private addBinding(x: Exchange, d: Destination, routingKey: string, args: FieldTable): void {
    if (x.routingType === 'headers' && xMatchOf(args) === undefined) {
      const v = tableGet(args, 'x-match');
      throw new ChannelError(Reply.PRECONDITION_FAILED, `Invalid x-match field value <<"${v ? describeValue(v) : ''}">>; expected all, any, all-with-x, or any-with-x`);
    }
    validateBindingKey(x.routingType, routingKey);
    const b = x.bind(d, routingKey, args);
    if (b && isDurableBinding(b)) this.onDefinitionsChanged?.();
    if (b && this.events.active) this.events.emit({ type: 'binding.created', binding: bindingInfo(b) });
    if (b && x.history !== null) this.replayHistory(x.history, d);
  }

  /** x-recent-history hands a new binding what it kept, oldest first; a bound exchange routes it on. */
  private replayHistory(history: RecentHistory, d: Destination): void {
    const now = Date.now();
    for (const m of history.messages()) {
      if (d.kind === 'queue') { d.enqueue(m, now); continue; }
      const out = this.collect(d, m.routingKey, m.properties, null, null);
      for (const q of out) q.enqueue(m, now);
      out.length = 0;
    }
  }

  /** Remove a binding; an auto-delete source exchange goes with its last binding. */
  private removeBinding(b: Binding, mayAutoDelete: boolean): void {
    b.source.unbind(b);
    if (isDurableBinding(b)) this.onDefinitionsChanged?.();
    if (this.events.active) this.events.emit({ type: 'binding.deleted', binding: bindingInfo(b) });
    const x = b.source;
    if (mayAutoDelete && x.options.autoDelete && x.bindings.size === 0 && this.exchanges.get(x.name) === x) this.removeExchange(x);
  }

  // ---- publishing ---------------------------------------------------------------------------

  /** The exchange a client may publish to: 404 if missing, 403 if internal. */
  publishTarget(exchangeName: string): Exchange {
    const x = this.exchanges.get(exchangeName);
    if (!x) throw notFound('exchange', exchangeName, this.name);
    if (x.options.internal) throw new ChannelError(Reply.ACCESS_REFUSED, `cannot publish to internal exchange '${exchangeName}' in vhost '${this.name}'`);
    return x;
  }

  /** Route and enqueue a message. The result object is reused: read it before the next publish.
   *  `channel`: where in the publisher it came from (the firehose's channel header). */
  publish(x: Exchange, message: Message, mandatory: boolean, publisher: Client | null, channel = 0): PublishResult {
    const result = this.result;
    result.routed = 0;
    result.rejected = false;
    result.overloaded = null;
    result.stored = false;
    if (x.delayed !== null && holdDelayed(x, message, result, this.persistence, this.clockScale)) return result;
    const ev = this.events.watchingMessages && (message.traced = this.events.sampleMessage()) > 0;
    const hops: RouteHop[] | null = ev ? [] : null;
    const keys = publishRoutingKeys(message.routingKey, message.properties);
    if (keys) message.setProperties(withoutBcc(message.properties)); // BCC never reaches a consumer
    if (x.name === '' && this.replyTargets.owns(message.routingKey)) {
      result.routed = this.replyTargets.deliver(message.routingKey, message) ? 1 : 0;
      this.count(x, result.routed > 0, mandatory);
      if (ev) this.emitPublished(x, message, [], hops!, mandatory, publisher, result.routed > 0);
      return result;
    }
    const out = this.collect(x, message.routingKey, message.properties, keys, hops, true);
    this.keepInHistories(message);
    this.holdAtDelayers(message, result);
    // a delayed exchange on the way that holds it has taken it: routed, not dropped
    if (ev) this.emitPublished(x, message, out, hops!, mandatory, publisher, out.length > 0 || result.routed > 0);
    // the firehose's copy goes after this publish is done with the shared `out` and `result`
    const fh = this.firehose;
    const routedTo = fh !== null ? out.slice() : null;
    this.enqueueAll(message, out, result);
    this.count(x, result.routed > 0, mandatory);
    if (fh !== null) fh.published(x, message, routedTo!, publisher, channel);
    return result;
  }

  /** A delayed message restored from the store; false if its exchange is gone or is no longer
   *  a delayed one. */
  restoreDelayed(exchange: string, m: Message, ref: number): boolean {
    return restoreDelayed(this.exchanges.get(exchange), m, ref, this.clockScale);
  }

  /** Run the sandbox clock at `scale` (1, 10 or 60; ClockScaleError otherwise). Deadlines already
   *  set keep their real time; x-expires countdowns start again at the new pace (vhost-clock.ts). */
  setClockScale(scale: number): void {
    const s = checkClockScale(scale);
    if (s === this.clockScale) return;
    this.clockScale = s;
    for (const q of this.queues.values()) q.clockChanged();
    if (this.events.active) this.events.emit({ type: 'vhost.clock', vhost: this.name, scale: s });
  }

  /** RabbitMQ's firehose for this vhost: on, a copy of every publish and delivery goes to
   *  amq.rabbitmq.trace (firehose.ts); off (null), the message path pays one null check. */
  firehose: Firehose | null = null;
  get tracing(): boolean { return this.firehose !== null; }
  setTracing(on: boolean): void {
    if (on !== this.tracing) this.firehose = on ? new Firehose(this) : null;
  }

  /** The firehose's copies and amq.rabbitmq.event's events: routed and enqueued at most once (no confirm, no return), with arrays
   *  of their own, since a copy is published while a delivery of another publish is under way. */
  publishTrace(x: Exchange, message: Message): void {
    const out: Queue[] = [];
    this.router.route(x, message.routingKey, undefined, out, this.router.begin(), null);
    const result: PublishResult = { routed: 0, rejected: false, overloaded: null, stored: false };
    this.enqueueAll(message, out, result);
    this.count(x, result.routed > 0, false);
  }

  /** A publish, counted on its exchange (the vhost's publishes are its exchanges' summed). */
  private count(x: Exchange, routed: boolean, mandatory: boolean): void {
    const s = x.stats;
    s.publishIn++;
    if (routed) s.publishOut++;
    else if (mandatory) this.stats.returnUnroutable++;
    else this.stats.dropUnroutable++;
  }

  /** Every message counted in this vhost, summed now (off the message path) into one object
   *  kept for the life of the vhost, so the management API can take rates against it. */
  messageTotals(): MessageStats {
    const t = this.totals;
    for (const k of STAT_FIELDS) t[k] = this.stats[k];
    for (const x of this.exchanges.values()) t.publish += x.stats.publishIn;
    for (const q of this.queues.values()) addQueueCounts(t, q.stats);
    return t;
  }

  /** The queues a message would reach, without publishing it (the routing debugger). */
  dryRoute(x: Exchange, routingKey: string, headers: FieldTable): string[] {
    const keys = publishRoutingKeys(routingKey, { headers });
    const out = this.collect(x, routingKey, { headers }, keys, null);
    const names = out.map((q) => q.name);
    out.length = 0;
    return names;
  }

  /** `holding`: a real publish or dead-lettering, which delayed exchanges on the way hold
   *  (holdAtDelayers); dry runs and replays pass them. */
  private collect(x: Exchange, routingKey: string, props: BasicProperties | undefined, keys: string[] | null, hops: RouteHop[] | null, holding = false): Queue[] {
    const out = this.routed;
    const stamp = this.router.begin();
    if (keys) for (const k of keys) this.router.route(x, k, props, out, stamp, hops, holding);
    else this.router.route(x, routingKey, props, out, stamp, hops, holding);
    return out;
  }

  /** The x-delayed-message exchanges a route walk stopped at each hold a copy of `m` (its own
   *  properties, the body shared), routed on from there when due. */
  private holdAtDelayers(m: Message, result: PublishResult): void {
    const xs = this.router.takeDelayers();
    for (let i = 0; i < xs.length; i++) holdReached(xs[i], m, result, this.persistence, this.clockScale);
  }

  /** RabbitMQ's recent-history exchange keeps every message routed through it, by any path. */
  private keepInHistories(m: Message): void {
    const xs = this.router.takeHistories();
    for (let i = 0; i < xs.length; i++) xs[i].history!.remember(m);
  }

  private enqueueAll(message: Message, out: Queue[], result: PublishResult): void {
    const now = Date.now();
    for (let i = 0; i < out.length; i++) {
      const q = out[i];
      const r = q.enqueue(message, now);
      if (r === 'rejected') result.rejected = true;
      else {
        result.routed++;
        if (r === 'stored') result.stored = true;
      }
      if (q.overloaded) result.overloaded = q;
    }
    out.length = 0;
  }

  // ---- dead-lettering -----------------------------------------------------------------------

  deadLetter(queue: Queue, entry: QueueEntry, reason: DeadLetterReason): void {
    const m = entry.message;
    const dlxName = queue.settings.deadLetterExchange;
    const ev = this.events.active && m.traced > 0 ? this.events : null;
    const base = { vhost: this.name, messageId: m.id, queue: queue.name };
    if (dlxName === undefined) {
      ev?.emit({ type: 'message.dropped', ...base, reason });
      return;
    }
    const dlx = this.exchanges.get(dlxName);
    if (!dlx) {
      // RabbitMQ drops silently when the dead-letter exchange is missing; the UI is told.
      ev?.emit({ type: 'message.dropped', ...base, reason: 'dead-letter-exchange-missing' });
      return;
    }
    const dlrk = queue.settings.deadLetterRoutingKey;
    const dl = deadLetteredMessage(m, queue.name, reason, dlx.name, dlrk, Date.now());
    dl.traced = m.traced;
    const hops: RouteHop[] | null = ev ? [] : null;
    const keys = dlrk !== undefined ? null : publishRoutingKeys(m.routingKey, dl.properties);
    const out = this.collect(dlx, dl.routingKey, dl.properties, keys, hops, true);
    this.keepInHistories(dl);
    const result: PublishResult = { routed: 0, rejected: false, overloaded: null, stored: false };
    this.holdAtDelayers(dl, result);
    // A message cycling through dead-letter queues with no rejection in between is dropped there.
    let w = 0;
    for (let i = 0; i < out.length; i++) {
      if (isDeadLetterCycle(dl, out[i].name)) ev?.emit({ type: 'message.dropped', ...base, messageId: dl.id, queue: out[i].name, reason: 'cycle' });
      else out[w++] = out[i];
    }
    out.length = w;
    ev?.emit({ type: 'message.dead-lettered', ...base, reason, exchange: dlx.name, routingKey: dl.routingKey, newMessageId: dl.id, queues: out.map((q) => q.name), hops: hops!, headersBefore: tableToJson(m.properties.headers), headersAfter: tableToJson(dl.properties.headers) });
    this.enqueueAll(dl, out, result);
  }

  private emitPublished(x: Exchange, m: Message, out: Queue[], hops: RouteHop[], mandatory: boolean, publisher: Client | null, routed: boolean): void {
    const base = { vhost: this.name, messageId: m.id, exchange: x.name };
    this.events.emit({ type: 'message.published', ...base, routingKey: m.routingKey, connectionId: publisher?.info.id ?? null, size: m.bodySize, lineage: m.lineage, weight: m.traced });
    if (routed) this.events.emit({ type: 'message.routed', ...base, queues: out.map((q) => q.name), hops });
    else this.events.emit({ type: 'message.unroutable', ...base, routingKey: m.routingKey, outcome: mandatory ? 'returned' : 'dropped' });
  }
}

/** RabbitMQ keeps a binding across restarts when both its ends are durable. */
export function isDurableBinding(b: Binding): boolean {
  const d = b.destination;
  return b.source.options.durable && d.options.durable && !(d.kind === 'queue' && d.options.exclusive);
}

export function lockedError(q: Queue): ChannelError {
  return new ChannelError(
    Reply.RESOURCE_LOCKED,
    `cannot obtain exclusive access to locked queue '${q.name}' in vhost '${q.vhost}'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`,
  );
}
