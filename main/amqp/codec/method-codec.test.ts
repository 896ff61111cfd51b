import { describe, it, expect, expectTypeOf } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { METHODS, methodSpecById, methodSpecByName, replyName, ReplyCode, type FieldSpec, type MethodSpec } from '../spec';
import { CodecError } from './errors';
import { decodeMethod, encodeMethodFrame, methodFrameBound, writeAckFrame, writeDeliverFrame, writeMethodFrame } from './method-codec';
import { fieldTable, shortString, codeOf } from './test-arbitraries';
import type { FieldTable, MethodArgs, MethodName } from './types';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** The payload of an encoded method frame, decoded. */
function decodeFrame(frame: Buffer) {
  return decodeMethod(frame, 7, frame.length - 1);
}

function argArbitrary(f: FieldSpec): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'octet':
      return fc.integer({ min: 0, max: 255 });
    case 'short':
      return fc.integer({ min: 0, max: 65535 });
    case 'long':
      return fc.nat({ max: 0xffffffff });
    case 'longlong':
      return fc.oneof(fc.nat(), fc.maxSafeNat());
    case 'timestamp':
      return fc.bigInt(0n, 2n ** 64n - 1n);
    case 'shortstr':
      return shortString();
    case 'longstr':
      return fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
    case 'bit':
      return fc.boolean();
    case 'table':
      return fieldTable();
  }
}

const argsOf = (spec: MethodSpec) =>
  fc.record(Object.fromEntries(spec.fields.filter((f) => !f.reserved).map((f) => [f.name, argArbitrary(f)])));

describe('spec table', () => {
  it('looks methods up by name and by id', () => {
    expect(METHODS.length).toBe(66);
    expect(methodSpecByName('exchange.unbind-ok')).toMatchObject({ classId: 40, methodId: 51 });
    expect(methodSpecById(85, 10)?.name).toBe('confirm.select');
    expect(methodSpecById(60, 40)).toMatchObject({ name: 'basic.publish', hasContent: true, synchronous: false });
    expect(methodSpecByName('basic.get')?.responses).toEqual(['basic.get-ok', 'basic.get-empty']);
    expect(methodSpecById(60, 999)).toBeUndefined();
    expect(replyName(ReplyCode.NOT_FOUND)).toBe('NOT_FOUND');
    expect(replyName(999)).toBe('999');
  });
});

describe('method frames: known answers', () => {
  it('connection.tune (as the reference RabbitMQ sends it)', () => {
    const frame = hex('01 0000 0000000c 000a 001e 07ff 00020000 003c ce');
    const args = { channelMax: 2047, frameMax: 131072, heartbeat: 60 };
    expect(encodeMethodFrame(0, 'connection.tune', args).toString('hex')).toBe(frame.toString('hex'));
    expect(decodeFrame(frame)).toEqual({ name: 'connection.tune', classId: 10, methodId: 30, args });
  });

  it('basic.publish: reserved ticket, two bits in one octet', () => {
    const frame = hex('01 0001 0000000a 003c 0028 0000 00 0171 01 ce');
    const args = { exchange: '', routingKey: 'q', mandatory: true, immediate: false };
    expect(encodeMethodFrame(1, 'basic.publish', args).toString('hex')).toBe(frame.toString('hex'));
    expect(decodeFrame(frame)).toEqual({ name: 'basic.publish', classId: 60, methodId: 40, args });
    expect(decodeFrame(hex('01 0001 0000000a 003c 0028 0000 00 0171 02 ce')).args).toMatchObject({ mandatory: false, immediate: true });
  });

  it('basic.deliver', () => {
    const frame = hex('01 0001 00000015 003c 003c 04 63746167 0000000000000001 00 00 0171 ce');
    const args = { consumerTag: 'ctag', deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'q' };
    expect(encodeMethodFrame(1, 'basic.deliver', args).toString('hex')).toBe(frame.toString('hex'));
    expect(decodeFrame(frame)).toEqual({ name: 'basic.deliver', classId: 60, methodId: 60, args });
  });

  it('queue.declare: five bits packed LSB first, then a table', () => {
    // passive=0 durable=1 exclusive=0 auto-delete=1 nowait=1 -> 0b11010
    const frame = hex('01 0002 00000014 0032 000a 0000 05 7175657565 1a 00000003 0178 56 ce');
    const args = { queue: 'queue', passive: false, durable: true, exclusive: false, autoDelete: true, nowait: true, arguments: [['x', { type: 'V', value: null }]] };
    const enc = encodeMethodFrame(2, 'queue.declare', args as MethodArgs['queue.declare']);
    expect(enc.toString('hex')).toBe(frame.toString('hex'));
    expect(decodeFrame(frame).args).toEqual(args);
  });

  it('basic.ack with a delivery tag above 2^32', () => {
    const frame = hex('01 0003 0000000d 003c 0050 0000000100000002 01 ce');
    expect(encodeMethodFrame(3, 'basic.ack', { deliveryTag: 2 ** 32 + 2, multiple: true }).equals(frame)).toBe(true);
    expect(decodeFrame(frame).args).toEqual({ deliveryTag: 2 ** 32 + 2, multiple: true });
  });

  it('connection.open: reserved capabilities and insist encode as empty / 0', () => {
    const frame = hex('01 0000 00000008 000a 0028 012f 00 00 ce');
    expect(encodeMethodFrame(0, 'connection.open', { virtualHost: '/' }).equals(frame)).toBe(true);
    expect(decodeFrame(frame).args).toEqual({ virtualHost: '/' });
  });
});

describe('method frames: round trips', () => {
  for (const spec of METHODS) {
    it(`${spec.name} round-trips arbitrary arguments`, () => {
      fc.assert(
        fc.property(argsOf(spec), fc.integer({ min: 0, max: 65535 }), (args, channel) => {
          const name = spec.name as MethodName;
          const frame = encodeMethodFrame(channel, name, args as never);
          expect(frame.length).toBeLessThanOrEqual(methodFrameBound(name, args as never));
          expect(frame[0]).toBe(1);
          expect(frame.readUInt16BE(1)).toBe(channel);
          expect(frame.readUInt32BE(3)).toBe(frame.length - 8);
          expect(frame[frame.length - 1]).toBe(0xce);
          const m = decodeFrame(frame);
          expect(m).toEqual({ name, classId: spec.classId, methodId: spec.methodId, args });
          expect(encodeMethodFrame(channel, name, m.args as never).equals(frame)).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('writeMethodFrame writes in place inside a larger buffer', () => {
    const buf = Buffer.alloc(100, 0xaa);
    const end = writeMethodFrame(buf, 5, 0, 'connection.tune', { channelMax: 2047, frameMax: 131072, heartbeat: 60 });
    expect(end).toBe(25);
    expect(buf.subarray(5, 25).toString('hex')).toBe('0100000000000c000a001e07ff00020000003cce');
    expect(buf[4]).toBe(0xaa);
    expect(buf[25]).toBe(0xaa);
    expect(() => writeMethodFrame(Buffer.alloc(10), 0, 0, 'connection.tune', { channelMax: 0, frameMax: 0, heartbeat: 0 })).toThrow(RangeError);
  });

  it('the hand-written deliver and ack encoders match the table-driven codec', () => {
    fc.assert(
      fc.property(argsOf(methodSpecByName('basic.deliver')!), fc.nat({ max: 65535 }), (a, ch) => {
        const d = a as MethodArgs['basic.deliver'];
        const buf = Buffer.alloc(1000);
        const end = writeDeliverFrame(buf, 3, ch, d.consumerTag, d.deliveryTag, d.redelivered, d.exchange, d.routingKey);
        expect(decodeMethod(buf, 10, end - 1)).toEqual({ name: 'basic.deliver', classId: 60, methodId: 60, args: d });
        expect(buf.readUInt32BE(6)).toBe(end - 3 - 8);
      }),
    );
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.boolean(), (tag, multiple) => {
        const buf = Buffer.alloc(21);
        writeAckFrame(buf, 0, 7, tag, multiple);
        expect(decodeFrame(buf).args).toEqual({ deliveryTag: tag, multiple });
      }),
    );
  });
});

describe('method frames: amqplib agrees', () => {
  // an independent encoder as an oracle; amqplib's package exports hide lib/, so resolve by path
  const req = createRequire(import.meta.url);
  const defs = req(join(dirname(req.resolve('amqplib')), 'lib', 'defs.js')) as {
    encodeMethod(id: number, channel: number, fields: Record<string, unknown>): Buffer;
  };
  const tableless = METHODS.filter((m) => !m.fields.some((f: FieldSpec) => f.type === 'table' && !f.reserved));
  for (const spec of tableless) {
    it(spec.name, () => {
      fc.assert(
        fc.property(argsOf(spec), (args) => {
          const ours = encodeMethodFrame(9, spec.name, args as never);
          const id = ((spec.classId << 16) | spec.methodId) >>> 0;
          const fields: Record<string, unknown> = { ...args, ticket: 0, outOfBand: '', capabilities: '', insist: false, knownHosts: '', channelId: Buffer.alloc(0), clusterId: '' };
          expect(ours.toString('hex')).toBe(defs.encodeMethod(id, 9, fields).toString('hex'));
        }),
        { numRuns: 30 },
      );
    });
  }
});

describe('method frames: malformed input', () => {
  const payload = (h: string) => {
    const b = hex(h);
    return () => decodeMethod(b, 0, b.length);
  };
  it('unknown class or method id: NOT_IMPLEMENTED (540)', () => {
    expect(codeOf(payload('003c 03e7'))).toBe(540);
    expect(codeOf(payload('004d 000a'))).toBe(540);
  });
  // RabbitMQ 3.10 answers all of these with 501 FRAME_ERROR "cannot decode <<...>>" (probed)
  it('truncated, trailing or badly tabled payloads: FRAME_ERROR (501), as RabbitMQ', () => {
    expect(codeOf(payload('003c'))).toBe(501);
    expect(codeOf(payload('003c 0050 000000'))).toBe(501);
    expect(codeOf(payload('003c 0050 0000000000000000 00 7a7a'))).toBe(501);
    expect(codeOf(payload('0032 000a 0000 05 6162'))).toBe(501);
    expect(codeOf(payload('0032 000a 0000 0271 31 00 0000003c 016b 56'))).toBe(501);
    expect(codeOf(payload('0032 000a 0000 0271 31 00 00000003 016b 5a'))).toBe(501);
    expect(codeOf(payload('003c 0028 0000 00 0571'))).toBe(501);
    expect(codeOf(payload('003c 0028 0000 00 0171'))).toBe(501);
  });
  it('decodes within [offset, end) and ignores bytes after end', () => {
    const b = hex('ffff 003c 0050 0000000000000005 00 ce ce');
    expect(decodeMethod(b, 2, 15).args).toEqual({ deliveryTag: 5, multiple: false });
  });
  it('random payloads raise only CodecError', () => {
    const known = METHODS.map((m) => [m.classId, m.methodId] as const);
    fc.assert(
      fc.property(fc.constantFrom(...known), fc.uint8Array({ maxLength: 40 }), ([c, m], rest) => {
        const b = Buffer.concat([Buffer.from([c >> 8, c & 255, m >> 8, m & 255]), rest]);
        try {
          decodeMethod(b, 0, b.length);
        } catch (e) {
          if (!(e instanceof CodecError)) throw e;
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('MethodArgs, derived from the METHODS table', () => {
  // checked by the typechecker (tsc): a field the table gets wrong changes these types
  it('types each field by its AMQP type and leaves reserved fields out', () => {
    expectTypeOf<MethodArgs['basic.deliver']>().toEqualTypeOf<{ consumerTag: string; deliveryTag: number; redelivered: boolean; exchange: string; routingKey: string }>();
    expectTypeOf<MethodArgs['connection.open']>().toEqualTypeOf<{ virtualHost: string }>();
    expectTypeOf<MethodArgs['connection.start']>().toEqualTypeOf<{ versionMajor: number; versionMinor: number; serverProperties: FieldTable; mechanisms: Buffer; locales: Buffer }>();
    expectTypeOf<MethodArgs['queue.declare']>().toEqualTypeOf<{ queue: string; passive: boolean; durable: boolean; exclusive: boolean; autoDelete: boolean; nowait: boolean; arguments: FieldTable }>();
    expectTypeOf<MethodArgs['basic.get-empty']>().toEqualTypeOf<{}>(); // eslint-disable-line @typescript-eslint/no-empty-object-type
    expectTypeOf<MethodName>().toEqualTypeOf<(typeof METHODS)[number]['name']>();
    expect(Object.keys(methodSpecByName('basic.deliver')!.fields)).toHaveLength(5);
  });
});
