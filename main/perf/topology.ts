// Topology setup and teardown through amqplib (never on the measured path). All names start with 'bench-'.
import * as amqp from 'amqplib';

export interface QueueSpec { name: string; durable?: boolean }
export interface ExchangeSpec { name: string; type: 'fanout' | 'topic' | 'direct' }
export interface Topology {
  queues: QueueSpec[];
  exchanges?: ExchangeSpec[];
  bindings?: { queue: string; exchange: string; key: string }[];
}

async function withChannel<T>(url: string, fn: (ch: amqp.Channel) => Promise<T>): Promise<T> {
  const conn = await amqp.connect(url);
  conn.on('error', () => {});
  try {
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    return await fn(ch);
  } finally {
    await conn.close().catch(() => {});
  }
}

function checkNames(t: Topology): void {
  for (const n of [...t.queues.map((q) => q.name), ...(t.exchanges ?? []).map((e) => e.name)]) {
    if (!n.startsWith('bench-')) throw new Error(`benchmark entity without the bench- prefix: ${n}`);
  }
}

/** Deletes leftovers from an earlier run, then declares queues, exchanges and bindings. */
export async function setup(url: string, t: Topology): Promise<void> {
  checkNames(t);
  await teardown(url, t);
  await withChannel(url, async (ch) => {
    for (const e of t.exchanges ?? []) await ch.assertExchange(e.name, e.type, { durable: false, autoDelete: false });
    for (const q of t.queues) await ch.assertQueue(q.name, { durable: q.durable ?? false, autoDelete: false, exclusive: false });
    const bs = t.bindings ?? [];
    // pipelined: amqplib queues the RPCs on the channel
    for (let i = 0; i < bs.length; i += 500) {
      await Promise.all(bs.slice(i, i + 500).map((b) => ch.bindQueue(b.queue, b.exchange, b.key)));
    }
  });
}

/** Purges and deletes the run's queues and exchanges (best effort: a failed RPC closes the channel, so each
 *  operation that fails gets a fresh channel). */
export async function teardown(url: string, t: Topology): Promise<void> {
  checkNames(t);
  const conn = await amqp.connect(url);
  conn.on('error', () => {});
  const fresh = async () => { const c = await conn.createChannel(); c.on('error', () => {}); return c; };
  try {
    let ch = await fresh();
    const attempt = async (op: (c: amqp.Channel) => Promise<unknown>) => {
      try { await op(ch); } catch { ch = await fresh(); }
    };
    for (const q of t.queues) {
      await attempt((c) => c.purgeQueue(q.name));
      await attempt((c) => c.deleteQueue(q.name));
    }
    for (const e of t.exchanges ?? []) await attempt((c) => c.deleteExchange(e.name));
  } finally {
    await conn.close().catch(() => {});
  }
}

/** Message count of a queue (passive declare). */
export async function queueDepth(url: string, queue: string): Promise<number> {
  return withChannel(url, async (ch) => (await ch.checkQueue(queue)).messageCount);
}
