// The far end of a long queue, packed. Past a few thousand ready messages, new arrivals are
// serialised into large arena buffers instead of living as objects (a Message, its entry, two
// Buffer views and the socket chunk they pin cost ~700 bytes; a packed record ~70 bytes plus the
// message's own bytes). Persisted messages leave their body on disk and keep only the record, so
// a durable backlog larger than memory still fits. Records are read back in order, in batches, as
// the queue's head comes near them.
//
// record: u32 length | f64 seq | f64 publishedAt | f64 expiresAt | f64 ref | f64 id | f64 lineage
//         | u8 flags | u16 deliveries | u32 bodySize | [u8 exchange length, exchange,
//         u8 routing-key length, routing key] | u32 properties length | properties | [body]
import type { BasicProperties } from '../../../shared/model/amqp-values';
import { Message } from '../message';
import { Deque } from './deque';
import type { Queue } from './queue';
import { QueueEntry } from './queue-entry';

/** What packing needs from the outer layers: the properties codec and the store's bodies. */
export interface PackingSupport {
  decodeProperties(raw: Buffer): BasicProperties;
  encodeProperties(p: BasicProperties): Buffer;
  /** the body of a stored message (null: bodies are never paged out) */
  readBody: ((ref: number) => Buffer) | null;
}

const CHUNK = 256 * 1024;
const FIXED = 4 + 8 * 6 + 1 + 2 + 4;
const BODY_ON_DISK = 1;
const REDELIVERED = 2;
/** same exchange and routing key as the previous record of the chunk: not written again */
const SAME_ROUTE = 4;

interface Chunk {
  buf: Buffer;
  write: number;
  read: number;
  lastExchange: string | null;
  lastRoutingKey: string | null;
  /** the route of the last record read, to resolve SAME_ROUTE */
  readExchange: string;
  readRoutingKey: string;
}

function newChunk(size: number): Chunk {
  return { buf: Buffer.allocUnsafeSlow(Math.max(CHUNK, size)), write: 0, read: 0, lastExchange: null, lastRoutingKey: null, readExchange: '', readRoutingKey: '' };
}

export class PackedTail {
  private readonly chunks = new Deque<Chunk>();
  length = 0;
  /** body bytes of the packed messages (x-max-length-bytes counts them) */
  bytes = 0;

  constructor(private readonly support: PackingSupport) {}

  pack(e: QueueEntry): void {
    const m = e.message;
    const props = m.rawProperties ?? this.support.encodeProperties(m.properties);
    const onDisk = e.ref !== 0 && this.support.readBody !== null;
    const bodyLen = onDisk ? 0 : m.bodySize;
    const exLen = Buffer.byteLength(m.exchange);
    const rkLen = Buffer.byteLength(m.routingKey);
    const most = FIXED + 2 + exLen + rkLen + 4 + props.length + bodyLen;
    let c = this.chunks.at(this.chunks.length - 1);
    if (!c || c.buf.length - c.write < most) {
      c = newChunk(most);
      this.chunks.push(c);
    }
    const b = c.buf;
    const start = c.write;
    let p = start + 4; // the length goes in last: the route may be left out
    b.writeDoubleLE(e.seq, p); p += 8;
    b.writeDoubleLE(m.publishedAt, p); p += 8;
    b.writeDoubleLE(e.expiresAt, p); p += 8;
    b.writeDoubleLE(e.ref, p); p += 8;
    b.writeDoubleLE(m.id, p); p += 8;
    b.writeDoubleLE(m.lineage, p); p += 8;
    const same = c.lastExchange === m.exchange && c.lastRoutingKey === m.routingKey;
    b[p++] = (onDisk ? BODY_ON_DISK : 0) | (e.redelivered ? REDELIVERED : 0) | (same ? SAME_ROUTE : 0);
    b.writeUInt16LE(Math.min(e.deliveries, 0xffff), p); p += 2;
    b.writeUInt32LE(m.bodySize, p); p += 4;
    if (!same) {
      b[p++] = exLen; p += b.write(m.exchange, p, 'utf8');
      b[p++] = rkLen; p += b.write(m.routingKey, p, 'utf8');
      c.lastExchange = m.exchange;
      c.lastRoutingKey = m.routingKey;
    }
    b.writeUInt32LE(props.length, p); p += 4;
    p += props.copy(b, p);
    if (!onDisk) {
      const body = m.body;
      if (Buffer.isBuffer(body)) p += body.copy(b, p);
      else for (const part of body) p += part.copy(b, p);
    }
    b.writeUInt32LE(p - start, start);
    c.write = p;
    this.length++;
    this.bytes += m.bodySize;
  }

  /** The oldest packed message, as a live entry of `queue` again. */
  unpack(queue: Queue): QueueEntry | undefined {
    const c = this.chunks.peek();
    if (!c) return undefined;
    const e = this.decode(c, c.read, queue);
    c.read += c.buf.readUInt32LE(c.read);
    if (c.read >= c.write) this.chunks.shift();
    this.length--;
    this.bytes -= e.message.bodySize;
    return e;
  }

  private decode(c: Chunk, at: number, queue: Queue): QueueEntry {
    const b = c.buf;
    let p = at + 4;
    const seq = b.readDoubleLE(p); p += 8;
    const publishedAt = b.readDoubleLE(p); p += 8;
    const expiresAt = b.readDoubleLE(p); p += 8;
    const ref = b.readDoubleLE(p); p += 8;
    const id = b.readDoubleLE(p); p += 8;
    const lineage = b.readDoubleLE(p); p += 8;
    const flags = b[p++];
    const deliveries = b.readUInt16LE(p); p += 2;
    const bodySize = b.readUInt32LE(p); p += 4;
    if ((flags & SAME_ROUTE) === 0) {
      const exLen = b[p++];
      c.readExchange = b.toString('utf8', p, p + exLen); p += exLen;
      const rkLen = b[p++];
      c.readRoutingKey = b.toString('utf8', p, p + rkLen); p += rkLen;
    }
    const propsLen = b.readUInt32LE(p); p += 4;
    const raw = b.subarray(p, p + propsLen); p += propsLen;
    const body = (flags & BODY_ON_DISK) !== 0 ? this.support.readBody!(ref) : b.subarray(p, p + bodySize);
    const m = new Message(c.readExchange, c.readRoutingKey, this.support.decodeProperties(raw), raw, body, bodySize, publishedAt, id);
    m.lineage = lineage;
    if (m.properties.expiration !== undefined) m.expiresAt = publishedAt + Number(m.properties.expiration);
    const e = new QueueEntry(m, queue, seq);
    e.expiresAt = expiresAt;
    e.ref = ref;
    e.deliveries = deliveries;
    e.redelivered = (flags & REDELIVERED) !== 0;
    return e;
  }

  /** Every packed message in order, decoded afresh (the message browser; not the message path). */
  *entries(queue: Queue): IterableIterator<QueueEntry> {
    for (const c of this.chunks) {
      // A private cursor: decoding must not disturb the chunk's own read position.
      const cursor: Chunk = { ...c };
      for (let at = c.read; at < c.write; at += c.buf.readUInt32LE(at)) yield this.decode(cursor, at, queue);
    }
  }

  clear(queue: Queue): QueueEntry[] {
    const out = [...this.entries(queue)];
    this.chunks.clear();
    this.length = 0;
    this.bytes = 0;
    return out;
  }
}
