// RabbitMQ tutorial 6 ("RPC"): a server consumes rpc_queue and replies to reply_to with the request's
// correlation_id; the client uses an exclusive server-named callback queue and matches responses by
// correlation id. The requests compute Fibonacci numbers.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import amqp from 'amqplib';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { events, startPython } from './pika-support';
import { within } from './amqp-util';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

function fib(n: number): number {
  let [a, b] = [0, 1];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}
const ns = [0, 1, 2, 7, 10, 20, 30, 5];

describe('tutorial 6: RPC', () => {
  it('pika: client and server processes; responses matched by correlation id', async () => {
    const queue = uniqueName('tut6-rpc_queue');
    const server = startPython('tutorial_rpc_server.py', [broker.url, queue, String(ns.length)]);
    await server.waitForLine(/"event": "ready"/);
    const client = startPython('tutorial_rpc_client.py', [broker.url, queue, ...ns.map(String)]);
    const clientEvents = events(await client.done, 'client');
    const serverEvents = events(await server.done, 'server');

    const results = clientEvents.filter((e) => e.event === 'result');
    expect(clientEvents.filter((e) => e.event === 'unexpected')).toEqual([]);
    expect(results.map((r) => r.n).sort((a, b) => Number(a) - Number(b))).toEqual([...ns].sort((a, b) => a - b));
    for (const r of results) expect(r.value).toBe(fib(r.n as number));
    const corrs = results.map((r) => r.correlation_id);
    expect(new Set(corrs).size).toBe(ns.length);
    // The server saw the same correlation ids the client matched on.
    expect(serverEvents.filter((e) => e.event === 'served').map((e) => e.correlation_id).sort()).toEqual([...corrs].sort());
    const cbq = clientEvents.find((e) => e.event === 'callback-queue')!.queue as string;
    expect(cbq).toMatch(/^amq\.gen-/);
  });

  it('amqplib: in-process server and client; out-of-order responses are matched by correlation id', async () => {
    const queue = uniqueName('tut6-rpc_queue-js');
    const serverConn = await amqp.connect(broker.url);
    const clientConn = await amqp.connect(broker.url);
    try {
      const srv = await serverConn.createChannel();
      await srv.assertQueue(queue, { durable: false });
      // The server holds every request and answers them last first, so the responses really arrive
      // in the reverse of the order the client sent its requests.
      await srv.prefetch(ns.length);
      const held: amqp.ConsumeMessage[] = [];
      await srv.consume(queue, (msg) => {
        if (!msg) return;
        held.push(msg);
        if (held.length < ns.length) return;
        for (const req of held.reverse()) {
          const n = Number(req.content.toString());
          srv.sendToQueue(req.properties.replyTo as string, Buffer.from(String(fib(n))), { correlationId: req.properties.correlationId as string });
          srv.ack(req);
        }
      });

      const cli = await clientConn.createChannel();
      const { queue: callbackQueue } = await cli.assertQueue('', { exclusive: true });
      expect(callbackQueue).toMatch(/^amq\.gen-/);
      const pending = new Map<string, { n: number; resolve: (v: number) => void }>();
      const unexpected: string[] = [];
      const answered: number[] = [];
      await cli.consume(callbackQueue, (msg) => {
        if (!msg) return;
        const p = pending.get(msg.properties.correlationId as string);
        if (!p) { unexpected.push(String(msg.properties.correlationId)); return; }
        pending.delete(msg.properties.correlationId as string);
        answered.push(p.n);
        p.resolve(Number(msg.content.toString()));
      }, { noAck: true });
      const call = (n: number) => new Promise<number>((resolve) => {
        const correlationId = randomUUID();
        pending.set(correlationId, { n, resolve });
        cli.sendToQueue(queue, Buffer.from(String(n)), { replyTo: callbackQueue, correlationId });
      });
      const values = await within(Promise.all(ns.map(call)), 5000, 'every response');
      expect(answered).toEqual([...ns].reverse());
      expect(values).toEqual(ns.map(fib));
      expect(unexpected).toEqual([]);
      expect(pending.size).toBe(0);
      await srv.deleteQueue(queue);
    } finally {
      await clientConn.close();
      await serverConn.close();
    }
  });
});
