// The scenario list. Numbers and names are accepted by --scenario.
import { runThroughput } from './throughput';
import { runLatency } from './latency';
import { runBacklog } from './backlog';
import { runConnections } from './connections';
import { topicWorkload, topicExpected } from './topic';
import { uiWsSideLoad } from './ui-ws';
import { runMqttFlow, runMqttIdle } from './mqtt';
import type { RunContext, RunOutput, Scenario } from './types';

const single = (q: string) => ({ queues: [{ name: q }] });

function scenario1(ctx: RunContext, queue: string, extraNote?: string | null, sideLoad?: Parameters<typeof runThroughput>[1]['sideLoad']): Promise<RunOutput> {
  return runThroughput(ctx, {
    topology: single(queue),
    templates: [{ exchange: '', routingKey: queue }],
    bodySize: 16,
    consumers: [{ queue, ackEvery: 0 }],
    strictOrder: true,
    expected: (p) => [p.published],
    sideLoad: sideLoad ?? undefined,
  }).then((r) => (extraNote ? { ...r, notes: [extraNote, ...r.notes] } : r));
}

export const scenarios: Scenario[] = [
  {
    id: 1, name: 'noack', title: '1 publisher → 1 queue → 1 consumer, 16 B, no-ack',
    run: (ctx) => scenario1(ctx, 'bench-s1'),
  },
  {
    id: 2, name: 'ack', title: 'same, manual acks (multiple every 50), prefetch 500',
    run: (ctx) => runThroughput(ctx, {
      topology: single('bench-s2'),
      templates: [{ exchange: '', routingKey: 'bench-s2' }],
      bodySize: 16,
      consumers: [{ queue: 'bench-s2', ackEvery: 50, prefetch: 500 }],
      strictOrder: true,
      expected: (p) => [p.published],
    }),
  },
  {
    id: 3, name: 'confirm', title: 'durable queue, persistent, confirms (window 1000), manual acks',
    run: (ctx) => runThroughput(ctx, {
      topology: { queues: [{ name: 'bench-s3', durable: true }] },
      templates: [{ exchange: '', routingKey: 'bench-s3' }],
      bodySize: 16,
      persistent: true,
      confirmWindow: 1000,
      consumers: [{ queue: 'bench-s3', ackEvery: 50, prefetch: 500 }],
      strictOrder: true,
      expected: (p) => [p.published],
    }),
  },
  {
    id: 4, name: 'fanout', title: 'fanout to 8 queues, one consumer each, no-ack',
    run: (ctx) => {
      const qs = Array.from({ length: 8 }, (_, i) => `bench-fanout-q${i}`);
      return runThroughput(ctx, {
        topology: {
          queues: qs.map((name) => ({ name })),
          exchanges: [{ name: 'bench-fanout', type: 'fanout' }],
          bindings: qs.map((queue) => ({ queue, exchange: 'bench-fanout', key: '' })),
        },
        templates: [{ exchange: 'bench-fanout', routingKey: '' }],
        bodySize: 16,
        consumers: qs.map((queue) => ({ queue, ackEvery: 0 })),
        strictOrder: true,
        expected: (p) => qs.map(() => p.published),
      });
    },
  },
  {
    id: 5, name: 'topic', title: 'topic exchange, 2,000 bindings (exact/*/#), 1,000 random keys, 8 queues, no-ack',
    run: (ctx) => {
      const w = topicWorkload();
      return runThroughput(ctx, {
        topology: {
          queues: w.queues.map((name) => ({ name })),
          exchanges: [{ name: 'bench-topic', type: 'topic' }],
          bindings: w.bindings.map((b) => ({ queue: b.queue, exchange: 'bench-topic', key: b.key })),
        },
        templates: w.keys.map((routingKey) => ({ exchange: 'bench-topic', routingKey })),
        pick: w.pick,
        bodySize: 16,
        consumers: w.queues.map((queue) => ({ queue, ackEvery: 0 })),
        strictOrder: false,
        expected: (p) => topicExpected(w, p.perTemplate),
      });
    },
  },
  { id: 6, name: 'latency', title: 'latency at a fixed rate (default 2,000 msg/s)', run: runLatency },
  { id: 7, name: 'backlog', title: 'backlog of 100 B messages (confirms), memory per message, drain rate', run: runBacklog },
  { id: 8, name: 'connections', title: 'many connections (default 2,000), one channel each', run: runConnections },
  {
    id: 9, name: 'large', title: '1 MiB bodies, 1 → 1 → 1, no-ack',
    run: (ctx) => runThroughput(ctx, {
      topology: single('bench-s9'),
      templates: [{ exchange: '', routingKey: 'bench-s9' }],
      bodySize: 1024 * 1024,
      consumers: [{ queue: 'bench-s9', ackEvery: 0 }],
      strictOrder: true,
      expected: (p) => [p.published],
      bytesMetric: true,
    }),
  },
  {
    id: 10, name: 'ui', title: 'scenario 1 with a UI event-stream subscriber attached (Warren only)',
    run: (ctx) => {
      const { hook, note } = uiWsSideLoad(ctx);
      if (note) ctx.log(`  NOTE: ${note}`);
      return scenario1(ctx, 'bench-s10', note, hook ?? undefined);
    },
  },
  {
    id: 11, name: 'mqtt-fanin-q0', protocol: 'mqtt', title: 'MQTT QoS 0 fan-in: 100 publishers → 1 subscriber on bench/fanin/+, 16 B',
    run: (ctx) => runMqttFlow(ctx, { publishers: 100, subscribers: 1, qos: 0, topic: (i) => `bench/fanin/${i}`, filter: 'bench/fanin/+', outstanding: 10_000 }),
  },
  {
    id: 12, name: 'mqtt-fanin-q1', protocol: 'mqtt', title: 'same at QoS 1: 100 PUBACK windows of 10, subscriber PUBACKs each',
    run: (ctx) => runMqttFlow(ctx, { publishers: 100, subscribers: 1, qos: 1, window: 10, topic: (i) => `bench/fanin/${i}`, filter: 'bench/fanin/+', outstanding: 1000 }),
  },
  {
    id: 13, name: 'mqtt-fanout', protocol: 'mqtt', title: 'MQTT QoS 0 fan-out: 1 publisher → 100 subscribers of bench/fanout, 16 B',
    run: (ctx) => runMqttFlow(ctx, { publishers: 1, subscribers: 100, qos: 0, topic: () => 'bench/fanout', filter: 'bench/fanout', outstanding: 10_000 }),
  },
  { id: 14, name: 'mqtt-idle', protocol: 'mqtt', title: 'idle MQTT connections (default 10,000), keep-alive 60 s', run: runMqttIdle },
];

/** Resolves "1,3", "noack", "all" (repeatable) into scenarios, in id order. */
export function selectScenarios(specs: string[]): Scenario[] {
  if (specs.length === 0 || specs.includes('all')) return scenarios;
  const picked = new Set<Scenario>();
  for (const s of specs.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)) {
    const range = s.match(/^(\d+)-(\d+)$/);
    const found = range
      ? scenarios.filter((sc) => sc.id >= Number(range[1]) && sc.id <= Number(range[2]))
      : scenarios.filter((sc) => String(sc.id) === s || sc.name === s);
    if (found.length === 0) throw new Error(`unknown scenario '${s}'; known: ${scenarios.map((x) => `${x.id}/${x.name}`).join(', ')}`);
    for (const f of found) picked.add(f);
  }
  return scenarios.filter((s) => picked.has(s));
}
