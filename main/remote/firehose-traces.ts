// The last traced messages of a remote vhost, as the Trace tool asks for them (listTraces,
// getTrace): each message's publish, where it was routed and its deliveries, as the firehose told
// them. Bounded in messages, steps per message and new messages a second; the oldest go first.
// Unlike the local TraceStore it cannot say where a copy is now: a remote queue cannot be searched
// without consuming, so `now` is empty and `gone` false (unknown).
import type { Trace, TraceEntry, TraceStep, TraceSummary } from '../../shared/model/trace';

export interface FirehoseTraceLimits {
  /** messages kept */
  maxMessages: number;
  /** steps kept per message (a message requeued forever would otherwise grow without bound) */
  maxSteps: number;
  /** new messages traced a second; above it the rest are not kept (their markers still show) */
  maxPerSecond: number;
}

export const DEFAULT_FIREHOSE_TRACE_LIMITS: FirehoseTraceLimits = { maxMessages: 2000, maxSteps: 50, maxPerSecond: 1000 };

interface Rec { id: number; exchange: string; routingKey: string; entries: TraceEntry[]; omitted: number; last: number }

export class FirehoseTraces {
  private readonly recs = new Map<number, Rec>();
  private windowStart = 0;
  private started = 0;

  constructor(readonly vhost: string, private readonly limits: FirehoseTraceLimits = DEFAULT_FIREHOSE_TRACE_LIMITS) {}

  get size(): number { return this.recs.size; }

  /** Add a step to message `id`'s trace; a message not seen yet starts one (if the rate allows). */
  add(id: number, t: number, exchange: string, routingKey: string, step: TraceStep): void {
    let r = this.recs.get(id);
    if (!r) {
      if (t - this.windowStart >= 1000) { this.windowStart = t; this.started = 0; }
      if (++this.started > this.limits.maxPerSecond) return;
      r = { id, exchange, routingKey, entries: [], omitted: 0, last: t };
      this.recs.set(id, r);
      if (this.recs.size > this.limits.maxMessages) this.recs.delete(this.recs.keys().next().value!);
    }
    r.last = t;
    if (r.entries.length >= this.limits.maxSteps) { r.omitted++; return; }
    r.entries.push({ t, messageId: id, step });
  }

  /** newest first */
  list(limit: number, search?: string): TraceSummary[] {
    const s = search?.trim().toLowerCase() ?? '';
    const out: TraceSummary[] = [];
    const all = [...this.recs.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const r = all[i];
      if (s && !matches(r, s)) continue;
      out.push({
        lineage: r.id, vhost: this.vhost, exchange: r.exchange, routingKey: r.routingKey, first: r.entries[0]?.t ?? r.last, last: r.last,
        steps: r.entries.length + r.omitted, lastKind: r.entries[r.entries.length - 1]?.step.kind ?? 'published',
      });
    }
    return out;
  }

  get(id: number): Trace | null {
    const r = this.recs.get(id);
    if (!r) return null;
    return { lineage: r.id, vhost: this.vhost, entries: [...r.entries], omitted: r.omitted, now: [], gone: false };
  }

  clear(): void { this.recs.clear(); }
}

function matches(r: Rec, s: string): boolean {
  if (String(r.id) === s || r.exchange.toLowerCase().includes(s) || r.routingKey.toLowerCase().includes(s)) return true;
  return r.entries.some(({ step }) => (step.kind === 'routed' && step.queues.some((q) => q.toLowerCase().includes(s)))
    || (step.kind === 'delivered' && step.queue.toLowerCase().includes(s)));
}
