import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FrameParser } from './frame-parser';
import { FrameWriter } from './frame-writer';
import { encodeMethodFrame } from './method-codec';
import { encodeProperties } from './properties';
import type { Frame } from './types';

const props = encodeProperties({ contentType: 'application/json', deliveryMode: 2 });

function parse(bufs: Buffer[], frameMax: number): Frame[] {
  const p = new FrameParser({ frameMax });
  const out: Frame[] = [];
  for (const b of bufs) p.push(b, (f) => out.push(f));
  return out;
}

const total = (bufs: Buffer[]) => bufs.reduce((n, b) => n + b.length, 0);
const bodyOf = (frames: Frame[]) => Buffer.concat(frames.flatMap((f) => (f.type === 'body' ? [f.payload] : [])));

describe('FrameWriter', () => {
  it('writes method frames exactly as encodeMethodFrame does, coalesced', () => {
    const w = new FrameWriter(131072);
    w.method(0, 'connection.tune', { channelMax: 2047, frameMax: 131072, heartbeat: 60 });
    w.method(1, 'basic.ack', { deliveryTag: 7, multiple: false });
    w.heartbeat();
    const expected = Buffer.concat([
      encodeMethodFrame(0, 'connection.tune', { channelMax: 2047, frameMax: 131072, heartbeat: 60 }),
      encodeMethodFrame(1, 'basic.ack', { deliveryTag: 7, multiple: false }),
      Buffer.from('08 0000 00000000 ce'.replace(/ /g, ''), 'hex'),
    ]);
    expect(w.pendingBytes).toBe(expected.length);
    const out = w.drain();
    expect(out).toHaveLength(1);
    expect(Buffer.concat(out).toString('hex')).toBe(expected.toString('hex'));
    expect(w.pendingBytes).toBe(0);
    expect(w.drain()).toEqual([]);
  });

  it('splits a body into frames of frameMax - 8 payload bytes', () => {
    const w = new FrameWriter(4096);
    const body = Buffer.alloc(10000, 7);
    w.content(3, 60, body.length, props, body);
    const frames = parse(w.drain(), 4096);
    expect(frames[0]).toMatchObject({ type: 'header', channel: 3, classId: 60, bodySize: 10000 });
    expect((frames[0] as Extract<Frame, { type: 'header' }>).rawProperties.equals(props)).toBe(true);
    expect(frames.slice(1).map((f) => (f.type === 'body' ? f.payload.length : -1))).toEqual([4088, 4088, 1824]);
    expect(bodyOf(frames).equals(body)).toBe(true);
  });

  it('sends no body frame for an empty body', () => {
    const w = new FrameWriter(4096);
    w.content(1, 60, 0, props, Buffer.alloc(0));
    w.content(1, 60, 0, props, []);
    const frames = parse(w.drain(), 4096);
    expect(frames.map((f) => f.type)).toEqual(['header', 'header']);
  });

  it('passes a body of 64 KiB or more by reference, never copied', () => {
    const w = new FrameWriter(131072);
    const body = Buffer.alloc(70000, 1);
    w.method(1, 'basic.ack', { deliveryTag: 1, multiple: false });
    w.content(1, 60, body.length, props, body);
    w.heartbeat();
    const out = w.drain();
    expect(out).toHaveLength(3);
    expect(out[1]).toBe(body);
    expect(w.pendingBytes).toBe(0);
    const frames = parse(out, 131072);
    expect(frames.map((f) => f.type)).toEqual(['method', 'header', 'body', 'heartbeat']);
    expect(bodyOf(frames).equals(body)).toBe(true);
  });

  it('references the pieces of a large body split at a small frame-max', () => {
    const w = new FrameWriter(16384);
    const body = Buffer.alloc(100000);
    for (let i = 0; i < body.length; i++) body[i] = i & 255;
    w.content(1, 60, body.length, props, body);
    const out = w.drain();
    const refs = out.filter((b) => b.buffer === body.buffer);
    expect(total(refs)).toBe(body.length);
    expect(bodyOf(parse(out, 16384)).equals(body)).toBe(true);
  });

  it('writes bodies given as segments, copying small ones and referencing large ones', () => {
    const big = Buffer.alloc(80000, 2);
    const segs = [Buffer.from('head-'), big, Buffer.from('-tail')];
    const size = total(segs);
    const w = new FrameWriter(131072);
    w.content(1, 60, size, props, segs);
    const out = w.drain();
    expect(out).toContain(big);
    expect(bodyOf(parse(out, 131072)).equals(Buffer.concat(segs))).toBe(true);
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 6 }), fc.constantFrom(4096, 5000, 131072), (parts, frameMax) => {
        const segments = parts.map((p) => Buffer.from(p));
        const bytes = Buffer.concat(segments);
        const wr = new FrameWriter(frameMax);
        wr.content(2, 60, bytes.length, props, segments);
        const frames = parse(wr.drain(), frameMax);
        expect(frames[0]).toMatchObject({ type: 'header', bodySize: bytes.length });
        expect(frames.length).toBe(1 + Math.ceil(bytes.length / (frameMax - 8)));
        expect(bodyOf(frames).equals(bytes)).toBe(true);
      }),
    );
  });

  it('deliver() writes what method() + content() write', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.maxSafeNat(), fc.boolean(), fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 9000 }), (tag, dt, re, rk, b) => {
        const body = Buffer.from(b);
        const routingKey = rk.slice(0, 255);
        const a = new FrameWriter(4096);
        a.deliver(5, tag, dt, re, 'amq.topic', routingKey, props, body, body.length);
        const b2 = new FrameWriter(4096);
        b2.method(5, 'basic.deliver', { consumerTag: tag, deliveryTag: dt, redelivered: re, exchange: 'amq.topic', routingKey });
        b2.content(5, 60, body.length, props, body);
        expect(Buffer.concat(a.drain()).equals(Buffer.concat(b2.drain()))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never rewrites bytes already handed out by drain()', () => {
    const w = new FrameWriter(131072);
    w.method(1, 'basic.ack', { deliveryTag: 1, multiple: false });
    const first = w.drain();
    const snapshot = Buffer.concat(first).toString('hex');
    for (let i = 0; i < 20000; i++) w.method(1, 'basic.ack', { deliveryTag: i, multiple: true });
    w.drain();
    expect(Buffer.concat(first).toString('hex')).toBe(snapshot);
  });

  it('keeps thousands of frames intact across slab boundaries', () => {
    const w = new FrameWriter(131072);
    const body = Buffer.alloc(1000, 3);
    for (let i = 0; i < 5000; i++) w.deliver(1, 'ctag', i + 1, false, '', 'q', props, body, body.length);
    const out = w.drain();
    expect(out.length).toBeGreaterThan(1);
    expect(out.length).toBeLessThan(40);
    const frames = parse(out, 131072);
    expect(frames).toHaveLength(15000);
    const tags = frames.flatMap((f) => (f.type === 'method' && f.method.name === 'basic.deliver' ? [f.method.args.deliveryTag] : []));
    expect(tags).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });
});
