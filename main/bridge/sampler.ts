// The event sampler: the only place the UI listens to the core. It subscribes to broker.events
// only while at least one UI client watches (so with nobody watching, an event costs the core one
// property read), merges events into one batch per tick (at most ~30 a second), capped in count
// and bytes with a count of what was not shown, counts messages per edge for rates, and sends
// queue depths and rates about once a second. Nothing is queued beyond one tick: drop, don't lag.
import type { Events, EventName, FlowBatch, FlowEvent, FlowStats, PublisherLink } from '../../shared/ipc/contract';
import { consumerNode, destinationNode, exchangeNode, flowKey, producerNode, queueNode } from '../../shared/ipc/ids';
import { type BrokerEvent, isMessageEvent } from '../../shared/model/events';
import type { Broker } from '../broker/broker';
import { snapshotOf } from './topology';

export interface EventSink {
  send<E extends EventName>(name: E, payload: Events[E]): void;
}

export interface SamplerOptions {
  /** ms between flow batches (33 = 30 a second) */
  tickMs: number;
  /** ms between stats (depths, rates) */
  statsMs: number;
  /** minimum ms between two topology snapshots */
  topologyMs: number;
  /** events per batch */
  maxEvents: number;
  /** approximate JSON bytes per batch */
  maxBytes: number;
}

export const DEFAULT_SAMPLER_OPTIONS: SamplerOptions = { tickMs: 33, statsMs: 1000, topologyMs: 200, maxEvents: 300, maxBytes: 48_000 };

type Hop = [string, string, 'queue' | 'exchange'];

class VhostWatch {
  readonly sinks = new Set<EventSink>();
  events: FlowEvent[] = [];
  bytes = 0;
  dropped = 0;
  /** edge key -> messages since the last stats */
  counts = new Map<string, number>();
  seen = 0;
  sent = 0;
  topologyDirty = true;
  lastTopology = 0;
  lastStats: number;
  /** connection -> exchanges it published to (while it is connected) */
  readonly publishers = new Map<string, Set<string>>();
  /** the publisher of the message being routed (message.routed follows message.published synchronously) */
  lastPublisher: string | null = null;
  /** how many messages the last published sample stands for */
  lastWeight = 1;

  constructor(readonly vhost: string, now: number) { this.lastStats = now; }

  count(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** room for an event of about `size` bytes in this tick? If not, it is counted as dropped. */
  room(size: number): boolean {
    this.seen++;
    if (this.events.length >= this.opts.maxEvents || this.bytes + size > this.opts.maxBytes) {
      this.dropped++;
      return false;
    }
    this.bytes += size;
    return true;
  }

  opts: SamplerOptions = DEFAULT_SAMPLER_OPTIONS;
}

const hopsSize = (hops: ReadonlyArray<{ source: string; destination: string }>): number => {
  let n = 0;
  for (const h of hops) n += h.source.length + h.destination.length + 16;
  return n;
};

export class FlowSampler {
  private readonly watches = new Map<string, VhostWatch>();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly opts: SamplerOptions;

  constructor(
    private readonly broker: Broker, opts: Partial<SamplerOptions> = {}, private readonly now: () => number = Date.now,
    /** told when a watcher arrives; returns what to call when it leaves (tracing follows the UI) */
    private readonly onWatch?: () => () => void,
  ) {
    this.opts = { ...DEFAULT_SAMPLER_OPTIONS, ...opts };
  }

  /** Is the sampler listening to the core? (only while someone watches) */
  get listening(): boolean { return this.unsubscribe !== null; }

  /** Watch a vhost: the sink gets a topology snapshot at once, then flow, stats and topology changes. */
  watch(vhost: string, sink: EventSink): () => void {
    let w = this.watches.get(vhost);
    if (!w) {
      w = new VhostWatch(vhost, this.now());
      w.opts = this.opts;
      this.watches.set(vhost, w);
    }
    w.sinks.add(sink);
    const v = this.broker.vhost(vhost);
    if (v) sink.send('topology', snapshotOf(this.broker, v, this.publishers(vhost)));
    this.start();
    const release = this.onWatch?.();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release?.();
      w.sinks.delete(sink);
      if (w.sinks.size === 0) this.watches.delete(vhost);
      if (this.watches.size === 0) this.stop();
    };
  }

  /** Send an event to everyone watching a vhost (e.g. a publish job's progress). */
  broadcast<E extends EventName>(vhost: string, name: E, payload: Events[E]): void {
    const w = this.watches.get(vhost);
    if (w) for (const s of w.sinks) s.send(name, payload);
  }

  publishers(vhost: string): PublisherLink[] {
    const w = this.watches.get(vhost);
    if (!w) return [];
    const out: PublisherLink[] = [];
    for (const [connectionId, xs] of w.publishers) for (const exchange of xs) out.push({ connectionId, exchange });
    return out;
  }

  private start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.broker.events.subscribe((e) => this.onEvent(e));
    this.timer = setInterval(() => this.tick(), this.opts.tickMs);
    this.timer.unref?.();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One broker event: count it, and keep it for the batch if there is room. Hot path. */
  onEvent(e: BrokerEvent): void {
    switch (e.type) {
      case 'vhost.created': case 'vhost.deleted':
        // every window's vhost switcher lists the vhosts
        for (const w of this.watches.values()) w.topologyDirty = true;
        return;
      case 'connection.opened':
      case 'connection.closed':
        for (const w of this.watches.values()) {
          w.topologyDirty = true;
          if (e.type === 'connection.closed') w.publishers.delete(e.connectionId);
        }
        return;
      case 'channel.opened': case 'channel.closed':
        return;
      case 'exchange.declared': case 'queue.declared': case 'binding.created': case 'binding.deleted': {
        const vhost = e.type === 'exchange.declared' ? e.exchange.vhost : e.type === 'queue.declared' ? e.queue.vhost : e.binding.vhost;
        this.dirty(vhost);
        return;
      }
      case 'exchange.deleted': case 'queue.deleted': case 'queue.purged': case 'consumer.removed': case 'policies.changed': case 'vhost.clock':
        this.dirty(e.vhost);
        return;
      case 'consumer.added':
        this.dirty(e.consumer.vhost);
        return;
      case 'message.expired':
        return; // message.dead-lettered or message.dropped follows
      default:
        break;
    }
    if (!isMessageEvent(e)) return; // users, permissions, policies, parameters: not drawn
    const w = this.watches.get(e.vhost);
    if (!w) return;
    switch (e.type) {
      case 'message.published': {
        w.lastPublisher = e.connectionId;
        // The core follows a sample of messages at high rates; each stands for `weight` of them.
        w.lastWeight = e.weight ?? 1;
        if (e.connectionId !== null) {
          let xs = w.publishers.get(e.connectionId);
          if (!xs) w.publishers.set(e.connectionId, (xs = new Set()));
          if (!xs.has(e.exchange)) { xs.add(e.exchange); w.topologyDirty = true; }
          w.count(flowKey(producerNode(e.connectionId), exchangeNode(e.exchange)), w.lastWeight);
        }
        return;
      }
      case 'message.routed': {
        for (const h of e.hops) w.count(flowKey(exchangeNode(h.source), destinationNode(h.destination, h.destinationType)), w.lastWeight);
        if (w.room(64 + e.exchange.length + hopsSize(e.hops))) {
          w.events.push({ k: 'route', id: e.messageId, conn: w.lastPublisher, exchange: e.exchange, hops: e.hops.map((h): Hop => [h.source, h.destination, h.destinationType]) });
        }
        return;
      }
      case 'message.unroutable':
        if (w.room(86 + e.exchange.length)) w.events.push({ k: 'unroutable', id: e.messageId, conn: w.lastPublisher, exchange: e.exchange, outcome: e.outcome });
        return;
      case 'message.delivered':
        w.count(flowKey(queueNode(e.queue), consumerNode(e.connectionId)), e.weight ?? 1);
        if (w.room(80 + e.queue.length + e.connectionId.length)) w.events.push({ k: 'deliver', id: e.messageId, queue: e.queue, conn: e.connectionId, redelivered: e.redelivered });
        return;
      case 'message.acked':
        if (w.room(80 + e.queue.length + e.connectionId.length)) w.events.push({ k: 'settle', id: e.messageId, queue: e.queue, conn: e.connectionId, outcome: 'ack', requeue: false });
        return;
      case 'message.rejected':
        if (w.room(88 + e.queue.length + e.connectionId.length)) {
          w.events.push({ k: 'settle', id: e.messageId, queue: e.queue, conn: e.connectionId, outcome: e.method, requeue: e.requeue });
        }
        return;
      case 'message.requeued':
        if (w.room(46 + e.queue.length)) w.events.push({ k: 'requeue', id: e.messageId, queue: e.queue });
        return;
      case 'message.dead-lettered': {
        w.count(flowKey(queueNode(e.queue), exchangeNode(e.exchange)));
        for (const h of e.hops) w.count(flowKey(exchangeNode(h.source), destinationNode(h.destination, h.destinationType)));
        // Dead-letter events are rare and matter most: they may exceed the count cap by a little.
        w.seen++;
        w.events.push({
          k: 'dead', id: e.messageId, queue: e.queue, reason: e.reason, exchange: e.exchange, routingKey: e.routingKey,
          hops: e.hops.map((h): Hop => [h.source, h.destination, h.destinationType]),
        });
        w.bytes += 112 + hopsSize(e.hops);
        return;
      }
      case 'message.dropped':
        if (e.reason === 'purged' || e.reason === 'queue-deleted') return;
        if (w.room(76 + (e.queue?.length ?? 0))) w.events.push({ k: 'drop', id: e.messageId, queue: e.queue, reason: e.reason });
        return;
    }
  }

  private dirty(vhost: string): void {
    const w = this.watches.get(vhost);
    if (w) w.topologyDirty = true;
  }

  /** Send what this tick gathered; called by the timer, and by tests. */
  tick(): void {
    const now = this.now();
    for (const w of this.watches.values()) {
      if (w.topologyDirty && now - w.lastTopology >= this.opts.topologyMs) {
        const v = this.broker.vhost(w.vhost);
        if (v) {
          const snap = snapshotOf(this.broker, v, this.publishers(w.vhost));
          for (const s of w.sinks) s.send('topology', snap);
        }
        w.topologyDirty = false;
        w.lastTopology = now;
      }
      if (w.events.length > 0 || w.dropped > 0) {
        const batch: FlowBatch = { vhost: w.vhost, t: now, events: w.events, dropped: w.dropped };
        w.sent += w.events.length;
        for (const s of w.sinks) s.send('flow', batch);
        w.events = [];
        w.bytes = 0;
        w.dropped = 0;
      }
      if (now - w.lastStats >= this.opts.statsMs) this.sendStats(w, now);
    }
  }

  private sendStats(w: VhostWatch, now: number): void {
    const secs = Math.max(0.001, (now - w.lastStats) / 1000);
    const rates: Record<string, number> = {};
    for (const [k, n] of w.counts) rates[k] = Math.round((n / secs) * 10) / 10;
    const v = this.broker.vhost(w.vhost);
    const stats: FlowStats = {
      vhost: w.vhost,
      t: now,
      queues: v ? [...v.queues.values()].map((q) => ({
        name: q.name, ready: q.messageCount, unacked: q.unacked, consumers: q.consumerCount,
        totals: { in: q.stats.publish, out: q.stats.deliver + q.stats.deliverNoAck + q.stats.get + q.stats.getNoAck, acked: q.stats.ack },
      })) : [],
      rates,
      eventRate: Math.round(w.seen / secs),
      sentRate: Math.round(w.sent / secs),
      publishers: this.publishers(w.vhost),
    };
    for (const s of w.sinks) s.send('stats', stats);
    w.counts = new Map();
    w.seen = 0;
    w.sent = 0;
    w.lastStats = now;
  }
}
