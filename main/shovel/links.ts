// A shovel's two ends: an AMQP 0-9-1 connection and channel to the source and to the destination
// (over @cloudamqp/amqp-client, as main/remote does), and the topology each end needs first, as
// rabbitmq_shovel declares it: a named queue is made durable if it is missing, an exchange source
// reads through an exclusive server-named queue bound with src-exchange-key.
import type { AMQPChannel } from '@cloudamqp/amqp-client';
import { connectAmqp, type AmqpConnection } from '../remote/amqp-connect';
import { parseShovelUri, type ShovelUri } from './uri';

/** Where "amqp://" leads: this broker's AMQP listener, and its internal login. */
export interface LocalBroker {
  address(): { host: string; port: number } | null;
  user: string;
  password: string;
}

export interface Link {
  conn: AmqpConnection;
  ch: AMQPChannel;
  /** the URI connected to, without credentials (the status's src_uri / dest_uri) */
  shown: string;
}

/** The first of `uris` that connects (RabbitMQ picks one at random; in order is easier to follow). */
export async function openLink(uris: string[], name: string, local: LocalBroker): Promise<Link> {
  let last: unknown = null;
  for (const text of uris) {
    const uri = parseShovelUri(text);
    try {
      const conn = await connectAmqp(target(uri, name, local));
      try {
        return { conn, ch: await conn.channel(), shown: uri.shown };
      } catch (err) {
        conn.close().catch(() => {});
        throw err;
      }
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}

function target(uri: ShovelUri, name: string, local: LocalBroker): Parameters<typeof connectAmqp>[0] {
  const connectionName = `Shovel ${name}`;
  if (!uri.local) {
    const host = uri.host.includes(':') ? `[${uri.host}]` : uri.host;
    return { amqpUrl: `${uri.tls ? 'amqps' : 'amqp'}://${host}:${uri.port}`, user: uri.user, password: uri.password, vhost: uri.vhost, name: connectionName };
  }
  const at = local.address();
  if (!at) throw new Error('this Warren runs no AMQP listener for "amqp://"');
  return { amqpUrl: `amqp://${at.host}:${at.port}`, user: local.user, password: local.password, vhost: uri.vhost, name: connectionName };
}

/** The queue, declared durable if it does not exist (rabbit_shovel_parameters:ensure_queue); its
 *  message count. A passive declare of a missing queue closes the channel, so it asks on its own. */
export async function ensureQueue(link: Link, queue: string, args: Record<string, unknown>): Promise<number> {
  const probe = await link.conn.channel();
  probe.onerror = () => {}; // its 404 is the answer, not the link failing
  try {
    const ok = await probe.queueDeclare(queue, { passive: true });
    probe.close().catch(() => {});
    return ok.messageCount;
  } catch {
    const ok = await link.ch.queueDeclare(queue, { durable: true, autoDelete: false, exclusive: false }, args);
    return ok.messageCount;
  }
}

export function closeLink(link: Link | null): Promise<void> {
  if (!link || link.conn.closed) return Promise.resolve();
  return link.conn.close().catch(() => {});
}
