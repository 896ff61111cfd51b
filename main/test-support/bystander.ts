// A well-behaved client beside a misbehaving one: it publishes with confirms to its own queue and
// consumes what it published, one message at a time, and times each round trip (publish to
// confirm and delivery). Tests start it before a hostile scenario and read its latencies after,
// to show the broker stayed responsive (main/perf/many-queues.ts uses it too). The client runs in a
// worker thread: the process beside it may be busy driving the hostile client.
import { Worker } from 'node:worker_threads';

export interface LatencyStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Pause between round trips: about 50 a second, enough samples for a p99 in a few seconds. */
const PACE_MS = 20;
/** stop() waits for at least this many round trips, so a short scenario still has a sample */
const MIN_SAMPLES = 20;

/** The round trips run in a worker thread (bystander-worker.mjs); this side collects them. */
export class Bystander {
  private readonly samples: number[] = [];
  /** when the last sample (or the start) arrived: a round trip stuck at stop() counts from here */
  private lastHeard = performance.now();
  private readonly done: Promise<void>;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { type: string; ms?: number }) => {
      this.lastHeard = performance.now();
      if (m.type === 'sample') this.samples.push(m.ms!);
    });
    this.done = new Promise((resolve) => {
      worker.on('message', (m: { type: string }) => { if (m.type === 'done') resolve(); });
      worker.on('exit', () => resolve());
    });
  }

  static async start(url: string): Promise<Bystander> {
    const worker = new Worker(new URL('./bystander-worker.mjs', import.meta.url), { workerData: { url, paceMs: PACE_MS, minSamples: MIN_SAMPLES } });
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (m: { type: string }) => { if (m.type === 'ready') resolve(); });
    });
    return new Bystander(worker);
  }

  /** Stops once MIN_SAMPLES round trips are in, after the one in flight (one stuck for 6 s more
   *  counts as it stands), and closes. */
  async stop(): Promise<LatencyStats> {
    this.worker.postMessage('stop');
    const stuck = new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 6000).unref());
    if ((await Promise.race([this.done, stuck])) === 'stuck') this.samples.push(performance.now() - this.lastHeard);
    await this.worker.terminate();
    return this.stats();
  }

  stats(): LatencyStats {
    return latencyStats(this.samples);
  }
}

export function latencyStats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}
