// Moving dead letters back where they came from, as the window does on a remote broker
// (main/remote/dead-letter-return.ts, over AMQP with publisher confirms), against a real RabbitMQ
// and against Warren through the same code: 200 messages rejected into a DLQ from two source
// exchanges all go home, none lost and none doubled, counted by message id across every queue;
// cut the AMQP connection mid-move (DELETE /api/connections/{name}) and still none is lost.
import type { GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { returnDeadLetters } from '../remote/dead-letter-return';
import { drain, waitForCount } from '../test-support/queues';
import { pollUntil } from '../test-support/wait';
import { channel, closeAll, connect, type Channel } from './amqp-util';
import { uniqueName } from './harness';
import type { ManagementTarget } from './management-support';
import { amqpBase, ownVhost, REMOTE_BROKERS, START_TIMEOUT_MS } from './remote-support';

const PER_SOURCE = 100;
const QUEUES = ['work-a', 'work-b', 'dlq'];

/** Two sources (direct src-a -> work-a, topic src-b -> work-b), both dead-lettering into dlq
 *  through the fanout dlx; PER_SOURCE messages each, all rejected into dlq. */
async function deadLetters(ch: Channel): Promise<void> {
  await ch.assertExchange('dlx', 'fanout', { durable: false });
  await ch.assertQueue('dlq', { durable: false });
  await ch.bindQueue('dlq', 'dlx', '');
  await ch.assertExchange('src-a', 'direct', { durable: false });
  await ch.assertExchange('src-b', 'topic', { durable: false });
  for (const [q, x, key] of [['work-a', 'src-a', 'a'], ['work-b', 'src-b', 'b.#']]) {
    await ch.assertQueue(q, { durable: false, arguments: { 'x-dead-letter-exchange': 'dlx' } });
    await ch.bindQueue(q, x, key);
  }
  for (let i = 0; i < PER_SOURCE; i++) {
    ch.publish('src-a', 'a', Buffer.from(`a${i}`), { messageId: `a-${i}`, headers: { n: i, big: 2 ** 40, half: 0.5 } });
    ch.publish('src-b', 'b.x', Buffer.from(`b${i}`), { messageId: `b-${i}`, contentType: 'text/plain' });
  }
  await waitForCount(ch, 'work-a', PER_SOURCE);
  await waitForCount(ch, 'work-b', PER_SOURCE);
  for (const q of ['work-a', 'work-b']) for (let i = 0; i < PER_SOURCE; i++) await rejectOne(ch, q);
  await waitForCount(ch, 'dlq', 2 * PER_SOURCE, 10_000);
}

/** takes one message from a queue and rejects it (into its dead-letter exchange) */
async function rejectOne(ch: Channel, queue: string): Promise<void> {
  const m = await pollUntil(() => ch.get(queue, { noAck: false }), (x) => x !== false, { what: `a message in ${queue}` });
  ch.reject(m as GetMessage, false);
}

/** every message of every queue, by id (taken out) */
async function everything(ch: Channel): Promise<Map<string, GetMessage[]>> {
  const byQueue = new Map<string, GetMessage[]>();
  for (const q of QUEUES) byQueue.set(q, await drain(ch, q));
  return byQueue;
}

const ids = (ms: GetMessage[]): string[] => ms.map((m) => String(m.properties.messageId));
const allIds = (): string[] => [...Array(PER_SOURCE).keys()].flatMap((i) => [`a-${i}`, `b-${i}`]).sort();

describe.each(REMOTE_BROKERS)('returning dead letters on $name', ({ start }) => {
  let t: ManagementTarget;
  beforeAll(async () => { t = await start(); }, START_TIMEOUT_MS);
  afterAll(async () => {
    await closeAll();
    await t.stop();
  });

  async function setUp(): Promise<{ vhost: string; ch: Channel }> {
    const vhost = uniqueName('amqpremote-dl');
    await ownVhost(t, vhost);
    const ch = await channel(await connect(t.amqpUrl(vhost), { noDelay: true }));
    await deadLetters(ch);
    return { vhost, ch };
  }

  const request = (vhost: string, max: number) => ({ amqpUrl: amqpBase(t), user: t.admin[0], password: t.admin[1], vhost, queue: 'dlq', max });

  it('moves all 200 back to their first exchanges with x-death kept; the ones it cannot place stay, at the head', async () => {
    const { vhost, ch } = await setUp();
    // no x-death: nowhere to go; a dead letter whose exchange is gone: refused (404); one with a
    // header the client cannot send unchanged (a fraction beyond a 32-bit float): left alone
    ch.publish('', 'dlq', Buffer.from('stray'), { messageId: 'stray' });
    await ch.assertExchange('src-gone', 'direct', { durable: false });
    await ch.assertQueue('work-gone', { durable: false, arguments: { 'x-dead-letter-exchange': 'dlx' } });
    await ch.bindQueue('work-gone', 'src-gone', 'g');
    ch.publish('src-gone', 'g', Buffer.from('orphan'), { messageId: 'orphan' });
    await rejectOne(ch, 'work-gone');
    ch.publish('src-a', 'a', Buffer.from('tenth'), { messageId: 'tenth', headers: { price: 0.1 } });
    await rejectOne(ch, 'work-a');
    await waitForCount(ch, 'dlq', 2 * PER_SOURCE + 3);
    await ch.deleteExchange('src-gone');

    const r = await returnDeadLetters(request(vhost, 1000));
    expect(r).toEqual({ moved: 2 * PER_SOURCE, skipped: 3, failed: 0 });

    const all = await everything(ch);
    expect(ids(all.get('work-a')!).sort()).toEqual(allIds().filter((i) => i.startsWith('a-')));
    expect(ids(all.get('work-b')!).sort()).toEqual(allIds().filter((i) => i.startsWith('b-')));
    // the three it could not place, in their order, 'tenth' as it was
    expect(ids(all.get('dlq')!)).toEqual(['stray', 'orphan', 'tenth']);
    expect(all.get('dlq')![2].properties.headers!.price).toBe(0.1);
    // properties, headers and body as they were, x-death included
    const a7 = all.get('work-a')!.find((m) => m.properties.messageId === 'a-7')!;
    expect(a7.content.toString()).toBe('a7');
    expect(a7.properties.headers).toMatchObject({ n: 7, big: 2 ** 40, half: 0.5, 'x-first-death-exchange': 'src-a', 'x-first-death-queue': 'work-a', 'x-first-death-reason': 'rejected' });
    expect(a7.properties.headers!['x-death']).toMatchObject([{ exchange: 'src-a', queue: 'work-a', reason: 'rejected', 'routing-keys': ['a'] }]);
    expect(all.get('work-b')!.find((m) => m.properties.messageId === 'b-3')!.properties.contentType).toBe('text/plain');
  });

  it('looks at no more than max messages', async () => {
    const { vhost, ch } = await setUp();
    expect(await returnDeadLetters(request(vhost, 30))).toEqual({ moved: 30, skipped: 0, failed: 0 });
    const all = await everything(ch);
    expect(all.get('dlq')!.length).toBe(2 * PER_SOURCE - 30);
    expect([...all.values()].flatMap(ids).sort()).toEqual(allIds());
  });

  it('cut off mid-move by the broker closing its connection: nothing lost, then the rest moves', async () => {
    const { vhost, ch } = await setUp();
    const cut = async (moved: number): Promise<void> => {
      if (moved !== 50) return;
      const ours = await pollUntil(async () => (await t.call('GET', `/api/connections`)).json as Array<{ name: string; client_properties: { connection_name?: string } }>,
        (cs) => cs.some((c) => /returning dead letters/.test(c.client_properties.connection_name ?? '')), { what: 'the mover in /api/connections' });
      const c = ours.find((x) => /returning dead letters/.test(x.client_properties.connection_name ?? ''))!;
      expect((await t.call('DELETE', `/api/connections/${encodeURIComponent(c.name)}`)).status).toBe(204);
    };
    const r = await returnDeadLetters({ ...request(vhost, 1000), onMoved: cut });
    // the broker may still take a message or two between the DELETE's answer and the close
    expect(r.moved).toBeGreaterThanOrEqual(50);
    expect(r.moved).toBeLessThan(2 * PER_SOURCE);
    expect(r.error).toMatch(/the move stopped: .*What was not moved stays in 'dlq'/);
    expect(r.failed).toBeGreaterThan(0);

    const again = await returnDeadLetters(request(vhost, 1000));
    expect(again.moved + r.moved).toBeGreaterThanOrEqual(2 * PER_SOURCE);
    expect(again).toMatchObject({ skipped: 0, failed: 0 });
    const all = await everything(ch);
    expect(all.get('dlq')).toEqual([]);
    // every id home; one twice at most: a cut between a confirm and its ack leaves the original
    // unacked (back in the DLQ) and its copy home, and the second move takes it home again
    const found = [...all.values()].flatMap(ids);
    expect([...new Set(found)].sort()).toEqual(allIds());
    expect(found.length).toBeLessThanOrEqual(2 * PER_SOURCE + 1);
  });

  it('says plainly when it cannot start: no such queue, wrong password', async () => {
    const vhost = uniqueName('amqpremote-dl');
    await ownVhost(t, vhost);
    const r = await returnDeadLetters({ ...request(vhost, 10), queue: 'no-such-queue' });
    expect(r).toMatchObject({ moved: 0, skipped: 0, failed: 0, error: expect.stringMatching(/NOT_FOUND.*no-such-queue/) });
    await expect(returnDeadLetters({ ...request(vhost, 10), password: 'wrong' })).rejects.toThrow(/refused user '.*' over AMQP: wrong user name or password/);
  });
});
