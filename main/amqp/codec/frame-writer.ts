// Coalesces a connection's outgoing frames so one socket write carries many of them.
//
// Frames are written into a slab: a large buffer that is filled front to back and never
// rewritten. drain() hands out views of the filled part, which the socket may still be holding
// when the next frames are written, so the writer moves on to a fresh slab when one fills up
// instead of reusing it (Node's own Buffer pool works the same way). Large body segments
// (>= 64 KiB) are not copied: drain() returns them by reference between the slab views.

import { FRAME_END, FRAME_OVERHEAD, FrameType } from '../spec';
import { deliverFrameBound, methodFrameBound, writeDeliverFrame, writeMethodFrame } from './method-codec';
import type { MethodArgs, MethodName } from './types';

const SLAB_SIZE = 256 * 1024;
/** body segments at least this large go out by reference */
export const BY_REFERENCE_MIN = 16 * 1024;
const HEARTBEAT = Buffer.from([FrameType.HEARTBEAT, 0, 0, 0, 0, 0, 0, FRAME_END]);
/** type(1) channel(2) size(4) class-id(2) weight(2) body-size(8) */
const CONTENT_HEADER_PREFIX = 19;

export class FrameWriter {
  /** The negotiated frame-max; bodies are split into frames of at most frameMax - 8 payload bytes. */
  frameMax: number;

  private slab: Buffer = Buffer.allocUnsafe(SLAB_SIZE);
  /** start of the slab region not yet handed to `out` */
  private start = 0;
  private pos = 0;
  private out: Buffer[] = [];
  private outBytes = 0;

  constructor(frameMax: number) {
    this.frameMax = frameMax;
  }

  get pendingBytes(): number {
    return this.outBytes + this.pos - this.start;
  }

  method<N extends MethodName>(channel: number, name: N, args: MethodArgs[N]): void {
    this.reserve(methodFrameBound(name, args));
    this.pos = writeMethodFrame(this.slab, this.pos, channel, name, args);
  }

  /** A content header frame, then the body in frames of at most frameMax - 8 bytes (none for an
   *  empty body). `body` may be split into segments; their lengths must add up to bodySize. */
  content(channel: number, classId: number, bodySize: number, rawProperties: Buffer, body: Buffer | readonly Buffer[]): void {
    this.header(channel, classId, bodySize, rawProperties);
    this.body(channel, bodySize, body);
  }

  /** basic.deliver + content header + body: the consumer hot path, without an args object. */
  deliver(
    channel: number,
    consumerTag: string,
    deliveryTag: number,
    redelivered: boolean,
    exchange: string,
    routingKey: string,
    rawProperties: Buffer,
    body: Buffer | readonly Buffer[],
    bodySize: number,
  ): void {
    this.reserve(deliverFrameBound(consumerTag, exchange, routingKey));
    this.pos = writeDeliverFrame(this.slab, this.pos, channel, consumerTag, deliveryTag, redelivered, exchange, routingKey);
    this.header(channel, 60, bodySize, rawProperties);
    this.body(channel, bodySize, body);
  }

  heartbeat(): void {
    this.reserve(HEARTBEAT.length);
    this.pos += HEARTBEAT.copy(this.slab, this.pos);
  }

  /** Everything queued since the last drain, as a few large buffers; the writer starts empty. */
  drain(): Buffer[] {
    this.cut();
    const out = this.out;
    this.out = [];
    this.outBytes = 0;
    return out;
  }

  private header(channel: number, classId: number, bodySize: number, rawProperties: Buffer): void {
    const size = CONTENT_HEADER_PREFIX + rawProperties.length + 1;
    this.reserve(size);
    const s = this.slab;
    const p = this.pos;
    s[p] = FrameType.HEADER;
    s.writeUInt16BE(channel, p + 1);
    s.writeUInt32BE(size - FRAME_OVERHEAD, p + 3);
    s.writeUInt16BE(classId, p + 7);
    s.writeUInt16BE(0, p + 9); // weight, unused
    s.writeUInt32BE(Math.floor(bodySize / 0x1_0000_0000), p + 11);
    s.writeUInt32BE(bodySize >>> 0, p + 15);
    rawProperties.copy(s, p + CONTENT_HEADER_PREFIX);
    s[p + size - 1] = FRAME_END;
    this.pos = p + size;
  }

  /** Body frames over the segments: each frame's payload is taken from as many segments as it
   *  spans, copying small pieces into the slab and referencing pieces of large segments. */
  private body(channel: number, bodySize: number, body: Buffer | readonly Buffer[]): void {
    if (bodySize === 0) return;
    const maxPayload = (this.frameMax === 0 ? 0xffff_ffff : this.frameMax) - FRAME_OVERHEAD;
    if (maxPayload <= 0) throw new RangeError(`frame-max ${this.frameMax} leaves no room for a body`);
    if (Buffer.isBuffer(body)) {
      for (let off = 0; off < bodySize; off += maxPayload) {
        const n = Math.min(maxPayload, bodySize - off);
        this.bodyFrameHeader(channel, n);
        this.piece(body, off, n);
        this.frameEnd();
      }
      return;
    }
    const segments = body as readonly Buffer[];
    let seg = 0;
    let segOff = 0;
    for (let left = bodySize; left > 0; ) {
      const n = Math.min(maxPayload, left);
      left -= n;
      this.bodyFrameHeader(channel, n);
      for (let need = n; need > 0; ) {
        const b = segments[seg];
        if (b === undefined) throw new RangeError(`body segments hold fewer than ${bodySize} bytes`);
        const take = Math.min(need, b.length - segOff);
        this.piece(b, segOff, take);
        need -= take;
        segOff += take;
        if (segOff === b.length) {
          seg++;
          segOff = 0;
        }
      }
      this.frameEnd();
    }
  }

  private bodyFrameHeader(channel: number, size: number): void {
    this.reserve(7);
    const s = this.slab;
    const p = this.pos;
    s[p] = FrameType.BODY;
    s.writeUInt16BE(channel, p + 1);
    s.writeUInt32BE(size, p + 3);
    this.pos = p + 7;
  }

  private frameEnd(): void {
    this.reserve(1);
    this.slab[this.pos++] = FRAME_END;
  }

  /** n bytes of `segment` from `off`: referenced if the segment is large, else copied. */
  private piece(segment: Buffer, off: number, n: number): void {
    if (n === 0) return;
    if (segment.length >= BY_REFERENCE_MIN) {
      this.cut();
      this.out.push(off === 0 && n === segment.length ? segment : segment.subarray(off, off + n));
      this.outBytes += n;
      return;
    }
    this.reserve(n);
    this.pos += segment.copy(this.slab, this.pos, off, off + n);
  }

  /** Hands the slab region written since the last cut to `out`. */
  private cut(): void {
    if (this.pos === this.start) return;
    this.out.push(this.slab.subarray(this.start, this.pos));
    this.outBytes += this.pos - this.start;
    this.start = this.pos;
  }

  /** Makes room for n contiguous bytes, moving to a fresh slab when the current one is full. */
  private reserve(n: number): void {
    if (this.pos + n <= this.slab.length) return;
    this.cut();
    this.slab = Buffer.allocUnsafe(Math.max(SLAB_SIZE, n));
    this.start = 0;
    this.pos = 0;
  }
}
