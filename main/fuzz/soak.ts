// Warren's soak (`npm run soak -- [--minutes 30]`): a mixed, well-behaved load for a long time
// (AMQP publishers and consumers with confirms, connection churn, MQTT QoS 1 publish/subscribe,
// management API polling) with the broker's RSS sampled every second, then a summary: messages
// in and out, errors, and RSS per minute with its trend over the second half (a leak grows there).
import amqp from 'amqplib';
import mqtt from 'mqtt';
import { rssBytes } from '../perf/proc-stats';
import { memoryAfterGc, type MemoryAfterGc } from './inspector-heap';
import { Sentinel } from './sentinel';
import { admin, ownBroker, targetsFromUrls, type Targets } from './targets';

interface Counts { amqpChurn: number; mqttSent: number; mqttReceived: number; http: number; errors: string[] }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Repeats `step` every `everyMs` until `until`, recording its failures. */
async function loop(until: () => boolean, everyMs: number, errors: string[], what: string, step: () => Promise<void>): Promise<void> {
  while (!until()) {
    try { await step(); } catch (e) { if (errors.length < 20) errors.push(`${what}: ${(e as Error).message}`); }
    await sleep(everyMs);
  }
}

const afterGc = async (t: Targets): Promise<MemoryAfterGc | null> => (t.inspector ? memoryAfterGc(t.inspector).catch(() => null) : null);

async function soak(t: Targets, minutes: number): Promise<{ c: Counts; rss: number[]; heap: (MemoryAfterGc | null)[]; sentinel: Awaited<ReturnType<Sentinel['stop']>> }> {
  const c: Counts = { amqpChurn: 0, mqttSent: 0, mqttReceived: 0, http: 0, errors: [] };
  const amqpUrl = `amqp://${encodeURIComponent(t.admin.user)}:${encodeURIComponent(t.admin.pass)}@${t.amqp.host}:${t.amqp.port}`;
  const end = Date.now() + minutes * 60_000;
  // the heap in use after a full GC (a broker of our own, through its inspector): after the first
  // minute (code compiled, working set reached) and after the load has stopped
  const heap: (MemoryAfterGc | null)[] = [null, null];
  const firstMinute = setTimeout(() => { void afterGc(t).then((h) => { heap[0] = h; }); }, 60_000);
  const done = (): boolean => Date.now() >= end;
  const rss: number[] = [];
  const sampler = setInterval(() => { const r = t.pid === null ? null : rssBytes(t.pid); if (r !== null) rss.push(r / 1048576); }, 1000);
  const sentinel = await Sentinel.start(amqpUrl, 5);
  const mqttUrl = t.mqtt ? `mqtt://${t.mqtt.host}:${t.mqtt.port}` : null;
  const mqttOpts = { username: t.admin.user, password: t.admin.pass, reconnectPeriod: 0 };
  const sub = mqttUrl ? await mqtt.connectAsync(mqttUrl, { ...mqttOpts, clientId: 'soak-sub' }) : null;
  await sub?.subscribeAsync('soak/#', { qos: 1 });
  sub?.on('message', () => { c.mqttReceived++; });
  const pub = mqttUrl ? await mqtt.connectAsync(mqttUrl, { ...mqttOpts, clientId: 'soak-pub' }) : null;
  for (const m of [sub, pub]) m?.on('error', (e) => c.errors.push(`mqtt: ${e.message}`));
  await Promise.all([
    // AMQP churn: a connection a second declares, fills and drains a queue of its own, and goes
    loop(done, 1000, c.errors, 'amqp churn', async () => {
      const conn = await amqp.connect(amqpUrl);
      const ch = await conn.createConfirmChannel();
      const { queue } = await ch.assertQueue('', { exclusive: true });
      for (let i = 0; i < 100; i++) ch.sendToQueue(queue, Buffer.alloc(1024, i));
      await ch.waitForConfirms();
      for (let i = 0; i < 100; i++) if (!(await ch.get(queue, { noAck: true }))) throw new Error(`message ${i} missing`);
      await conn.close();
      c.amqpChurn++;
    }),
    // MQTT: QoS 1 publishes to a subscriber, and a short-lived client every two seconds
    loop(() => done() || !pub, 20, c.errors, 'mqtt publish', async () => { await pub!.publishAsync('soak/x', Buffer.alloc(256), { qos: 1 }); c.mqttSent++; }),
    loop(() => done() || !mqttUrl, 2000, c.errors, 'mqtt churn', async () => {
      const m = await mqtt.connectAsync(mqttUrl!, { ...mqttOpts, clientId: `soak-churn-${c.mqttSent}` });
      await m.publishAsync('soak/churn', 'hi', { qos: 1 });
      c.mqttSent++;
      await m.endAsync();
    }),
    // the management API, as a dashboard polls it
    loop(done, 500, c.errors, 'http', async () => {
      for (const path of ['/api/overview', '/api/queues', '/api/connections', '/api/exchanges']) {
        const r = await admin(t, 'GET', path);
        if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
        c.http++;
      }
    }),
  ]);
  await sleep(2000); // the last QoS 1 deliveries
  await pub?.endAsync();
  await sub?.endAsync();
  clearInterval(sampler);
  clearTimeout(firstMinute);
  const s = await sentinel.stop();
  heap[1] = await afterGc(t);
  return { c, rss, heap, sentinel: s };
}

function summary(minutes: number, r: Awaited<ReturnType<typeof soak>>): string {
  const { c, rss, heap, sentinel: s } = r;
  const f = (n: number): string => n.toFixed(1);
  const gc = (m: MemoryAfterGc | null): string => (m ? `${f(m.heap / 1048576)} + ${f(m.external / 1048576)}` : '?');
  const perMinute: string[] = [];
  for (let i = 0; i < rss.length; i += 60) perMinute.push(f(rss[i]));
  const half = rss.slice(Math.floor(rss.length / 2));
  // least-squares slope of the second half, MiB per minute
  const n = half.length;
  const mx = (n - 1) / 2;
  const my = half.reduce((a, b) => a + b, 0) / Math.max(1, n);
  let num = 0;
  let den = 0;
  half.forEach((y, x) => { num += (x - mx) * (y - my); den += (x - mx) ** 2; });
  const slope = den ? (num / den) * 60 : 0;
  return [
    `soak: ${minutes} minutes, ${rss.length} RSS samples (one a second)`,
    `amqp sentinel: ${s.published} published, ${s.confirmed} confirmed, ${s.received} received, ${s.lost} lost, latency p50 ${s.latencyMs.p50} ms p99 ${s.latencyMs.p99} ms max ${s.latencyMs.max} ms`,
    `amqp churn: ${c.amqpChurn} connections (100 confirmed messages each, all fetched back)`,
    `mqtt: ${c.mqttSent} QoS 1 publishes, ${c.mqttReceived} received by the soak/# subscriber`,
    `http: ${c.http} management API requests`,
    `errors: ${[...c.errors, ...s.errors].join('; ') || 'none'}`,
    `broker RSS MiB: first ${f(rss[0] ?? 0)}, min ${f(Math.min(...rss))}, max ${f(Math.max(...rss))}, last ${f(rss.at(-1) ?? 0)}; trend over the second half ${slope >= 0 ? '+' : ''}${slope.toFixed(2)} MiB/min`,
    `RSS at each minute: ${perMinute.join(' ')}`,
    `in use after a full GC, MiB (JS heap + outside it): after the first minute ${gc(heap[0])}, at the end ${gc(heap[1])}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (flag: string): string | undefined => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  if (argv.includes('--help')) {
    process.stdout.write('Usage: npm run soak -- [--minutes 30] [--url amqp://admin:pass@host:port --ui-url http://host:port [--mqtt-url mqtt://host:port] [--broker-pid PID]]\n');
    return;
  }
  const minutes = Number(opt('--minutes') ?? 30);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error('--minutes needs a positive number');
  const url = opt('--url');
  const own = url ? null : await ownBroker();
  const t = own ? own.targets : targetsFromUrls(url!, { uiUrl: opt('--ui-url'), mqttUrl: opt('--mqtt-url'), pid: opt('--broker-pid') ? Number(opt('--broker-pid')) : undefined });
  process.stdout.write(`warren soak: ${minutes} minutes of mixed load\n`);
  try {
    const r = await soak(t, minutes);
    process.stdout.write(`${summary(minutes, r)}\n`);
    process.exitCode = r.c.errors.length || r.sentinel.errors.length || r.sentinel.lost ? 1 : 0;
  } finally {
    await own?.warren.stop();
  }
}

main().catch((e: Error) => { process.stderr.write(`soak: ${e.message}\n`); process.exit(2); });
