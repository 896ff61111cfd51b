import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CodecError } from './errors';
import { decodeTable, encodeTable, MAX_NESTING, tableSize, writeTable } from './field-table';
import { nestedTable } from '../../fuzz/amqp-gen';
import { fieldTable, mutated, tableWire } from './test-arbitraries';
import type { FieldTable } from './types';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// One entry per type tag, derived by hand from RabbitMQ's tag list (name shortstr, tag, value).
const EVERY_TAG: Array<[string, FieldTable[number], string]> = [
  ['t', ['bool', { type: 't', value: true }], '04626f6f6c 74 01'],
  ['b', ['i8', { type: 'b', value: -2 }], '026938 62 fe'],
  ['B', ['u8', { type: 'B', value: 200 }], '027538 42 c8'],
  ['s', ['i16', { type: 's', value: -300 }], '03693136 73 fed4'],
  ['u', ['u16', { type: 'u', value: 60000 }], '03753136 75 ea60'],
  ['I', ['i32', { type: 'I', value: -70000 }], '03693332 49 fffeee90'],
  ['i', ['u32', { type: 'i', value: 4000000000 }], '03753332 69 ee6b2800'],
  ['l', ['i64', { type: 'l', value: -5n }], '03693634 6c fffffffffffffffb'],
  ['f', ['f32', { type: 'f', value: 1.5 }], '03663332 66 3fc00000'],
  ['d', ['f64', { type: 'd', value: 0.1 }], '03663634 64 3fb999999999999a'],
  ['D', ['dec', { type: 'D', value: { scale: 2, value: 12345 } }], '03646563 44 02 00003039'],
  ['S', ['str', { type: 'S', value: Buffer.from('hé') }], '03737472 53 00000003 68c3a9'],
  ['T', ['ts', { type: 'T', value: 1700000000n }], '027473 54 000000006553f100'],
  ['F', ['tbl', { type: 'F', value: [['a', { type: 'V', value: null }]] }], '0374626c 46 00000003 0161 56'],
  [
    'A',
    ['arr', { type: 'A', value: [{ type: 'I', value: 1 }, { type: 'S', value: Buffer.from('x') }] }],
    '03617272 41 0000000b 49 00000001 53 00000001 78',
  ],
  ['V', ['void', { type: 'V', value: null }], '04766f6964 56'],
  ['x', ['bin', { type: 'x', value: Buffer.from([0, 255]) }], '0362696e 78 00000002 00ff'],
];

describe('field tables: known answers', () => {
  for (const [tag, entry, body] of EVERY_TAG) {
    it(`encodes and decodes tag '${tag}'`, () => {
      const b = hex(body);
      const wire = Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
      expect(encodeTable([entry]).toString('hex')).toBe(wire.toString('hex'));
      expect(decodeTable(wire, 0)).toEqual({ table: [entry], end: wire.length });
    });
  }

  it('encodes a table holding every tag', () => {
    const table = EVERY_TAG.map(([, entry]) => entry);
    const wire = hex(
      '000000a704626f6f6c740102693862fe02753842c80369313673fed40375313675ea600369333249fffeee900375333269ee6b2800036936346cfffffffffffffffb03663332663fc0000003663634643fb999999999999a0364656344020000303903737472530000000368c3a902747354000000006553f1000374626c460000000301615603617272410000000b490000000153000000017804766f6964560362696e780000000200ff',
    );
    expect(encodeTable(table).equals(wire)).toBe(true);
    expect(decodeTable(wire, 0).table).toEqual(table);
  });

  it('decodes at an offset and within a limit, keeping duplicates in order', () => {
    const wire = hex('ffff 0000000a 0161 4900000001 0161 56 eeee');
    const { table, end } = decodeTable(wire, 2, 16);
    expect(end).toBe(16);
    expect(table.map(([k]) => k)).toEqual(['a', 'a']);
    expect(table[0][1]).toEqual({ type: 'I', value: 1 });
  });
});

describe('field tables: malformed input', () => {
  const cases: Array<[string, string]> = [
    ['an unknown tag', '00000003 0161 5a'],
    ['a value past the table end', '00000004 0161 49 00'],
    ['a size past the buffer', '00000010 0161 56'],
    ['a name past the table end', '00000002 0561'],
    ['a nested table overrunning its parent', '00000008 0161 46 00000009 00'],
    ['an array overrunning its parent', '00000007 0161 41 00000005'],
    ['a truncated size', '000000'],
  ];
  for (const [what, body] of cases) {
    it(`rejects ${what} with SYNTAX_ERROR`, () => {
      let err: unknown;
      try {
        decodeTable(hex(body), 0);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CodecError);
      expect((err as CodecError).replyCode).toBe(502);
    });
  }

  // found by the fuzzer (main/fuzz): 18,000 nested tables in one frame overflowed the stack, and
  // the connection was closed with 541 INTERNAL_ERROR instead of a syntax error
  it(`decodes tables and arrays nested ${MAX_NESTING} deep, rejects deeper ones with SYNTAX_ERROR`, () => {
    for (const kind of ['F', 'A'] as const) {
      expect(decodeTable(nestedTable(MAX_NESTING, kind), 0).table[0][0]).toBe('a');
      for (const depth of [MAX_NESTING + 1, 18_000]) {
        let err: unknown;
        try { decodeTable(nestedTable(depth, kind), 0); } catch (e) { err = e; }
        expect(err, `${kind} ${depth}`).toBeInstanceOf(CodecError);
        expect((err as CodecError).replyCode).toBe(502);
      }
    }
    // a failed decode leaves nothing behind for the next table
    expect(decodeTable(nestedTable(MAX_NESTING, 'F'), 0).end).toBe(nestedTable(MAX_NESTING, 'F').length);
  });

  it('decodes well-formed random tables and re-encodes them byte-exact; a broken byte raises only 502', () => {
    let broken = 0;
    fc.assert(
      fc.property(tableWire(), fc.option(fc.nat()), fc.nat({ max: 255 }), (good, at, octet) => {
        const b = mutated(good, at, octet);
        let decoded;
        try {
          decoded = decodeTable(b, 0);
        } catch (e) {
          expect(at).not.toBeNull(); // only a broken byte may fail
          expect(e).toBeInstanceOf(CodecError);
          expect((e as CodecError).replyCode).toBe(502);
          broken++;
          return;
        }
        if (b.equals(good)) {
          expect(decoded.end).toBe(b.length);
          expect(encodeTable(decoded.table).equals(b)).toBe(true);
        } else {
          // a broken byte may still decode (a name, a number, a shorter length): the value then
          // survives a round trip
          expect(decodeTable(encodeTable(decoded.table), 0).table).toEqual(decoded.table);
        }
      }),
      { numRuns: 3000 },
    );
    expect(broken).toBeGreaterThan(100);
  });
});

describe('field tables: round trips', () => {
  it('decode(encode(t)) = t and encode(decode(bytes)) = bytes', () => {
    fc.assert(
      fc.property(fieldTable(), (table) => {
        const wire = encodeTable(table);
        expect(wire.length).toBe(tableSize(table));
        const { table: back, end } = decodeTable(wire, 0);
        expect(end).toBe(wire.length);
        expect(back).toEqual(table);
        expect(encodeTable(back).equals(wire)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('writeTable writes in place and returns the offset after', () => {
    fc.assert(
      fc.property(fieldTable(), fc.nat({ max: 16 }), (table, at) => {
        const buf = Buffer.alloc(at + tableSize(table) + 3, 0xaa);
        expect(writeTable(buf, at, table)).toBe(at + tableSize(table));
        expect(buf.subarray(at, at + tableSize(table)).equals(encodeTable(table))).toBe(true);
        expect(buf.subarray(at + tableSize(table)).toString('hex')).toBe('aaaaaa');
      }),
      { numRuns: 200 },
    );
  });
});

describe('field tables: nesting', () => {
  /** `levels` tables (or arrays) each holding the next; the innermost is empty. */
  function nested(levels: number, kind: 'F' | 'A' = 'F'): Buffer {
    let inner = Buffer.alloc(4); // an empty table or array: u32 size 0
    for (let i = 1; i < levels; i++) {
      const item = kind === 'F' ? Buffer.concat([Buffer.from([1, 0x61]), Buffer.from('F'), inner]) : Buffer.concat([Buffer.from('A'), inner]);
      inner = Buffer.concat([Buffer.alloc(4), item]);
      inner.writeUInt32BE(item.length, 0);
    }
    return inner;
  }
  const refusal = (wire: Buffer): CodecError => {
    try { decodeTable(wire, 0); } catch (e) { return e as CodecError; }
    throw new Error('decoded');
  };

  it(`decodes tables nested ${MAX_NESTING} deep`, () => {
    expect(decodeTable(nested(MAX_NESTING + 1), 0).end).toBe(nested(MAX_NESTING + 1).length);
  });

  it('refuses deeper tables and arrays with SYNTAX_ERROR, and 18,000 levels (a whole frame_max of them) without overflowing the stack', () => {
    for (const wire of [nested(MAX_NESTING + 2), nested(18_000)]) {
      const err = refusal(wire);
      expect(err).toBeInstanceOf(CodecError);
      expect([err.replyCode, err.message]).toEqual([502, `malformed field table: tables and arrays nested deeper than ${MAX_NESTING} levels`]);
    }
    // arrays in a table: the table is level 0, each array one more
    const arrays = Buffer.concat([Buffer.from([1, 0x61]), Buffer.from('A'), nested(MAX_NESTING + 1, 'A')]);
    const wire = Buffer.concat([Buffer.alloc(4), arrays]);
    wire.writeUInt32BE(arrays.length, 0);
    expect(refusal(wire).replyCode).toBe(502);
  });

  it('a refused decode leaves nothing behind: the next one starts from the top again', () => {
    refusal(nested(MAX_NESTING + 50));
    expect(decodeTable(nested(MAX_NESTING + 1), 0).table).toHaveLength(1);
  });
});
