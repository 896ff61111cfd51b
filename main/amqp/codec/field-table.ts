// AMQP field tables and arrays with RabbitMQ's type tags (the 0-9-1 errata set), plus the
// short-string helpers every other encoder shares. Values keep their tag (see FieldValue), so
// decode -> encode reproduces the received bytes exactly.
//
// Encoders write in place: callers size the buffer with tableSize() first. writeTable() backfills
// each nested length after writing the body, so nesting costs one pass, not one per level.

import { ReplyCode } from '../../../shared/model/reply-codes';
import { CodecError } from './errors';
import type { FieldTable, FieldValue } from './types';


function malformed(what: string): never {
  throw new CodecError(ReplyCode.SYNTAX_ERROR, `malformed field table: ${what}`);
}

// ---- short strings (u8 length + UTF-8) ----------------------------------------------------

/** Reads the shortstr at p (length octet included); the caller has checked p < end. */
export function readShortStr(buf: Buffer, p: number, end: number): string {
  const n = buf[p];
  if (p + 1 + n > end) malformed('short string runs past its container');
  return n === 0 ? '' : buf.toString('utf8', p + 1, p + 1 + n);
}

/** Exact encoded size (length octet included). */
export function shortStrSize(s: string): number {
  return 1 + Buffer.byteLength(s, 'utf8');
}

/** Writes s as a shortstr at p and returns the offset after it. Short ASCII strings (routing keys,
 *  tags, names) skip the UTF-8 encoder, which costs more than the copy for a few bytes. */
export function writeShortStr(buf: Buffer, p: number, s: string): number {
  const len = s.length;
  if (len < 48) {
    let i = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) break;
      buf[p + 1 + i] = c;
    }
    if (i === len) {
      buf[p] = len;
      return p + 1 + len;
    }
  }
  const n = Buffer.byteLength(s, 'utf8');
  if (n > 255) throw new RangeError(`short string of ${n} bytes exceeds 255`);
  buf[p] = n;
  buf.write(s, p + 1, n, 'utf8');
  return p + 1 + n;
}

// ---- per-tag codecs ----------------------------------------------------------------------
// One record per type tag: its decoder, exact size and encoder. Decoders return the value and
// leave the offset after it in `next` (a module cursor avoids allocating a {value, end} pair).

let next = 0;
/** How deep the value being read sits in nested tables and arrays (reset by decodeTable). */
let depth = 0;
/** Tables and arrays nest at most this deep: the decoder (and everything that walks a table after
 *  it: JSON for the UI, definitions, the store) recurses per level, and a header frame of nested
 *  empty tables (7 bytes a level) would otherwise overflow the stack long before frame_max.
 *  RabbitMQ has no such limit, but no real client comes near it. */
export const MAX_NESTING = 100;

/** One level deeper into a table or array; refused beyond MAX_NESTING. */
function enter(): void {
  if (++depth > MAX_NESTING) malformed(`tables and arrays nested deeper than ${MAX_NESTING} levels`);
}

interface TagCodec {
  read(buf: Buffer, p: number, end: number): FieldValue;
  size(v: FieldValue): number;
  write(buf: Buffer, p: number, v: FieldValue): number;
}

/** A fixed-width scalar: reads/writes `width` bytes. */
function scalar<V>(
  type: FieldValue['type'],
  width: number,
  read: (buf: Buffer, p: number) => V,
  write: (buf: Buffer, v: V, p: number) => void,
): TagCodec {
  return {
    read(buf, p, end) {
      if (p + width > end) malformed(`'${type}' value truncated`);
      next = p + width;
      return { type, value: read(buf, p) } as FieldValue;
    },
    size: () => 1 + width,
    write(buf, p, v) {
      write(buf, v.value as V, p);
      return p + width;
    },
  };
}

/** u32 length + raw bytes ('S' long string, 'x' byte array): the value is a copy, not a view,
 *  because tables outlive the receive buffer (queues keep message headers). */
function bytes(type: 'S' | 'x'): TagCodec {
  return {
    read(buf, p, end) {
      if (p + 4 > end) malformed(`'${type}' length truncated`);
      const n = buf.readUInt32BE(p);
      if (p + 4 + n > end) malformed(`'${type}' value runs past its container`);
      next = p + 4 + n;
      return { type, value: Buffer.from(buf.subarray(p + 4, p + 4 + n)) };
    },
    size: (v) => 5 + (v.value as Buffer).length,
    write(buf, p, v) {
      const b = v.value as Buffer;
      buf.writeUInt32BE(b.length, p);
      b.copy(buf, p + 4);
      return p + 4 + b.length;
    },
  };
}

const codecs: Array<TagCodec | undefined> = [];
const def = (tag: string, c: TagCodec) => (codecs[tag.charCodeAt(0)] = c);

def('t', scalar('t', 1, (b, p) => b[p] !== 0, (b, v: boolean, p) => void (b[p] = v ? 1 : 0)));
def('b', scalar<number>('b', 1, (b, p) => b.readInt8(p), (b, v, p) => void b.writeInt8(v, p)));
def('B', scalar<number>('B', 1, (b, p) => b[p], (b, v, p) => void b.writeUInt8(v, p)));
def('s', scalar<number>('s', 2, (b, p) => b.readInt16BE(p), (b, v, p) => void b.writeInt16BE(v, p)));
def('u', scalar<number>('u', 2, (b, p) => b.readUInt16BE(p), (b, v, p) => void b.writeUInt16BE(v, p)));
def('I', scalar<number>('I', 4, (b, p) => b.readInt32BE(p), (b, v, p) => void b.writeInt32BE(v, p)));
def('i', scalar<number>('i', 4, (b, p) => b.readUInt32BE(p), (b, v, p) => void b.writeUInt32BE(v, p)));
def('l', scalar<bigint>('l', 8, (b, p) => b.readBigInt64BE(p), (b, v, p) => void b.writeBigInt64BE(v, p)));
def('T', scalar<bigint>('T', 8, (b, p) => b.readBigUInt64BE(p), (b, v, p) => void b.writeBigUInt64BE(v, p)));
def('f', scalar<number>('f', 4, (b, p) => b.readFloatBE(p), (b, v, p) => void b.writeFloatBE(v, p)));
def('d', scalar<number>('d', 8, (b, p) => b.readDoubleBE(p), (b, v, p) => void b.writeDoubleBE(v, p)));
def(
  'D',
  scalar(
    'D',
    5,
    (b, p) => ({ scale: b[p], value: b.readInt32BE(p + 1) }),
    (b, v, p) => void (b.writeUInt8(v.scale, p), b.writeInt32BE(v.value, p + 1)),
  ),
);
def('S', bytes('S'));
def('x', bytes('x'));
def('V', { read: (_b, p) => ((next = p), { type: 'V', value: null }), size: () => 1, write: (_b, p) => p });
def('F', {
  read(buf, p, end) {
    enter();
    const { table, end: after } = readTable(buf, p, end);
    depth--;
    next = after;
    return { type: 'F', value: table };
  },
  size: (v) => 1 + tableSize(v.value as FieldTable),
  write: (buf, p, v) => writeTable(buf, p, v.value as FieldTable),
});
def('A', {
  read(buf, p, end) {
    if (p + 4 > end) malformed('array length truncated');
    const stop = p + 4 + buf.readUInt32BE(p);
    if (stop > end) malformed('array runs past its container');
    enter();
    const items: FieldValue[] = [];
    for (let q = p + 4; q < stop; q = next) items.push(readValue(buf, q, stop));
    depth--;
    next = stop;
    return { type: 'A', value: items };
  },
  size(v) {
    let n = 5;
    for (const item of v.value as FieldValue[]) n += valueSize(item);
    return n;
  },
  write(buf, p, v) {
    let q = p + 4;
    for (const item of v.value as FieldValue[]) q = writeValue(buf, q, item);
    buf.writeUInt32BE(q - p - 4, p);
    return q;
  },
});

function codecFor(tag: number): TagCodec {
  const c = codecs[tag];
  if (c === undefined) malformed(`unknown field type tag 0x${tag.toString(16).padStart(2, '0')}`);
  return c;
}

/** Reads a tag octet and its value at p; leaves the offset after it in `next`. */
function readValue(buf: Buffer, p: number, end: number): FieldValue {
  if (p >= end) malformed('value tag missing');
  return codecFor(buf[p]).read(buf, p + 1, end);
}

/** Encoded size of a tagged value, tag octet included. */
export function valueSize(v: FieldValue): number {
  return codecFor(v.type.charCodeAt(0)).size(v);
}

function writeValue(buf: Buffer, p: number, v: FieldValue): number {
  const tag = v.type.charCodeAt(0);
  const c = codecFor(tag);
  buf[p] = tag;
  return c.write(buf, p + 1, v);
}

// ---- tables --------------------------------------------------------------------------------

/** Decodes the table whose u32 size is at `offset`; `limit` bounds it (the end of the method
 *  payload or property list it sits in, which may be shorter than buf). */
export function decodeTable(buf: Buffer, offset: number, limit: number = buf.length): { table: FieldTable; end: number } {
  depth = 0; // a decode that threw part-way left it raised
  return readTable(buf, offset, limit);
}

function readTable(buf: Buffer, offset: number, limit: number): { table: FieldTable; end: number } {
  if (offset + 4 > limit) malformed('table size truncated');
  const end = offset + 4 + buf.readUInt32BE(offset);
  if (end > limit) malformed('table runs past its container');
  const table: FieldTable = [];
  let p = offset + 4;
  while (p < end) {
    const name = readShortStr(buf, p, end);
    const v = readValue(buf, p + 1 + buf[p], end);
    table.push([name, v]);
    p = next;
  }
  return { table, end };
}

/** Encoded size, the u32 size prefix included. */
export function tableSize(table: FieldTable): number {
  let n = 4;
  for (const [name, v] of table) n += shortStrSize(name) + valueSize(v);
  return n;
}

/** Writes the table (size prefix included) at offset; returns the offset after it. */
export function writeTable(buf: Buffer, offset: number, table: FieldTable): number {
  let p = offset + 4;
  for (const [name, v] of table) p = writeValue(buf, writeShortStr(buf, p, name), v);
  buf.writeUInt32BE(p - offset - 4, offset);
  return p;
}

export function encodeTable(table: FieldTable): Buffer {
  const buf = Buffer.allocUnsafe(tableSize(table));
  writeTable(buf, 0, table);
  return buf;
}
