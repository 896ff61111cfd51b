// MQTT scenarios: fan-in (many publishers → one wildcard subscriber) and fan-out (one publisher → many
// subscribers of one topic) at a steady state, and many idle connections. Like the AMQP throughput run:
// warm-up, measured window, then publishers stop, subscribers catch up and every sequence is checked.
import { MqttConnection } from '../mqtt-client';
import { FlowGate, MqttPublisher, MqttSubscriber } from '../mqtt-load';
import { PINGREQ } from '../mqtt-frames';
import { cpuSnap, cpuDelta, rssBytes } from '../proc-stats';
import { measureConnections, pool } from './connections';
import { sleep, type Metric, type RunContext, type RunOutput } from './types';

export interface MqttFlowSpec {
  publishers: number;
  subscribers: number;
  qos: 0 | 1;
  /** topic of publisher i */
  topic: (i: number) => string;
  /** every subscriber's filter */
  filter: string;
  /** QoS 1: PUBLISHes per publisher awaiting PUBACK */
  window?: number;
  /** deliveries in flight end to end, all publishers together (see FlowGate) */
  outstanding: number;
}

/** Client ids unique to this run, so that a leftover session of an earlier run is never taken over. */
const runTag = () => `bench-${process.pid}-${Date.now().toString(36)}`;

export async function runMqttFlow(ctx: RunContext, spec: MqttFlowSpec): Promise<RunOutput> {
  const notes: string[] = [];
  const tag = runTag();
  const subs: MqttSubscriber[] = [];
  const pubs: MqttPublisher[] = [];
  const gate = new FlowGate(spec.outstanding, spec.subscribers);
  const unstick = setInterval(() => gate.unstick(), 1000);
  try {
    await pool(Array.from({ length: spec.subscribers }), 20, async (_x, i) => {
      const c = await MqttConnection.open(ctx.target, { clientId: `${tag}-s${i}` });
      await c.subscribe(spec.filter, spec.qos);
      subs[i] = new MqttSubscriber(c, spec.publishers, gate);
    });
    await pool(Array.from({ length: spec.publishers }), 20, async (_x, i) => {
      const c = await MqttConnection.open(ctx.target, { clientId: `${tag}-p${i}`, readBuffer: 16 * 1024 });
      pubs[i] = new MqttPublisher(c, { topic: spec.topic(i), qos: spec.qos, index: i, window: spec.window, gate });
    });
    const received = () => subs.reduce((s, x) => s + x.received, 0);
    const published = () => pubs.reduce((s, x) => s + x.published, 0);
    const acked = () => pubs.reduce((s, x) => s + x.acked, 0);
    const fail = () => [...pubs, ...subs].find((x) => x.conn.error)?.conn.error ?? null;
    for (const p of pubs) p.start();

    await sleep(ctx.opts.warmupS * 1000);
    if (fail()) throw fail();
    const p0 = published(), a0 = acked(), r0 = received(), c0 = cpuSnap(ctx.brokerPids);
    await sleep(ctx.opts.durationS * 1000);
    const p1 = published(), a1 = acked(), r1 = received(), c1 = cpuSnap(ctx.brokerPids);
    const rss = ctx.brokerPid ? rssBytes(ctx.brokerPid) : null;
    if (fail()) throw fail();

    for (const p of pubs) p.stop();
    if (spec.qos) {
      const ok = await Promise.all(pubs.map((p) => p.waitSettled(60_000)));
      if (ok.includes(false)) notes.push(`only ${acked()}/${published()} PUBACKed after 60 s`);
    }
    // catch up: wait while the subscribers make progress (at QoS 0 a broker may drop, so less may come)
    const expectedEach = pubs.reduce((s, p) => s + p.published, 0);
    let last = -1, lastChange = performance.now();
    const quietMs = spec.qos ? 15_000 : 3_000;
    while (subs.some((s) => s.received < expectedEach) && !fail()) {
      const r = received();
      if (r !== last) { last = r; lastChange = performance.now(); }
      if (performance.now() - lastChange > quietMs) break;
      await sleep(50);
    }
    await sleep(300); // anything extra (duplicates) shows up now

    const d = cpuDelta(c0, c1);
    const problems: string[] = [];
    let lost = 0;
    subs.forEach((s, i) => {
      const tails = pubs.map((p, j) => s.missingTail(j, p.published));
      lost += s.gaps + tails.reduce((a, b) => a + b, 0);
      if (tails.some((t) => t < 0)) problems.push(`subscriber ${i}: sequence numbers beyond those published`);
      if (s.conn.error) problems.push(`subscriber ${i}: ${s.conn.error.message}`);
      if (s.duplicates) problems.push(`subscriber ${i}: ${s.duplicates} duplicate/out-of-order`);
      if (s.strangers) problems.push(`subscriber ${i}: ${s.strangers} messages from unknown publishers`);
      if (s.byQos[spec.qos] !== s.received) problems.push(`subscriber ${i}: ${s.received - s.byQos[spec.qos]} deliveries not at QoS ${spec.qos}`);
    });
    if (spec.qos && lost) problems.push(`${lost} QoS 1 messages lost`);
    for (const p of pubs) {
      if (p.conn.error) problems.push(`publisher ${p.spec.index}: ${p.conn.error.message}`);
      if (p.strayAcks) problems.push(`publisher ${p.spec.index}: ${p.strayAcks} PUBACKs for ids not in flight`);
    }
    if (gate.forgiven) notes.push(`the broker stalled with a full window: ${gate.forgiven} deliveries written off to go on`);
    const total = expectedEach * subs.length;
    const verified = problems.length === 0;
    const metrics: Metric[] = [
      { key: 'deliver', label: spec.subscribers > 1 ? 'delivered msg/s (all subscribers)' : 'consumed msg/s', value: (r1 - r0) / d.wall, unit: 'msg/s', better: 'higher' },
      { key: 'publish', label: 'published msg/s', value: (p1 - p0) / d.wall, unit: 'msg/s', better: 'higher' },
    ];
    if (spec.qos) metrics.push({ key: 'confirm', label: 'PUBACKed msg/s', value: (a1 - a0) / d.wall, unit: 'msg/s', better: 'higher' });
    else metrics.push({ key: 'lost', label: 'dropped by the broker (QoS 0)', value: total ? (100 * lost) / total : 0, unit: '%', better: 'lower' });
    metrics.push(
      { key: 'gen_cores', label: 'generator CPU', value: d.gen, unit: 'cores', better: 'none' },
      { key: 'broker_cores', label: 'broker CPU', value: d.broker, unit: 'cores', better: 'lower' },
      // what the broker does with the CPU it got: comparable even when other processes take some of the machine
      { key: 'per_core', label: 'deliveries per broker CPU-second', value: d.broker > 0 ? (r1 - r0) / d.wall / d.broker : NaN, unit: 'msg/s', better: 'higher' },
    );
    if (rss !== null) metrics.push({ key: 'rss', label: 'broker RSS', value: rss / 1048576, unit: 'MiB', better: 'lower' });
    const got = subs.reduce((s, x) => s + x.received, 0);
    return {
      metrics, cpu: d, verified, notes,
      verify: !verified ? problems.slice(0, 6).join('; ')
        : `ok: ${got} of ${total} deliveries (${spec.publishers} publishers, ${spec.subscribers} subscribers), each publisher's in order, none duplicated` +
          (lost ? `, ${lost} dropped (allowed at QoS 0)` : ', none lost'),
    };
  } finally {
    clearInterval(unstick);
    for (const p of pubs) p?.stop();
    await Promise.all([...pubs, ...subs].map((x) => x?.conn.close().catch(() => {})));
  }
}

/** Idle connections: CONNECT with keep-alive, then the broker's RSS per connection and the connect rate. */
export function runMqttIdle(ctx: RunContext): Promise<RunOutput> {
  const tag = runTag();
  const keepaliveS = 60;
  return measureConnections(ctx, {
    wanted: ctx.opts.mqttConnections, scenario: 'Scenario 14', noun: 'MQTT clients', handshake: 'CONNECT→CONNACK',
    what: `MQTT clients connected (keep-alive ${keepaliveS} s)`,
    // a read buffer of 64 bytes: 10,000 idle clients must not cost the generator 10,000 large buffers
    open: (i) => MqttConnection.open(ctx.target, { clientId: `${tag}-i${i}`, keepaliveS, timeoutMs: 15_000, readBuffer: 64 }),
    // keep-alive: a PINGREQ to every connection at half the interval (brokers close after 1.5×)
    hold: (conns) => {
      const t = setInterval(() => { for (const c of conns) if (c && !c.error) c.socket.write(PINGREQ); }, (keepaliveS / 2) * 1000);
      return () => clearInterval(t);
    },
  });
}
