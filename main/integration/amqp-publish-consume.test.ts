// Publishing and consuming: mandatory returns, errors, property round trips, body sizes, consumers,
// cancellation and basic.get.
import { describe, expect, it } from 'vitest';
import type { Message } from 'amqplib';
import { uniqueName } from './harness';
import { Inbox, channel, confirmChannel, expectChannelError, expectConnectionError, sha256, within, useSharedBroker } from './amqp-util';
import { RawConnection, basicPublish, bodyFrame, headerFrameWithProps, shortstr } from './amqp-raw';

const shared = useSharedBroker();

describe('mandatory and unroutable', () => {
  it('an unroutable mandatory message comes back with basic.return 312 NO_ROUTE', async () => {
    const ch = await channel(shared.conn);
    const ex = uniqueName('ex');
    await ch.assertExchange(ex, 'direct', { durable: false });
    const returned = new Promise<Message>((resolve) => ch.once('return', resolve));
    ch.publish(ex, 'nowhere', Buffer.from('bounce'), { mandatory: true, messageId: 'm1' });
    const r = await within(returned);
    const fields = r.fields as unknown as { replyCode: number; replyText: string; exchange: string; routingKey: string };
    expect(fields.replyCode).toBe(312);
    expect(fields.replyText).toBe('NO_ROUTE');
    expect(fields.exchange).toBe(ex);
    expect(fields.routingKey).toBe('nowhere');
    expect(r.content.toString()).toBe('bounce');
    expect(r.properties.messageId).toBe('m1');
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it('with confirms, the return arrives before the ack', async () => {
    const ch = await confirmChannel(shared.conn);
    const events: string[] = [];
    ch.on('return', () => events.push('return'));
    const acked = new Promise<void>((resolve, reject) => {
      ch.publish('amq.direct', uniqueName('nobody'), Buffer.from('x'), { mandatory: true }, (err) => {
        events.push(err ? 'nack' : 'ack');
        if (err) reject(err); else resolve();
      });
    });
    await within(acked);
    expect(events).toEqual(['return', 'ack']);
    await ch.close();
  });

  it('an unroutable message without mandatory is silently dropped (and still acked)', async () => {
    const ch = await confirmChannel(shared.conn);
    let returned = false;
    ch.on('return', () => { returned = true; });
    ch.publish('amq.direct', uniqueName('nobody'), Buffer.from('x'));
    await within(ch.waitForConfirms());
    expect(returned).toBe(false);
    await ch.close();
  });

  it('publishing to a missing exchange → 404 channel error', async () => {
    const err = await expectChannelError(shared.conn, 404, (ch) => ch.publish(uniqueName('missing-ex'), 'k', Buffer.from('x')));
    expect(err.message).toMatch(/NOT_FOUND/);
  });
});

describe('properties', () => {
  it('13 basic properties round-trip through amqplib (the 14th, clusterId, below)', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    const headers = {
      str: 'hello',
      int: 42,
      neg: -7,
      float: 1.5,
      big: 2 ** 40,
      yes: true,
      no: false,
      nothing: null,
      nested: { inner: 'x', deeper: { n: 1 } },
      list: [1, 'two', true, { k: 'v' }],
    };
    const ts = Math.floor(Date.now() / 1000);
    ch.sendToQueue(q, Buffer.from('props'), {
      contentType: 'application/json',
      contentEncoding: 'gzip',
      headers,
      deliveryMode: 2,
      priority: 7,
      correlationId: 'corr-1',
      replyTo: 'reply-queue',
      expiration: '600000',
      messageId: 'msg-1',
      timestamp: ts,
      type: 'my.type',
      userId: 'guest',
      appId: 'warren-tests',
      // clusterId: amqplib never sends it (not in its Publish options); see the raw test below
    });
    await ch.waitForConfirms();
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true });
    const [m] = await inbox.waitFor(1);
    const p = m!.properties;
    expect(p.contentType).toBe('application/json');
    expect(p.contentEncoding).toBe('gzip');
    expect(p.headers).toEqual(headers);
    expect(p.deliveryMode).toBe(2);
    expect(p.priority).toBe(7);
    expect(p.correlationId).toBe('corr-1');
    expect(p.replyTo).toBe('reply-queue');
    expect(p.expiration).toBe('600000');
    expect(p.messageId).toBe('msg-1');
    expect(p.timestamp).toBe(ts);
    expect(p.type).toBe('my.type');
    expect(p.userId).toBe('guest');
    expect(p.appId).toBe('warren-tests');
    await ch.close();
  });

  it('clusterId round-trips (sent with the raw client: amqplib and @cloudamqp never send it)', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true });
    const raw = await RawConnection.open(shared.broker.port, shared.broker.host);
    await raw.openChannel(1);
    const body = Buffer.from('cid');
    // flags: app-id (bit 3) + cluster-id (bit 2)
    raw.write(Buffer.concat([
      basicPublish(1, '', q),
      headerFrameWithProps(1, body.length, (1 << 3) | (1 << 2), shortstr('raw-app'), shortstr('cluster-1')),
      bodyFrame(1, body),
    ]));
    const [m] = await inbox.waitFor(1);
    expect(m!.properties.appId).toBe('raw-app');
    expect(m!.properties.clusterId).toBe('cluster-1');
    expect(m!.content.toString()).toBe('cid');
    raw.destroy();
    await ch.close();
  });

  it('absent properties stay absent', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    ch.sendToQueue(q, Buffer.from('bare'));
    await ch.waitForConfirms();
    const m = await ch.get(q, { noAck: true });
    expect(m).not.toBe(false);
    const p = (m as Message).properties;
    for (const k of ['contentType', 'contentEncoding', 'deliveryMode', 'priority', 'correlationId', 'replyTo', 'expiration', 'messageId', 'timestamp', 'type', 'userId', 'appId', 'clusterId'] as const) {
      expect(p[k], k).toBeUndefined();
    }
    await ch.close();
  });

  it('a userId that is not the authenticated user → 406 PRECONDITION_FAILED', async () => {
    const q = uniqueName('q');
    const ch = await channel(shared.conn);
    await ch.assertQueue(q, { exclusive: true });
    await expectChannelError(shared.conn, 406, (c) => c.sendToQueue(q, Buffer.from('x'), { userId: 'someone-else' }));
    await ch.close();
  });
});

describe('body sizes', () => {
  it('bodies of 0, 1, frame_max-8, frame_max-7, frame_max+1 and 16 MiB arrive identical', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    // amqplib negotiates frame_max 131072 (its default) unless the server asks for less; the frame
    // payload limit for a body is frame_max - 8 (7 bytes of header, 1 frame-end octet).
    const frameMax = (ch as unknown as { connection: { frameMax: number } }).connection.frameMax;
    expect(frameMax).toBeGreaterThanOrEqual(4096);
    const sizes = [0, 1, frameMax - 8, frameMax - 7, frameMax + 1, 16 * 1024 * 1024];
    const bodies = sizes.map((n, i) => {
      const b = Buffer.alloc(n);
      for (let j = 0; j < n; j++) b[j] = (j * 31 + i) & 0xff;
      return b;
    });
    for (const b of bodies) ch.sendToQueue(q, b);
    await within(ch.waitForConfirms(), 15_000, 'confirms');
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true });
    const got = await inbox.waitFor(bodies.length, 15_000);
    expect(got.map((m) => m.content.length)).toEqual(sizes);
    expect(got.map((m) => sha256(m.content))).toEqual(bodies.map(sha256));
    await ch.close();
  }, 30_000);
});

describe('consumers', () => {
  it('consume with a server-generated tag (amq.ctag-)', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    const inbox = new Inbox();
    const ok = await ch.consume(q, inbox.onMessage, { noAck: true });
    expect(ok.consumerTag).toMatch(/^amq\.ctag-/);
    ch.sendToQueue(q, Buffer.from('hi'));
    const [m] = await inbox.waitFor(1);
    expect(m!.fields.consumerTag).toBe(ok.consumerTag);
    expect(m!.fields.redelivered).toBe(false);
    expect(m!.fields.exchange).toBe('');
    expect(m!.fields.routingKey).toBe(q);
    expect(m!.fields.deliveryTag).toBe(1);
    await ch.close();
  });

  it('consume with a client-chosen tag; reusing it on the same channel → 530 NOT_ALLOWED (connection error)', async () => {
    const q = uniqueName('q');
    await expectConnectionError(shared.broker.url, 530, async (ch) => {
      await ch.assertQueue(q, { exclusive: true });
      const ok = await ch.consume(q, () => undefined, { consumerTag: 'my-tag' });
      expect(ok.consumerTag).toBe('my-tag');
      await ch.consume(q, () => undefined, { consumerTag: 'my-tag' });
    });
  });

  it('the same client-chosen tag on two different channels is fine', async () => {
    const a = await channel(shared.conn);
    const b = await channel(shared.conn);
    const q = uniqueName('q');
    await a.assertQueue(q, { exclusive: true });
    await a.consume(q, () => undefined, { consumerTag: 'shared-tag' });
    await b.consume(q, () => undefined, { consumerTag: 'shared-tag' });
    expect((await a.checkQueue(q)).consumerCount).toBe(2);
    await a.close();
    await b.close();
  });

  it('an exclusive consumer blocks a second consumer → 403 ACCESS_REFUSED', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { durable: false });
    await ch.consume(q, () => undefined, { exclusive: true });
    await expectChannelError(shared.conn, 403, (c) => c.consume(q, () => undefined));
    await expectChannelError(shared.conn, 403, (c) => c.consume(q, () => undefined, { exclusive: true }));
    await ch.deleteQueue(q);
    await ch.close();
  });

  it('an exclusive consumer on a queue that already has a consumer → 403 ACCESS_REFUSED', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { durable: false });
    await ch.consume(q, () => undefined);
    await expectChannelError(shared.conn, 403, (c) => c.consume(q, () => undefined, { exclusive: true }));
    await ch.deleteQueue(q);
    await ch.close();
  });

  it('consuming from a missing queue → 404', async () => {
    await expectChannelError(shared.conn, 404, (c) => c.consume(uniqueName('missing'), () => undefined));
  });

  it('basic.cancel stops deliveries', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    const inbox = new Inbox();
    const { consumerTag } = await ch.consume(q, inbox.onMessage, { noAck: true });
    ch.sendToQueue(q, Buffer.from('1'));
    await inbox.waitFor(1);
    const ok = await ch.cancel(consumerTag);
    expect(ok.consumerTag).toBe(consumerTag);
    ch.sendToQueue(q, Buffer.from('2'));
    // the message stays in the queue; a get proves it was not delivered to the cancelled consumer
    const m = await within((async () => { for (;;) { const g = await ch.get(q, { noAck: true }); if (g) return g; } })());
    expect(m.content.toString()).toBe('2');
    expect(inbox.bodies()).toEqual(['1']);
    expect((await ch.checkQueue(q)).consumerCount).toBe(0);
    await ch.close();
  });

  it('deleting a consumed queue sends the consumer basic.cancel (amqplib calls back with null)', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { durable: false });
    const inbox = new Inbox();
    const { consumerTag } = await ch.consume(q, inbox.onMessage);
    const cancelEvent = new Promise<string>((resolve) => ch.once('cancel', (f: { consumerTag: string }) => resolve(f.consumerTag)));
    const other = await channel(shared.conn);
    await other.deleteQueue(q);
    await inbox.waitForCancel();
    expect(await within(cancelEvent)).toBe(consumerTag);
    // the channel stays open
    await ch.checkExchange('amq.direct');
    await other.close();
    await ch.close();
  });

  it('basic.get returns get-ok with messageCount, then get-empty', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    for (const b of ['a', 'b', 'c']) ch.sendToQueue(q, Buffer.from(b));
    await ch.waitForConfirms();
    const counts: number[] = [];
    const bodies: string[] = [];
    for (;;) {
      const m = await ch.get(q, { noAck: true });
      if (m === false) break;
      counts.push(m.fields.messageCount);
      bodies.push(m.content.toString());
    }
    expect(bodies).toEqual(['a', 'b', 'c']);
    expect(counts).toEqual([2, 1, 0]); // messages remaining after this one
    expect(await ch.get(q)).toBe(false);
    await ch.close();
  });

  it('basic.get from a missing queue → 404', async () => {
    await expectChannelError(shared.conn, 404, (c) => c.get(uniqueName('missing')));
  });

  it('messages arrive in publish order', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true });
    const n = 500;
    for (let i = 0; i < n; i++) ch.sendToQueue(q, Buffer.from(String(i)));
    await inbox.waitFor(n);
    expect(inbox.bodies()).toEqual(Array.from({ length: n }, (_, i) => String(i)));
    await ch.close();
  });

  it('noLocal is accepted (RabbitMQ ignores it and still delivers)', async () => {
    const ch = await channel(shared.conn);
    const q = uniqueName('q');
    await ch.assertQueue(q, { exclusive: true });
    const inbox = new Inbox();
    await ch.consume(q, inbox.onMessage, { noAck: true, noLocal: true });
    ch.sendToQueue(q, Buffer.from('self'));
    await inbox.waitFor(1);
    await ch.close();
  });
});
