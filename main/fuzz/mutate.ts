// Byte-level damage to an encoded frame or packet, protocol-blind: bit flips, truncation, a length
// field that lies, bytes inserted, deleted or duplicated, a huge run of bytes. Each returns a new
// buffer and leaves its input alone.
import type { Rng } from './rng';

const LIES = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0xffff, 0x7fff_ffff, 0xffff_ffff];

export type Mutator = (rng: Rng, b: Buffer) => Buffer;

const flipBits: Mutator = (rng, b) => {
  const out = Buffer.from(b);
  if (out.length === 0) return out;
  for (let n = rng.range(1, 8); n > 0; n--) out[rng.int(out.length)] ^= 1 << rng.int(8);
  return out;
};

const truncate: Mutator = (rng, b) => b.subarray(0, rng.int(b.length));

/** a u8, u16 or u32 somewhere in the buffer (a length field, often) overwritten with a boundary value */
const lieAboutLength: Mutator = (rng, b) => {
  const out = Buffer.from(b);
  const width = rng.pick([1, 2, 4]);
  if (out.length < width) return out;
  const at = rng.int(out.length - width + 1);
  const v = rng.chance(0.5) ? rng.pick(LIES) : rng.u32();
  if (width === 1) out[at] = v & 0xff;
  else if (width === 2) out.writeUInt16BE(v & 0xffff, at);
  else out.writeUInt32BE(v >>> 0, at);
  return out;
};

const insertBytes: Mutator = (rng, b) => {
  const at = rng.int(b.length + 1);
  return Buffer.concat([b.subarray(0, at), rng.bytes(rng.range(1, 16)), b.subarray(at)]);
};

const deleteBytes: Mutator = (rng, b) => {
  const at = rng.int(b.length + 1);
  return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + rng.range(1, 16)))]);
};

const duplicate: Mutator = (rng, b) => {
  const at = rng.int(b.length + 1);
  const n = rng.range(1, Math.max(1, b.length - at));
  return Buffer.concat([b.subarray(0, at + n), b.subarray(at, at + n), b.subarray(at + n)]);
};

/** a long run of one byte in the middle: a huge string where a short one was */
const hugeRun: Mutator = (rng, b) => {
  const at = rng.int(b.length + 1);
  return Buffer.concat([b.subarray(0, at), Buffer.alloc(rng.pick([256, 4096, 65536]), rng.int(256)), b.subarray(at)]);
};

const MUTATORS: readonly Mutator[] = [flipBits, flipBits, truncate, lieAboutLength, lieAboutLength, insertBytes, deleteBytes, duplicate, hugeRun];

/** `b` damaged by one to three mutators */
export function mutate(rng: Rng, b: Buffer): Buffer {
  let out = b;
  for (let n = rng.chance(0.7) ? 1 : rng.range(2, 3); n > 0; n--) out = rng.pick(MUTATORS)(rng, out);
  return out;
}

/** `frames` with a pair swapped, one repeated or one dropped: content out of order */
export function shuffle<T>(rng: Rng, frames: T[]): T[] {
  const out = frames.slice();
  if (out.length < 2) return out;
  const i = rng.int(out.length);
  const j = rng.int(out.length);
  switch (rng.int(3)) {
    case 0: [out[i], out[j]] = [out[j], out[i]]; break;
    case 1: out.splice(j, 0, out[i]); break;
    default: out.splice(i, 1);
  }
  return out;
}
