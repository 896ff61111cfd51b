// Prometheus metrics as rabbitmq_prometheus names them (its aggregated set), scraped from a real
// `warren serve` while a real client publishes, acks and holds messages.
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { until } from '../test-support/wait';

let w: WarrenProcess;
let metricsUrl: string;

beforeAll(async () => {
  w = await spawnWarren(['--port', '0', '--in-memory', '--no-ui', '--host', '127.0.0.1', '--prometheus-port', '0', '--log-level', 'warn']);
  metricsUrl = await until(() => /Warren metrics: (http:\/\/\S+)/.exec(w.output())?.[1], { what: 'the metrics line' });
});
afterAll(async () => { await w?.stop(); });

/** One scrape, as name -> value, with each metric's declared type. */
async function scrape(): Promise<{ values: Map<string, number>; types: Map<string, string> }> {
  const r = await fetch(metricsUrl);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const values = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of (await r.text()).split('\n')) {
    const t = /^# TYPE (\S+) (gauge|counter)$/.exec(line);
    if (t) types.set(t[1], t[2]);
    const m = /^(rabbitmq_[a-z_]+) (\d+(?:\.\d+)?)$/.exec(line);
    if (m) values.set(m[1], Number(m[2]));
  }
  return { values, types };
}

describe('Prometheus metrics', () => {
  it("count what clients do, in rabbitmq_prometheus's names", async () => {
    const conn = await amqp.connect(`amqp://guest:guest@127.0.0.1:${w.amqpPort}`);
    try {
      const ch = await conn.createConfirmChannel();
      const { queue } = await ch.assertQueue('', { exclusive: true });
      for (let i = 0; i < 4; i++) ch.sendToQueue(queue, Buffer.from(`m${i}`));
      await ch.waitForConfirms();
      const got = await ch.get(queue, { noAck: false });
      expect(got).not.toBe(false);
      ch.ack(got as amqp.GetMessage);
      const held = await ch.get(queue, { noAck: false }); // delivered, not acked
      expect(held).not.toBe(false);
      await until(async () => ((await scrape()).values.get('rabbitmq_global_messages_acknowledged_total') ?? 0) >= 1, { what: 'the ack counted' });
      const { values, types } = await scrape();
      expect(values.get('rabbitmq_connections')).toBe(1);
      expect(values.get('rabbitmq_channels')).toBe(1);
      expect(values.get('rabbitmq_queues')).toBe(1);
      expect(values.get('rabbitmq_queue_messages_ready')).toBe(2);
      expect(values.get('rabbitmq_queue_messages_unacked')).toBe(1);
      expect(values.get('rabbitmq_queue_messages')).toBe(3);
      expect(values.get('rabbitmq_global_messages_received_total')).toBe(4);
      expect(values.get('rabbitmq_global_messages_confirmed_total')).toBe(4);
      expect(values.get('rabbitmq_global_messages_delivered_get_manual_ack_total')).toBe(2);
      expect(values.get('rabbitmq_global_messages_acknowledged_total')).toBe(1);
      expect(values.get('rabbitmq_alarms_memory_used_watermark')).toBe(0);
      expect(values.get('rabbitmq_process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
      expect(types.get('rabbitmq_queue_messages_ready')).toBe('gauge');
      expect(types.get('rabbitmq_global_messages_received_total')).toBe('counter');
    } finally {
      await conn.close();
    }
    await until(async () => (await scrape()).values.get('rabbitmq_connections') === 0, { what: 'the closed connection gone' });
  });

  it('answers GET /metrics only', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);
  });
});
