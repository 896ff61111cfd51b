import { describe, it, expect, vi, afterEach } from 'vitest';
import fc from 'fast-check';
import { CodecError } from './errors';
import { codeOf, mutated, propertiesWire } from './test-arbitraries';
import { FrameParser } from './frame-parser';
import { encodeMethodFrame } from './method-codec';
import { encodeProperties } from './properties';
import type { Frame } from './types';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function frame(type: number, channel: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(7);
  head[0] = type;
  head.writeUInt16BE(channel, 1);
  head.writeUInt32BE(payload.length, 3);
  return Buffer.concat([head, payload, Buffer.from([0xce])]);
}

function headerPayload(classId: number, bodySize: number, raw: Buffer): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(classId, 0);
  b.writeBigUInt64BE(BigInt(bodySize), 4);
  return Buffer.concat([b, raw]);
}

/** Frames with Buffers turned into hex, so runs over differently split input compare equal. */
function normal(f: Frame): unknown {
  if (f.type === 'body') return { ...f, payload: f.payload.toString('hex') };
  if (f.type === 'header') return { ...f, rawProperties: f.rawProperties.toString('hex') };
  return f;
}

function parseAll(chunks: Buffer[], frameMax = 131072): Frame[] {
  const p = new FrameParser({ frameMax });
  const out: Frame[] = [];
  for (const c of chunks) p.push(c, (f) => out.push(f));
  return out;
}

/** A body frame split across chunks arrives as several pieces; content is what must match, so
 *  consecutive body pieces on a channel are joined before comparing. */
function joinBodies(frames: Frame[]): Frame[] {
  const out: Frame[] = [];
  for (const f of frames) {
    const last = out[out.length - 1];
    if (f.type === 'body' && last?.type === 'body' && last.channel === f.channel) {
      out[out.length - 1] = { ...last, payload: Buffer.concat([last.payload, f.payload]) };
    } else out.push(f);
  }
  return out;
}

const props = encodeProperties({ contentType: 'text/plain', deliveryMode: 2 });
const STREAM = Buffer.concat([
  encodeMethodFrame(0, 'connection.tune-ok', { channelMax: 2047, frameMax: 131072, heartbeat: 60 }),
  encodeMethodFrame(1, 'basic.publish', { exchange: 'amq.direct', routingKey: 'rk', mandatory: false, immediate: false }),
  frame(2, 1, headerPayload(60, 11, props)),
  frame(3, 1, Buffer.from('hello ')),
  frame(3, 1, Buffer.from('world')),
  frame(8, 0, Buffer.alloc(0)),
  encodeMethodFrame(1, 'basic.publish', { exchange: '', routingKey: 'q', mandatory: true, immediate: false }),
  frame(2, 1, headerPayload(60, 0, Buffer.from([0, 0]))),
  encodeMethodFrame(2, 'basic.ack', { deliveryTag: 9, multiple: true }),
]);

describe('FrameParser', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parses many frames from one chunk', () => {
    const frames = parseAll([STREAM]);
    expect(frames.map((f) => f.type)).toEqual(['method', 'method', 'header', 'body', 'body', 'heartbeat', 'method', 'header', 'method']);
    expect(frames[1]).toEqual({
      type: 'method',
      channel: 1,
      method: { name: 'basic.publish', classId: 60, methodId: 40, args: { exchange: 'amq.direct', routingKey: 'rk', mandatory: false, immediate: false } },
    });
    expect(normal(frames[2])).toEqual({ type: 'header', channel: 1, classId: 60, bodySize: 11, rawProperties: props.toString('hex') });
    expect(frames[8]).toMatchObject({ channel: 2, method: { name: 'basic.ack', args: { deliveryTag: 9, multiple: true } } });
  });

  it('body payloads and raw properties are views of the chunk when the frame is whole', () => {
    const frames = parseAll([STREAM]);
    const body = frames[3] as Extract<Frame, { type: 'body' }>;
    expect(body.payload.buffer).toBe(STREAM.buffer);
    expect(body.payload.toString()).toBe('hello ');
    expect((frames[2] as Extract<Frame, { type: 'header' }>).rawProperties.buffer).toBe(STREAM.buffer);
  });

  it('gives the same frames for a split at every byte offset', () => {
    const whole = joinBodies(parseAll([STREAM])).map(normal);
    for (let i = 0; i <= STREAM.length; i++) {
      expect(joinBodies(parseAll([STREAM.subarray(0, i), STREAM.subarray(i)])).map(normal)).toEqual(whole);
    }
  });

  it('gives the same frames for two splits at every pair of offsets', () => {
    const whole = joinBodies(parseAll([STREAM])).map(normal);
    for (let i = 0; i <= STREAM.length; i += 3) {
      for (let j = i; j <= STREAM.length; j++) {
        expect(joinBodies(parseAll([STREAM.subarray(0, i), STREAM.subarray(i, j), STREAM.subarray(j)])).map(normal)).toEqual(whole);
      }
    }
  });

  it('gives the same frames fed one byte at a time, and for arbitrary chunkings', () => {
    const whole = joinBodies(parseAll([STREAM])).map(normal);
    const bytes = [...STREAM].map((b) => Buffer.from([b]));
    expect(joinBodies(parseAll(bytes)).map(normal)).toEqual(whole);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 12 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), STREAM.length];
        const chunks = at.slice(1).map((end, i) => STREAM.subarray(at[i], end));
        expect(joinBodies(parseAll(chunks)).map(normal)).toEqual(whole);
      }),
    );
  });

  it('passes a body that straddles chunks on as views of each chunk, never copying it', () => {
    // Node hands each 'data' event a fresh buffer, so views of it stay valid.
    const f = frame(3, 1, Buffer.from('abcdef'));
    const pieces = parseAll([f.subarray(0, 10), f.subarray(10)]) as Array<Extract<Frame, { type: 'body' }>>;
    expect(pieces.map((p) => p.payload.toString())).toEqual(['abc', 'def']);
    expect(pieces[0].payload.buffer).toBe(f.buffer);
    expect(pieces[1].payload.buffer).toBe(f.buffer);
  });

  it('checks the frame-end of a streamed body frame', () => {
    const f = frame(3, 1, Buffer.from('abcdef'));
    f[f.length - 1] = 0;
    expect(codeOf(() => parseAll([f.subarray(0, 10), f.subarray(10)]))).toBe(501);
    expect(codeOf(() => parseAll([f.subarray(0, 10), f.subarray(10, f.length - 1), f.subarray(f.length - 1)]))).toBe(501);
  });

  it('accepts a frame of exactly frame-max and rejects one byte more', () => {
    expect(parseAll([frame(3, 1, Buffer.alloc(4096 - 8))], 4096)).toHaveLength(1);
    expect(codeOf(() => parseAll([frame(3, 1, Buffer.alloc(4096 - 7))], 4096))).toBe(501);
  });

  it('rejects an oversize frame from its header alone, before allocating', () => {
    const p = new FrameParser({ frameMax: 131072 });
    const q = new FrameParser({ frameMax: 131072 });
    const [a, b, c] = [hex('03 0001 ff'), hex('ffffff'), hex('03 0001 00020000')];
    const allocUnsafe = vi.spyOn(Buffer, 'allocUnsafe');
    const alloc = vi.spyOn(Buffer, 'alloc');
    const allocUnsafeSlow = vi.spyOn(Buffer, 'allocUnsafeSlow');
    p.push(a, () => {});
    expect(codeOf(() => p.push(b, () => {}))).toBe(501);
    expect(codeOf(() => q.push(c, () => {}))).toBe(501);
    expect(allocUnsafe).not.toHaveBeenCalled();
    expect(alloc).not.toHaveBeenCalled();
    expect(allocUnsafeSlow).not.toHaveBeenCalled();
  });

  it('rejects a bad frame end, an unknown frame type and a heartbeat with a payload with FRAME_ERROR', () => {
    const bad = Buffer.from(encodeMethodFrame(1, 'basic.ack', { deliveryTag: 1, multiple: false }));
    bad[bad.length - 1] = 0;
    expect(codeOf(() => parseAll([bad]))).toBe(501);
    expect(codeOf(() => parseAll([bad.subarray(0, 9), bad.subarray(9)]))).toBe(501);
    expect(codeOf(() => parseAll([hex('05 0001 00000003 616263 ce')]))).toBe(501);
    expect(codeOf(() => parseAll([hex('08 0000 00000001 00 ce')]))).toBe(501);
  });

  it('rejects malformed method and header payloads', () => {
    expect(codeOf(() => parseAll([frame(1, 1, hex('003c'))]))).toBe(501);
    expect(codeOf(() => parseAll([frame(1, 1, hex('003c 03e7'))]))).toBe(540);
    expect(codeOf(() => parseAll([frame(1, 1, hex('003c 0050 000000'))]))).toBe(501);
    expect(codeOf(() => parseAll([frame(2, 1, hex('003c 0000 00000000 00000005'))]))).toBe(501);
    expect(codeOf(() => parseAll([frame(2, 1, hex('003c 0000 00200000 00000000 0000'))]))).toBe(501);
    expect(parseAll([frame(2, 1, hex('003c 0000 001fffff ffffffff 0000'))])[0]).toMatchObject({ bodySize: 2 ** 53 - 1 });
  });

  it('is dead after an error: every later push rethrows it', () => {
    const p = new FrameParser({ frameMax: 4096 });
    let first: unknown;
    try {
      p.push(hex('05 0000 00000000 ce'), () => {});
    } catch (e) {
      first = e;
    }
    expect(first).toBeInstanceOf(CodecError);
    expect(() => p.push(frame(8, 0, Buffer.alloc(0)), () => {})).toThrow(first as Error);
    let again: unknown;
    try {
      p.push(Buffer.alloc(0), () => {});
    } catch (e) {
      again = e;
    }
    expect(again).toBe(first);
  });

  it('honours a frame-max raised after tuning', () => {
    const p = new FrameParser({ frameMax: 4096 });
    p.frameMax = 131072;
    const out: Frame[] = [];
    p.push(frame(3, 1, Buffer.alloc(10000)), (f) => out.push(f));
    expect(out).toHaveLength(1);
  });

  /** Frames with the right sizes and frame-ends around random content: heartbeats, bodies, content
   *  headers with random property lists, and fixed-size methods with random arguments. */
  const METHOD_IDS: Array<[number[], number]> = [[[0, 10, 0, 31], 8], [[0, 60, 0, 10], 6]]; // connection.tune-ok, basic.qos (+ its bit)
  const wellFormed = fc.oneof(
    fc.constant(frame(8, 0, Buffer.alloc(0))),
    fc.tuple(fc.nat({ max: 3 }), fc.uint8Array({ maxLength: 64 })).map(([ch, b]) => frame(3, ch, Buffer.from(b))),
    fc.tuple(fc.nat({ max: 3 }), fc.maxSafeNat(), propertiesWire()).map(([ch, size, props]) => frame(2, ch, headerPayload(60, size, props))),
    fc.tuple(fc.nat({ max: 3 }), fc.constantFrom(...METHOD_IDS), fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.constantFrom(0, 1))
      .map(([ch, [id, n], args, bit]) => frame(1, ch, Buffer.from([...id, ...args.subarray(0, n), ...(id[1] === 60 ? [bit] : [])]))),
  );

  /** A parsed frame written back as bytes. */
  function reframe(f: Frame): Buffer {
    switch (f.type) {
      case 'method': return encodeMethodFrame(f.channel, f.method.name, f.method.args as never);
      case 'header': return frame(2, f.channel, headerPayload(f.classId, f.bodySize, f.rawProperties));
      case 'body': return frame(3, f.channel, f.payload);
      case 'heartbeat': return frame(8, f.channel, Buffer.alloc(0));
    }
  }

  it('parses well-formed random frames back to the same bytes, however split; a broken byte raises only a CodecError', () => {
    let broken = 0;
    const attempt = (chunks: Buffer[]): Frame[] | CodecError => {
      try {
        return parseAll(chunks, 4096);
      } catch (e) {
        if (e instanceof CodecError) return e;
        throw e;
      }
    };
    fc.assert(
      fc.property(fc.array(wellFormed, { minLength: 1, maxLength: 5 }), fc.nat(), fc.option(fc.nat()), fc.nat({ max: 255 }), (frames, cut, at, octet) => {
        const good = Buffer.concat(frames);
        const all = mutated(good, at, octet);
        const whole = attempt([all]);
        const split = attempt([all.subarray(0, cut % all.length), all.subarray(cut % all.length)]);
        if (whole instanceof CodecError) {
          expect(at).not.toBeNull(); // only a broken byte may fail
          expect(split).toBeInstanceOf(CodecError);
          broken++;
          return;
        }
        expect(split).not.toBeInstanceOf(CodecError);
        // content is what must match: an empty body frame adds none, split or not
        const content = (fs: Frame[]) => joinBodies(fs.filter((f) => f.type !== 'body' || f.payload.length > 0)).map(normal);
        expect(content(split as Frame[])).toEqual(content(whole));
        if (all.equals(good)) expect(Buffer.concat(whole.map(reframe)).equals(good)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(broken).toBeGreaterThan(100);
  });

  it('well-framed random payloads yield only frames or a CodecError', () => {
    const anyFrame = fc
      .tuple(fc.constantFrom(1, 2, 3, 8, 1, 1, 2), fc.nat({ max: 3 }), fc.uint8Array({ maxLength: 48 }), fc.constantFrom(...[[0, 60, 0, 40], [0, 10, 0, 30], [0, 50, 0, 10], [0, 60]]))
      .map(([type, ch, rest, prefix]) => frame(type, ch, Buffer.from([...prefix, ...rest])));
    fc.assert(
      fc.property(fc.array(anyFrame, { maxLength: 5 }), fc.nat(), (frames, cut) => {
        const all = Buffer.concat(frames);
        const at = all.length === 0 ? 0 : cut % all.length;
        const p = new FrameParser({ frameMax: 4096 });
        try {
          p.push(all.subarray(0, at), () => {});
          p.push(all.subarray(at), () => {});
        } catch (e) {
          if (!(e instanceof CodecError)) throw e;
        }
      }),
      { numRuns: 5000 },
    );
  });
});
