import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldTable, FieldValue } from '../../shared/model/amqp-values';
import type { JsonValue } from '../../shared/model/topology';
import { fieldToJson, jsonToField, jsonToTable, tableToJson } from './field-json';

const S = (s: string): FieldValue => ({ type: 'S', value: Buffer.from(s) });

describe('field values as JSON', () => {
  it('renders every AMQP type the way the management API does', () => {
    const table: FieldTable = [
      ['bool', { type: 't', value: true }], ['i8', { type: 'b', value: -2 }], ['u8', { type: 'B', value: 200 }],
      ['i16', { type: 's', value: -300 }], ['u16', { type: 'u', value: 60000 }], ['i32', { type: 'I', value: -70000 }],
      ['u32', { type: 'i', value: 4000000000 }], ['i64', { type: 'l', value: -5n }], ['f32', { type: 'f', value: 1.5 }],
      ['f64', { type: 'd', value: 0.1 }], ['dec', { type: 'D', value: { scale: 2, value: 12345 } }], ['str', S('hé')],
      ['ts', { type: 'T', value: 1700000000n }], ['tbl', { type: 'F', value: [['a', { type: 'V', value: null }]] }],
      ['arr', { type: 'A', value: [{ type: 'I', value: 1 }, S('x')] }], ['void', { type: 'V', value: null }],
      ['bin', { type: 'x', value: Buffer.from([0, 255]) }],
    ];
    expect(tableToJson(table)).toEqual({
      bool: true, i8: -2, u8: 200, i16: -300, u16: 60000, i32: -70000, u32: 4000000000, i64: -5, f32: 1.5, f64: 0.1,
      dec: 123.45, str: 'hé', ts: 1700000000, tbl: { a: null }, arr: [1, 'x'], void: null, bin: { bytes: 'AP8=' },
    });
  });

  it('keeps 64-bit integers past 2^53 exact, as decimal strings', () => {
    expect(fieldToJson({ type: 'l', value: 2n ** 53n - 1n })).toBe(2 ** 53 - 1);
    expect(fieldToJson({ type: 'l', value: 2n ** 60n })).toBe('1152921504606846976');
    expect(fieldToJson({ type: 'l', value: -(2n ** 63n) })).toBe('-9223372036854775808');
    expect(fieldToJson({ type: 'T', value: 2n ** 64n - 1n })).toBe('18446744073709551615');
  });

  it('shows a long string that is not UTF-8 as bytes, not as replacement characters', () => {
    expect(fieldToJson({ type: 'S', value: Buffer.from([0x68, 0xff]) })).toEqual({ bytes: 'aP8=' });
  });

  it('makes a "__proto__" name a data key, never the prototype; the last duplicate wins', () => {
    const json = tableToJson([['__proto__', { type: 'F', value: [['polluted', { type: 't', value: true }]] }], ['k', S('a')], ['k', S('b')]]);
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect((json as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(json)).toEqual(['__proto__', 'k']);
    expect(json.k).toBe('b');
    expect(JSON.stringify(json)).toBe('{"__proto__":{"polluted":true},"k":"b"}');
  });
});

describe('JSON as field values', () => {
  it('types values as RabbitMQ does: integers long, other numbers double', () => {
    expect(jsonToField(7)).toEqual({ type: 'l', value: 7n });
    expect(jsonToField(-(2 ** 40))).toEqual({ type: 'l', value: -(2n ** 40n) });
    expect(jsonToField(1.25)).toEqual({ type: 'd', value: 1.25 });
    // past 2^53 the number is already rounded (and 1e20 would not fit a long): a double says so honestly
    expect(jsonToField(1e20)).toEqual({ type: 'd', value: 1e20 });
    expect(jsonToField(-0)).toEqual({ type: 'd', value: -0 });
    expect(jsonToField(true)).toEqual({ type: 't', value: true });
    expect(jsonToField(null)).toEqual({ type: 'V', value: null });
    expect(jsonToField('hé')).toEqual(S('hé'));
    expect(jsonToField({ bytes: 'AP8=' })).toEqual({ type: 'x', value: Buffer.from([0, 255]) });
    expect(jsonToField({ bytes: 'AP8=', more: 1 }).type).toBe('F');
    expect(jsonToTable(JSON.parse('{"__proto__":{"a":[1,"x"]}}'))).toEqual(
      [['__proto__', { type: 'F', value: [['a', { type: 'A', value: [{ type: 'l', value: 1n }, S('x')] }]] }]]);
  });

  it('gives back the same JSON for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(fieldToJson(jsonToField(v as JsonValue))).toEqual(v);
    }), { numRuns: 300 });
  });
});
