// A remote target's firehoses, one per vhost the window switched on: what a remote WindowTarget
// answers getFirehose, setFirehose, listTraces and getTrace with, where its flow batches come from,
// and what its close() switches off. Without an AMQP address the firehose is not available.
import type { FlowBatch } from '../../shared/ipc/contract';
import type { FirehoseStatus } from '../../shared/model/remote';
import type { Trace, TraceSummary } from '../../shared/model/trace';
import type { AmqpTarget } from './amqp-connect';
import { Firehose, type FirehoseOptions } from './firehose';
import { firehoseStatus } from './firehose-switch';
import { RemoteError, type ManagementClient } from './management-client';

export interface FirehosesOptions {
  api: ManagementClient;
  /** null: no AMQP to the broker, so no firehose */
  amqp: Omit<AmqpTarget, 'vhost' | 'name'> | null;
  /** every vhost's batches (batch.vhost says whose) */
  onBatch(batch: FlowBatch): void;
  /** a firehose stopped by itself (its AMQP connection was lost) */
  onStopped?(vhost: string, reason: string): void;
  /** the hops of a route in a vhost, from the target's bindings (see FirehoseOptions.hops) */
  hops?(vhost: string, exchange: string, routingKey: string, queues: string[]): ReturnType<NonNullable<FirehoseOptions['hops']>>;
  /** for tests: the limits and the clock */
  firehose?: Partial<Pick<FirehoseOptions, 'hops' | 'batch' | 'traces' | 'now'>>;
}

const NO_AMQP = 'the firehose is read over AMQP, and this profile has no AMQP address';

export class Firehoses {
  private readonly byVhost = new Map<string, Firehose>();

  constructor(private readonly o: FirehosesOptions) {}

  async status(vhost: string): Promise<FirehoseStatus> {
    const f = this.byVhost.get(vhost);
    if (f) return f.status();
    if (!this.o.amqp) return { vhost, on: false, ours: false, available: false, reason: NO_AMQP };
    return firehoseStatus(this.o.api, vhost);
  }

  /** on: start reading (switching tracing on if it is off); off: stop, and switch it off if ours */
  async set(vhost: string, on: boolean): Promise<FirehoseStatus> {
    if (!on) {
      const f = this.byVhost.get(vhost);
      if (!f) return this.status(vhost);
      const s = await f.off(); // throws (and stays, to be tried again) when tracing would not go off
      this.byVhost.delete(vhost);
      return s;
    }
    if (!this.o.amqp) throw new RemoteError('protocol', NO_AMQP);
    let f = this.byVhost.get(vhost);
    if (!f) {
      const hops = this.o.hops;
      const created: Firehose = new Firehose({
        ...(hops ? { hops: (x: string, key: string, queues: string[]) => hops(vhost, x, key, queues) } : {}),
        ...this.o.firehose, api: this.o.api, amqp: this.o.amqp, vhost, onBatch: (b) => this.o.onBatch(b),
        onStopped: (reason) => {
          // kept while tracing is still ours (switching it off failed): close() tries again
          if (!created.status().ours && this.byVhost.get(vhost) === created) this.byVhost.delete(vhost);
          this.o.onStopped?.(vhost, reason);
        },
      });
      this.byVhost.set(vhost, (f = created));
    }
    try {
      return await f.on();
    } catch (err) {
      this.byVhost.delete(vhost);
      throw err;
    }
  }

  listTraces(vhost: string, limit: number, search?: string): TraceSummary[] {
    return this.byVhost.get(vhost)?.listTraces(limit, search) ?? [];
  }

  getTrace(vhost: string, id: number): Trace | null {
    return this.byVhost.get(vhost)?.getTrace(id) ?? null;
  }

  /** Switch every firehose off (the window closed); resolves when all tried, rejects naming those that failed. */
  async close(): Promise<void> {
    const all = [...this.byVhost.entries()];
    const results = await Promise.allSettled(all.map(([, f]) => f.off()));
    const failed: string[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') this.byVhost.delete(all[i][0]);
      else failed.push(`vhost '${all[i][0]}': ${(r.reason as Error).message}`);
    });
    if (failed.length > 0) throw new RemoteError('http', `switching the firehose off failed for ${failed.join('; ')}`);
  }
}
