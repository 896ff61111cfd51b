// WebSocketStream over a real WebSocket pair on a loopback port: batching, backpressure both ways,
// and close/error mapping.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { until, within } from '../test-support/wait';
import { WebSocketStream, WebSocketStreamError } from './websocket-stream';

interface Pair { stream: WebSocketStream; server: WebSocket; client: WebSocket; messages: Buffer[] }
const servers: WebSocketServer[] = [];

async function pair(opts: ConstructorParameters<typeof WebSocketStream>[1] = {}): Promise<Pair> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  const accepted = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const messages: Buffer[] = [];
  client.on('message', (d: Buffer) => messages.push(d));
  client.on('error', () => undefined);
  await new Promise((r) => client.once('open', r));
  const server = await accepted;
  const stream = new WebSocketStream(server, opts);
  stream.on('error', () => undefined); // tests that expect an error listen for it themselves
  return { stream, server, client, messages };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
});

describe('WebSocketStream', () => {
  it('sends a corked burst of writes as one binary message, and a lone write as one', async () => {
    const { stream, messages } = await pair();
    const big = Buffer.alloc(100_000, 7);
    stream.cork();
    stream.write(Buffer.from('AMQP'));
    stream.write(big);
    stream.write(Buffer.from('end'));
    stream.uncork();
    stream.write(Buffer.from('next'));
    await until(() => messages.length >= 2);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toEqual(Buffer.concat([Buffer.from('AMQP'), big, Buffer.from('end')]));
    expect(messages[1].toString()).toBe('next');
  });

  it('reads the binary messages as bytes, in order', async () => {
    const { stream, client } = await pair();
    const got: Buffer[] = [];
    stream.on('data', (c: Buffer) => got.push(c));
    for (let i = 0; i < 5; i++) client.send(Buffer.from([i, i]));
    await until(() => Buffer.concat(got).length === 10);
    expect(Buffer.concat(got)).toEqual(Buffer.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]));
  });

  it('pauses the WebSocket while the reader is slow and resumes it once read', async () => {
    const { stream, server, client } = await pair({ readableHighWaterMark: 64 * 1024 });
    const chunk = Buffer.alloc(16 * 1024, 1);
    for (let i = 0; i < 64; i++) client.send(chunk); // 1 MiB, nobody reading
    await until(() => server.isPaused);
    const held = stream.readableLength;
    expect(held).toBeGreaterThanOrEqual(64 * 1024);
    expect(held).toBeLessThan(1 << 20); // the rest waits in the network, not in memory here
    let total = 0;
    stream.on('data', (c: Buffer) => { total += c.length; });
    await until(() => total === 64 * chunk.length);
    expect(server.isPaused).toBe(false);
  });

  it('reports write pressure while the client does not read, and drains once it does', async () => {
    const { stream, client } = await pair({ writableHighWaterMark: 64 * 1024 });
    client.pause();
    const chunk = Buffer.alloc(256 * 1024, 2);
    let writes = 0;
    while (stream.write(chunk) && writes < 400) writes++;
    expect(writes).toBeLessThan(400); // write() said stop before 100 MiB went anywhere
    expect(stream.writableLength).toBeGreaterThan(64 * 1024);
    const drained = new Promise((r) => stream.once('drain', r));
    client.resume();
    await within(drained, 10_000, "'drain'");
    expect(stream.writableLength).toBe(0);
  });

  it("maps the peer's close: a clean close ends the stream, a dropped socket is an error", async () => {
    const a = await pair();
    const aErrors: Error[] = [];
    a.stream.on('error', (e) => aErrors.push(e));
    const aClosed = new Promise((r) => a.stream.once('close', r));
    a.client.close(1000);
    await within(aClosed);
    expect(aErrors).toEqual([]);

    const b = await pair();
    const bError = new Promise<Error>((r) => b.stream.once('error', r));
    b.client.terminate();
    const err = await within(bError);
    expect(err).toBeInstanceOf(WebSocketStreamError);
    expect((err as WebSocketStreamError).closeCode).toBe(1006);
  });

  it('closes the WebSocket with 1000 on end() after the pending writes, with 1011 on destroy(err)', async () => {
    const a = await pair();
    const aClose = new Promise<number>((r) => a.client.once('close', r));
    a.stream.end(Buffer.from('bye'));
    expect(await within(aClose)).toBe(1000);
    expect(a.messages.map(String)).toEqual(['bye']);

    const b = await pair();
    b.stream.on('error', () => undefined);
    const bClose = new Promise<number>((r) => b.client.once('close', r));
    b.stream.destroy(new Error('boom'));
    expect(await within(bClose)).toBe(1011);
  });

  it('closes with 1003 on a text message (the stream carries bytes only)', async () => {
    const { stream, client } = await pair();
    const error = new Promise<Error>((r) => stream.once('error', r));
    const closed = new Promise<number>((r) => client.once('close', r));
    client.send('text');
    expect(await within(error)).toBeInstanceOf(WebSocketStreamError);
    expect(await within(closed)).toBe(1003);
  });
});
