// AMQP limits with RabbitMQ's defaults and refusals: channel_max counts open channels, the
// message size limit (refused at the content header, before the body is held), the broker-wide
// consumer timeout, the handshake timeout, and nesting in header tables. The channel_max tests
// also pass against RabbitMQ 3.10 (WARREN_TEST_URL=amqp://guest:guest@127.0.0.1:5682); the rest
// start a Warren with lowered limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { channel, closeAll, connect, expectChannelError, expectConnectionUsable } from './amqp-util';
import {
  FRAME_HEADER, PROTOCOL_HEADER, RawConnection, basicPublish, channelOpen, frame, headerFrame, methodFrame, queueDeclare, shortstr, u16, u32, u64,
} from './amqp-raw';
import { pollUntil, within } from '../test-support/wait';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await closeAll(); await broker.stop(); });

describe('channel_max', () => {
  it('bounds the channels open at once: the one past it closes the connection with 530, as RabbitMQ does', async () => {
    const raw = await RawConnection.open(broker.port, broker.host, { channelMax: 3 });
    for (const id of [1, 2, 3]) await raw.openChannel(id);
    raw.write(channelOpen(4));
    const reason = await raw.expectConnectionClose();
    expect([reason.replyCode, reason.replyText]).toEqual([530, 'NOT_ALLOWED - number of channels opened (3) has reached the negotiated channel_max (3)']);
  });

  it('a closed channel makes room again, and channel numbers above channel_max are fine (it counts channels, not numbers)', async () => {
    const raw = await RawConnection.open(broker.port, broker.host, { channelMax: 2 });
    await raw.openChannel(5000);
    await raw.openChannel(1);
    raw.write(methodFrame(1, 20, 40, u16(200), shortstr(''), u16(0), u16(0))); // channel.close
    await raw.expectMethod(20, 41);
    await raw.openChannel(2);
    raw.destroy();
  });
});

describe.skipIf(!!process.env.WARREN_TEST_URL)('configured limits (warren serve options)', () => {
  let limited: TestBroker;
  beforeAll(async () => {
    limited = await startBroker(['--max-message-size', '1000', '--consumer-timeout', '800', '--handshake-timeout', '1500', '--log-level', 'warn']);
  });
  afterAll(async () => { await limited.stop(); });

  it('--max-message-size: a body one byte over is refused with RabbitMQ’s 406; at the limit it is delivered', async () => {
    const conn = await connect(limited.url);
    const q = uniqueName('size');
    const ch = await channel(conn);
    await ch.assertQueue(q, { exclusive: true });
    const err = await expectChannelError(conn, 406, (c) => c.sendToQueue(q, Buffer.alloc(1001)));
    expect(err.message).toContain('PRECONDITION_FAILED - message size 1001 is larger than configured max size 1000');
    ch.sendToQueue(q, Buffer.alloc(1000, 7));
    const got = await within(new Promise<Buffer>((resolve) => void ch.consume(q, (m) => m && resolve(m.content), { noAck: true })), 5000, 'the 1000-byte message');
    expect(got.length).toBe(1000);
  });

  it('the default 128 MiB limit is checked at the content header: no body byte is needed to be refused', async () => {
    const raw = await RawConnection.open(broker.port, broker.host);
    await raw.openChannel(1);
    raw.write(basicPublish(1, '', 'nowhere'));
    raw.write(headerFrame(1, 134_217_729));
    const reason = await raw.expectChannelClose(1);
    expect(reason).toEqual({ replyCode: 406, replyText: 'PRECONDITION_FAILED - message size 134217729 is larger than configured max size 134217728', classId: 60, methodId: 40 });
    // the body frames that follow are dropped while the channel closes; the connection goes on
    await raw.openChannel(2);
    raw.write(queueDeclare(2, uniqueName('after'), { exclusive: true }));
    await raw.expectMethod(50, 11);
    raw.destroy();
  });

  it('--consumer-timeout: a queue without x-consumer-timeout or policy uses the broker default', async () => {
    const conn = await connect(limited.url);
    const q = uniqueName('ct-default');
    const setup = await channel(conn);
    await setup.assertQueue(q);
    setup.sendToQueue(q, Buffer.from('held'));
    const ch = await channel(conn);
    const closed = new Promise<Error>((resolve) => ch.once('error', resolve));
    await ch.consume(q, () => undefined, { noAck: false });
    const error = await within(closed, 6000, 'the channel to be closed for the timeout');
    expect(error.message).toContain('PRECONDITION_FAILED - delivery acknowledgement on channel');
    expect(error.message).toContain('timed out. Timeout value used: 800 ms.');
    const again = await setup.get(q, { noAck: true });
    expect(again && [again.content.toString(), again.fields.redelivered]).toEqual(['held', true]);
  });

  it('--handshake-timeout: a client that stalls in the handshake is dropped, as RabbitMQ drops it (no connection.close); one that finishes stays', async () => {
    const stalled = async (bytes: Buffer): Promise<number> => {
      const s = net.createConnection({ host: limited.host, port: limited.port });
      const started = Date.now();
      s.on('error', () => undefined);
      s.resume(); // read (and drop) connection.start, so the server's close is seen
      s.write(bytes);
      await within(new Promise((resolve) => s.on('close', resolve)), 8000, 'the stalled client to be dropped');
      return Date.now() - started;
    };
    const [partial, afterHeader] = await Promise.all([stalled(Buffer.from('AM')), stalled(PROTOCOL_HEADER)]);
    expect(partial).toBeGreaterThanOrEqual(1400);
    expect(afterHeader).toBeGreaterThanOrEqual(1400);
    expect(limited.output()).toMatch(/did not complete the handshake in 1500 ms \(stopped in protocol-header\)/);
    expect(limited.output()).toMatch(/did not complete the handshake in 1500 ms \(stopped in start-ok\)/);
    const conn = await connect(limited.url);
    await new Promise((r) => setTimeout(r, 2000)); // the passage of time is what is tested
    await expectConnectionUsable(conn);
  });

  it('header tables nested deeper than 100 levels close the connection with 502 SYNTAX_ERROR; the broker goes on', async () => {
    const raw = await RawConnection.open(limited.port, limited.host);
    await raw.openChannel(1);
    raw.write(basicPublish(1, '', 'nowhere'));
    let t = u32(0);
    for (let i = 0; i < 10_000; i++) {
      const entry = Buffer.concat([Buffer.from([1, 0x61]), Buffer.from('F'), t]);
      t = Buffer.concat([u32(entry.length), entry]);
    }
    raw.write(frame(FRAME_HEADER, 1, Buffer.concat([u16(60), u16(0), u64(0), u16(0x2000), t])));
    const reason = await raw.expectConnectionClose();
    expect(reason.replyCode).toBe(502);
    expect(reason.replyText).toContain('nested deeper than 100 levels');
    await expectConnectionUsable(await connect(limited.url));
  });
});

describe.skipIf(!!process.env.WARREN_TEST_URL)('--max-connections', () => {
  let small: TestBroker;
  beforeAll(async () => { small = await startBroker(['--max-connections', '2']); });
  afterAll(async () => { await small.stop(); });

  it('refuses the connection past the node-wide limit with 530 at connection.open; a closed one makes room', async () => {
    const first = await RawConnection.open(small.port, small.host);
    const second = await RawConnection.open(small.port, small.host);
    const third = await RawConnection.connect(small.port, small.host);
    const refused = await third.handshake().then(() => null, (e: { close?: { replyCode: number; replyText: string } }) => e.close);
    expect(refused).toMatchObject({ replyCode: 530, replyText: 'NOT_ALLOWED - connection refused: node connection limit (2) is reached' });
    third.destroy();
    first.destroy();
    await first.closed;
    // the broker sees the close on its next turn: retry until the slot is free
    const again = await pollUntil(() => RawConnection.open(small.port, small.host).catch(() => null), Boolean, { what: 'a free slot', ms: 5000, stepMs: 50 });
    again!.destroy();
    second.destroy();
  });
});
