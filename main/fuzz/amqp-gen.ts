// AMQP 0-9-1 fuzz frames, generated generically from the spec table (main/amqp/spec.ts): any
// method of any class with random fields, encoded by the product's codec; publishes whose content
// frames come complete, lying, out of order or on the wrong channel; tables too big or nested too
// deep for a recursive parser. Byte-level damage on top is mutate.ts's job.
import { METHODS, methodSpecByName, type FieldSpec, type MethodName, type MethodSpec } from '../amqp/spec';
import { encodeMethodFrame } from '../amqp/codec/method-codec';
import { encodeProperties } from '../amqp/codec/properties';
import { encodeTable } from '../amqp/codec/field-table';
import type { BasicProperties } from '../../shared/model/properties';
import { frame, FRAME_BODY, FRAME_HEADER, FRAME_HEARTBEAT, FRAME_METHOD } from '../perf/frames';
import type { Rng } from './rng';
import { name, table, text, uint } from './values';

/** Methods a client sends in a running connection, weighted towards those that change state. */
const COMMON: MethodName[] = [
  'queue.declare', 'queue.declare', 'queue.bind', 'queue.unbind', 'queue.purge', 'queue.delete',
  'exchange.declare', 'exchange.declare', 'exchange.bind', 'exchange.unbind', 'exchange.delete',
  'basic.qos', 'basic.consume', 'basic.consume', 'basic.cancel', 'basic.get', 'basic.ack', 'basic.ack', 'basic.nack',
  'basic.reject', 'basic.recover', 'basic.recover-async', 'confirm.select', 'tx.select', 'tx.commit', 'tx.rollback',
  'channel.flow',
];

/** Bits that end the connection with 540 NOT_IMPLEMENTED one way (immediate=true, flow
 *  active=false, recover requeue=false, as RabbitMQ) lean the other way. */
const BIT_TRUE: Record<string, number> = { immediate: 0.002, active: 0.98, requeue: 0.97 };

function fieldValue(rng: Rng, f: FieldSpec): unknown {
  switch (f.type) {
    case 'octet': return uint(rng, 8);
    case 'short': return uint(rng, 16);
    case 'long': return f.name === 'prefetchSize' && rng.chance(0.97) ? 0 : uint(rng, 32); // prefetch-size: 540
    case 'longlong': return f.name === 'deliveryTag' && rng.chance(0.7) ? rng.int(64) : uint(rng, 53);
    case 'timestamp': return BigInt(uint(rng, 53));
    case 'bit': return rng.chance(BIT_TRUE[f.name] ?? 0.3);
    case 'longstr': return rng.bytes(rng.size(512));
    case 'table': return table(rng);
    case 'shortstr': switch (f.name) {
      case 'queue': return name(rng, 'queue');
      case 'exchange': case 'source': case 'destination': return name(rng, 'exchange');
      case 'type': return name(rng, 'type');
      case 'routingKey': return name(rng, 'key');
      case 'consumerTag': return rng.chance(0.8) ? rng.pick(['', 'c0', 'c1', 'c2']) : text(rng, 255);
      case 'virtualHost': return rng.chance(0.8) ? rng.pick(['fuzz', '/', '']) : text(rng, 255);
      default: return name(rng);
    }
  }
}

/** One method frame with random arguments: usually a common client method, sometimes any method
 *  of the spec (server-only ones included, which end the connection: hence rarely). */
export function methodFrame(rng: Rng, channel: number, spec: MethodSpec = rng.chance(0.97) ? methodSpecByName(rng.pick(COMMON))! : rng.pick(METHODS)): Buffer {
  const args: Record<string, unknown> = {};
  for (const f of spec.fields as readonly FieldSpec[]) if (!f.reserved) args[f.name] = fieldValue(rng, f);
  return encodeMethodFrame(channel, spec.name, args as never);
}

const PUBLISH = methodSpecByName('basic.publish')!;

function properties(rng: Rng): Buffer {
  if (rng.chance(0.05)) return rng.bytes(rng.size(64)); // flags and list that disagree
  const p: BasicProperties = {};
  if (rng.chance(0.3)) p.contentType = rng.pick(['text/plain', 'application/json', text(rng, 255)]);
  if (rng.chance(0.3)) p.headers = table(rng);
  if (rng.chance(0.3)) p.deliveryMode = rng.pick([1, 2, 0, 255]);
  if (rng.chance(0.2)) p.priority = uint(rng, 8);
  if (rng.chance(0.2)) p.expiration = rng.pick(['0', '10', '60000', '-1', 'abc', '99999999999999999999', text(rng, 40)]);
  if (rng.chance(0.2)) p.replyTo = rng.pick(['amq.rabbitmq.reply-to', 'fuzz.q0', text(rng, 255)]);
  if (rng.chance(0.2)) p.userId = rng.pick(['fuzz', 'guest', text(rng, 40)]);
  if (rng.chance(0.2)) p.messageId = text(rng, 255);
  if (rng.chance(0.2)) p.timestamp = BigInt(uint(rng, 53));
  if (rng.chance(0.1)) p.correlationId = text(rng, 255);
  return encodeProperties(p);
}

function header(channel: number, classId: number, bodySize: number, props: Buffer): Buffer {
  const h = Buffer.allocUnsafe(12);
  h.writeUInt16BE(classId, 0);
  h.writeUInt16BE(0, 2);
  h.writeUInt32BE(Math.floor(bodySize / 0x1_0000_0000), 4);
  h.writeUInt32BE(bodySize >>> 0, 8);
  return frame(FRAME_HEADER, channel, Buffer.concat([h, props]));
}

/** basic.publish and its content: complete, or with the header lying about the body size, frames
 *  missing, duplicated, reordered, or sent on another channel. */
export function publish(rng: Rng, channel: number, frameMax: number): Buffer[] {
  const m = methodFrame(rng, channel, PUBLISH);
  const size = rng.chance(0.98) ? rng.size(2048) : rng.size(200_000);
  const bodies: Buffer[] = [];
  const chunk = frameMax - 8;
  for (let left = size; left > 0; left -= chunk) bodies.push(frame(FRAME_BODY, channel, Buffer.alloc(Math.min(left, chunk), 0x61)));
  const h = header(channel, rng.chance(0.97) ? 60 : uint(rng, 16), size, properties(rng));
  const frames = [m, h, ...bodies];
  if (rng.chance(0.97)) return frames;
  switch (rng.int(7)) {
    case 0: return [m, header(channel, 60, size + 1 + rng.int(10), properties(rng)), ...bodies]; // promises more than comes
    case 1: return [m, header(channel, 60, Math.max(0, size - 1), properties(rng)), ...bodies]; // more body than promised
    case 2: return [m, ...bodies, h]; // body before its header
    case 3: return [h, ...bodies]; // content without a method
    case 4: return [m, h, h, ...bodies]; // a second header
    case 5: return [m, m, h, ...bodies]; // a method inside the content
    default: return [m, frame(FRAME_HEADER, channel ^ 1, h.subarray(7, -1)), ...bodies]; // header on another channel
  }
}

/** A field table nested `depth` levels deep, built iteratively: (F)ield tables or (A)rrays. */
export function nestedTable(depth: number, kind: 'F' | 'A'): Buffer {
  const level = kind === 'F' ? 7 : 5; // 'F' table-size key-len key | 'A' array-size
  const out = Buffer.alloc(4 + 2 + 5 + level * (depth - 1));
  let p = 0;
  const bodyLen = (i: number): number => level * (depth - 1 - i); // bytes inside the i-th nested value
  out.writeUInt32BE(out.length - 4, p); p += 4;
  out[p++] = 1; out[p++] = 0x61; // key "a"
  for (let i = 0; i < depth; i++) {
    out[p++] = kind.charCodeAt(0);
    out.writeUInt32BE(bodyLen(i), p); p += 4;
    if (kind === 'F' && i < depth - 1) { out[p++] = 1; out[p++] = 0x61; }
  }
  return out.subarray(0, p);
}

/** queue.declare whose arguments are a huge or deeply nested table. */
export function hostileTable(rng: Rng, channel: number, frameMax: number): Buffer {
  const depth = rng.pick([64, 200, 1000, 5000, Math.floor((frameMax - 64) / 7)]);
  const t = rng.chance(0.5) ? nestedTable(depth, rng.chance(0.5) ? 'F' : 'A')
    : encodeTable([['x-huge', { type: 'S', value: Buffer.alloc(rng.pick([1000, frameMax - 200, frameMax]), 0x62) }]]);
  const head = Buffer.from([0, 50, 0, 10, 0, 0, 7, 0x66, 0x75, 0x7a, 0x7a, 0x2e, 0x71, 0x39, 0]); // queue.declare "fuzz.q9", no flags
  if (rng.chance(0.5)) return frame(FRAME_METHOD, channel, Buffer.concat([head, t]));
  // the same table as a message's headers
  const props = Buffer.concat([Buffer.from([0x20, 0]), t]);
  return Buffer.concat([methodFrame(rng, channel, PUBLISH), header(channel, 60, 1, props), frame(FRAME_BODY, channel, Buffer.from('x'))]);
}

/** A frame of the wrong kind: an unknown type, a heartbeat with a payload or on a channel, an
 *  oversized frame, a frame without its frame-end. */
export function oddFrame(rng: Rng, channel: number, frameMax: number): Buffer {
  switch (rng.int(6)) {
    case 0: return frame(rng.pick([0, 4, 5, 7, 9, 0x41, 0xce, 0xff]), channel, rng.bytes(rng.size(32)));
    case 1: return frame(FRAME_HEARTBEAT, rng.chance(0.5) ? channel : 0, rng.bytes(rng.int(4)));
    case 2: return frame(FRAME_BODY, rng.chance(0.5) ? 0 : channel, rng.bytes(rng.size(64)));
    case 3: return frame(FRAME_METHOD, channel, Buffer.alloc(frameMax)); // one byte past frame-max
    case 4: return frame(FRAME_METHOD, channel, rng.bytes(rng.int(4))); // shorter than a method id
    default: { const f = methodFrame(rng, channel); f[f.length - 1] = rng.int(256); return f; }
  }
}

export const HEARTBEAT = frame(FRAME_HEARTBEAT, 0, Buffer.alloc(0));
