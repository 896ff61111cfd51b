// The load generator's frame walker reads into one reused buffer; a split frame must survive that.
import { describe, expect, it } from 'vitest';
import * as F from './frames';
import { BODY_PEEK, FrameReader } from './raw-client';
import { pushInCutReads } from '../test-support/cut-reads';

interface Seen { type: number; channel: number; size: number; head: string }

const body = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff));
const STREAM = [
  F.channelOpen(1),
  F.frame(F.FRAME_HEADER, 1, body(30, 1)),
  F.frame(F.FRAME_BODY, 1, body(5000, 2)),
  F.frame(F.FRAME_BODY, 2, body(10, 3)), // shorter than the peek
  F.basicAck(1, 77, true),
  F.frame(F.FRAME_BODY, 1, body(BODY_PEEK, 4)),
  F.frame(F.FRAME_HEARTBEAT, 0, Buffer.alloc(0)),
];

function expected(): Seen[] {
  return STREAM.map((f) => {
    const size = f.readUInt32BE(3);
    const n = f[0] === F.FRAME_BODY ? Math.min(size, BODY_PEEK) : size;
    return { type: f[0], channel: f.readUInt16BE(1), size, head: f.subarray(7, 7 + n).toString('hex') };
  });
}

/** Feeds `stream` cut at `cuts`, each piece copied into the same buffer (as a reused socket read buffer). */
function walk(stream: Buffer, cuts: number[]): Seen[] {
  const seen: Seen[] = [];
  const reader = new FrameReader((type, channel, buf, p, size) => {
    const n = type === F.FRAME_BODY ? Math.min(size, BODY_PEEK) : size;
    seen.push({ type, channel, size, head: buf.subarray(p, p + n).toString('hex') });
  });
  pushInCutReads(stream, cuts, (chunk) => reader.push(chunk));
  return seen;
}

describe('FrameReader (load generator)', () => {
  const stream = Buffer.concat(STREAM);
  const want = expected();

  it('walks a stream read whole', () => {
    expect(walk(stream, [])).toEqual(want);
  });

  it('walks it cut at every offset, the read buffer overwritten between reads', () => {
    for (let at = 1; at < stream.length; at++) expect(walk(stream, [at])).toEqual(want);
  });

  it('walks it cut into small pieces', () => {
    for (const step of [1, 3, 8, 23, 100]) {
      const cuts = [];
      for (let at = step; at < stream.length; at += step) cuts.push(at);
      expect(walk(stream, cuts)).toEqual(want);
    }
  });

  it('refuses a frame without its frame-end octet', () => {
    const bad = Buffer.from(F.channelOpen(1));
    bad[bad.length - 1] = 0;
    expect(() => walk(bad, [])).toThrow(/frame end/);
    expect(() => walk(bad, [5])).toThrow(/frame end/);
  });
});
