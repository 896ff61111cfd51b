// AMQP 0-9-1 over WebSocket (ws://host:<ui port>/amqp, subprotocol "amqp"): the browser client
// @cloudamqp/amqp-client's AMQPWebSocketClient against amqplib over TCP on the same broker, and
// the WebSocket's refusals and failures. Warren only (RabbitMQ has no AMQP over WebSocket).
import { randomBytes } from 'node:crypto';
import type { AMQPMessage } from '@cloudamqp/amqp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, connect, sha256, within, type ChannelModel } from './amqp-util';
import { uniqueName } from './harness';
import { startManagement, type ManagementTarget } from './management-support';
import { amqpWebSocketUrl, connectOverWebSocket, RawWebSocket, type WsAmqpConnection } from '../test-support/amqp-websocket';
import { until } from '../test-support/wait';

let target: ManagementTarget;
let url: string;
let tcp: ChannelModel;
const web: [string, string] = ['web-page', 'web-secret'];
const opened: WsAmqpConnection[] = [];
async function wsConnect(user?: [string, string]): Promise<WsAmqpConnection> {
  const c = await connectOverWebSocket(url, user);
  opened.push(c);
  return c;
}

beforeAll(async () => {
  target = await startManagement();
  url = amqpWebSocketUrl(target.base);
  tcp = await connect(target.amqpUrl());
  await target.call('PUT', `/api/users/${web[0]}`, { body: { password: web[1], tags: '' } });
  await target.call('PUT', `/api/permissions/%2F/${web[0]}`, { body: { configure: '.*', write: '.*', read: '.*' } });
});
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close().catch(() => undefined)));
  await closeAll();
  await target?.stop();
});

describe.skipIf(!!process.env.WARREN_TEST_MGMT_URL)('AMQP 0-9-1 over WebSocket', () => {
  it('a WebSocket client and a TCP client publish, consume and ack to each other', async () => {
    const ws = await wsConnect();
    const wch = await ws.channel();
    const q = uniqueName('ws-q');
    await wch.queueDeclare(q, { exclusive: false, autoDelete: false });
    const tch = await tcp.createChannel();
    // WebSocket -> TCP
    const atTcp = new Promise<string>((resolve) => void tch.consume(q, (m) => { tch.ack(m!); resolve(m!.content.toString()); }));
    await wch.basicPublish('', q, 'from the browser', { contentType: 'text/plain' });
    expect(await within(atTcp)).toBe('from the browser');
    await tch.close();
    // TCP -> WebSocket, acked over WebSocket
    const atWs = new Promise<AMQPMessage>((resolve) => void wch.basicConsume(q, { noAck: false }, (m) => resolve(m)));
    const tpub = await tcp.createChannel();
    tpub.sendToQueue(q, Buffer.from('from a service'), { headers: { n: 7 } });
    const m = await within(atWs);
    expect(m.bodyToString()).toBe('from a service');
    expect(m.properties.headers).toEqual({ n: 7 });
    await m.ack();
    await until(async () => (await target.call('GET', `/api/queues/%2F/${q}`)).json?.messages_unacknowledged === 0);
    await tpub.close();
    await wch.queueDelete(q);
  });

  it('carries a 1 MiB message both ways intact', async () => {
    const ws = await wsConnect();
    const wch = await ws.channel();
    const [toTcp, toWs] = [uniqueName('big-in'), uniqueName('big-out')];
    const tch = await tcp.createChannel();
    await tch.assertQueue(toTcp, { autoDelete: true });
    await tch.assertQueue(toWs, { autoDelete: true });
    const body = randomBytes(1 << 20);
    const atTcp = new Promise<Buffer>((resolve) => void tch.consume(toTcp, (m) => resolve(m!.content), { noAck: true }));
    await wch.basicPublish('', toTcp, body);
    expect(sha256(await within(atTcp))).toBe(sha256(body));
    const atWs = new Promise<Uint8Array>((resolve) => void wch.basicConsume(toWs, { noAck: true }, (m) => resolve(m.body!)));
    tch.sendToQueue(toWs, body);
    expect(sha256(Buffer.from(await within(atWs)))).toBe(sha256(body));
    await tch.close();
  });

  it('lists the connection as AMQP 0-9-1 over a WebSocket in /api/connections', async () => {
    await wsConnect();
    const conns = await until(async () => {
      const list = (await target.call('GET', '/api/connections')).json as Array<Record<string, unknown>>;
      return list.some((c) => c.transport === 'websocket') && list;
    });
    const ws = conns.find((c) => c.transport === 'websocket')!;
    expect(ws).toMatchObject({ protocol: 'AMQP 0-9-1', transport: 'websocket', peer_host: '127.0.0.1', user: 'guest' });
    expect(conns.find((c) => c.transport === 'tcp')).toMatchObject({ protocol: 'AMQP 0-9-1' });
  });

  it('refuses another path and a subprotocol other than amqp; accepts amqp offered', async () => {
    await expect(RawWebSocket.open(url.replace('/amqp', '/amqpx'))).rejects.toMatchObject({ status: 403 });
    await expect(RawWebSocket.open(url, ['mqtt'])).rejects.toMatchObject({ status: 400 });
    const ok = await RawWebSocket.open(url, ['mqtt', 'amqp']);
    expect(ok.ws.protocol).toBe('amqp');
    ok.ws.close();
    // the Host must name this server, as for the UI (DNS rebinding)
    await expect(RawWebSocket.open(url, ['amqp'], { Host: 'rebound.example' })).rejects.toMatchObject({ status: 421 });
  });

  it('lets a page of another site log in as a user, never as guest (loopback-only)', async () => {
    const origin = { Origin: 'http://elsewhere.example' };
    const guest = await RawWebSocket.open(url, ['amqp'], origin);
    guest.send(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'));
    await until(() => guest.frames().length >= 1);
    guest.send(startOk('guest', 'guest'));
    // connection.close 403 ACCESS_REFUSED, no connection.tune
    const refused = await until(() => guest.frames().find((f) => f.payload.readUInt16BE(0) === 10 && f.payload.readUInt16BE(2) === 50));
    expect(refused.payload.readUInt16BE(4)).toBe(403);
    expect(guest.frames().some((f) => f.payload.readUInt16BE(0) === 10 && f.payload.readUInt16BE(2) === 30)).toBe(false);
    guest.ws.close();
    const user = await RawWebSocket.open(url, ['amqp'], origin);
    user.send(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'));
    await until(() => user.frames().length >= 1);
    user.send(startOk(...web));
    // connection.tune (10.30) follows a good login
    await until(() => user.frames().some((f) => f.payload.readUInt16BE(0) === 10 && f.payload.readUInt16BE(2) === 30));
    user.ws.close();
  });

  it('random bytes close that connection with an AMQP connection error and hurt nobody else', async () => {
    const bystander = await wsConnect();
    const bch = await bystander.channel();
    const raw = await RawWebSocket.open(url);
    raw.send(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'));
    await until(() => raw.frames().length >= 1); // connection.start
    raw.send(startOk('guest', 'guest'));
    await until(() => raw.frames().length >= 2); // connection.tune
    raw.send(randomBytes(4096));
    const close = await until(() => raw.frames().find((f) => f.type === 1 && f.payload.readUInt16BE(0) === 10 && f.payload.readUInt16BE(2) === 50));
    expect(close.payload.readUInt16BE(4)).toBeGreaterThanOrEqual(500); // a hard error: 501 FRAME_ERROR and the like
    expect((await within(raw.closed)).code).toBe(1000);
    // the others carry on, over WebSocket and TCP
    const q = (await bch.queueDeclare('', { exclusive: true })).name;
    await bch.basicPublish('', q, 'still here');
    expect((await bch.basicGet(q, { noAck: true }))?.bodyToString()).toBe('still here');
    const tch = await tcp.createChannel();
    await tch.checkQueue(q).catch(() => undefined);
    await tch.close().catch(() => undefined);
  });

  it('a text message closes the WebSocket with 1003 (AMQP is binary)', async () => {
    const raw = await RawWebSocket.open(url);
    raw.send('AMQP\x00\x00\x09\x01');
    expect((await within(raw.closed)).code).toBe(1003);
  });
});

/** connection.start-ok with PLAIN credentials (the raw bytes a client sends). */
function startOk(user: string, password: string): Buffer {
  const short = (s: string): Buffer => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)]);
  const long = (b: Buffer): Buffer => { const n = Buffer.alloc(4); n.writeUInt32BE(b.length); return Buffer.concat([n, b]); };
  const payload = Buffer.concat([Buffer.from([0, 10, 0, 11]), long(Buffer.alloc(0)), short('PLAIN'), long(Buffer.from(`\0${user}\0${password}`)), short('en_US')]);
  const head = Buffer.alloc(7);
  head.writeUInt8(1, 0); head.writeUInt16BE(0, 1); head.writeUInt32BE(payload.length, 3);
  return Buffer.concat([head, payload, Buffer.from([0xce])]);
}
