// Flow events gathered between ticks and sent as one FlowBatch, capped in count and bytes like the
// local sampler's batches (main/bridge/sampler.ts): what does not fit is counted as dropped, never
// queued for later, so a busy broker costs the window a bounded amount per tick.
import type { FlowBatch, FlowEvent } from '../../shared/ipc/contract';

export interface BatchLimits {
  /** ms between batches */
  tickMs: number;
  /** events per batch */
  maxEvents: number;
  /** approximate JSON bytes per batch */
  maxBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { tickMs: 100, maxEvents: 300, maxBytes: 48_000 };

export class FlowBatcher {
  private events: FlowEvent[] = [];
  private bytes = 0;
  private dropped = 0;

  constructor(private readonly vhost: string, private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS) {}

  /** room for an event of about `size` bytes in this tick? If not, it is counted as dropped. */
  room(size: number): boolean {
    if (this.events.length >= this.limits.maxEvents || this.bytes + size > this.limits.maxBytes) {
      this.dropped++;
      return false;
    }
    this.bytes += size;
    return true;
  }

  push(e: FlowEvent): void { this.events.push(e); }

  /** the tick's batch (null when nothing happened), and a fresh start */
  take(t: number): FlowBatch | null {
    if (this.events.length === 0 && this.dropped === 0) return null;
    const batch: FlowBatch = { vhost: this.vhost, t, events: this.events, dropped: this.dropped };
    this.events = [];
    this.bytes = 0;
    this.dropped = 0;
    return batch;
  }
}
