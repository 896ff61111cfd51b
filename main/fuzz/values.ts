// Random values for the fuzzer: boundary integers, names drawn from a small pool (so the broker's
// state stays bounded however long the run) with the odd random or huge one, and AMQP field tables
// with the arguments the broker interprets. Encoded with the product's own codec (field-table.ts).
import type { FieldTable, FieldValue } from '../../shared/model/amqp-values';
import type { Rng } from './rng';

const EDGE_U32 = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x1_0000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff];

/** an unsigned integer of `bits` bits, often a boundary */
export function uint(rng: Rng, bits: 8 | 16 | 32 | 53): number {
  const max = bits === 53 ? Number.MAX_SAFE_INTEGER : 2 ** bits - 1;
  if (rng.chance(0.4)) return Math.min(max, rng.pick(EDGE_U32));
  if (rng.chance(0.3)) return rng.int(16);
  return bits === 53 ? rng.int(2 ** 40) : rng.int(max + 1);
}

const QUEUES = ['fuzz.q0', 'fuzz.q1', 'fuzz.q2', 'fuzz.q3', '', 'amq.gen-fuzz', 'amq.rabbitmq.reply-to', 'fuzz.stream'];
const EXCHANGES = ['', 'amq.direct', 'amq.topic', 'amq.fanout', 'amq.headers', 'amq.match', 'fuzz.x0', 'fuzz.x1', 'fuzz.x2', 'amq.rabbitmq.trace'];
const TYPES = ['direct', 'fanout', 'topic', 'headers', 'x-consistent-hash', 'x-random', 'x-recent-history', 'x-modulus-hash'];
const KEYS = ['', '#', '*', 'a.b', 'a.*.c', '#.#', 'fuzz', '1', '2', 'a/b', '+', 'über'];

/** a short string: a pool name, or random text of up to 255 UTF-8 bytes */
export function name(rng: Rng, pool: 'queue' | 'exchange' | 'type' | 'key' | 'any' = 'any'): string {
  if (rng.chance(0.8)) {
    switch (pool) {
      case 'queue': return rng.pick(QUEUES);
      case 'exchange': return rng.pick(EXCHANGES);
      case 'type': return rng.pick(TYPES);
      case 'key': return rng.pick(KEYS);
      default: return rng.pick([...QUEUES, ...EXCHANGES, ...KEYS]);
    }
  }
  return text(rng, 255);
}

/** random text of at most `maxBytes` UTF-8 bytes, sometimes with control or non-ASCII characters */
export function text(rng: Rng, maxBytes: number): string {
  const n = rng.size(maxBytes);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rng.float();
    s += r < 0.85 ? String.fromCharCode(0x20 + rng.int(95)) : r < 0.92 ? String.fromCharCode(rng.int(32)) : rng.pick(['é', '€', '😀', '\u0000', '\uffff', '/', '%', '.']);
  }
  const chars = Array.from(s); // by code point: never half a surrogate pair
  while (Buffer.byteLength(chars.join('')) > maxBytes) chars.pop();
  return chars.join('');
}

/** The x-arguments the broker reads, with values of the right type or not. */
const ARGUMENTS = [
  'x-message-ttl', 'x-expires', 'x-max-length', 'x-max-length-bytes', 'x-overflow', 'x-dead-letter-exchange',
  'x-dead-letter-routing-key', 'x-max-priority', 'x-queue-type', 'x-queue-mode', 'x-single-active-consumer',
  'x-delivery-limit', 'alternate-exchange', 'x-match', 'x-priority', 'x-cancel-on-ha-failover', 'x-stream-offset',
  'x-hash-header', 'x-hash-property', 'x-recent-history-length', 'x-dead-letter-strategy', 'x-max-age',
  'x-stream-max-segment-size-bytes', 'x-initial-cluster-size', 'x-quorum-initial-group-size', 'x-first-death-reason', 'x-death', 'CC', 'BCC',
];
const STRINGS = ['classic', 'quorum', 'stream', 'lazy', 'drop-head', 'reject-publish', 'reject-publish-dlx', 'all', 'any', 'all-with-x', 'fuzz.x0', 'first', 'last', 'next', '1h', 'at-least-once'];

export function fieldValue(rng: Rng, depth: number): FieldValue {
  const r = rng.int(depth > 3 ? 14 : 16);
  switch (r) {
    case 0: return { type: 't', value: rng.chance(0.5) };
    case 1: return { type: 'b', value: rng.int(256) - 128 };
    case 2: return { type: 'B', value: rng.int(256) };
    case 3: return { type: 's', value: rng.int(65536) - 32768 };
    case 4: return { type: 'u', value: rng.int(65536) };
    case 5: return { type: 'I', value: (uint(rng, 32) | 0) };
    case 6: return { type: 'i', value: uint(rng, 32) };
    case 7: return { type: 'l', value: BigInt.asIntN(64, BigInt(uint(rng, 53)) * BigInt(rng.chance(0.2) ? -1 : 1)) };
    case 8: return { type: 'T', value: BigInt(uint(rng, 53)) };
    case 9: return { type: 'f', value: rng.pick([0, -1, 1.5, NaN, Infinity, 3.4e38]) };
    case 10: return { type: 'd', value: rng.pick([0, -1, 1e300, NaN, -Infinity, 2 ** 53 + 1, 0.1]) };
    case 11: return { type: 'D', value: { scale: rng.int(256), value: uint(rng, 32) | 0 } };
    case 12: return { type: 'S', value: Buffer.from(rng.chance(0.5) ? rng.pick(STRINGS) : text(rng, 300)) };
    case 13: return rng.chance(0.5) ? { type: 'V', value: null } : { type: 'x', value: rng.bytes(rng.size(64)) };
    case 14: return { type: 'F', value: table(rng, depth + 1) };
    default: {
      const items: FieldValue[] = [];
      for (let i = rng.size(6); i > 0; i--) items.push(fieldValue(rng, depth + 1));
      return { type: 'A', value: items };
    }
  }
}

/** A field table: mostly the arguments the broker interprets, with random values. */
export function table(rng: Rng, depth = 0): FieldTable {
  const t: FieldTable = [];
  const n = rng.chance(0.4) ? 0 : rng.size(depth === 0 ? 8 : 4);
  for (let i = 0; i < n; i++) t.push([rng.chance(0.8) ? rng.pick(ARGUMENTS) : text(rng, 255), fieldValue(rng, depth)]);
  return t;
}
