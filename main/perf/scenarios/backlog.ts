// Scenario 7: a backlog of N 100-byte messages on a queue without consumers (publisher confirms tell when
// all are in), broker memory per queued message, then the rate at which a consumer drains it.
import { RawConnection } from '../raw-client';
import { Publisher, buildBatches } from '../publisher';
import { Consumer } from '../consumer';
import { setup, teardown, queueDepth } from '../topology';
import { cpuSnap, cpuDelta, rssBytes } from '../proc-stats';
import { sleep, type Metric, type RunContext, type RunOutput } from './types';

export async function runBacklog(ctx: RunContext): Promise<RunOutput> {
  const queue = 'bench-backlog';
  const topology = { queues: [{ name: queue }] };
  const n = ctx.opts.backlog;
  const notes: string[] = [];
  await setup(ctx.target.url, topology);
  let pConn: RawConnection | null = null, cConn: RawConnection | null = null;
  try {
    await sleep(1000);
    const rss0 = ctx.brokerPid ? rssBytes(ctx.brokerPid) : null;
    pConn = await RawConnection.open(ctx.target);
    const pub = new Publisher(pConn, buildBatches({ templates: [{ exchange: '', routingKey: queue }], bodySize: 100, frameMax: pConn.frameMax }),
      { confirmWindow: 5000, limit: n });
    await pub.enableConfirms();
    const c0 = cpuSnap(ctx.brokerPids);
    await pub.run();
    if (!(await pub.waitSettled(300_000))) throw new Error(`only ${pub.settled}/${n} confirmed`);
    const c1 = cpuSnap(ctx.brokerPids);
    const dPub = cpuDelta(c0, c1);
    await pConn.close();
    pConn = null;
    await sleep(1000);
    const rss1 = ctx.brokerPid ? rssBytes(ctx.brokerPid) : null;
    const depth = await queueDepth(ctx.target.url, queue);
    if (depth !== n) notes.push(`queue depth ${depth} after publishing ${n}`);

    cConn = await RawConnection.open(ctx.target);
    const consumer = new Consumer(cConn, { queue, ackEvery: 0, strictOrder: true });
    const c2 = cpuSnap(ctx.brokerPids);
    await consumer.start();
    let last = -1, lastChange = performance.now();
    while (consumer.received < n && !cConn.error) {
      if (consumer.received !== last) { last = consumer.received; lastChange = performance.now(); }
      if (performance.now() - lastChange > 15_000) { notes.push('drain stalled for 15 s'); break; }
      await sleep(5);
    }
    const c3 = cpuSnap(ctx.brokerPids);
    const dDrain = cpuDelta(c2, c3);
    await sleep(300);
    const problems: string[] = [];
    if (consumer.received !== n) problems.push(`drained ${consumer.received} of ${n}`);
    if (consumer.duplicates) problems.push(`${consumer.duplicates} duplicate/out-of-order`);
    if (consumer.gaps) problems.push(`${consumer.gaps} sequence gaps`);
    if (pub.nacked) problems.push(`${pub.nacked} nacked`);
    if (cConn.error) problems.push(cConn.error.message);
    const metrics: Metric[] = [
      { key: 'publish', label: 'backlog publish (confirmed) msg/s', value: n / dPub.wall, unit: 'msg/s', better: 'higher' },
      { key: 'drain', label: 'drain msg/s', value: consumer.received / dDrain.wall, unit: 'msg/s', better: 'higher' },
    ];
    if (rss0 !== null && rss1 !== null) {
      metrics.push(
        { key: 'bytes_per_msg', label: 'broker RSS growth per message', value: (rss1 - rss0) / n, unit: 'B/msg', better: 'lower' },
        { key: 'rss', label: `broker RSS with ${n} queued`, value: rss1 / 1048576, unit: 'MiB', better: 'lower' },
      );
    }
    metrics.push(
      { key: 'pub_broker_cores', label: 'broker CPU while publishing', value: dPub.broker, unit: 'cores', better: 'none' },
      { key: 'pub_gen_cores', label: 'generator CPU while publishing', value: dPub.gen, unit: 'cores', better: 'none' },
      { key: 'drain_broker_cores', label: 'broker CPU while draining', value: dDrain.broker, unit: 'cores', better: 'none' },
      { key: 'drain_gen_cores', label: 'generator CPU while draining', value: dDrain.gen, unit: 'cores', better: 'none' },
    );
    return {
      metrics, cpu: dDrain, notes, verified: problems.length === 0,
      verify: problems.length === 0 ? `ok: ${n} confirmed, queue depth ${depth}, all drained in order` : problems.join('; '),
    };
  } finally {
    if (pConn) await pConn.close().catch(() => {});
    if (cConn) await cConn.close().catch(() => {});
    await teardown(ctx.target.url, topology).catch(() => {});
  }
}
