// Resource alarms: with a memory limit the broker is already above, a connection that publishes
// is told connection.blocked and no longer read, while a consumer-only connection keeps working.
import amqp from 'amqplib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { waitForCount } from '../test-support/queues';
import { sleep, within } from '../test-support/wait';

const external = !!process.env.WARREN_TEST_URL;

/**
 * A blocked connection is not read: `probe`, a round trip sent on it after a publish, stays
 * unanswered while another connection makes many round trips to the broker, and the queue still
 * holds `count` messages (the publish behind the probe never arrived).
 */
async function expectNotRead(probe: Promise<unknown>, other: amqp.Channel, queue: string, count: number): Promise<void> {
  let answered = false;
  probe.then(() => { answered = true; }, () => { answered = true; });
  for (let i = 0; i < 50; i++) {
    expect((await other.checkQueue(queue)).messageCount, 'messages in the queue').toBe(count);
    expect(answered, 'the blocked connection was read').toBe(false);
  }
}

describe.skipIf(external)('memory alarm (Warren only: the limit is a command-line option)', () => {
  let broker: TestBroker;
  beforeAll(async () => { broker = await startBroker(['--max-memory', '1MB']); });
  afterAll(async () => { await broker.stop(); });

  it('blocks a publishing connection and keeps consumers draining', async () => {
    const queue = uniqueName('alarm');
    const consumerConn = await amqp.connect(broker.url);
    const cch = await consumerConn.createChannel();
    await cch.assertQueue(queue);

    const pub = await amqp.connect(broker.url);
    const blocked = new Promise<string>((resolve) => pub.on('blocked', (reason: string) => resolve(reason)));
    const pch = await pub.createChannel();
    pch.publish('', queue, Buffer.from('first'));
    expect(await blocked).toBe('low on memory');

    // The publisher's later messages are not read; the consumer connection is still served.
    pch.publish('', queue, Buffer.from('second'));
    await expectNotRead(pch.checkQueue(queue), cch, queue, 1);
    const got = await cch.get(queue, { noAck: true });
    expect(got && got.content.toString()).toBe('first');

    await consumerConn.close();
    (pub as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  });
});

describe.skipIf(external)('alarm clearing (in-process broker, alarm toggled directly)', () => {
  it('sends connection.unblocked and reads the publisher again when the alarm clears', async () => {
    const { startWarren } = await import('../server/warren');
    const { createLogger } = await import('../server/log');
    const warren = await startWarren({ hosts: ['127.0.0.1'], port: 0, log: createLogger('error'), dataDir: null, ui: null });
    try {
      const url = `amqp://guest:guest@127.0.0.1:${warren.amqp.port}`;
      const conn = await amqp.connect(url);
      const ch = await conn.createChannel();
      const queue = uniqueName('unblock');
      await ch.assertQueue(queue);
      ch.sendToQueue(queue, Buffer.from('before'));
      await ch.checkQueue(queue);
      const blocked = new Promise<string>((r) => conn.on('blocked', (reason: string) => r(reason)));
      warren.broker.alarms.set('disk', true, 'low on disk');
      expect(await blocked).toBe('low on disk');
      ch.sendToQueue(queue, Buffer.from('while blocked')); // held in the socket, not read
      const probe = ch.checkQueue(queue);
      const other = await amqp.connect(url);
      await expectNotRead(probe, await other.createChannel(), queue, 1);
      const unblocked = new Promise<void>((r) => conn.on('unblocked', () => r()));
      warren.broker.alarms.set('disk', false, '');
      await unblocked;
      // Read again: the probe sent after the held message is answered, and the message is there.
      await within(probe, 5000, 'the publisher to be read again');
      await waitForCount(ch, queue, 2);
      await other.close();
      await conn.close();
    } finally {
      await warren.stop();
    }
  });
});

describe.skipIf(external)('publisher flood', () => {
  it('keeps the broker within its memory limit by blocking the publisher', async () => {
    const broker = await startBroker(['--max-memory', '300MB']);
    try {
      const conn = await amqp.connect(broker.url);
      conn.on('error', () => {});
      const ch = await conn.createChannel();
      const queue = uniqueName('flood');
      await ch.assertQueue(queue);
      const blocked = new Promise<void>((r) => conn.on('blocked', () => r()));
      const body = Buffer.alloc(256 * 1024, 7);
      // 1 GiB offered, far past the limit; the client buffers what the broker will not read.
      for (let i = 0; i < 4096; i++) ch.sendToQueue(queue, body);
      await blocked;
      await sleep(1000); // time under test: the flood keeps pushing meanwhile
      const status = readFileSync(`/proc/${broker.process!.pid}/status`, 'utf8');
      const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
      expect(rssKiB * 1024).toBeLessThan(450 * 1024 * 1024);
      expect(broker.process!.exitCode).toBeNull();
      (conn as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    } finally {
      await broker.stop();
    }
  }, 30_000);
});
