// Connection-level behaviour: handshake, server properties, authentication, vhosts, heartbeats,
// protocol header negotiation, client-initiated close, channel.flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import amqp from 'amqplib';
import { startBroker, type TestBroker } from './harness';
import { channel, closeAll, connect, expectConnectionUsable, within } from './amqp-util';
import { AMQPClient } from '@cloudamqp/amqp-client';
import { sleep } from '../test-support/wait';
import { RawConnection, type CloseReason, channelFlow, connectionCloseOk, methodFrame, shortstr, u16 } from './amqp-raw';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await closeAll(); await broker.stop(); });

function withCreds(url: string, user: string, pass: string, vhost?: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = pass;
  if (vhost !== undefined) u.pathname = `/${encodeURIComponent(vhost)}`;
  return u.toString();
}

/** Sends `header` on a raw socket and returns everything received until the server closes the socket. */
function sendHeader(header: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.createConnection({ host: broker.host, port: broker.port }, () => s.write(header));
    const t = setTimeout(() => { s.destroy(); reject(new Error(`socket not closed; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`)); }, 5000);
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', () => undefined);
    s.on('close', () => { clearTimeout(t); resolve(Buffer.concat(chunks)); });
  });
}

describe('connection', () => {
  it('connects and opens a channel', async () => {
    const conn = await connect(broker.url);
    const ch = await channel(conn);
    await ch.checkExchange('amq.direct');
    await conn.close();
  });

  it('advertises product, version, platform and capabilities', async () => {
    const conn = await connect(broker.url);
    const props = conn.connection.serverProperties as unknown as Record<string, unknown>;
    expect(typeof props.product).toBe('string');
    expect(typeof props.version).toBe('string');
    expect(typeof props.platform).toBe('string');
    const caps = props.capabilities as Record<string, unknown>;
    expect(caps).toBeTypeOf('object');
    for (const c of ['publisher_confirms', 'basic.nack', 'consumer_cancel_notify', 'exchange_exchange_bindings', 'per_consumer_qos']) {
      expect(caps[c], c).toBe(true);
    }
    await conn.close();
  });

  it('refuses a wrong password with ACCESS_REFUSED (403)', async () => {
    const err = await amqp.connect(withCreds(broker.url, 'guest', 'wrong-password')).then(
      () => { throw new Error('connected with a wrong password'); },
      (e: Error) => e,
    );
    expect(err.message).toMatch(/ACCESS_REFUSED|403/);
  });

  it('refuses a wrong password with connection.close 403 on the wire', async () => {
    const raw = await RawConnection.connect(broker.port, broker.host);
    const done = raw.handshake({ password: 'nope' }).then(() => { throw new Error('handshake succeeded'); }, (e: Error) => e);
    const err = await done;
    expect(err.message).toMatch(/10\.50 \{"replyCode":403/);
    raw.write(connectionCloseOk());
    await within(raw.closed, 5000, 'socket close');
  });

  // RabbitMQ: connection.close 530 "NOT_ALLOWED - vhost no-such-vhost-xyz not found" in reply to connection.open.
  const vhostRefused = /^NOT_ALLOWED - vhost no-such-vhost-xyz not found$/;

  it('refuses an unknown vhost with NOT_ALLOWED (530)', async () => {
    // amqplib hides the reply of a connection.close during the handshake; @cloudamqp/amqp-client shows it.
    const err = await new AMQPClient(withCreds(broker.url, 'guest', 'guest', 'no-such-vhost-xyz')).connect().then(
      () => { throw new Error('connected to a missing vhost'); },
      (e: Error) => e,
    );
    const m = /^connection closed: (.*) \((\d+)\)$/.exec(err.message);
    expect(m, err.message).not.toBeNull();
    expect(Number(m![2])).toBe(530);
    expect(m![1]).toMatch(vhostRefused);
  });

  it('refuses an unknown vhost with connection.close 530 on the wire', async () => {
    const raw = await RawConnection.connect(broker.port, broker.host);
    const err = await raw.handshake({ vhost: 'no-such-vhost-xyz' }).then(() => { throw new Error('handshake succeeded'); }, (e: Error & { close?: CloseReason }) => e);
    expect(err.close, err.message).toBeDefined();
    expect(err.close!.replyCode).toBe(530);
    expect(err.close!.replyText).toMatch(vhostRefused);
    raw.write(connectionCloseOk());
    await within(raw.closed, 5000, 'socket close');
  });

  it('negotiates a 1 s heartbeat and stays alive while idle', async () => {
    const u = new URL(broker.url);
    u.searchParams.set('heartbeat', '1');
    const conn = await connect(u.toString());
    let closed = false;
    conn.on('close', () => { closed = true; });
    // The behaviour under test is the passage of idle time: more than two heartbeat intervals.
    await sleep(2500);
    expect(closed).toBe(false);
    await expectConnectionUsable(conn);
    await conn.close();
  });

  it('connection.tune proposes a 60 s heartbeat and a frame_max of at least 4096', async () => {
    const raw = await RawConnection.open(broker.port, broker.host);
    expect(raw.frameMax).toBeGreaterThanOrEqual(4096);
    expect(raw.channelMax).toBeGreaterThan(0);
    expect(raw.serverHeartbeat).toBe(60); // RabbitMQ's default heartbeat
    raw.write(methodFrame(0, 10, 50, u16(200), shortstr('bye'), u16(0), u16(0)));
    await raw.expectMethod(10, 51);
    raw.destroy();
  });

  for (const [name, header] of [
    ['AMQP 0-9-2', Buffer.from('AMQP\x00\x00\x09\x02', 'latin1')],
    ['AMQP 1-0-0', Buffer.from('AMQP\x00\x01\x00\x00', 'latin1')],
    ['HTTP', Buffer.from('HTTP/1.1', 'latin1')],
  ] as const) {
    it(`answers a wrong protocol header (${name}) with the 0-9-1 header and closes`, async () => {
      const got = await sendHeader(header);
      expect(got.toString('latin1')).toBe('AMQP\x00\x00\x09\x01');
    });
  }

  it('closes cleanly when the client closes the connection', async () => {
    const conn = await connect(broker.url);
    const closed = new Promise<unknown>((resolve) => conn.on('close', resolve));
    await conn.close();
    expect(await within(closed)).toBeUndefined();
  });

  it('closes a channel on request and keeps the connection', async () => {
    const conn = await connect(broker.url);
    const ch = await channel(conn);
    const closed = new Promise<void>((resolve) => ch.on('close', () => resolve()));
    await ch.close();
    await within(closed);
    await expectConnectionUsable(conn);
    await conn.close();
  });

  it('channel.flow active=true is answered with flow-ok active=true', async () => {
    // amqplib has no channel.flow API; this uses the raw frame client.
    const raw = await RawConnection.open(broker.port, broker.host);
    await raw.openChannel(1);
    raw.write(channelFlow(1, true));
    const ok = await raw.expectMethod(20, 21);
    expect(ok.channel).toBe(1);
    expect(ok.args.readUInt8(0)).toBe(1);
    raw.destroy();
  });

  it('channel.flow active=false is refused by RabbitMQ with connection error 540 NOT_IMPLEMENTED', async () => {
    const raw = await RawConnection.open(broker.port, broker.host);
    await raw.openChannel(1);
    raw.write(channelFlow(1, false));
    const reason = await raw.expectConnectionClose();
    expect(reason.replyCode).toBe(540);
  });
});
