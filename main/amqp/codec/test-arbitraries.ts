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
