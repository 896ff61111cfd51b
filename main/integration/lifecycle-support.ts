// Helpers for the lifecycle-*.test.ts suite (TTL, expiry, dead-lettering, limits, priorities, queue
// types, alternate exchanges, e2e bindings, headers routing, CC/BCC, direct reply-to). Built on amqp-util.
import type { GetMessage, Message } from 'amqplib';
import { expect } from 'vitest';
import { pollUntil, within } from '../test-support/wait';
import type { Channel, ChannelModel, ConfirmChannel } from './amqp-util';

export type { GetMessage, Message };

/** Waits until basic.get returns a message (the queue counts update asynchronously in RabbitMQ). */
export function getOne(ch: Channel, queue: string, opts: { noAck?: boolean } = { noAck: true }, ms = 3000): Promise<GetMessage> {
  return pollUntil(() => ch.get(queue, opts), (m) => m !== false, { what: `a message in ${queue}`, ms, stepMs: 5 }) as Promise<GetMessage>;
}

/** Publishes on a confirm channel and resolves with 'ack' or 'nack' for that one message. */
export function publishConfirmed(
  ch: ConfirmChannel, exchange: string, routingKey: string, body: string | Buffer, opts: Parameters<Channel['publish']>[3] = {},
): Promise<'ack' | 'nack'> {
  return within(new Promise<'ack' | 'nack'>((resolve) => {
    ch.publish(exchange, routingKey, Buffer.isBuffer(body) ? body : Buffer.from(body), opts, (err) => resolve(err ? 'nack' : 'ack'));
  }), 5000, `confirm of ${String(body)}`);
}

export function bodies(msgs: Message[]): string[] {
  return msgs.map((m) => m.content.toString());
}

/** amqplib's decoding of an AMQP timestamp field ('T'): a tagged object with seconds since the epoch. */
export interface AmqplibTimestamp { '!': 'timestamp'; value: number }

/** The x-death entry as amqplib decodes it, with the time checked to lie within [fromMs, toMs]. */
export function expectXDeathEntry(
  entry: unknown,
  want: { count: number; reason: string; queue: string; exchange: string; 'routing-keys': string[]; 'original-expiration'?: string },
  fromMs: number, toMs: number,
): void {
  const e = entry as Record<string, unknown>;
  const expected: Record<string, unknown> = {
    count: want.count, reason: want.reason, queue: want.queue, exchange: want.exchange,
    'routing-keys': want['routing-keys'], time: { '!': 'timestamp', value: expect.any(Number) },
  };
  if (want['original-expiration'] !== undefined) expected['original-expiration'] = want['original-expiration'];
  expect(e).toStrictEqual(expected);
  const t = (e.time as AmqplibTimestamp).value;
  expect(t).toBeGreaterThanOrEqual(Math.floor(fromMs / 1000));
  expect(t).toBeLessThanOrEqual(Math.ceil(toMs / 1000));
}

/** Every key of every x-death entry, in the order the broker encoded them. */
export function xDeathKeyOrder(headers: Record<string, unknown> | undefined): string[][] {
  const xd = (headers?.['x-death'] ?? []) as Array<Record<string, unknown>>;
  return xd.map((e) => Object.keys(e));
}

/** Whether a queue exists (passive declare on a throwaway channel; 404 → false). */
export async function queueExists(conn: ChannelModel, queue: string): Promise<boolean> {
  const ch = await conn.createChannel();
  ch.on('error', () => undefined);
  try {
    await ch.checkQueue(queue);
    await ch.close();
    return true;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return false;
    throw e;
  }
}

/**
 * Waits for an x-expires queue to disappear. In RabbitMQ a passive queue.declare renews the queue's
 * lease, so the probes must be further apart than x-expires or the queue never expires.
 */
export async function waitExpired(conn: ChannelModel, queue: string, expiresMs: number, ms = 5000): Promise<void> {
  await pollUntil(() => queueExists(conn, queue), (e) => !e, { what: `${queue} to expire`, ms, stepMs: expiresMs * 2 });
}

/** Deletes queues/exchanges a test declared as durable or non-exclusive (best effort). */
export async function cleanup(conn: ChannelModel, queues: string[], exchanges: string[] = []): Promise<void> {
  const ch = await conn.createChannel();
  ch.on('error', () => undefined);
  for (const q of queues) await ch.deleteQueue(q).catch(() => undefined);
  for (const e of exchanges) await ch.deleteExchange(e).catch(() => undefined);
  await ch.close().catch(() => undefined);
}
