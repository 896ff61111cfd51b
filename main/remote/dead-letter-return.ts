// Moving dead letters out of a queue on a remote broker, back to where they were first published,
// over AMQP, one message at a time:
//   basic.get (with acks) -> the oldest x-death record (the last: RabbitMQ puts the newest first)
//   names the exchange and routing-keys[0] -> basic.publish there, mandatory, on a confirm channel,
//   with the original properties and headers (x-death kept: RabbitMQ 3.x reads it, so a later death
//   counts on; 4.x keeps it as a plain header and starts its own) -> wait for the confirm -> only
//   then basic.ack the original.
// So nothing is lost if the move stops anywhere: an original not yet acked goes back to the queue
// when the connection closes. A duplicate is possible only when the confirm arrived and the
// connection broke before the ack did (the message is then both back home and still a dead letter).
//
// A message with no x-death, or whose publish comes back (basic.return: no queue took it) or is
// refused (its exchange is gone or internal, or a nack), is skipped: kept unacked, so basic.get
// moves on to the next instead of handing it back, and requeued at the end, where it keeps its
// place at the head of the queue.
//
// Header values travel through @cloudamqp/amqp-client, which decodes field tables to JS values and
// encodes them again by their JS type: an integer goes out as a signed 32-bit one (x-death's count,
// a long from RabbitMQ, which reads either), so larger ones are sent as longs here (the client would
// wrap them); a fraction goes out as a 32-bit float, so a message with a fraction that float cannot
// hold exactly is skipped rather than changed.
import type { AMQPChannel, AMQPMessage, Field } from '@cloudamqp/amqp-client';
import type { DeadLetterReturn } from '../../shared/model/remote';
import { connectAmqp, type AmqpConnection, type AmqpTarget } from './amqp-connect';

export interface DeadLetterReturnRequest extends Omit<AmqpTarget, 'name'> {
  queue: string;
  /** messages looked at, at most (moved or skipped) */
  max: number;
  /** after each move (awaited: the window shows progress with it; tests stop the move with it) */
  onMoved?(moved: number): void | Promise<void>;
}

/** Where a dead letter was first published, from its oldest x-death record. */
export interface Origin { exchange: string; routingKey: string }

export function firstDeath(headers: Record<string, Field> | undefined): Origin | null {
  const deaths = headers?.['x-death'];
  if (!Array.isArray(deaths) || deaths.length === 0) return null;
  const oldest = deaths[deaths.length - 1] as Record<string, Field> | null;
  if (!oldest || typeof oldest !== 'object') return null;
  const keys = oldest['routing-keys'];
  const exchange = oldest.exchange;
  if (typeof exchange !== 'string' || !Array.isArray(keys) || typeof keys[0] !== 'string') return null;
  return { exchange, routingKey: keys[0] };
}

const INT32 = 2 ** 31;

/** A header value as the client should encode it to keep it; undefined when it cannot be kept. */
function faithful(v: Field): Field | undefined {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v >= -INT32 && v < INT32 ? v : BigInt(v);
    return Math.fround(v) === v ? v : undefined;
  }
  if (Array.isArray(v)) {
    const out: Field[] = [];
    for (const x of v) {
      const f = faithful(x);
      if (f === undefined && x !== undefined) return undefined;
      out.push(f);
    }
    return out;
  }
  if (v && typeof v === 'object' && !(v instanceof Uint8Array) && !(v instanceof ArrayBuffer) && !(v instanceof Date)) {
    return faithfulTable(v as Record<string, Field>) ?? undefined;
  }
  return v;
}

/** The headers as they must be sent to arrive unchanged, or null when the client cannot send them so. */
export function faithfulTable(headers: Record<string, Field>): Record<string, Field> | null {
  const out: Record<string, Field> = {};
  for (const [k, v] of Object.entries(headers)) {
    const f = faithful(v);
    if (f === undefined && v !== undefined) return null;
    out[k] = f;
  }
  return out;
}

type Outcome = 'confirmed' | 'returned' | 'refused';

/** A confirm channel whose returns are counted (one publish is in flight at a time, so a return
 *  between a publish and its confirm is that publish's). */
class Publisher {
  returned = false;
  private constructor(readonly ch: AMQPChannel) {}

  static async open(conn: AmqpConnection): Promise<Publisher> {
    const ch = await conn.channel();
    await ch.confirmSelect();
    const p = new Publisher(ch);
    ch.onReturn = () => { p.returned = true; };
    ch.onerror = () => undefined; // a refused publish closes the channel; publish() says so
    return p;
  }

  async publish(to: Origin, m: AMQPMessage): Promise<Outcome> {
    const headers = m.properties.headers ? faithfulTable(m.properties.headers) : undefined;
    if (headers === null) return 'refused';
    this.returned = false;
    try {
      await this.ch.basicPublish(to.exchange, to.routingKey, m.body as Uint8Array | null, { ...m.properties, headers }, true);
    } catch (err) {
      if (this.ch.connection.closed) throw err;
      return 'refused'; // channel closed by the broker (404, 403) or a nack
    }
    return this.returned ? 'returned' : 'confirmed';
  }
}

export async function returnDeadLetters(r: DeadLetterReturnRequest): Promise<DeadLetterReturn> {
  const conn = await connectAmqp({ ...r, name: `Warren window: returning dead letters from '${r.queue}'` });
  const result: DeadLetterReturn = { moved: 0, skipped: 0, failed: 0 };
  let inHand = false;
  /** ready messages behind the last one taken, as basic.get-ok said */
  let behind = 0;
  let seen = 0;
  let getter: AMQPChannel | null = null;
  try {
    getter = await conn.channel();
    let pub = await Publisher.open(conn);
    for (; seen < r.max; seen++) {
      const m = await getter.basicGet(r.queue, { noAck: false });
      if (!m) break;
      inHand = true;
      behind = m.messageCount ?? 0;
      const origin = firstDeath(m.properties.headers);
      const outcome = origin ? await pub.publish(origin, m) : 'returned';
      if (outcome !== 'confirmed') {
        result.skipped++; // stays unacked until the end
        if (pub.ch.closed) pub = await Publisher.open(conn);
      } else {
        await m.ack();
        result.moved++;
      }
      inHand = false;
      if (outcome === 'confirmed') await r.onMoved?.(result.moved);
    }
  } catch (err) {
    result.error = `the move stopped: ${(err as Error).message}. What was not moved stays in '${r.queue}'.`;
    result.failed = (inHand ? 1 : 0) + Math.min(behind, Math.max(0, r.max - seen - 1));
  } finally {
    if (!conn.closed) {
      // the skipped ones back to the queue (closing would requeue them too; this says so)
      if (getter && !getter.closed) await getter.basicNack(0, true, true).catch(() => undefined);
      await conn.close().catch(() => undefined);
    }
  }
  return result;
}
