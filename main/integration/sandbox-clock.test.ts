// The sandbox clock with real clients (issue 15): a vhost at ×60, set over the management API,
// dead-letters a message with a 6 s TTL after ~100 ms and deletes an idle x-expires 60 s queue
// after ~1 s, while "/" at ×1 keeps real time; the scale survives a restart and travels in the
// exported definitions; a bad scale is refused. Warren only (RabbitMQ has no such clock).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/log';
import { startWarren, type RunningWarren } from '../server/warren';
import { useTempDirs } from '../test-support/tmp-dir';
import { closeAll, connect, Inbox, type ChannelModel } from './amqp-util';
import { pollUntil } from '../test-support/wait';
import { httpCall } from './management-support';

const newDir = useTempDirs('clock', { keep: 'file' });
const running: RunningWarren[] = [];
afterAll(async () => {
  await closeAll();
  for (const w of running) await w.stop();
});

interface Sandbox {
  warren: RunningWarren;
  call: (method: string, path: string, body?: unknown) => ReturnType<typeof httpCall>;
  amqp: (vhost: string) => Promise<ChannelModel>;
}

async function start(dir: string): Promise<Sandbox> {
  const warren = await startWarren({ hosts: ['127.0.0.1'], port: 0, log: createLogger('error'), dataDir: join(dir, 'data'), ui: { host: '127.0.0.1', port: 0, staticDir: dir, settingsDir: dir } });
  running.push(warren);
  const base = `http://127.0.0.1:${warren.ui!.port}`;
  const call: Sandbox['call'] = (method, path, body) => httpCall(base, method, path, { body, auth: ['guest', 'guest'] });
  const listeners = (await call('GET', '/api/overview')).json.listeners as Array<{ protocol: string; port: number }>;
  const port = listeners.find((l) => l.protocol === 'amqp')!.port;
  return { warren, call, amqp: (vhost) => connect(`amqp://guest:guest@127.0.0.1:${port}/${encodeURIComponent(vhost)}`) };
}

/** `work` dead-letters to `dlq` through the default exchange; a consumer on `dlq` notes arrivals. */
async function deadLetterPair(conn: ChannelModel): Promise<{ ch: Awaited<ReturnType<ChannelModel['createConfirmChannel']>>; inbox: Inbox; arrived: number[] }> {
  const ch = await conn.createConfirmChannel();
  await ch.assertQueue('dlq');
  await ch.assertQueue('work', { arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
  const inbox = new Inbox();
  const arrived: number[] = [];
  await ch.consume('dlq', (m) => { arrived.push(Date.now()); inbox.onMessage(m); }, { noAck: true });
  return { ch, inbox, arrived };
}

describe.skipIf(!!process.env.WARREN_TEST_MGMT_URL)('the sandbox clock', () => {
  it('at ×60 a 6 s TTL dead-letters after ~100 ms and an idle x-expires 60 s queue goes after ~1 s; "/" keeps real time', async () => {
    const s = await start(newDir());
    expect((await s.call('PUT', '/api/vhosts/lab', { warren_clock_scale: 60 })).status).toBe(201);
    expect((await s.call('GET', '/api/vhosts/lab')).json).toMatchObject({ warren_clock_scale: 60, metadata: { warren_clock_scale: 60 } });
    const lab = await deadLetterPair(await s.amqp('lab'));
    const root = await deadLetterPair(await s.amqp('/'));

    const sent = Date.now();
    lab.ch.sendToQueue('work', Buffer.from('fast'), { expiration: '6000' });
    root.ch.sendToQueue('work', Buffer.from('slow'), { expiration: '6000' });
    await Promise.all([lab.ch.waitForConfirms(), root.ch.waitForConfirms()]);
    await lab.inbox.waitFor(1, 3000);
    const took = lab.arrived[0] - sent;
    expect(took).toBeGreaterThanOrEqual(95); // 6000 / 60, less a timer's rounding
    expect(took).toBeLessThan(1500); // well before the 6 s of real time
    expect(lab.inbox.messages[0].properties.headers?.['x-death']?.[0]).toMatchObject({ reason: 'expired', queue: 'work', 'original-expiration': '6000' });
    expect((await root.ch.checkQueue('work')).messageCount).toBe(1); // "/" at ×1: still waiting

    const idle = Date.now();
    await lab.ch.assertQueue('idle', { arguments: { 'x-expires': 60_000 } });
    await root.ch.assertQueue('idle', { arguments: { 'x-expires': 60_000 } });
    // watched over the API: a passive declare would count as a use and restart the countdown
    await pollUntil(() => s.call('GET', '/api/queues/lab/idle'), (r) => r.status === 404, { what: "lab's idle queue to expire", ms: 4000 });
    const gone = Date.now() - idle;
    expect(gone).toBeGreaterThanOrEqual(950);
    expect(gone).toBeLessThan(3500);
    expect((await root.ch.checkQueue('idle')).messageCount).toBe(0); // "/"'s idle queue is still there
    expect((await root.ch.checkQueue('work')).messageCount).toBe(1);
    expect(root.inbox.messages).toEqual([]);
  });

  it('keeps the scale across a restart and in exported definitions; an import sets it', async () => {
    const dir = newDir();
    const first = await start(dir);
    expect((await first.call('PUT', '/api/vhosts/lab', { description: 'lessons', metadata: { warren_clock_scale: 10 } })).status).toBe(201);
    expect((await first.call('PUT', '/api/vhosts/lab', { description: 'still lessons' })).status).toBe(204); // absent: unchanged
    await first.warren.stop();

    const second = await start(dir);
    expect((await second.call('GET', '/api/vhosts/lab')).json).toMatchObject({ warren_clock_scale: 10 });
    expect((await second.call('GET', '/api/vhosts/%2F')).json).toMatchObject({ warren_clock_scale: 1 });
    const defs = (await second.call('GET', '/api/definitions')).json;
    expect(defs.vhosts).toEqual(expect.arrayContaining([{ name: '/' }, { name: 'lab', warren_clock_scale: 10 }]));
    // the restored vhost runs at its pace: a 1 s TTL dead-letters after ~100 ms
    const lab = await deadLetterPair(await second.amqp('lab'));
    const sent = Date.now();
    lab.ch.sendToQueue('work', Buffer.from('m'), { expiration: '1000' });
    await lab.inbox.waitFor(1, 3000);
    expect(lab.arrived[0] - sent).toBeLessThan(800);

    const imported = { vhosts: [{ name: 'fromfile', warren_clock_scale: 60 }] };
    expect((await second.call('POST', '/api/definitions', imported)).status).toBe(204);
    expect((await second.call('GET', '/api/vhosts/fromfile')).json).toMatchObject({ warren_clock_scale: 60 });
  });

  it('refuses a scale other than 1, 10 or 60 with a readable 400, changing nothing', async () => {
    const s = await start(newDir());
    for (const bad of [7, 0, 'fast', -60, 60.5]) {
      const r = await s.call('PUT', '/api/vhosts/lab', { warren_clock_scale: bad });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ error: 'bad_request', reason: expect.stringContaining('warren_clock_scale: clock scale must be 1, 10 or 60') });
    }
    expect((await s.call('GET', '/api/vhosts/lab')).status).toBe(404); // refused before creating it
    expect((await s.call('PUT', '/api/vhosts/lab', { warren_clock_scale: '60' })).status).toBe(201); // rabbitmqadmin sends strings
    const r = await s.call('POST', '/api/definitions', { vhosts: [{ name: 'badfile', warren_clock_scale: 2 }] });
    expect(r.status).toBe(400);
    expect(r.text).toContain('clock scale must be 1, 10 or 60, got 2');
  });
});
