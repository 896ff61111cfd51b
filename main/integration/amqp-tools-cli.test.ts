// The rabbitmq-c command-line tools (Debian package amqp-tools) against the broker:
// declare a queue, publish with a routing key, get it back, consume one with `cat`, delete the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import amqp from 'amqplib';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { startProcess } from './pika-support';
import type { ScriptResult } from './pika-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

const tool = (name: string, args: string[]): Promise<ScriptResult> => startProcess(`/usr/bin/${name}`, args, 20_000).done;
function ok(r: ScriptResult): string {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('amqp-tools', () => {
  it('declare, publish (--url, -s host:port, --server/--port), get, consume -c 1 with cat, delete', async () => {
    const url = `--url=${broker.url}`;
    const queue = uniqueName('amqp-tools-q');
    expect(ok(await tool('amqp-declare-queue', [url, '-q', queue]))).toBe(`${queue}\n`);

    ok(await tool('amqp-publish', [url, '-r', queue, '-b', 'first via --url']));
    // -s host:port works (the tool warns on stderr that the port form is deprecated).
    ok(await tool('amqp-publish', ['-s', `${broker.host}:${broker.port}`, '-r', queue, '-b', 'second via -s host:port']));
    ok(await tool('amqp-publish', ['--server', broker.host, '--port', String(broker.port), '-r', queue,
      '-b', 'third with properties', '-C', 'text/plain', '-E', 'identity', '-p', '-t', 'some.reply.queue',
      '-H', 'x-source: amqp-tools', '-H', 'x-other: two words']));

    // amqp-get writes exactly the body, no newline.
    expect(ok(await tool('amqp-get', [url, '-q', queue]))).toBe('first via --url');
    // amqp-consume pipes each message body into the command's stdin.
    expect(ok(await tool('amqp-consume', [url, '-q', queue, '-c', '1', 'cat']))).toBe('second via -s host:port');

    const conn = await amqp.connect(broker.url);
    try {
      const ch = await conn.createChannel();
      const msg = await ch.get(queue, { noAck: true });
      if (!msg) throw new Error('third message missing');
      expect(msg.content.toString()).toBe('third with properties');
      expect(msg.fields.routingKey).toBe(queue);
      expect(msg.properties.contentType).toBe('text/plain');
      expect(msg.properties.contentEncoding).toBe('identity');
      expect(msg.properties.deliveryMode).toBe(2);
      expect(msg.properties.replyTo).toBe('some.reply.queue');
      expect(msg.properties.headers).toEqual({ 'x-source': 'amqp-tools', 'x-other': 'two words' });
    } finally {
      await conn.close();
    }

    // Empty queue: amqp-get exits 2 and prints nothing.
    const empty = await tool('amqp-get', [url, '-q', queue]);
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe('');

    // amqp-delete-queue prints the number of messages deleted with the queue.
    ok(await tool('amqp-publish', [url, '-r', queue, '-b', 'left behind']));
    expect(ok(await tool('amqp-delete-queue', [url, '-q', queue]))).toBe('1\n');
    const gone = await tool('amqp-get', [url, '-q', queue]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/404/);
    expect(gone.stderr).toMatch(/NOT_FOUND/);
  });

  it('declares a server-named queue and publishes through an exchange with a routing key', async () => {
    const url = `--url=${broker.url}`;
    const named = ok(await tool('amqp-declare-queue', [url, '-q', ''])).trim();
    expect(named).toMatch(/^amq\.gen-/);
    const conn = await amqp.connect(broker.url);
    try {
      const ch = await conn.createChannel();
      const exchange = uniqueName('amqp-tools-x');
      await ch.assertExchange(exchange, 'direct', { durable: false, autoDelete: false });
      await ch.bindQueue(named, exchange, 'route.me');
      ok(await tool('amqp-publish', [url, '-e', exchange, '-r', 'other.key', '-b', 'dropped']));
      ok(await tool('amqp-publish', [url, '-e', exchange, '-r', 'route.me', '-b', 'routed']));
      expect(ok(await tool('amqp-get', [url, '-q', named]))).toBe('routed');
      expect((await tool('amqp-get', [url, '-q', named])).code).toBe(2);
      await ch.deleteExchange(exchange);
      expect(ok(await tool('amqp-delete-queue', [url, '-q', named]))).toBe('0\n');
    } finally {
      await conn.close();
    }
  });
});
