// A 128 MiB body crosses the broker in frame_max-sized pieces and arrives byte for byte.
import amqp from 'amqplib';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker.stop(); });

it('carries a 128 MiB message intact', async () => {
  const conn = await amqp.connect(broker.url);
  const ch = await conn.createConfirmChannel();
  const q = uniqueName('huge');
  await ch.assertQueue(q, { exclusive: true });
  const body = Buffer.allocUnsafe(128 * 1024 * 1024);
  for (let i = 0; i < body.length; i += 4) body.writeUInt32LE(i, i);
  const sent = createHash('sha256').update(body).digest('hex');
  ch.sendToQueue(q, body);
  await ch.waitForConfirms();
  const got = await ch.get(q, { noAck: true });
  expect(got && got.content.length).toBe(body.length);
  expect(createHash('sha256').update((got as amqp.GetMessage).content).digest('hex')).toBe(sent);
  await conn.close();
}, 60_000);
