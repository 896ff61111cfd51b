import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CodecError } from './errors';
import { decodeProperties, encodeProperties, propertiesSize, propertyFlags, PropertyFlag } from './properties';
import { basicProperties, codeOf, mutated, propertiesWire } from './test-arbitraries';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('basic properties', () => {
  // content-type (bit 15), delivery-mode (12), message-id (7), timestamp (6): flags 0x90c0
  const raw = hex('90c0 0a746578742f706c61696e 02 026d31 000000006553f100');
  const props = { contentType: 'text/plain', deliveryMode: 2, messageId: 'm1', timestamp: 1700000000n };

  it('decodes and encodes a known property list', () => {
    expect(decodeProperties(raw)).toEqual(props);
    expect(encodeProperties(props).toString('hex')).toBe(raw.toString('hex'));
    expect(propertyFlags(raw)).toBe(0x90c0);
    expect(propertyFlags(raw) & PropertyFlag.headers).toBe(0);
    expect(propertyFlags(raw) & PropertyFlag.deliveryMode).not.toBe(0);
  });

  it('encodes no properties as a zero flags word', () => {
    expect(encodeProperties({}).toString('hex')).toBe('0000');
    expect(decodeProperties(hex('0000'))).toEqual({});
  });

  it('encodes headers as a table at bit 13', () => {
    const p = { headers: [['x', { type: 'I', value: 1 }]] as [string, { type: 'I'; value: number }][] };
    expect(encodeProperties(p).toString('hex')).toBe('2000' + '00000007' + '0178' + '4900000001');
  });

  it('rejects the continuation flag, unassigned bit 1, truncation and trailing bytes with SYNTAX_ERROR', () => {
    expect(codeOf(() => decodeProperties(hex('0001 0000')))).toBe(502);
    expect(codeOf(() => decodeProperties(hex('0002')))).toBe(502);
    expect(codeOf(() => decodeProperties(hex('80')))).toBe(502);
    expect(codeOf(() => decodeProperties(hex('8000')))).toBe(502);
    expect(codeOf(() => decodeProperties(hex('8000 0561')))).toBe(502);
    expect(codeOf(() => decodeProperties(hex('0040 00000000')))).toBe(502);
    expect(codeOf(() => decodeProperties(hex('0000 00')))).toBe(502);
    expect(codeOf(() => decodeProperties(hex('2000 00000003 01615a')))).toBe(502);
  });

  it('round-trips arbitrary properties byte-exact', () => {
    fc.assert(
      fc.property(basicProperties(), (p) => {
        const raw = encodeProperties(p);
        expect(raw.length).toBe(propertiesSize(p));
        const back = decodeProperties(raw);
        expect(back).toEqual(p);
        expect(encodeProperties(back).equals(raw)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes well-formed random property lists and re-encodes them byte-exact; a broken byte raises only 502', () => {
    let broken = 0;
    fc.assert(
      fc.property(propertiesWire(), fc.option(fc.nat()), fc.nat({ max: 255 }), (good, at, octet) => {
        const b = mutated(good, at, octet);
        const code = codeOf(() => decodeProperties(b));
        if (code !== undefined) {
          expect(at).not.toBeNull(); // only a broken byte may fail
          expect(code).toBe(502);
          broken++;
          return;
        }
        const props = decodeProperties(b);
        if (b.equals(good)) expect(encodeProperties(props).equals(b)).toBe(true);
        else expect(decodeProperties(encodeProperties(props))).toEqual(props);
      }),
      { numRuns: 3000 },
    );
    expect(broken).toBeGreaterThan(100);
  });
});
