// Turns flow events into markers on edges: publish into the exchange, along every binding the
// message took (one marker per destination, later hops later), out to the consumer, flashes for
// acks, nacks and rejects, a marker back into the queue for a requeue, a distinct marker with its
// reason for dead-lettering, and a burst at the exchange for unroutable messages. At high rates
// markers are sampled per stream (dead letters less so). Pure (no DOM): the overlay draws.
import type { FlowEvent } from '../../shared/ipc/contract';
import { consumerNode, destinationNode, exchangeNode, producerNode, queueNode } from '../../shared/ipc/ids';

export type MarkerKind = 'publish' | 'route' | 'deliver' | 'requeue' | 'dead';
export type BurstKind = 'ack' | 'nack' | 'reject' | 'unroutable' | 'drop';

/** `id`: the message the marker stands for (clicking it opens that message's trace) */
export interface Marker { kind: MarkerKind; id: number; from: string; to: string; start: number; dur: number; reverse: boolean; label?: string }
export interface Burst { kind: BurstKind; at: string; start: number; dur: number; label?: string }

export const COLORS: Record<MarkerKind | BurstKind, string> = {
  publish: '#6cb6ff', route: '#6cb6ff', deliver: '#3ddc97', requeue: '#ffb347', dead: '#ff4fd8',
  ack: '#3ddc97', nack: '#ffb347', reject: '#ff8c42', unroutable: '#ff5d5d', drop: '#9aa4b2',
};

export interface AnimatorOptions {
  /** ms a marker takes along one edge at speed 1 */
  segmentMs: number;
  /** at most this many markers alive */
  maxMarkers: number;
  /** minimum ms between two sampled markers of the same stream */
  sampleGapMs: number;
}

const DEFAULTS: AnimatorOptions = { segmentMs: 650, maxMarkers: 500, sampleGapMs: 120 };

export class FlowAnimator {
  readonly markers: Marker[] = [];
  readonly bursts: Burst[] = [];
  /** counters for the status line and for tests */
  readonly counts = { events: 0, markers: 0, dead: 0, bursts: 0, sampledOut: 0 };
  private readonly last = new Map<string, number>();
  readonly opts: AnimatorOptions;

  constructor(opts: Partial<AnimatorOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Is it this stream's turn? (sampling at high rates) */
  private turn(key: string, now: number, gap = this.opts.sampleGapMs): boolean {
    const t = this.last.get(key);
    if (t !== undefined && now - t < gap) { this.counts.sampledOut++; return false; }
    this.last.set(key, now);
    return true;
  }

  private marker(m: Marker, force = false): void {
    if (!force && this.markers.length >= this.opts.maxMarkers) { this.counts.sampledOut++; return; }
    this.markers.push(m);
    this.counts.markers++;
    if (m.kind === 'dead') this.counts.dead++;
  }

  private burst(b: Burst): void {
    if (this.bursts.length >= 200) return;
    this.bursts.push(b);
    this.counts.bursts++;
  }

  /** `now` is the animation clock (it stops while paused); `visible` says whether a node is drawn. */
  ingest(e: FlowEvent, now: number, speed: number, visible: (id: string) => boolean): void {
    this.counts.events++;
    const dur = this.opts.segmentMs / speed;
    switch (e.k) {
      case 'route': {
        if (!this.turn(`r:${e.exchange}`, now)) return;
        const producer = e.conn !== null && visible(producerNode(e.conn)) ? producerNode(e.conn) : null;
        const x = exchangeNode(e.exchange);
        let base = 0;
        if (producer && visible(x)) {
          this.marker({ kind: 'publish', id: e.id, from: producer, to: x, start: now, dur, reverse: false });
          base = dur;
        }
        this.hops(e.id, e.hops, e.exchange, now + base, dur, 'route', producer);
        return;
      }
      case 'unroutable':
        if (!this.turn(`u:${e.exchange}`, now)) return;
        this.burst({ kind: 'unroutable', at: exchangeNode(e.exchange), start: now, dur: dur * 1.6, label: `unroutable · ${e.outcome}` });
        return;
      case 'deliver':
        if (!this.turn(`d:${e.queue}:${e.conn}`, now)) return;
        this.marker({ kind: e.redelivered ? 'requeue' : 'deliver', id: e.id, from: queueNode(e.queue), to: consumerNode(e.conn), start: now, dur, reverse: false });
        return;
      case 'settle': {
        if (!this.turn(`s:${e.queue}:${e.conn}:${e.outcome}`, now)) return;
        const at = consumerNode(e.conn);
        this.burst({ kind: e.outcome, at, start: now + dur, dur: dur, label: e.outcome === 'ack' ? undefined : `${e.outcome}${e.requeue ? ' · requeue' : ''}` });
        if (e.requeue) this.marker({ kind: 'requeue', id: e.id, from: queueNode(e.queue), to: at, start: now + dur, dur, reverse: true, label: 'requeued' });
        return;
      }
      case 'requeue':
        return; // drawn with the settle that caused it
      case 'dead': {
        // dead letters get their own, more generous sampling: they are what a learner looks for
        if (!this.turn(`dl:${e.queue}`, now, this.opts.sampleGapMs * 2.5)) return;
        const label = e.reason;
        this.marker({ kind: 'dead', id: e.id, from: queueNode(e.queue), to: exchangeNode(e.exchange), start: now, dur, reverse: false, label }, true);
        this.hops(e.id, e.hops, e.exchange, now + dur, dur, 'dead', null, label);
        return;
      }
      case 'drop':
        if (e.queue === null || !this.turn(`x:${e.queue}`, now)) return;
        this.burst({ kind: 'drop', at: queueNode(e.queue), start: now, dur, label: `dropped · ${e.reason}` });
        return;
    }
  }

  /** One marker per hop; a hop out of an exchange reached by another hop starts after it. */
  private hops(id: number, hops: Array<[string, string, 'queue' | 'exchange']>, root: string, start: number, dur: number, kind: MarkerKind, producer: string | null, label?: string): void {
    const depth = new Map<string, number>([[root, 0]]);
    for (const [src, dst, type] of hops) {
      const d = depth.get(src) ?? 0;
      if (type === 'exchange' && !depth.has(dst)) depth.set(dst, d + 1);
      // a hop out of a hidden exchange (the default one) is drawn from the producer
      const from = src === '' && producer ? producer : exchangeNode(src);
      this.marker({ kind, id, from, to: destinationNode(dst, type), start: start + d * dur, dur, reverse: false, label }, kind === 'dead');
    }
  }

  /** Drop what has finished. */
  prune(now: number): void {
    let w = 0;
    for (const m of this.markers) if (now < m.start + m.dur) this.markers[w++] = m;
    this.markers.length = w;
    w = 0;
    for (const b of this.bursts) if (now < b.start + b.dur) this.bursts[w++] = b;
    this.bursts.length = w;
    if (this.last.size > 5000) this.last.clear();
  }
}
