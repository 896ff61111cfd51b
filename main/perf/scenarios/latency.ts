// Scenario 6: end-to-end latency at a fixed publish rate. The publisher stamps performance.now() into each
// body; the consumer (same process, same clock) records receive time minus send time.
import { RawConnection } from '../raw-client';
import { Publisher, buildBatches } from '../publisher';
import { Consumer } from '../consumer';
import { setup, teardown } from '../topology';
import { cpuSnap, cpuDelta, rssBytes } from '../proc-stats';
import { sleep, type RunContext, type RunOutput } from './types';

export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export async function runLatency(ctx: RunContext): Promise<RunOutput> {
  const queue = 'bench-latency';
  const topology = { queues: [{ name: queue }] };
  const rate = ctx.opts.latencyRate;
  const notes: string[] = [];
  await setup(ctx.target.url, topology);
  let cConn: RawConnection | null = null, pConn: RawConnection | null = null;
  let pub: Publisher | null = null;
  try {
    cConn = await RawConnection.open(ctx.target, { noDelay: true });
    const lat = new Float64Array(Math.ceil(rate * ctx.opts.durationS * 1.5) + 1000);
    const consumer = new Consumer(cConn, { queue, ackEvery: 0, strictOrder: true, latency: lat });
    await consumer.start();
    pConn = await RawConnection.open(ctx.target, { noDelay: true });
    pub = new Publisher(pConn, buildBatches({ templates: [{ exchange: '', routingKey: queue }], bodySize: 16, frameMax: pConn.frameMax, maxMessages: 256 }), { stampTime: true });
    let pubError: Error | null = null;
    const p = pub;
    const running = p.runPaced(rate).catch((e: Error) => { pubError = e; });
    await sleep(ctx.opts.warmupS * 1000);
    consumer.recording = true;
    const p0 = p.published, c0 = cpuSnap(ctx.brokerPids);
    await sleep(ctx.opts.durationS * 1000);
    const p1 = p.published, c1 = cpuSnap(ctx.brokerPids);
    consumer.recording = false;
    const rss = ctx.brokerPid ? rssBytes(ctx.brokerPid) : null;
    p.stop();
    await Promise.race([running, sleep(10_000)]);
    if (pubError) throw pubError;
    const deadline = performance.now() + 30_000;
    while (consumer.received < p.published && performance.now() < deadline && !cConn.error) await sleep(20);
    await sleep(200);
    const d = cpuDelta(c0, c1);
    const sorted = lat.slice(0, consumer.latencyCount).sort();
    const problems: string[] = [];
    if (consumer.received !== p.published) problems.push(`received ${consumer.received} of ${p.published}`);
    if (consumer.duplicates) problems.push(`${consumer.duplicates} duplicate/out-of-order`);
    if (consumer.gaps) problems.push(`${consumer.gaps} sequence gaps`);
    if (cConn.error) problems.push(cConn.error.message);
    const achieved = (p1 - p0) / d.wall;
    if (achieved < rate * 0.95) notes.push(`publisher achieved only ${achieved.toFixed(0)} msg/s of ${rate}`);
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      metrics: [
        { key: 'p50', label: 'latency p50', value: percentile(sorted, 0.5), unit: 'ms', better: 'lower' },
        { key: 'p99', label: 'latency p99', value: percentile(sorted, 0.99), unit: 'ms', better: 'lower' },
        { key: 'p999', label: 'latency p99.9', value: percentile(sorted, 0.999), unit: 'ms', better: 'lower' },
        { key: 'max', label: 'latency max', value: sorted.length ? sorted[sorted.length - 1] : NaN, unit: 'ms', better: 'lower' },
        { key: 'mean', label: 'latency mean', value: sum / Math.max(1, sorted.length), unit: 'ms', better: 'lower' },
        { key: 'rate', label: 'published msg/s', value: achieved, unit: 'msg/s', better: 'none' },
        { key: 'gen_cores', label: 'generator CPU', value: d.gen, unit: 'cores', better: 'none' },
        { key: 'broker_cores', label: 'broker CPU', value: d.broker, unit: 'cores', better: 'lower' },
        ...(rss !== null ? [{ key: 'rss', label: 'broker RSS', value: rss / 1048576, unit: 'MiB', better: 'lower' as const }] : []),
      ],
      cpu: d, notes,
      verified: problems.length === 0,
      verify: problems.length === 0 ? `ok: ${p.published} messages in order, ${sorted.length} latency samples` : problems.join('; '),
    };
  } finally {
    pub?.stop();
    if (cConn) await cConn.close().catch(() => {});
    if (pConn) await pConn.close().catch(() => {});
    await teardown(ctx.target.url, topology).catch(() => {});
  }
}
