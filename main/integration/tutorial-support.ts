// Shared pieces of the tutorial 3-5 tests (fanout, direct, topic): pika processes and amqplib
// consumers that bind an exclusive server-named queue and collect messages until an END marker.
// The producer publishes END last with routing key `__end__`; every consumer binds `__end__` as well
// (fanout: everything), so once END arrives every earlier message for that queue has arrived too.
import amqp from 'amqplib';
import { expect } from 'vitest';
import { events, startPython } from './pika-support';

export interface Received { routingKey: string; body: string }
export type ExchangeType = 'fanout' | 'direct' | 'topic';

/** Runs one pika producer and a pika consumer process per entry of `consumers`; returns what each received. */
export async function runPikaExchangeTutorial(
  url: string, exchange: string, type: ExchangeType,
  consumers: Record<string, string[]>, messages: Received[],
): Promise<Record<string, Received[]>> {
  const procs = Object.entries(consumers).map(([name, keys]) =>
    ({ name, proc: startPython('tutorial_receive_logs.py', [url, exchange, type, name, ...keys]) }));
  const ready = await Promise.all(procs.map(({ proc }) => proc.waitForLine(/"event": "ready"/)));
  const queues = ready.map((line) => (JSON.parse(line) as { queue: string }).queue);
  for (const q of queues) expect(q).toMatch(/^amq\.gen-/);
  expect(new Set(queues).size).toBe(queues.length);
  const producer = startPython('tutorial_emit_log.py', [url, exchange, type, ...messages.map((m) => `${m.routingKey}|${m.body}`)]);
  expect(events(await producer.done, 'producer')).toEqual([{ event: 'sent', count: messages.length }]);
  const out: Record<string, Received[]> = {};
  for (const { name, proc } of procs) {
    out[name] = events(await proc.done, name)
      .filter((e) => e.event === 'received')
      .map((e) => ({ routingKey: e.routing_key as string, body: e.body as string }));
  }
  return out;
}

/** The same with amqplib in-process: one connection per consumer plus one for the producer. */
export async function runAmqplibExchangeTutorial(
  url: string, exchange: string, type: ExchangeType,
  consumers: Record<string, string[]>, messages: Received[],
): Promise<Record<string, Received[]>> {
  const conns: amqp.ChannelModel[] = [];
  try {
    const collected = await Promise.all(Object.entries(consumers).map(async ([name, keys]) => {
      const conn = await amqp.connect(url);
      conns.push(conn);
      const ch = await conn.createChannel();
      await ch.assertExchange(exchange, type, { durable: false });
      const { queue } = await ch.assertQueue('', { exclusive: true });
      expect(queue).toMatch(/^amq\.gen-/);
      for (const key of type === 'fanout' ? [''] : [...keys, '__end__']) await ch.bindQueue(queue, exchange, key);
      const got: Received[] = [];
      let resolveEnded!: (r: Received[]) => void;
      const ended = new Promise<Received[]>((resolve) => { resolveEnded = resolve; });
      await ch.consume(queue, (msg) => {
        if (!msg) return;
        const body = msg.content.toString();
        if (body === 'END') resolveEnded(got);
        else got.push({ routingKey: msg.fields.routingKey, body });
      }, { noAck: true });
      return { name, queue, ended };
    }));
    expect(new Set(collected.map((c) => c.queue)).size).toBe(collected.length);
    // Every consumer is bound and consuming (consume-ok received) before anything is published.
    const conn = await amqp.connect(url);
    conns.push(conn);
    const tx = await conn.createConfirmChannel();
    await tx.assertExchange(exchange, type, { durable: false });
    for (const m of messages) tx.publish(exchange, m.routingKey, Buffer.from(m.body));
    tx.publish(exchange, '__end__', Buffer.from('END'));
    await tx.waitForConfirms();
    const out: Record<string, Received[]> = {};
    for (const c of collected) out[c.name] = await c.ended;
    await tx.deleteExchange(exchange);
    return out;
  } finally {
    for (const c of conns) await c.close();
  }
}
