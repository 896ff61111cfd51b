// The MQTT scenarios end to end against a real broker: Debian's mosquitto, started here on a free port with
// a throw-away configuration (skipped where it is not installed).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/tmp-dir';
import { until } from '../test-support/wait';
import { parseUrl } from './raw-client';
import { scenarios } from './scenarios/index';
import type { RunContext, RunOutput } from './scenarios/types';

const MOSQUITTO = '/usr/sbin/mosquitto';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

const accepts = (port: number): Promise<boolean> => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); }).on('error', () => resolve(false));
});

describe.skipIf(!existsSync(MOSQUITTO))('MQTT scenarios against mosquitto', () => {
  const tempDir = useTempDirs('mqtt-bench', { keep: 'file' });
  let broker: ChildProcess;
  let ctx: RunContext;

  beforeAll(async () => {
    const port = await freePort();
    const conf = join(tempDir(), 'mosquitto.conf');
    writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
    broker = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
    await until(() => accepts(port), { what: `mosquitto on ${port}`, ms: 10_000, stepMs: 50 });
    ctx = {
      target: parseUrl(`mqtt://127.0.0.1:${port}`), name: 'mosquitto', product: 'mosquitto',
      brokerPid: broker.pid!, brokerPids: [broker.pid!], log: () => {},
      opts: { warmupS: 0.3, durationS: 0.7, backlog: 0, connections: 0, connParallel: 20, mqttConnections: 200, latencyRate: 0 },
    };
  });

  afterAll(() => { broker?.kill(); });

  const run = (name: string): Promise<RunOutput> => scenarios.find((s) => s.name === name)!.run(ctx);
  const metric = (o: RunOutput, key: string) => o.metrics.find((m) => m.key === key)?.value;

  it('QoS 0 fan-in: 100 publishers reach the wildcard subscriber, every message counted and in order', async () => {
    const o = await run('mqtt-fanin-q0');
    expect(o.verify).toMatch(/^ok: (\d+) of \1 deliveries \(100 publishers, 1 subscribers\)/);
    expect(o.verified).toBe(true);
    expect(metric(o, 'deliver')).toBeGreaterThan(0);
    expect(metric(o, 'broker_cores')).toBeGreaterThan(0);
    expect(metric(o, 'lost')).toBe(0);
  }, 60_000);

  it('fan-out: each message reaches all 100 subscribers', async () => {
    const o = await run('mqtt-fanout');
    const m = o.verify.match(/^ok: (\d+) of (\d+) deliveries \(1 publishers, 100 subscribers\)/);
    expect(m, o.verify).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2]));
    expect(Number(m![2]) % 100).toBe(0);
  }, 60_000);

  it('idle connections: all connected, memory per connection measured', async () => {
    const o = await run('mqtt-idle');
    expect(o.verify).toMatch(/^ok: 200 MQTT clients connected \(keep-alive 60 s\)/);
    expect(metric(o, 'open_rate')).toBeGreaterThan(0);
    expect(metric(o, 'rss_per_conn')).toBeDefined();
  }, 60_000);

  it('npm run bench takes an mqtt:// target and skips the AMQP scenarios for it, saying so', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'main/perf/bench.ts', '--url', ctx.target.url, '--name', 'mosq',
      '--scenario', 'noack,mqtt-idle', '--mqtt-connections', '20', '--no-busy-check'], { timeout: 60_000 });
    expect(stdout).toContain('skipped for mosq (mqtt://): an AMQP scenario');
    expect(stdout).toMatch(/\[mosq\] #14 mqtt-idle r1: time to open 20 MQTT clients .* verified/);
    expect(stdout).toMatch(/\| 14 mqtt-idle \| broker RSS per connection ↓ \| [\d.]+ KiB \|/);
    expect(stdout).not.toContain('#1 noack r1');
  }, 90_000);
});
