// Method frames, driven by the METHODS table: field order, types, bit packing and reserved fields
// all come from spec.ts. Consecutive bit fields share one octet, least significant bit first
// (0-9-1 §4.2.5.2); any other field closes the octet. Reserved fields encode as 0 / empty and are
// skipped on decode.
//
// The hot methods get hand-written twins (basic.publish decode, basic.deliver and basic.ack
// encode): same bytes, no table walk and no per-field dispatch. Tests check them against the
// table-driven path.

import { FRAME_END, FrameType, methodKey, methodSpecByKey, methodSpecByName, type FieldSpec, type MethodSpec } from '../spec';
import { ReplyCode } from '../../../shared/model/reply-codes';
import { CodecError } from './errors';
import { readShortStr, tableSize, writeShortStr, writeTable, decodeTable } from './field-table';
import type { FieldTable, Method, MethodArgs, MethodName } from './types';

const U32 = 0x1_0000_0000;
const EMPTY = Buffer.alloc(0);

// ---- decode ------------------------------------------------------------------------------------

const PUBLISH = methodKey(60, 40);

/** Decodes the method payload buf[offset, end) (class id, method id, arguments). RabbitMQ answers
 *  any payload it "cannot decode" (truncated, trailing bytes, bad table) with 501 FRAME_ERROR, and
 *  so do we; an unknown class/method id is 540 NOT_IMPLEMENTED. */
export function decodeMethod(buf: Buffer, offset: number, end: number): Method {
  if (end - offset < 4) throw new CodecError(ReplyCode.FRAME_ERROR, `method frame of ${end - offset} bytes has no method id`);
  const key = buf.readUInt32BE(offset);
  const spec = methodSpecByKey(key);
  if (spec === undefined) {
    throw new CodecError(ReplyCode.NOT_IMPLEMENTED, `unknown method: class ${key >>> 16}, method ${key & 0xffff}`);
  }
  try {
    return key === PUBLISH ? decodePublish(buf, offset + 4, end) : decodeArgs(spec, buf, offset + 4, end);
  } catch (e) {
    if (e instanceof CodecError) throw new CodecError(ReplyCode.FRAME_ERROR, `cannot decode ${spec.name}: ${e.message}`);
    throw e;
  }
}

function truncated(): never {
  throw new CodecError(ReplyCode.FRAME_ERROR, 'arguments truncated');
}

function checkEnd(p: number, end: number): void {
  if (p !== end) throw new CodecError(ReplyCode.FRAME_ERROR, `${end - p} trailing bytes`);
}

function decodeArgs(spec: MethodSpec, buf: Buffer, p: number, end: number): Method {
  const args: Record<string, unknown> = {};
  let bits = 0;
  let bit = 8; // index of the next bit in `bits`; 8 means "read a fresh octet"
  for (const f of spec.fields) {
    if (f.type === 'bit') {
      if (bit === 8) {
        if (p >= end) truncated();
        bits = buf[p++];
        bit = 0;
      }
      if (f.reserved !== true) args[f.name] = ((bits >>> bit) & 1) === 1;
      bit++;
      continue;
    }
    bit = 8;
    let v: unknown;
    switch (f.type) {
      case 'octet':
        if (p + 1 > end) truncated();
        v = buf[p];
        p += 1;
        break;
      case 'short':
        if (p + 2 > end) truncated();
        v = buf.readUInt16BE(p);
        p += 2;
        break;
      case 'long':
        if (p + 4 > end) truncated();
        v = buf.readUInt32BE(p);
        p += 4;
        break;
      case 'longlong':
        if (p + 8 > end) truncated();
        v = buf.readUInt32BE(p) * U32 + buf.readUInt32BE(p + 4);
        p += 8;
        break;
      case 'timestamp':
        if (p + 8 > end) truncated();
        v = buf.readBigUInt64BE(p);
        p += 8;
        break;
      case 'shortstr':
        if (p >= end) truncated();
        v = readShortStr(buf, p, end);
        p += 1 + buf[p];
        break;
      case 'longstr': {
        if (p + 4 > end) truncated();
        const n = buf.readUInt32BE(p);
        if (p + 4 + n > end) truncated();
        // a copy: credentials and the like outlive the receive buffer
        v = Buffer.from(buf.subarray(p + 4, p + 4 + n));
        p += 4 + n;
        break;
      }
      case 'table': {
        const r = decodeTable(buf, p, end);
        v = r.table;
        p = r.end;
        break;
      }
    }
    if (f.reserved !== true) args[f.name] = v;
  }
  checkEnd(p, end);
  return { name: spec.name, classId: spec.classId, methodId: spec.methodId, args } as Method;
}

/** basic.publish: ticket(short, reserved) exchange(shortstr) routing-key(shortstr) mandatory(bit) immediate(bit). */
function decodePublish(buf: Buffer, p: number, end: number): Method {
  p += 2;
  if (p >= end) truncated();
  const exchange = readShortStr(buf, p, end);
  p += 1 + buf[p];
  if (p >= end) truncated();
  const routingKey = readShortStr(buf, p, end);
  p += 1 + buf[p];
  if (p >= end) truncated();
  const bits = buf[p++];
  checkEnd(p, end);
  return {
    name: 'basic.publish',
    classId: 60,
    methodId: 40,
    args: { exchange, routingKey, mandatory: (bits & 1) === 1, immediate: (bits & 2) === 2 },
  };
}

// ---- encode ------------------------------------------------------------------------------------

function specOf(name: MethodName): MethodSpec {
  const spec = methodSpecByName(name);
  if (spec === undefined) throw new TypeError(`unknown method ${name}`);
  return spec;
}

/** An upper bound on the whole frame's size (header and frame-end included): strings count 3
 *  bytes per UTF-16 unit, so sizing needs no UTF-8 encoding pass. */
export function methodFrameBound<N extends MethodName>(name: N, args: MethodArgs[N]): number {
  const spec = specOf(name);
  const a = args as Record<string, unknown>;
  let n = 8 + 4;
  let inBits = false;
  for (const f of spec.fields) {
    if (f.type === 'bit') {
      if (!inBits) n += 1;
      inBits = true;
      continue;
    }
    inBits = false;
    n += fieldBound(f, f.reserved === true ? undefined : a[f.name]);
  }
  return n;
}

function fieldBound(f: FieldSpec, v: unknown): number {
  switch (f.type) {
    case 'octet':
      return 1;
    case 'short':
      return 2;
    case 'long':
      return 4;
    case 'longlong':
    case 'timestamp':
      return 8;
    case 'shortstr':
      return 1 + 3 * ((v as string | undefined)?.length ?? 0);
    case 'longstr':
      return 4 + ((v as Buffer | undefined)?.length ?? 0);
    case 'table':
      return v === undefined ? 4 : tableSize(v as FieldTable);
    default:
      return 0;
  }
}

/** Writes a complete method frame at offset and returns the offset after it. The buffer must
 *  hold methodFrameBound(name, args) bytes from offset. */
export function writeMethodFrame<N extends MethodName>(buf: Buffer, offset: number, channel: number, name: N, args: MethodArgs[N]): number {
  if (name === 'basic.deliver') {
    const d = args as MethodArgs['basic.deliver'];
    return writeDeliverFrame(buf, offset, channel, d.consumerTag, d.deliveryTag, d.redelivered, d.exchange, d.routingKey);
  }
  if (name === 'basic.ack') {
    const d = args as MethodArgs['basic.ack'];
    return writeAckFrame(buf, offset, channel, d.deliveryTag, d.multiple);
  }
  const spec = specOf(name);
  const bound = methodFrameBound(name, args);
  if (offset + bound > buf.length) throw new RangeError(`${name} needs up to ${bound} bytes at offset ${offset}`);
  buf[offset] = FrameType.METHOD;
  buf.writeUInt16BE(channel, offset + 1);
  buf.writeUInt16BE(spec.classId, offset + 7);
  buf.writeUInt16BE(spec.methodId, offset + 9);
  const p = writeArgs(buf, offset + 11, spec, args as Record<string, unknown>);
  buf.writeUInt32BE(p - offset - 7, offset + 3);
  buf[p] = FRAME_END;
  return p + 1;
}

function writeArgs(buf: Buffer, p: number, spec: MethodSpec, args: Record<string, unknown>): number {
  let bitAt = 0;
  let bit = 8;
  for (const f of spec.fields) {
    const v = f.reserved === true ? undefined : args[f.name];
    if (f.type === 'bit') {
      if (bit === 8) {
        bitAt = p;
        buf[p++] = 0;
        bit = 0;
      }
      if (v === true) buf[bitAt] |= 1 << bit;
      bit++;
      continue;
    }
    bit = 8;
    switch (f.type) {
      case 'octet':
        p = buf.writeUInt8((v as number | undefined) ?? 0, p);
        break;
      case 'short':
        p = buf.writeUInt16BE((v as number | undefined) ?? 0, p);
        break;
      case 'long':
        p = buf.writeUInt32BE((v as number | undefined) ?? 0, p);
        break;
      case 'longlong':
        p = writeU64(buf, p, (v as number | undefined) ?? 0);
        break;
      case 'timestamp':
        p = buf.writeBigUInt64BE((v as bigint | undefined) ?? 0n, p);
        break;
      case 'shortstr':
        p = writeShortStr(buf, p, (v as string | undefined) ?? '');
        break;
      case 'longstr': {
        const b = (v as Buffer | undefined) ?? EMPTY;
        buf.writeUInt32BE(b.length, p);
        p += 4 + b.copy(buf, p + 4);
        break;
      }
      case 'table':
        p = writeTable(buf, p, (v as FieldTable | undefined) ?? []);
        break;
    }
  }
  return p;
}

/** A non-negative integer up to 2^53 as a big-endian u64 (delivery tags). */
function writeU64(buf: Buffer, p: number, v: number): number {
  buf.writeUInt32BE(Math.floor(v / U32), p);
  buf.writeUInt32BE(v >>> 0, p + 4);
  return p + 8;
}

export function encodeMethodFrame<N extends MethodName>(channel: number, name: N, args: MethodArgs[N]): Buffer {
  const buf = Buffer.allocUnsafe(methodFrameBound(name, args));
  return buf.subarray(0, writeMethodFrame(buf, 0, channel, name, args));
}

// ---- hot-path encoders -------------------------------------------------------------------------

/** Upper bound of a basic.deliver frame. */
export function deliverFrameBound(consumerTag: string, exchange: string, routingKey: string): number {
  // 7 header + 4 ids + tag + 8 delivery-tag + 1 bits + exchange + routing key + 1 frame-end
  return 7 + 4 + 1 + 3 * consumerTag.length + 8 + 1 + 1 + 3 * exchange.length + 1 + 3 * routingKey.length + 1;
}

/** basic.deliver: consumer-tag(shortstr) delivery-tag(longlong) redelivered(bit) exchange(shortstr) routing-key(shortstr). */
export function writeDeliverFrame(
  buf: Buffer,
  offset: number,
  channel: number,
  consumerTag: string,
  deliveryTag: number,
  redelivered: boolean,
  exchange: string,
  routingKey: string,
): number {
  if (offset + deliverFrameBound(consumerTag, exchange, routingKey) > buf.length) throw new RangeError('basic.deliver does not fit');
  buf[offset] = FrameType.METHOD;
  buf.writeUInt16BE(channel, offset + 1);
  buf.writeUInt32BE(0x003c003c, offset + 7); // class 60, method 60
  let p = writeShortStr(buf, offset + 11, consumerTag);
  p = writeU64(buf, p, deliveryTag);
  buf[p++] = redelivered ? 1 : 0;
  p = writeShortStr(buf, p, exchange);
  p = writeShortStr(buf, p, routingKey);
  buf.writeUInt32BE(p - offset - 7, offset + 3);
  buf[p] = FRAME_END;
  return p + 1;
}

export const ACK_FRAME_SIZE = 21;

/** basic.ack: delivery-tag(longlong) multiple(bit): always 21 bytes, what publisher confirms send. */
export function writeAckFrame(buf: Buffer, offset: number, channel: number, deliveryTag: number, multiple: boolean): number {
  if (offset + ACK_FRAME_SIZE > buf.length) throw new RangeError('basic.ack does not fit');
  buf[offset] = FrameType.METHOD;
  buf.writeUInt16BE(channel, offset + 1);
  buf.writeUInt32BE(13, offset + 3);
  buf.writeUInt32BE(0x003c0050, offset + 7); // class 60, method 80
  writeU64(buf, offset + 11, deliveryTag);
  buf[offset + 19] = multiple ? 1 : 0;
  buf[offset + 20] = FRAME_END;
  return offset + ACK_FRAME_SIZE;
}
