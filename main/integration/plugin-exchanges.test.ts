// The plugin exchange types Warren has built in, driven with amqplib as an application would:
// x-consistent-hash (rabbitmq-consistent-hash-exchange), x-random (rabbitmq-random-exchange),
// x-recent-history (rabbitmq-recent-history-exchange) and x-modulus-hash (rabbitmq-sharding).
import { describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { events, startPython } from './pika-support';
import { channel, confirmChannel, drain, expectChannelError, type Channel, type ConfirmChannel, useSharedBroker } from './amqp-util';

const shared = useSharedBroker();

/** A fresh exchange of `type` and `n` exclusive queues bound to it with `keys[i]`. */
async function topology(ch: Channel, type: string, keys: string[], args: Record<string, unknown> = {}): Promise<{ x: string; queues: string[] }> {
  const x = uniqueName(type);
  await ch.assertExchange(x, type, { durable: false, autoDelete: true, arguments: args });
  const queues: string[] = [];
  for (const key of keys) {
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    await ch.bindQueue(q, x, key);
    queues.push(q);
  }
  return { x, queues };
}

async function counts(ch: Channel, queues: string[]): Promise<number[]> {
  return Promise.all(queues.map(async (q) => (await ch.checkQueue(q)).messageCount));
}

/** Publishes one message per key (confirmed) and returns, per key, the queue it landed in. */
async function whereEachLands(ch: ConfirmChannel, x: string, queues: string[], keys: string[], opts: (k: string) => object = () => ({})): Promise<Map<string, string>> {
  for (const k of keys) ch.publish(x, 'rk', Buffer.from(k), opts(k));
  await ch.waitForConfirms();
  const where = new Map<string, string>();
  for (const q of queues) for (const body of await drain(ch, q)) where.set(body, q);
  return where;
}

describe('x-consistent-hash', () => {
  it('sends the same routing key to the same queue every time', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x, queues } = await topology(ch, 'x-consistent-hash', ['1', '1', '1']);
    const seen = new Map<string, Set<string>>();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 50; i++) ch.publish(x, `key-${i}`, Buffer.from(`key-${i}`));
      await ch.waitForConfirms();
      for (const q of queues) for (const body of await drain(ch, q)) (seen.get(body) ?? seen.set(body, new Set()).get(body)!).add(q);
    }
    expect(seen.size).toBe(50);
    for (const [key, qs] of seen) expect(qs.size, key).toBe(1);
    expect(new Set([...seen.values()].map((s) => [...s][0])).size).toBe(3); // every queue has a share
    await ch.close();
  });

  it('shares 4,000 random keys in proportion to weights 1, 1, 2', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x, queues } = await topology(ch, 'x-consistent-hash', ['1', '1', '2']);
    for (let i = 0; i < 4000; i++) ch.publish(x, Math.random().toString(36).slice(2), Buffer.alloc(0));
    await ch.waitForConfirms();
    const [a, b, c] = await counts(ch, queues);
    expect(a + b + c).toBe(4000);
    for (const [n, share] of [[a, 0.25], [b, 0.25], [c, 0.5]]) expect(Math.abs(n / 4000 - share), `${a}/${b}/${c}`).toBeLessThan(0.04);
    await ch.close();
  });

  it('hashes the hash-header header instead of the routing key; messages without it all go to one queue', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x, queues } = await topology(ch, 'x-consistent-hash', ['1', '1'], { 'hash-header': 'shard' });
    const keys = Array.from({ length: 40 }, (_, i) => `h${i % 20}`);
    const where = await whereEachLands(ch, x, queues, keys, (k) => ({ headers: { shard: k.replace(/^h/, 's') } }));
    const again = await whereEachLands(ch, x, queues, keys, (k) => ({ headers: { shard: k.replace(/^h/, 's') } }));
    expect(again).toEqual(where);
    expect(new Set(where.values()).size).toBe(2);
    for (let i = 0; i < 20; i++) ch.publish(x, `rk${i}`, Buffer.from('no header'));
    await ch.waitForConfirms();
    expect((await counts(ch, queues)).sort()).toEqual([0, 20]);
    await ch.close();
  });

  it('hashes the hash-property property (message_id)', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x, queues } = await topology(ch, 'x-consistent-hash', ['1', '1'], { 'hash-property': 'message_id' });
    const keys = Array.from({ length: 30 }, (_, i) => `m${i}`);
    // the routing key is the same for all; only message_id decides
    const where = await whereEachLands(ch, x, queues, keys, (k) => ({ messageId: k }));
    const again = await whereEachLands(ch, x, queues, keys, (k) => ({ messageId: k }));
    expect(where.size).toBe(30);
    expect(again).toEqual(where);
    expect(new Set(where.values()).size).toBe(2);
    await ch.close();
  });

  it('refuses a binding key that is not a positive integer with 406, as RabbitMQ does', async () => {
    const ch = await channel(shared.conn);
    const { x, queues } = await topology(ch, 'x-consistent-hash', ['1']);
    const e = await expectChannelError(shared.conn, 406, (c) => c.bindQueue(queues[0], x, 'heavy'));
    expect(e.message).toContain('The binding key must be an integer');
    await expectChannelError(shared.conn, 406, (c) => c.bindQueue(queues[0], x, '0'));
    await ch.close();
  });

  it('refuses hash-header together with hash-property, and an unsupported property, with 406', async () => {
    const both = await expectChannelError(shared.conn, 406, (c) => c.assertExchange(uniqueName('chx'), 'x-consistent-hash', { arguments: { 'hash-header': 'h', 'hash-property': 'message_id' } }));
    expect(both.message).toContain('hash-header and hash-property are mutually exclusive');
    const bad = await expectChannelError(shared.conn, 406, (c) => c.assertExchange(uniqueName('chx'), 'x-consistent-hash', { arguments: { 'hash-property': 'reply_to' } }));
    expect(bad.message).toContain('Unsupported property');
  });
});

describe('x-random', () => {
  it('delivers each of 300 messages to exactly one queue, every queue getting some', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x, queues } = await topology(ch, 'x-random', ['', '', '']);
    for (let i = 0; i < 300; i++) ch.publish(x, '', Buffer.from(String(i)));
    await ch.waitForConfirms();
    const bodies: string[] = [];
    for (const q of queues) {
      const got = await drain(ch, q);
      expect(got.length, q).toBeGreaterThan(30);
      bodies.push(...got);
    }
    expect(bodies.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 300 }, (_, i) => String(i)));
    await ch.close();
  });
});

describe('x-recent-history', () => {
  /** What a queue bound only now finds in itself. */
  async function bindLate(ch: Channel, x: string): Promise<string[]> {
    const q = uniqueName('late');
    await ch.assertQueue(q, { exclusive: true });
    await ch.bindQueue(q, x, '');
    return drain(ch, q);
  }

  it('hands a newly bound queue the last x-recent-history-length messages, in order', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x, queues: [early] } = await topology(ch, 'x-recent-history', [''], { 'x-recent-history-length': 10 });
    for (let i = 1; i <= 25; i++) ch.publish(x, '', Buffer.from(`m${i}`));
    await ch.waitForConfirms();
    expect((await drain(ch, early)).length).toBe(25); // routes like fanout
    expect(await bindLate(ch, x)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i + 16}`));
    await ch.close();
  });

  it('keeps 20 by default and skips messages marked x-recent-history-no-store', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x } = await topology(ch, 'x-recent-history', []);
    for (let i = 1; i <= 30; i++) ch.publish(x, '', Buffer.from(`m${i}`), { headers: i === 30 ? { 'x-recent-history-no-store': true } : {} });
    await ch.waitForConfirms();
    expect(await bindLate(ch, x)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i + 10}`));
    await ch.close();
  });

  it('hands an exchange bound to it what it kept, routed on by that exchange', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x } = await topology(ch, 'x-recent-history', []);
    for (const k of ['a', 'b', 'a']) ch.publish(x, k, Buffer.from(k));
    await ch.waitForConfirms();
    const { x: direct, queues: [onlyA] } = await topology(ch, 'direct', ['a']);
    await ch.bindExchange(direct, x, '');
    expect(await drain(ch, onlyA)).toEqual(['a', 'a']);
    await ch.close();
  });

  it('keeps messages that reach it through an exchange-to-exchange binding', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x } = await topology(ch, 'x-recent-history', []);
    const front = uniqueName('front');
    await ch.assertExchange(front, 'fanout', { autoDelete: true });
    await ch.bindExchange(x, front, '');
    for (const body of ['one', 'two']) ch.publish(front, '', Buffer.from(body));
    await ch.waitForConfirms();
    expect(await bindLate(ch, x)).toEqual(['one', 'two']);
    await ch.close();
  });

  it('keeps messages dead-lettered to it', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x } = await topology(ch, 'x-recent-history', []);
    const source = uniqueName('src');
    await ch.assertQueue(source, { exclusive: true, arguments: { 'x-dead-letter-exchange': x } });
    ch.sendToQueue(source, Buffer.from('rejected'));
    await ch.waitForConfirms();
    const m = await ch.get(source);
    if (m === false) throw new Error('no message to reject');
    ch.nack(m, false, false);
    expect(await bindLate(ch, x)).toEqual(['rejected']);
    await ch.close();
  });

  it('refuses a length that is not a positive integer with 406', async () => {
    const e = await expectChannelError(shared.conn, 406, (c) => c.assertExchange(uniqueName('rh'), 'x-recent-history', { arguments: { 'x-recent-history-length': 0 } }));
    expect(e.message).toContain('x-recent-history-length');
    await expectChannelError(shared.conn, 406, (c) => c.assertExchange(uniqueName('rh'), 'x-recent-history', { arguments: { 'x-recent-history-length': 'ten' } }));
    await expectChannelError(shared.conn, 406, (c) => c.assertExchange(uniqueName('rh'), 'x-recent-history', { arguments: { 'x-recent-history-length': 2.5 } }));
  });
});

describe('x-modulus-hash', () => {
  it('sends the same routing key to the same one queue, spreading keys over all', async () => {
    const ch = await confirmChannel(shared.conn);
    const { x, queues } = await topology(ch, 'x-modulus-hash', ['', '', '']);
    const keys = Array.from({ length: 60 }, (_, i) => `k${i}`);
    for (const round of [1, 2]) {
      for (const k of keys) ch.publish(x, k, Buffer.from(`${k}`));
      await ch.waitForConfirms();
      expect(await counts(ch, queues).then((c) => c.reduce((a, b) => a + b)), `round ${round}`).toBe(60 * round);
    }
    const where = new Map<string, Set<string>>();
    for (const q of queues) for (const body of await drain(ch, q)) (where.get(body) ?? where.set(body, new Set()).get(body)!).add(q);
    for (const [k, qs] of where) expect(qs.size, k).toBe(1);
    expect(new Set([...where.values()].map((s) => [...s][0])).size).toBe(3);
    await ch.close();
  });
});

describe('with pika', () => {
  it('runs the consistent-hash README example (weights 1, 1, 2, 2) and a recent-history replay', async () => {
    const ev = events(await startPython('pika_plugin_exchanges.py', [shared.broker.url, uniqueName('py')], 30_000).done, 'pika_plugin_exchanges.py');
    const counts = ev.find((e) => e.event === 'hashed')!.counts as number[];
    expect(counts.reduce((a, b) => a + b)).toBe(3000);
    counts.forEach((n, i) => expect(Math.abs(n / 3000 - [1, 1, 2, 2][i] / 6), String(counts)).toBeLessThan(0.04));
    expect(ev.find((e) => e.event === 'history')).toEqual({ event: 'history', bodies: ['m2', 'm3', 'm4'] });
  });
});
