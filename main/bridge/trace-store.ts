// The message trace store: a bounded record of each message's life, fed by the core's event bus
// only while tracing is enabled and a UI is connected. Messages are keyed by lineage (a
// dead-lettered or moved copy keeps its original's lineage).
//
// Built for the message path (hundreds of thousands of events a second): records live in a ring
// indexed by `lineage % capacity` (message ids are sequential, so a record is overwritten once
// about `maxMessages` newer messages were published: the count bound costs no bookkeeping), and a
// record keeps the core's own event objects with their times, turned into TraceSteps only when
// someone asks. The age bound is swept every few seconds for as long as records are held (also
// after the last UI went: else they stayed forever), and a deleted vhost's records go with it.
import { connectionName } from '../../shared/model/connection-name';
import type { BrokerEvent } from '../../shared/model/events';
import type { Trace, TraceEntry, TraceLocation, TraceSettings, TraceStatus, TraceStep, TraceSummary } from '../../shared/model/trace';
import type { Broker } from '../broker/broker';

export const DEFAULT_TRACE_SETTINGS: TraceSettings = { enabled: true, maxMessages: 10_000, maxAgeMs: 10 * 60_000, maxPerSecond: 5000 };
/** steps kept per message (a message requeued forever would otherwise grow without bound) */
export const MAX_STEPS = 200;
/** where-is-it-now looks at no more than this many messages per queue */
const LOCATE_SCAN = 200_000;
const SWEEP_MS = 5000;
/** connection names remembered for traces (connections come and go) */
const MAX_NAMES = 10_000;

type MessageEvent = Extract<BrokerEvent, { messageId: number }>;

interface Rec {
  lineage: number;
  vhost: string;
  exchange: string;
  routingKey: string;
  /** [time, event, time, event, ...] */
  log: Array<number | MessageEvent>;
  omitted: number;
  last: number;
  /** ids of copies (dead-lettered, moved), forgotten with the record */
  aliases: number[] | null;
}

export class TraceStore {
  settings: TraceSettings;
  private ring: Array<Rec | undefined>;
  /** copy id -> lineage, only for copies (a fresh message's lineage is its own id) */
  private readonly aliasOf = new Map<number, number>();
  private readonly names = new Map<string, string>();
  private newest = 0;
  /** messages the core did not follow (sampled out) in the current and the last full second */
  private windowStart = 0;
  private skipped = 0;
  private lastNotTraced = 0;
  private held = 0;
  private users = 0;
  private unsubscribe: (() => void) | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(private readonly broker: Broker, settings: Partial<TraceSettings> = {}, private readonly now: () => number = Date.now) {
    this.settings = { ...DEFAULT_TRACE_SETTINGS, ...settings };
    this.ring = new Array(this.settings.maxMessages);
    this.applyRate();
    broker.vhostDeletedHooks.add((vhost) => this.forgetVhost(vhost));
  }

  /** The rate limit is the core's own message sampling: the store traces what the core follows. */
  private applyRate(): void {
    this.broker.events.tracedPerSecond = this.settings.maxPerSecond;
  }

  get active(): boolean { return this.unsubscribe !== null; }

  status(): TraceStatus {
    const fresh = this.now() - this.windowStart < 2000;
    return { ...this.settings, active: this.active, held: this.held, notTraced: fresh ? this.lastNotTraced : 0 };
  }

  configure(s: Partial<TraceSettings>): TraceStatus {
    const old = this.settings.maxMessages;
    this.settings = { ...this.settings, ...s };
    this.applyRate();
    if (this.settings.maxMessages !== old) this.resize();
    this.evictOld(this.now());
    this.update();
    return this.status();
  }

  /** a UI connected (tracing runs while at least one is, if enabled); returns the release */
  retain(): () => void {
    this.users++;
    this.update();
    let done = false;
    return () => { if (done) return; done = true; this.users--; this.update(); };
  }

  private update(): void {
    const want = this.settings.enabled && this.users > 0;
    if (want && !this.unsubscribe) {
      for (const c of this.broker.clients.values()) this.rememberName(c.info.id, connectionName(c.info.clientProperties));
      this.unsubscribe = this.broker.events.subscribe((e) => this.onEvent(e));
    } else if (!want && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
    this.updateSweep();
  }

  /** The age sweep runs while tracing does or records are held. */
  private updateSweep(): void {
    const need = this.active || this.held > 0;
    if (need && !this.sweepTimer) {
      this.sweepTimer = setInterval(() => this.evictOld(this.now()), SWEEP_MS);
      this.sweepTimer.unref?.();
    } else if (!need && this.sweepTimer) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = null;
    }
  }

  private resize(): void {
    const old = this.ring.filter((r): r is Rec => r !== undefined).sort((a, b) => a.lineage - b.lineage);
    this.ring = new Array(this.settings.maxMessages);
    this.held = 0;
    this.aliasOf.clear();
    for (const r of old.slice(-this.settings.maxMessages)) this.place(r);
  }

  private place(r: Rec): void {
    const i = r.lineage % this.ring.length;
    const old = this.ring[i];
    if (old) this.forget(old); else this.held++;
    this.ring[i] = r;
    if (r.aliases) for (const a of r.aliases) this.aliasOf.set(a, r.lineage);
    if (r.lineage > this.newest) this.newest = r.lineage;
  }

  private forget(r: Rec): void {
    if (r.aliases) for (const a of r.aliases) this.aliasOf.delete(a);
  }

  private find(messageId: number): Rec | undefined {
    const lineage = this.aliasOf.size > 0 ? this.aliasOf.get(messageId) ?? messageId : messageId;
    const r = this.ring[lineage % this.ring.length];
    return r && r.lineage === lineage ? r : undefined;
  }

  evictOld(now: number): void {
    const cutoff = now - this.settings.maxAgeMs;
    this.evictWhere((r) => r.last < cutoff);
    if (this.names.size > MAX_NAMES) this.names.clear();
  }

  /** A deleted vhost's records go with it (a vhost made again under its name starts clean). */
  forgetVhost(vhost: string): void {
    this.evictWhere((r) => r.vhost === vhost);
  }

  private evictWhere(gone: (r: Rec) => boolean): void {
    for (let i = 0; i < this.ring.length; i++) {
      const r = this.ring[i];
      if (r && gone(r)) { this.forget(r); this.ring[i] = undefined; this.held--; }
    }
    this.updateSweep();
  }

  private rememberName(id: string, name: unknown): void {
    if (typeof name === 'string') this.names.set(id, name);
  }

  /** Hot path: one ring lookup and two array pushes per event. */
  onEvent(e: BrokerEvent): void {
    switch (e.type) {
      case 'connection.opened':
        this.rememberName(e.connection.id, connectionName(e.connection.clientProperties));
        return;
      case 'message.published': {
        const t = this.now();
        const lineage = e.lineage ?? e.messageId;
        let r = lineage === e.messageId ? undefined : this.find(lineage);
        if (t - this.windowStart >= 1000) {
          this.lastNotTraced = this.skipped;
          this.windowStart = t;
          this.skipped = 0;
        }
        // a sample of weight w stands for itself and w - 1 messages the core did not follow
        this.skipped += (e.weight ?? 1) - 1;
        if (!r) {
          r = { lineage, vhost: e.vhost, exchange: e.exchange, routingKey: e.routingKey, log: [], omitted: 0, last: t, aliases: null };
          this.place(r);
        }
        if (lineage !== e.messageId) this.alias(r, e.messageId);
        this.add(r, t, e);
        return;
      }
      case 'message.dead-lettered': {
        const r = this.find(e.messageId);
        if (!r) return;
        this.alias(r, e.newMessageId);
        this.add(r, this.now(), e);
        return;
      }
      case 'message.routed': case 'message.unroutable': case 'message.delivered': case 'message.acked':
      case 'message.rejected': case 'message.requeued': case 'message.expired': case 'message.dropped': {
        const r = this.find(e.messageId);
        if (r) this.add(r, this.now(), e);
        return;
      }
      default:
    }
  }

  private alias(r: Rec, id: number): void {
    (r.aliases ??= []).push(id);
    this.aliasOf.set(id, r.lineage);
  }

  private add(r: Rec, t: number, e: MessageEvent): void {
    r.last = t;
    if (r.log.length >= MAX_STEPS * 2) { r.omitted++; return; }
    r.log.push(t, e);
  }

  private step(e: MessageEvent): TraceStep | null {
    switch (e.type) {
      case 'message.published': {
        const name = e.connectionId ? this.names.get(e.connectionId) : undefined;
        return { kind: 'published', exchange: e.exchange, routingKey: e.routingKey, connectionId: e.connectionId, size: e.size, ...(name ? { connectionName: name } : {}) };
      }
      case 'message.routed': return { kind: 'routed', exchange: e.exchange, queues: e.queues, hops: e.hops };
      case 'message.unroutable': return { kind: 'unroutable', exchange: e.exchange, routingKey: e.routingKey, outcome: e.outcome };
      case 'message.delivered': return { kind: 'delivered', queue: e.queue, connectionId: e.connectionId, consumerTag: e.consumerTag, deliveryTag: e.deliveryTag, redelivered: e.redelivered };
      case 'message.acked': return { kind: 'acked', queue: e.queue, connectionId: e.connectionId };
      case 'message.rejected': return { kind: 'rejected', queue: e.queue, connectionId: e.connectionId, requeue: e.requeue, method: e.method };
      case 'message.requeued': return { kind: 'requeued', queue: e.queue };
      case 'message.expired': return { kind: 'expired', queue: e.queue };
      case 'message.dead-lettered': return {
        kind: 'dead-lettered', queue: e.queue, reason: e.reason, exchange: e.exchange, routingKey: e.routingKey, newMessageId: e.newMessageId,
        queues: e.queues, headersBefore: e.headersBefore, headersAfter: e.headersAfter,
      };
      case 'message.dropped': return { kind: 'dropped', queue: e.queue, reason: e.reason };
      default: return null;
    }
  }

  private entries(r: Rec): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let i = 0; i < r.log.length; i += 2) {
      const e = r.log[i + 1] as MessageEvent;
      const step = this.step(e);
      if (step) out.push({ t: r.log[i] as number, messageId: e.messageId, step });
    }
    return out;
  }

  list(vhost: string, limit: number, search?: string): TraceSummary[] {
    const out: TraceSummary[] = [];
    const s = search?.trim().toLowerCase() ?? '';
    const cap = this.ring.length;
    for (let id = this.newest; id > this.newest - cap && id > 0 && out.length < limit; id--) {
      const r = this.ring[id % cap];
      if (!r || r.lineage !== id || r.vhost !== vhost || r.log.length === 0) continue;
      if (s && !(String(r.lineage) === s || r.exchange.toLowerCase().includes(s) || r.routingKey.toLowerCase().includes(s) || this.queuesOf(r).some((q) => q.toLowerCase().includes(s)))) continue;
      const lastEvent = r.log[r.log.length - 1] as MessageEvent;
      out.push({ lineage: r.lineage, vhost: r.vhost, exchange: r.exchange, routingKey: r.routingKey, first: r.log[0] as number, last: r.last, steps: r.log.length / 2 + r.omitted, lastKind: this.step(lastEvent)?.kind ?? 'published' });
    }
    return out;
  }

  get(vhost: string, messageId: number): Trace | null {
    const r = this.find(messageId);
    if (!r || r.vhost !== vhost) return null;
    const now = this.locate(r);
    return { lineage: r.lineage, vhost, entries: this.entries(r), omitted: r.omitted, now, gone: now.length === 0 };
  }

  /** the queues the trace saw its copies enter */
  private queuesOf(r: Rec): string[] {
    const qs = new Set<string>();
    for (let i = 1; i < r.log.length; i += 2) {
      const e = r.log[i] as MessageEvent;
      if (e.type === 'message.routed' || e.type === 'message.dead-lettered') for (const q of e.queues) qs.add(q);
    }
    return [...qs];
  }

  /** Where the copies are now: the queues the trace saw them enter, searched (bounded). */
  private locate(r: Rec): TraceLocation[] {
    const v = this.broker.vhost(r.vhost);
    if (!v) return [];
    const queues = new Set(this.queuesOf(r));
    const out: TraceLocation[] = [];
    for (const name of queues) {
      const q = v.queue(name);
      if (!q) continue;
      let n = 0;
      for (const e of q.messages) {
        if (++n > LOCATE_SCAN) break;
        if (e.message.lineage === r.lineage) out.push({ queue: name, state: 'ready', messageId: e.message.id });
      }
    }
    for (const c of this.broker.clients.values()) {
      for (const h of c.unacked()) {
        if (h.entry.message.lineage === r.lineage && queues.has(h.entry.queue.name) && h.entry.queue.vhost === r.vhost) {
          out.push({ queue: h.entry.queue.name, state: 'unacked', messageId: h.entry.message.id, connectionId: c.info.id, consumerTag: h.consumerTag });
        }
      }
    }
    return out;
  }
}
