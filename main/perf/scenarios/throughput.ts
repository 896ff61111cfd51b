// Generic steady-state throughput run: topology, consumers, one publisher; warm-up, measured window,
// then stop publishing, let the consumers catch up and check that nothing was lost or duplicated.
import { RawConnection } from '../raw-client';
import { Publisher, buildBatches, type Template } from '../publisher';
import { Consumer } from '../consumer';
import { setup, teardown, type Topology } from '../topology';
import { cpuSnap, cpuDelta, rssBytes } from '../proc-stats';
import { sleep, type Metric, type RunContext, type RunOutput } from './types';

/** Something else attached to the broker while the load runs (e.g. a UI event-stream subscriber). */
export interface SideLoad {
  name: string;
  start(): Promise<void>;
  /** cumulative counters */
  snapshot(): { messages: number; bytes: number };
  stop(): Promise<void>;
}

export interface ThroughputSpec {
  topology: Topology;
  templates: Template[];
  /** template for message i (default round-robin) */
  pick?: (i: number) => number;
  bodySize: number;
  persistent?: boolean;
  confirmWindow?: number;
  consumers: { queue: string; ackEvery: number; prefetch?: number }[];
  /** every message reaches every consumer's queue in order (false: topic, a routed subset) */
  strictOrder: boolean;
  /** expected deliveries per consumer, from the publisher's per-template counts */
  expected: (pub: Publisher) => number[];
  /** report MB/s of bodies as the main figure */
  bytesMetric?: boolean;
  sideLoad?: SideLoad;
}

export async function runThroughput(ctx: RunContext, spec: ThroughputSpec): Promise<RunOutput> {
  const notes: string[] = [];
  await setup(ctx.target.url, spec.topology);
  const consumers: Consumer[] = [];
  let pubConn: RawConnection | null = null;
  let pub: Publisher | null = null;
  let sideStarted = false;
  try {
    for (const c of spec.consumers) {
      const conn = await RawConnection.open(ctx.target);
      const consumer = new Consumer(conn, { queue: c.queue, ackEvery: c.ackEvery, prefetch: c.prefetch, strictOrder: spec.strictOrder });
      consumers.push(consumer);
      await consumer.start();
    }
    pubConn = await RawConnection.open(ctx.target);
    const batches = buildBatches({
      templates: spec.templates, pick: spec.pick, bodySize: spec.bodySize, persistent: spec.persistent, frameMax: pubConn.frameMax,
    });
    pub = new Publisher(pubConn, batches, { confirmWindow: spec.confirmWindow, templates: spec.templates.length });
    if (spec.confirmWindow) await pub.enableConfirms();
    if (spec.sideLoad) { await spec.sideLoad.start(); sideStarted = true; }

    const received = () => consumers.reduce((s, c) => s + c.received, 0);
    const bytes = () => consumers.reduce((s, c) => s + c.bodyBytes, 0);
    let pubError: Error | null = null;
    const p = pub;
    const running = p.run().catch((e: Error) => { pubError = e; });

    await sleep(ctx.opts.warmupS * 1000);
    const fail = () => pubError ?? pubConn?.error ?? consumers.find((c) => c.conn.error)?.conn.error ?? null;
    if (fail()) throw fail();
    const p0 = pub.published, s0 = pub.settled, r0 = received(), b0 = bytes(), c0 = cpuSnap(ctx.brokerPids);
    const w0 = spec.sideLoad?.snapshot();
    await sleep(ctx.opts.durationS * 1000);
    const p1 = pub.published, s1 = pub.settled, r1 = received(), b1 = bytes(), c1 = cpuSnap(ctx.brokerPids);
    const w1 = spec.sideLoad?.snapshot();
    const rss = ctx.brokerPid ? rssBytes(ctx.brokerPid) : null;
    if (fail()) throw fail();

    pub.stop();
    await Promise.race([running, sleep(30_000)]);
    if (spec.confirmWindow) {
      if (!(await pub.waitSettled(60_000))) notes.push(`only ${pub.settled}/${pub.published} confirmed after 60 s`);
    }
    if (spec.sideLoad && sideStarted) { sideStarted = false; await spec.sideLoad.stop(); }

    // catch up: wait while the consumers make progress
    const expected = spec.expected(pub);
    let last = -1, lastChange = performance.now();
    while (consumers.some((c, i) => c.received < expected[i])) {
      const r = received();
      if (r !== last) { last = r; lastChange = performance.now(); }
      if (performance.now() - lastChange > 15_000) { notes.push('consumers stalled for 15 s while catching up'); break; }
      if (consumers.some((c) => c.conn.error)) break;
      await sleep(50);
    }
    await sleep(300); // anything extra (duplicates) shows up now
    for (const c of consumers) c.ackAll();

    const d = cpuDelta(c0, c1);
    const problems: string[] = [];
    consumers.forEach((c, i) => {
      const q = spec.consumers[i].queue;
      if (c.conn.error) problems.push(`${q}: ${c.conn.error.message}`);
      if (c.received !== expected[i]) problems.push(`${q}: received ${c.received}, expected ${expected[i]}`);
      if (c.duplicates) problems.push(`${q}: ${c.duplicates} duplicate/out-of-order`);
      if (c.gaps) problems.push(`${q}: ${c.gaps} sequence gaps`);
      if (c.cancelled) problems.push(`${q}: consumer cancelled by broker`);
    });
    if (pub.nacked) problems.push(`${pub.nacked} publishes nacked`);
    if (pubConn.error) problems.push(`publisher: ${pubConn.error.message}`);
    const total = expected.reduce((a, b) => a + b, 0);
    const verified = problems.length === 0;

    const metrics: Metric[] = [];
    if (spec.bytesMetric) metrics.push({ key: 'mbps', label: 'consumed MB/s', value: (b1 - b0) / 1e6 / d.wall, unit: 'MB/s', better: 'higher' });
    metrics.push(
      { key: 'deliver', label: spec.consumers.length > 1 ? 'delivered msg/s (all queues)' : 'consumed msg/s', value: (r1 - r0) / d.wall, unit: 'msg/s', better: 'higher' },
      { key: 'publish', label: 'published msg/s', value: (p1 - p0) / d.wall, unit: 'msg/s', better: 'higher' },
    );
    if (spec.confirmWindow) metrics.push({ key: 'confirm', label: 'confirmed msg/s', value: (s1 - s0) / d.wall, unit: 'msg/s', better: 'higher' });
    if (w0 && w1 && spec.sideLoad) {
      metrics.push({ key: 'ui_msgs', label: `${spec.sideLoad.name} events/s`, value: (w1.messages - w0.messages) / d.wall, unit: 'ev/s', better: 'none' });
      metrics.push({ key: 'ui_kbps', label: `${spec.sideLoad.name} KB/s`, value: (w1.bytes - w0.bytes) / 1e3 / d.wall, unit: 'KB/s', better: 'none' });
    }
    metrics.push(
      { key: 'gen_cores', label: 'generator CPU', value: d.gen, unit: 'cores', better: 'none' },
      { key: 'broker_cores', label: 'broker CPU', value: d.broker, unit: 'cores', better: 'lower' },
    );
    if (rss !== null) metrics.push({ key: 'rss', label: 'broker RSS', value: rss / 1048576, unit: 'MiB', better: 'lower' });
    return {
      metrics, cpu: d, verified, notes,
      verify: verified ? `ok: ${total} deliveries of ${pub.published} published, in order, none lost or duplicated` : problems.slice(0, 6).join('; '),
    };
  } finally {
    pub?.stop();
    if (spec.sideLoad && sideStarted) await spec.sideLoad.stop().catch(() => {});
    for (const c of consumers) await c.conn.close().catch(() => {});
    if (pubConn) await pubConn.close().catch(() => {});
    await teardown(ctx.target.url, spec.topology).catch((e: Error) => notes.push(`teardown: ${e.message}`));
  }
}
