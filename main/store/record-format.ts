// The on-disk record: the one framing shared by segment files and ack files.
//
//   offset 0  crc32   u32 LE   CRC-32 (zlib) of bytes 4..length: covers length, type and payload
//          4  length  u32 LE   whole record, header included
//          8  type    u8
//          9  payload
//
// CRC-32 rather than CRC-32C: Node ships a native CRC-32 (zlib) and no CRC-32C.
// The checksum comes first so that the bytes it covers are one contiguous range, and it covers the
// length so that a torn length field cannot send the scanner into the weeds unnoticed.
//
// Payloads (all integers little-endian):
//   SegmentHeader  magic 'WSEG' u32 | version u8 | order f64 | replaces u32 | name u16+utf8
//   Message        flags u8 | publishedAt f64 | exchange u16+utf8 | routingKey u16+utf8 |
//                  properties u32+bytes | body u32+bytes
//   Remove         offset u32        (ack files only: the message at that offset is gone)
//   Delivered      offset u32        (ack files only: delivered at least once)
import { crc32 } from './crc32';
import type { StoredMessage } from './stored-message';
import type { WriteSlab } from './write-slab';
import { RecordTooLargeError } from './store-errors';

export const HEADER_BYTES = 9;
export const ACK_RECORD_BYTES = HEADER_BYTES + 4;
/** Offsets inside a segment are u32 and a ref keeps 32 bits for them; stay clear of the edge. */
const MAX_RECORD_BYTES = 0x7fff_ffff;
/** Bodies up to this size are copied into the write slab; larger ones are written by reference. */
const INLINE_BODY_MAX = 16 * 1024;

export const RecordType = { SegmentHeader: 1, Message: 2, Remove: 3, Delivered: 4 } as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/** Message flag set by compaction when it folds a Delivered ack record into the copy. */
export const FLAG_DELIVERED = 1;

const SEGMENT_MAGIC = 0x47455357; // 'WSEG'
const FORMAT_VERSION = 1;
const EMPTY = Buffer.alloc(0);

export function recordChecksum(buf: Buffer, start: number, end: number): number {
  return crc32(buf, start + 4, end);
}

/** Fills in length and checksum of a record whose type and payload are already in place. */
function seal(buf: Buffer, start: number, end: number, type: RecordType): void {
  buf.writeUInt32LE(end - start, start + 4);
  buf[start + 8] = type;
  buf.writeUInt32LE(recordChecksum(buf, start, end), start);
}

// ASCII fast path: most exchange names and routing keys are ASCII, and a byte loop beats the
// native Buffer.write call for strings this short. Returns the bytes written.
function writeString(buf: Buffer, pos: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return buf.write(s, pos, 'utf8');
    buf[pos + i] = c;
  }
  return n;
}

/** Where encodeMessage put the record: slab bytes [start, end) followed by `refs` (large bodies). */
export interface EncodedRecord {
  start: number;
  end: number;
  refs: readonly Buffer[] | null;
  length: number;
}

const encoded: EncodedRecord = { start: 0, end: 0, refs: null, length: 0 };

/**
 * Encodes a message record into the slab. Returns a shared scratch object: read it before the
 * next call. Large bodies are not copied: the caller must not mutate them until written.
 */
export function encodeMessage(slab: WriteSlab, msg: StoredMessage, flags = 0): EncodedRecord {
  const { exchange, routingKey, properties, body } = msg;
  const pieces: readonly Buffer[] = Buffer.isBuffer(body) ? [body] : (body as readonly Buffer[]);
  let bodyBytes = 0;
  for (const p of pieces) bodyBytes += p.length;
  const inline = bodyBytes <= INLINE_BODY_MAX;
  const maxMeta = HEADER_BYTES + 1 + 8 + 2 + exchange.length * 3 + 2 + routingKey.length * 3 + 4 + properties.length + 4;
  if (maxMeta + bodyBytes > MAX_RECORD_BYTES) throw new RecordTooLargeError(maxMeta + bodyBytes, MAX_RECORD_BYTES);
  slab.reserve(inline ? maxMeta + bodyBytes : maxMeta);
  const buf = slab.buf;
  const start = slab.pos;
  let pos = start + HEADER_BYTES;
  buf[pos++] = flags;
  buf.writeDoubleLE(msg.publishedAt, pos);
  pos += 8;
  const exLen = writeString(buf, pos + 2, exchange);
  buf.writeUInt16LE(exLen, pos);
  pos += 2 + exLen;
  const rkLen = writeString(buf, pos + 2, routingKey);
  buf.writeUInt16LE(rkLen, pos);
  pos += 2 + rkLen;
  buf.writeUInt32LE(properties.length, pos);
  pos += 4;
  pos += properties.copy(buf, pos);
  buf.writeUInt32LE(bodyBytes, pos);
  pos += 4;
  if (inline) for (const p of pieces) pos += p.copy(buf, pos);
  const length = pos - start + (inline ? 0 : bodyBytes);
  buf.writeUInt32LE(length, start + 4);
  buf[start + 8] = RecordType.Message;
  let crc = crc32(buf, start + 4, pos);
  if (!inline) for (const p of pieces) crc = crc32(p, 0, p.length, crc);
  buf.writeUInt32LE(crc, start);
  slab.pos = pos;
  encoded.start = start;
  encoded.end = pos;
  encoded.refs = inline ? null : pieces;
  encoded.length = length;
  return encoded;
}

/** Encodes a Remove or Delivered record into the slab; returns its start (length is fixed). */
export function encodeAck(slab: WriteSlab, type: typeof RecordType.Remove | typeof RecordType.Delivered, offset: number): number {
  slab.reserve(ACK_RECORD_BYTES);
  const start = slab.pos;
  slab.buf.writeUInt32LE(offset, start + HEADER_BYTES);
  seal(slab.buf, start, start + ACK_RECORD_BYTES, type);
  slab.pos = start + ACK_RECORD_BYTES;
  return start;
}

export interface SegmentHeader {
  order: number;
  /** Id of the segment this one is the compacted copy of (0: none). */
  replaces: number;
  queue: string;
}

export function encodeSegmentHeader(h: SegmentHeader): Buffer {
  const name = Buffer.from(h.queue, 'utf8');
  const buf = Buffer.allocUnsafe(HEADER_BYTES + 4 + 1 + 8 + 4 + 2 + name.length);
  let pos = HEADER_BYTES;
  buf.writeUInt32LE(SEGMENT_MAGIC, pos); pos += 4;
  buf[pos++] = FORMAT_VERSION;
  buf.writeDoubleLE(h.order, pos); pos += 8;
  buf.writeUInt32LE(h.replaces, pos); pos += 4;
  buf.writeUInt16LE(name.length, pos); pos += 2;
  pos += name.copy(buf, pos);
  seal(buf, 0, pos, RecordType.SegmentHeader);
  return buf;
}

/** The header at the start of a segment file, or null if it is missing, torn or foreign. */
export function decodeSegmentHeader(buf: Buffer): (SegmentHeader & { end: number }) | null {
  if (validRecordAt(buf, 0) !== RecordType.SegmentHeader) return null;
  let pos = HEADER_BYTES;
  if (buf.readUInt32LE(pos) !== SEGMENT_MAGIC || buf[pos + 4] !== FORMAT_VERSION) return null;
  pos += 5;
  const order = buf.readDoubleLE(pos); pos += 8;
  const replaces = buf.readUInt32LE(pos); pos += 4;
  const nameLen = buf.readUInt16LE(pos); pos += 2;
  const queue = buf.toString('utf8', pos, pos + nameLen);
  return { order, replaces, queue, end: buf.readUInt32LE(4) };
}

/** The record's type if a whole, checksum-valid record starts at pos; otherwise 0. */
export function validRecordAt(buf: Buffer, pos: number): number {
  if (buf.length - pos < HEADER_BYTES) return 0;
  const len = buf.readUInt32LE(pos + 4);
  const type = buf[pos + 8];
  if (len < HEADER_BYTES || len > buf.length - pos || type < 1 || type > 4) return 0;
  return recordChecksum(buf, pos, pos + len) === buf.readUInt32LE(pos) ? type : 0;
}

// Decoding repeats the same few exchange names and routing keys a million times on recovery;
// reusing the previous string when the bytes match saves an allocation and a UTF-8 decode each.
export class StringReuse {
  private buf: Buffer = EMPTY;
  private start = 0;
  private len = -1;
  private str = '';

  decode(buf: Buffer, start: number, len: number): string {
    if (len === this.len) {
      const prev = this.buf;
      const ps = this.start;
      let i = 0;
      while (i < len && prev[ps + i] === buf[start + i]) i++;
      if (i === len) return this.str;
    }
    this.buf = buf;
    this.start = start;
    this.len = len;
    this.str = len === 0 ? '' : buf.toString('utf8', start, start + len);
    return this.str;
  }
}

// Persistent messages mostly carry identical property lists (delivery-mode 2, a content type):
// share one read-only view instead of allocating one per message.
export class PropertiesReuse {
  private view: Buffer = EMPTY;

  decode(buf: Buffer, start: number, len: number): Buffer {
    const prev = this.view;
    if (len === prev.length && len <= 256) {
      let i = 0;
      while (i < len && prev[i] === buf[start + i]) i++;
      if (i === len) return prev;
    }
    return (this.view = len === 0 ? EMPTY : buf.subarray(start, start + len));
  }
}

export interface MessageDecoder { exchange: StringReuse; routingKey: StringReuse; properties: PropertiesReuse }

export function newMessageDecoder(): MessageDecoder {
  return { exchange: new StringReuse(), routingKey: new StringReuse(), properties: new PropertiesReuse() };
}

/** Decodes the message record at start. Buffers are views into buf (no copies): treat them as read-only. */
export function decodeMessage(buf: Buffer, start: number, d: MessageDecoder): StoredMessage {
  let pos = start + HEADER_BYTES + 1;
  const publishedAt = buf.readDoubleLE(pos); pos += 8;
  const exLen = buf.readUInt16LE(pos); pos += 2;
  const exchange = d.exchange.decode(buf, pos, exLen); pos += exLen;
  const rkLen = buf.readUInt16LE(pos); pos += 2;
  const routingKey = d.routingKey.decode(buf, pos, rkLen); pos += rkLen;
  const propsLen = buf.readUInt32LE(pos); pos += 4;
  const properties = d.properties.decode(buf, pos, propsLen); pos += propsLen;
  const bodySize = buf.readUInt32LE(pos); pos += 4;
  const body = buf.subarray(pos, pos + bodySize);
  return { exchange, routingKey, properties, body, bodySize, publishedAt };
}

export function messageFlags(buf: Buffer, start: number): number {
  return buf[start + HEADER_BYTES];
}

/** How a scan of a log ended. */
export type ScanEnd =
  | { kind: 'clean' }
  /** An incomplete or invalid record with nothing valid after it: a write cut short by a crash. */
  | { kind: 'torn'; at: number }
  /** An invalid record followed by valid ones: damage in the middle, the rest is unreachable. */
  | { kind: 'corrupt'; at: number };

/** How far past a bad record to look for a valid one before calling the damage a torn tail. */
const RESYNC_WINDOW = 64 * 1024;

/**
 * Visits each valid record from `from` on and stops at the first invalid one. A torn tail and
 * damage in the middle look alike at the bad record; they differ in what follows it.
 */
export function scanRecords(buf: Buffer, from: number, visit: (type: number, start: number, end: number) => void): ScanEnd {
  let pos = from;
  while (pos < buf.length) {
    const type = validRecordAt(buf, pos);
    if (type === 0) return { kind: validRecordAfter(buf, pos) ? 'corrupt' : 'torn', at: pos };
    const end = pos + buf.readUInt32LE(pos + 4);
    visit(type, pos, end);
    pos = end;
  }
  return { kind: 'clean' };
}

function validRecordAfter(buf: Buffer, bad: number): boolean {
  const limit = Math.min(buf.length - HEADER_BYTES, bad + RESYNC_WINDOW);
  for (let p = bad + 1; p <= limit; p++) if (validRecordAt(buf, p) > 1) return true;
  return false;
}
