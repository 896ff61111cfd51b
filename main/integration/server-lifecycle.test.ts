// The headless broker as an operator sees it: shutdown closes clients with 320, a busy port is a
// one-line error, missed heartbeats end a connection, and a consumer that stops reading its socket
// stops receiving instead of making the broker buffer without bound.
import amqp from 'amqplib';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startBroker } from './harness';
import { pollUntil } from '../test-support/wait';
import { RawConnection } from './amqp-raw';

const external = !!process.env.WARREN_TEST_URL;
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const warrenCommand = fileURLToPath(new URL('../../bin/warren.js', import.meta.url));

describe.skipIf(external)('warren serve', () => {
  it('on SIGTERM closes every client with 320 CONNECTION_FORCED and exits 0', async () => {
    const broker = await startBroker();
    const conn = await amqp.connect(broker.url);
    // amqplib reports a server-sent close as the 'close' event's error
    const closed = new Promise<Error>((resolve) => conn.on('close', (e: Error) => resolve(e)));
    conn.on('error', () => {});
    expect(await broker.stop('SIGTERM')).toBe(0);
    const err = await closed;
    expect(err.message).toMatch(/320 \(CONNECTION-FORCED\)/);
    expect(err.message).toMatch(/CONNECTION_FORCED - broker shutdown/);
  });

  it('refuses a port in use with one clear line and exit code 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const child = spawn(process.execPath, [cli, 'serve', '--port', String(port), '--host', '127.0.0.1', '--in-memory', '--no-ui', '--no-prometheus', '--no-mqtt'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    blocker.close();
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
  });
});

describe.skipIf(external || process.platform !== 'linux')('the warren command', () => {
  it('runs the broker in a Node process with the broker\'s V8 flags, and stops it cleanly on Ctrl-C', async () => {
    const { BROKER_NODE_FLAGS } = await import('../../bin/broker-process.js');
    const wrapper = spawn(process.execPath, [warrenCommand, 'serve', '--port', '0', '--host', '127.0.0.1', '--in-memory', '--no-ui', '--no-prometheus', '--no-mqtt'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      wrapper.stdout.on('data', (d) => { out += d; if (/Warren ready: AMQP 0-9-1 on amqp:\/\/127\.0\.0\.1:(\d+)/.test(out)) resolve(); });
      wrapper.on('exit', (code) => reject(new Error(`warren serve exited (${code}) before it was ready: ${out}`)));
    });
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)![1]);
    const conn = await amqp.connect(`amqp://127.0.0.1:${port}`);
    const closed = new Promise<Error>((resolve) => conn.on('close', (e: Error) => resolve(e)));
    conn.on('error', () => {});
    // the broker is the wrapper's child, started with the flags
    const children = readFileSync(`/proc/${wrapper.pid}/task/${wrapper.pid}/children`, 'utf8').trim().split(/\s+/);
    expect(children).toHaveLength(1);
    const argv = readFileSync(`/proc/${children[0]}/cmdline`, 'utf8').split('\0');
    for (const flag of BROKER_NODE_FLAGS) expect(argv).toContain(flag);
    wrapper.kill('SIGINT');
    expect(await new Promise<number | null>((r) => wrapper.on('close', r))).toBe(0);
    expect((await closed).message).toMatch(/320 \(CONNECTION-FORCED\)/);
  });
});

describe.skipIf(external)('connections', () => {
  it('closes a connection whose client misses two heartbeat intervals', async () => {
    const broker = await startBroker();
    const raw = await RawConnection.open(broker.port, '127.0.0.1', { heartbeat: 1 });
    // The raw client never sends heartbeats: the broker gives up after about two seconds.
    const t0 = Date.now();
    await raw.waitClosed(6000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    await broker.stop();
  });

  it('stops delivering to a consumer whose socket is backed up, keeping the rest queued', async () => {
    const broker = await startBroker();
    const conn = await amqp.connect(broker.url);
    const ch = await conn.createChannel();
    const q = (await ch.assertQueue('', { exclusive: false, autoDelete: false })).queue;
    // A consumer that never reads: its socket's buffers fill, and the broker must stop there.
    const slow = await RawConnection.open(broker.port, '127.0.0.1', { heartbeat: 0 });
    await slow.openChannel(1);
    slow.consume(1, q, true);
    await slow.expectMethod(60, 21); // basic.consume-ok: the consumer is registered
    slow.pauseReading();
    const body = Buffer.alloc(64 * 1024, 1);
    for (let i = 0; i < 800; i++) ch.sendToQueue(q, body); // 50 MiB
    const after = await ch.checkQueue(q); // on the publishing channel: every publish has been routed
    expect(after.consumerCount).toBe(1);
    // The broker delivers to the consumer until its socket backs up (no-ack: delivered messages
    // leave the queue) ...
    const ready = await pollUntil(() => ch.checkQueue(q).then((r) => r.messageCount), (n) => n < 800, { what: 'deliveries to the consumer' });
    // ... and then stops: most of the 50 MiB is still in the queue, not pushed at a socket that cannot take it.
    expect(ready).toBeGreaterThan(500);
    expect((await ch.checkQueue(q)).messageCount).toBeGreaterThan(500);
    slow.destroy();
    await conn.close();
    await broker.stop();
  });
});
