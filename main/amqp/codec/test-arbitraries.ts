// fast-check arbitraries and helpers shared by the codec tests (test-only: nothing in the codec imports this).

import fc from 'fast-check';
import { CodecError } from './errors';
import type { BasicProperties, FieldTable, FieldValue } from './types';

/** UTF-8 strings that fit a shortstr: mostly ASCII, some multi-byte graphemes. */
export const shortString = (): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 6 }));

const bytes = (): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a));

const scalarValue = (): fc.Arbitrary<FieldValue> =>
  fc.oneof(
    fc.boolean().map((value) => ({ type: 't', value }) as const),
    fc.integer({ min: -128, max: 127 }).map((value) => ({ type: 'b', value }) as const),
    fc.integer({ min: 0, max: 255 }).map((value) => ({ type: 'B', value }) as const),
    fc.integer({ min: -32768, max: 32767 }).map((value) => ({ type: 's', value }) as const),
    fc.integer({ min: 0, max: 65535 }).map((value) => ({ type: 'u', value }) as const),
    fc.integer().map((value) => ({ type: 'I', value }) as const),
    fc.nat({ max: 0xffffffff }).map((value) => ({ type: 'i', value }) as const),
    fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map((value) => ({ type: 'l', value }) as const),
    fc.bigInt(0n, 2n ** 64n - 1n).map((value) => ({ type: 'T', value }) as const),
    fc.float({ noNaN: true }).map((value) => ({ type: 'f', value }) as const),
    fc.double({ noNaN: true }).map((value) => ({ type: 'd', value }) as const),
    fc
      .record({ scale: fc.integer({ min: 0, max: 255 }), value: fc.integer() })
      .map((value) => ({ type: 'D', value }) as const),
    bytes().map((value) => ({ type: 'S', value }) as const),
    bytes().map((value) => ({ type: 'x', value }) as const),
    fc.constant({ type: 'V', value: null } as const),
  );

const nested = fc.letrec<{ value: FieldValue; table: FieldTable }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarValue(),
    tie('table').map((value) => ({ type: 'F', value }) as FieldValue),
    fc.array(tie('value'), { maxLength: 4 }).map((value) => ({ type: 'A', value }) as FieldValue),
  ),
  table: fc.array(fc.tuple(shortString(), tie('value')), { maxLength: 5 }) as fc.Arbitrary<FieldTable>,
}));

export const fieldTable = (): fc.Arbitrary<FieldTable> => nested.table;

export const basicProperties = (): fc.Arbitrary<BasicProperties> =>
  fc.record(
    {
      contentType: shortString(),
      contentEncoding: shortString(),
      headers: fieldTable(),
      deliveryMode: fc.integer({ min: 0, max: 255 }),
      priority: fc.integer({ min: 0, max: 255 }),
      correlationId: shortString(),
      replyTo: shortString(),
      expiration: shortString(),
      messageId: shortString(),
      timestamp: fc.bigInt(0n, 2n ** 64n - 1n),
      type: shortString(),
      userId: shortString(),
      appId: shortString(),
      clusterId: shortString(),
    },
    { requiredKeys: [] },
  );

/** The reply code of the CodecError that `f` throws, or undefined if it does not throw. */
export function codeOf(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof CodecError) return e.replyCode;
    throw e;
  }
  return undefined;
}

// ---- well-formed wire bytes with random content ----------------------------------------------
// Purely random bytes almost never get past a decoder's first length check. These build bytes
// whose lengths and tags are right and whose content is random, so decoders go all the way
// through; `mutated` then breaks one byte anywhere. Booleans are 0 or 1 and floats not NaN: any
// other octet reads as true and NaN payload bits do not survive JavaScript, so neither could
// re-encode to the same bytes (RabbitMQ normalises them the same way).

const octets = (n: number): fc.Arbitrary<Buffer> => fc.uint8Array({ minLength: n, maxLength: n }).map((a) => Buffer.from(a));
const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const lengthPrefixed = (parts: Buffer[]): Buffer => { const body = Buffer.concat(parts); return Buffer.concat([u32(body.length), body]); };
const tagged = (tag: string, value: Buffer): Buffer => Buffer.concat([Buffer.from(tag, 'latin1'), value]);
/** a shortstr of ASCII (any byte below 0x80 is valid UTF-8, so it decodes and re-encodes as is) */
export const asciiShortStrWire = (): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ max: 0x7f, maxLength: 20 }).map((a) => Buffer.concat([Buffer.from([a.length]), Buffer.from(a)]));
const floatWire = (width: 4 | 8) => (width === 4 ? fc.float({ noNaN: true }) : fc.double({ noNaN: true })).map((v) => {
  const b = Buffer.alloc(width);
  if (width === 4) b.writeFloatBE(v); else b.writeDoubleBE(v);
  return b;
});
const WIDTHS: Array<[string, number]> = [['b', 1], ['B', 1], ['s', 2], ['u', 2], ['I', 4], ['i', 4], ['l', 8], ['T', 8], ['D', 5]];

const wire = fc.letrec<{ value: Buffer; table: Buffer }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...WIDTHS).chain(([tag, n]) => octets(n).map((b) => tagged(tag, b))),
    fc.constantFrom(0, 1).map((b) => tagged('t', Buffer.from([b]))),
    floatWire(4).map((b) => tagged('f', b)),
    floatWire(8).map((b) => tagged('d', b)),
    fc.tuple(fc.constantFrom('S', 'x'), fc.uint8Array({ maxLength: 24 })).map(([tag, a]) => tagged(tag, lengthPrefixed([Buffer.from(a)]))),
    fc.constant(Buffer.from('V')),
    tie('table').map((t) => tagged('F', t)),
    fc.array(tie('value'), { maxLength: 4 }).map((vs) => tagged('A', lengthPrefixed(vs))),
  ),
  table: fc.array(fc.tuple(asciiShortStrWire(), tie('value')), { maxLength: 5 }).map((es) => lengthPrefixed(es.flat())),
}));

/** A field table's bytes (length prefix included) with random names and values. */
export const tableWire = (): fc.Arbitrary<Buffer> => wire.table;

/** A property list's bytes: a random flags word (basic's 14 bits) and random values in order. */
export const propertiesWire = (): fc.Arbitrary<Buffer> =>
  fc.tuple(fc.nat({ max: 0x3fff }), fc.array(asciiShortStrWire(), { minLength: 11, maxLength: 11 }), octets(2), octets(8), tableWire())
    .map(([bits, strs, oct, ts, table]) => {
      const flags = bits << 2;
      const parts: Buffer[] = [Buffer.from([flags >> 8, flags & 0xff])];
      let s = 0;
      // bit 15 - i flags property i: 2 headers (table), 3 and 4 octets, 9 timestamp, the rest shortstr
      for (let i = 0; i < 14; i++) {
        if ((flags & (0x8000 >>> i)) === 0) continue;
        if (i === 2) parts.push(table);
        else if (i === 3 || i === 4) parts.push(oct.subarray(i - 3, i - 2));
        else if (i === 9) parts.push(ts);
        else parts.push(strs[s++]);
      }
      return Buffer.concat(parts);
    });

/** `bytes` with (when `at` is given) the octet at `at` modulo its length replaced by `octet`. */
export const mutated = (bytes: Buffer, at: number | null, octet: number): Buffer => {
  if (at === null || bytes.length === 0) return bytes;
  const b = Buffer.from(bytes);
  b[at % b.length] = octet;
  return b;
};
