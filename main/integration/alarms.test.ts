// Resource alarms: with a memory limit the broker is already above, a connection that publishes
// is told connection.blocked and no longer read, while a consumer-only connection keeps working.
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';

const external = !!process.env.WARREN_TEST_URL;

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
    const declared = await cch.checkQueue(queue);
    expect(declared.queue).toBe(queue);
    const got = await cch.get(queue, { noAck: true });
    expect(got && got.content.toString()).toBe('first');

    await consumerConn.close();
    (pub as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  });
});
