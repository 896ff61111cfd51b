// Delayed messages across restarts: a durable x-delayed-message exchange keeps its persistent
// waiting messages in the store; after a restart they go at their due time, or at once if overdue;
// transient ones are gone, as are those of an exchange deleted before the restart.
import amqp from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from './harness';
import { drain } from '../test-support/queues';
import { useTempDirs } from '../test-support/tmp-dir';
import { Inbox } from './amqp-util';

const external = !!process.env.WARREN_TEST_URL;
const newDir = useTempDirs('delayed', { keep: 'file' });
const running: TestBroker[] = [];
async function start(dir: string): Promise<TestBroker> {
  const b = await startBroker(['--data-dir', dir]);
  running.push(b);
  return b;
}
afterAll(async () => {
  for (const b of running) await b.stop('SIGKILL');
});

async function open(b: TestBroker): Promise<{ conn: amqp.ChannelModel; ch: amqp.ConfirmChannel }> {
  const conn = await amqp.connect(b.url);
  conn.on('error', () => { /* a killed broker closes it */ });
  return { conn, ch: await conn.createConfirmChannel() };
}

/** Deliveries of `queue`, each with the wall-clock time it arrived (Date.now: across processes). */
async function arrivals(ch: amqp.Channel, queue: string): Promise<{ inbox: Inbox; at: Map<string, number> }> {
  const inbox = new Inbox();
  const at = new Map<string, number>();
  await ch.consume(queue, (m) => { if (m) at.set(m.content.toString(), Date.now()); inbox.onMessage(m); }, { noAck: true });
  return { inbox, at };
}

async function delayedTopology(ch: amqp.Channel): Promise<void> {
  await ch.assertExchange('later', 'x-delayed-message', { durable: true, arguments: { 'x-delayed-type': 'direct' } });
  await ch.assertQueue('due', { durable: true });
  await ch.bindQueue('due', 'later', 'k');
}

describe.skipIf(external)('x-delayed-message across a restart', () => {
  it('keeps persistent delayed messages of a durable exchange and delivers them at their due time; transient ones go', async () => {
    const dir = newDir();
    let broker = await start(dir);
    let { conn, ch } = await open(broker);
    await delayedTopology(ch);
    const sent = Date.now();
    ch.publish('later', 'k', Buffer.from('soon'), { persistent: true, headers: { 'x-delay': 2500 } });
    ch.publish('later', 'k', Buffer.from('transient'), { persistent: false, headers: { 'x-delay': 2500 } });
    ch.publish('later', 'k', Buffer.from('late'), { persistent: true, headers: { 'x-delay': 4500 } });
    await ch.waitForConfirms();
    await conn.close();
    expect(await broker.stop('SIGTERM')).toBe(0);
    expect(Date.now() - sent).toBeLessThan(2500); // restarted before they were due

    broker = await start(dir);
    ({ conn, ch } = await open(broker));
    expect((await ch.checkQueue('due')).messageCount).toBe(0);
    const { inbox, at } = await arrivals(ch, 'due');
    await inbox.waitFor(2, 10_000);
    expect(inbox.bodies()).toEqual(['soon', 'late']);
    expect(at.get('soon')! - sent).toBeGreaterThanOrEqual(2500);
    expect(at.get('late')! - sent).toBeGreaterThanOrEqual(4500);
    expect(at.get('late')! - sent).toBeLessThan(6500);
    await conn.close();
  });

  it('delivers at once a message that fell due while the broker was down (killed after the confirm)', async () => {
    const dir = newDir();
    let broker = await start(dir);
    let { conn, ch } = await open(broker);
    await delayedTopology(ch);
    ch.publish('later', 'k', Buffer.from('overdue'), { persistent: true, headers: { 'x-delay': 300 } });
    await ch.waitForConfirms();
    await broker.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 400)); // past its due time with no broker running

    broker = await start(dir);
    const started = Date.now();
    ({ conn, ch } = await open(broker));
    const { inbox } = await arrivals(ch, 'due');
    await inbox.waitFor(1, 3000);
    expect(inbox.bodies()).toEqual(['overdue']);
    expect(inbox.messages[0].properties.headers!['x-delay']).toBe(-300);
    expect(Date.now() - started).toBeLessThan(2500);
    await conn.close();
  });

  it('forgets the delayed messages of an exchange deleted before the restart', async () => {
    const dir = newDir();
    let broker = await start(dir);
    let { conn, ch } = await open(broker);
    await delayedTopology(ch);
    ch.publish('later', 'k', Buffer.from('dropped'), { persistent: true, headers: { 'x-delay': 200 } });
    await ch.waitForConfirms();
    await ch.deleteExchange('later');
    await conn.close();
    await broker.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));

    broker = await start(dir);
    ({ conn, ch } = await open(broker));
    await delayedTopology(ch);
    ch.publish('later', 'k', Buffer.from('fresh'), { persistent: true });
    await ch.waitForConfirms();
    expect((await drain(ch, 'due')).map((m) => m.content.toString())).toEqual(['fresh']);
    expect(broker.output()).not.toMatch(/delayed messages for exchange/);
    await conn.close();
  });
});
