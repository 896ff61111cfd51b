// The far end of a long queue, packed. Past a few thousand ready messages, new arrivals are
// serialised into large arena buffers instead of living as objects (a Message, its entry, two
// Buffer views and the socket chunk they pin cost ~700 bytes; a packed record ~70 bytes plus the
// message's own bytes). Persisted messages leave their body on disk and keep only the record, so
// a durable backlog larger than memory still fits. Records are read back in order, in batches, as
// the queue's head comes near them.
//
// record: u32 length | u8 flags | u32 seq - chunk's first seq | f64 id | i32 publishedAt - chunk's
//         first publishedAt (f64 when FAR_TIME) | [f64 expiresAt] | [f64 ref] | [f64 lineage]
//         | [u16 deliveries] | u32 bodySize | [u8 exchange length, exchange, u8 routing-key length,
//         routing key] | u32 properties length | properties | [body]
// Bracketed fields are written only when their flag says so: the common record is 29 bytes plus
// the message's own bytes.
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
/** the most a record's fixed fields take (every optional field present) */
const MOST_FIXED = 4 + 1 + 4 + 8 + 8 + 8 + 8 + 8 + 2 + 4;
const BODY_ON_DISK = 1;
const REDELIVERED = 2;
/** same exchange and routing key as the previous record of the chunk: not written again */
const SAME_ROUTE = 4;
const HAS_EXPIRY = 8;
const HAS_REF = 16;
/** lineage differs from id (a dead-lettered copy) */
const HAS_LINEAGE = 32;
const HAS_DELIVERIES = 64;
/** publishedAt too far from the chunk's base for an i32 of milliseconds */
const FAR_TIME = 128;

interface Chunk {
  buf: Buffer;
  write: number;
  read: number;
  /** seq and publishedAt of the chunk's first record: later ones are stored relative to them */
  baseSeq: number;
  baseTime: number;
  lastExchange: string | null;
  lastRoutingKey: string | null;
  /** the route of the last record read, to resolve SAME_ROUTE */
  readExchange: string;
  readRoutingKey: string;
}

function newChunk(size: number): Chunk {
  return { buf: Buffer.allocUnsafeSlow(Math.max(CHUNK, size)), write: 0, read: 0, baseSeq: -1, baseTime: 0, lastExchange: null, lastRoutingKey: null, readExchange: '', readRoutingKey: '' };
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
    const most = MOST_FIXED + 2 + exLen + rkLen + 4 + props.length + bodyLen;
    let c = this.chunks.at(this.chunks.length - 1);
    if (!c || c.buf.length - c.write < most || e.seq - c.baseSeq > 0xffff_ffff) {
      c = newChunk(most);
      this.chunks.push(c);
    }
    if (c.baseSeq < 0) { c.baseSeq = e.seq; c.baseTime = m.publishedAt; }
    const b = c.buf;
    const start = c.write;
    let p = start + 4; // the length goes in last: optional fields are left out
    const same = c.lastExchange === m.exchange && c.lastRoutingKey === m.routingKey;
    const dt = m.publishedAt - c.baseTime;
    const far = !Number.isInteger(dt) || dt < -0x8000_0000 || dt > 0x7fff_ffff;
    b[p++] = (onDisk ? BODY_ON_DISK : 0) | (e.redelivered ? REDELIVERED : 0) | (same ? SAME_ROUTE : 0)
      | (e.expiresAt !== 0 ? HAS_EXPIRY : 0) | (e.ref !== 0 ? HAS_REF : 0) | (m.lineage !== m.id ? HAS_LINEAGE : 0)
      | (e.deliveries !== 0 ? HAS_DELIVERIES : 0) | (far ? FAR_TIME : 0);
    b.writeUInt32LE(e.seq - c.baseSeq, p); p += 4;
    b.writeDoubleLE(m.id, p); p += 8;
    if (far) { b.writeDoubleLE(m.publishedAt, p); p += 8; } else { b.writeInt32LE(dt, p); p += 4; }
    if (e.expiresAt !== 0) { b.writeDoubleLE(e.expiresAt, p); p += 8; }
    if (e.ref !== 0) { b.writeDoubleLE(e.ref, p); p += 8; }
    if (m.lineage !== m.id) { b.writeDoubleLE(m.lineage, p); p += 8; }
    if (e.deliveries !== 0) { b.writeUInt16LE(Math.min(e.deliveries, 0xffff), p); p += 2; }
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
    const flags = b[p++];
    const seq = c.baseSeq + b.readUInt32LE(p); p += 4;
    const id = b.readDoubleLE(p); p += 8;
    let publishedAt: number;
    if (flags & FAR_TIME) { publishedAt = b.readDoubleLE(p); p += 8; } else { publishedAt = c.baseTime + b.readInt32LE(p); p += 4; }
    let expiresAt = 0;
    if (flags & HAS_EXPIRY) { expiresAt = b.readDoubleLE(p); p += 8; }
    let ref = 0;
    if (flags & HAS_REF) { ref = b.readDoubleLE(p); p += 8; }
    let lineage = id;
    if (flags & HAS_LINEAGE) { lineage = b.readDoubleLE(p); p += 8; }
    let deliveries = 0;
    if (flags & HAS_DELIVERIES) { deliveries = b.readUInt16LE(p); p += 2; }
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

  /** Drop everything without decoding it: only stored records' refs are reported (purge, delete). */
  discard(onRef: (ref: number) => void): number {
    const n = this.length;
    for (const c of this.chunks) {
      for (let at = c.read; at < c.write; at += c.buf.readUInt32LE(at)) {
        const flags = c.buf[at + 4];
        if ((flags & HAS_REF) === 0) continue;
        // the ref follows the fixed fields and the optional time and expiry
        let p = at + 4 + 1 + 4 + 8 + ((flags & FAR_TIME) ? 8 : 4) + ((flags & HAS_EXPIRY) ? 8 : 0);
        onRef(c.buf.readDoubleLE(p));
        p += 8;
      }
    }
    this.chunks.clear();
    this.length = 0;
    this.bytes = 0;
    return n;
  }

  clear(queue: Queue): QueueEntry[] {
    const out = [...this.entries(queue)];
    this.chunks.clear();
    this.length = 0;
    this.bytes = 0;
    return out;
  }
}
