// A large queue with a short x-message-ttl empties on time, and the broker keeps serving another
// connection meanwhile. LIFECYCLE_BIG_COUNT sets the number of messages (default 1,000,000; 200,000 against another broker).
import { describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { Inbox, channel, connect, within, type Channel, useSharedBroker } from './amqp-util';
import { count } from '../test-support/queues';
import { sleep } from '../test-support/wait';

// A million against Warren; the reference RabbitMQ is slower to fill, so 200,000 there.
const BIG_COUNT = Number(process.env.LIFECYCLE_BIG_COUNT ?? (process.env.WARREN_TEST_URL ? 200_000 : 1_000_000));
const TTL_MS = 1000;
const EMPTY_BOUND_MS = 15_000; // generous: after the last publish, TTL + this
const ROUNDTRIP_BOUND_MS = 1000;

const shared = useSharedBroker();

/** Publishes n 16-byte messages as fast as the socket takes them, honouring amqplib's backpressure. */
async function publishMany(ch: Channel, queue: string, n: number): Promise<void> {
  const body = Buffer.alloc(16, 0x61);
  for (let i = 0; i < n; i++) {
    if (!ch.sendToQueue(queue, body)) {
      await new Promise<void>((resolve) => ch.once('drain', () => resolve()));
    }
  }
}

describe(`a ${BIG_COUNT}-message queue with x-message-ttl ${TTL_MS}`, () => {
  it('empties within TTL + 15 s of the last publish, and a second connection round-trips in < 1 s throughout', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('big-ttl');
    await ch.assertQueue(q, { exclusive: true, arguments: { 'x-message-ttl': TTL_MS } });

    // the observer: its own connection, a publish → consume round trip repeated until the queue is empty
    const other = await connect(shared.broker.url);
    const och = await channel(other);
    const probeQueue = (await och.assertQueue('', { exclusive: true })).queue;
    const inbox = new Inbox();
    await och.consume(probeQueue, inbox.onMessage, { noAck: true });
    let stop = false;
    const roundtrips: number[] = [];
    const observer = (async () => {
      while (!stop) {
        const started = Date.now();
        och.sendToQueue(probeQueue, Buffer.from(`probe-${roundtrips.length}`));
        await inbox.waitFor(roundtrips.length + 1, 10_000);
        roundtrips.push(Date.now() - started);
        await sleep(50); // pacing of the observer only; it measures latency, not throughput
      }
    })();

    const t0 = Date.now();
    await publishMany(ch, q, BIG_COUNT);
    await ch.checkExchange('amq.direct'); // everything sent has been processed by the channel
    const published = Date.now();

    const deadline = published + TTL_MS + EMPTY_BOUND_MS;
    let remaining = -1;
    while (Date.now() <= deadline) {
      remaining = await count(ch, q);
      if (remaining === 0) break;
      await sleep(50); // time under test (TTL)
    }
    const emptied = Date.now();
    stop = true;
    await within(observer, 15_000, 'observer to finish');

    console.log(
      `[lifecycle-big-ttl] ${BIG_COUNT} msgs published in ${published - t0} ms; empty ${emptied - published} ms after the last publish; ` +
      `${roundtrips.length} roundtrips, max ${Math.max(...roundtrips)} ms`,
    );
    expect(remaining).toBe(0);
    expect(emptied - published).toBeLessThanOrEqual(TTL_MS + EMPTY_BOUND_MS);
    expect(roundtrips.length).toBeGreaterThan(0);
    expect(Math.max(...roundtrips)).toBeLessThan(ROUNDTRIP_BOUND_MS);
    expect(await ch.get(q, { noAck: true })).toBe(false);
    await other.close();
    await ch.close();
  }, 180_000);
});
