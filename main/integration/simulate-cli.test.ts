// `warren simulate` against a running Warren: a simulated producer and a consumer that rejects
// every message, each its own named connection in the management API, dead-lettering into a DLQ
// until interrupted.
import amqp from 'amqplib';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seg, startManagement, type ManagementTarget } from './management-support';
import { uniqueName } from './harness';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let t: ManagementTarget;
beforeAll(async () => { t = await startManagement(); });
afterAll(async () => { await t?.stop(); });

async function until<T>(what: string, get: () => Promise<T | null>, ms = 15_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const v = await get();
    if (v !== null) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!!process.env.WARREN_TEST_MGMT_URL)('warren simulate', () => {
  it('runs a producer and a rejecting consumer until interrupted; the rejects dead-letter', async () => {
    const work = uniqueName('sim-work');
    const dead = uniqueName('sim-dead');
    const conn = await amqp.connect(t.amqpUrl());
    const ch = await conn.createChannel();
    await ch.assertQueue(dead);
    await ch.assertQueue(work, { arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dead } });
    await conn.close();
    const u = new URL(t.base);
    const url = `${u.protocol}//${t.admin[0]}:${t.admin[1]}@${u.host}`;
    const child = spawn(process.execPath, [cli, 'simulate', '--url', url, '--every', '1',
      '--producer', `exchange=,key=${work},rate=40,body=job {n}`, '--consumer', `queue=${work},prefetch=5,work=10-30ms,reject=1`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    try {
      await until('10 dead letters', async () => {
        const r = await t.call('GET', `/api/queues/%2F/${seg(dead)}`);
        return r.status === 200 && (r.json.messages as number) >= 10 ? true : null;
      });
      const names = ((await t.call('GET', '/api/connections')).json as Array<{ client_properties?: { connection_name?: string } }>).map((c) => c.client_properties?.connection_name);
      expect(names).toEqual(expect.arrayContaining(['simulated producer 1', 'simulated consumer 2']));
      const got = await (async () => { const c = await amqp.connect(t.amqpUrl()); const m = await (await c.createChannel()).get(dead, { noAck: true }); await c.close(); return m; })();
      if (!got) throw new Error('no dead letter to get');
      expect(got.content.toString()).toMatch(/^job \d+$/);
      expect((got.properties.headers?.['x-death'] as Array<{ reason: string }>)[0]!.reason).toBe('rejected');
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code, out).toBe(0);
    expect(out).toContain('started simulated producer 1');
    expect(out).toMatch(/simulated consumer 2 \((running|stopped)\): received \d+, acked 0, nacked 0, rejected [1-9]\d*/);
  });

  it('works as fast as the vhost\'s sandbox clock runs: 3 s of work per message take 50 ms at ×60', async () => {
    const vhost = uniqueName('sim-fast');
    const queue = 'jobs';
    expect((await t.call('PUT', `/api/vhosts/${seg(vhost)}`, { body: { warren_clock_scale: 60 } })).status).toBe(201);
    const conn = await amqp.connect(t.amqpUrl(vhost));
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue(queue);
    for (let i = 0; i < 20; i++) ch.sendToQueue(queue, Buffer.from(`job ${i}`));
    await ch.waitForConfirms();
    await conn.close();
    const u = new URL(t.base);
    const child = spawn(process.execPath, [cli, 'simulate', '--url', `${u.protocol}//${t.admin[0]}:${t.admin[1]}@${u.host}`, '--vhost', vhost, '--every', '1',
      '--consumer', `queue=${queue},prefetch=1,work=3000ms`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    try {
      // 20 messages of 3 s each: a minute in real time, a second at ×60
      await until('the 20 jobs worked through', async () => {
        const r = await t.call('GET', `/api/queues/${seg(vhost)}/${queue}`);
        return r.status === 200 && r.json.messages === 0 ? true : null;
      }, 15_000).catch((e) => { throw new Error(`${(e as Error).message}; it printed:\n${out}`); });
    } finally {
      child.kill('SIGINT');
    }
    expect(await new Promise<number | null>((r) => child.on('exit', r)), out).toBe(0);
    expect(out).toContain(`vhost ${vhost} runs its clock ×60: consumers' work times run 60 times faster`);
  });

  it('a bad spec is one line and exit code 1', async () => {
    const child = spawn(process.execPath, [cli, 'simulate', '--consumer', 'prefetch=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect([code, err.trim()]).toEqual([1, 'warren: --consumer needs queue=NAME']);
  });
});
