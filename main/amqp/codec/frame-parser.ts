// A byte-fed frame parser: it never touches a socket. Frames are
//   type(octet) channel(short) size(long) payload[size] frame-end(0xCE)
// The common case, a chunk holding whole frames, is parsed in place and body payloads are views
// of the chunk. Only a frame that straddles chunks is assembled in a buffer of its own; that buffer
// is allocated after the size passed the frame-max check, so a hostile size allocates nothing.
//
// State across chunks: 'header' while fewer than 7 header bytes are known (kept in `head`),
// 'payload' while an oversize-checked frame is being filled (kept in `partial`). The frame-end
// octet is read together with the payload, so there is no separate 'end' state.

import { FRAME_END, FRAME_OVERHEAD, FrameType } from '../spec';
import { ReplyCode } from '../../../shared/model/reply-codes';
import { CodecError } from './errors';
import { decodeMethod } from './method-codec';
import type { Frame } from './types';

const HEADER_SIZE = 7;
/** class-id(2) weight(2) body-size(8) before the property flags */
const CONTENT_HEADER_MIN = 14;
/** frame-max 0 means "no limit" in connection.tune; the size field is a u32 anyway */
const NO_LIMIT = 0xffff_ffff;

/** header: between frames; payload: assembling a non-body frame split across chunks;
 *  body: streaming a split body frame's payload out as views; body-end: awaiting its frame-end. */
type ParserState = 'header' | 'payload' | 'body' | 'body-end';

export class FrameParser {
  /** The negotiated frame-max (whole frame, 8 bytes of overhead included); the connection raises
   *  it after connection.tune-ok. */
  frameMax: number;

  private state: ParserState = 'header';
  private readonly head = Buffer.alloc(HEADER_SIZE);
  private headLen = 0;
  private type = 0;
  private channel = 0;
  /** payload + frame-end of the frame being assembled */
  private partial: Buffer = Buffer.alloc(0);
  private partialLen = 0;
  private error: unknown = undefined;
  /** payload bytes of the streaming body frame still to come */
  private bodyRemaining = 0;

  constructor(opts: { frameMax: number }) {
    this.frameMax = opts.frameMax;
  }

  /** Parses `chunk`, calling onFrame for each complete frame in order. Throws CodecError on a
   *  malformed stream; after any error the parser is dead and every later push rethrows it. */
  push(chunk: Buffer, onFrame: (frame: Frame) => void): void {
    if (this.error !== undefined) throw this.error;
    try {
      this.parse(chunk, onFrame);
    } catch (e) {
      this.error = e;
      throw e;
    }
  }

  private parse(chunk: Buffer, onFrame: (frame: Frame) => void): void {
    const len = chunk.length;
    let pos = 0;
    if (this.headLen > 0 || this.state !== 'header') {
      pos = this.resume(chunk, onFrame);
      if (pos < 0) return;
    }
    // whole frames straight out of the chunk
    while (len - pos >= HEADER_SIZE) {
      const type = chunk[pos];
      const size = chunk.readUInt32BE(pos + 3);
      this.check(type, size);
      const start = pos + HEADER_SIZE;
      const end = start + size;
      if (end >= len) {
        // the payload or its frame-end is in a later chunk
        this.type = type;
        this.channel = chunk.readUInt16BE(pos + 1);
        if (type === FrameType.BODY) this.beginBody(chunk, start, size, onFrame);
        else this.beginPartial(chunk, start, size);
        return;
      }
      if (chunk[end] !== FRAME_END) badEnd(type, chunk[end]);
      this.emit(type, chunk.readUInt16BE(pos + 1), chunk, start, end, onFrame);
      pos = end + 1;
    }
    if (pos < len) {
      chunk.copy(this.head, 0, pos, len);
      this.headLen = len - pos;
    }
  }

  /** Continues a frame begun in an earlier chunk; returns where whole-frame parsing may resume,
   *  or -1 when the chunk was used up. */
  private resume(chunk: Buffer, onFrame: (frame: Frame) => void): number {
    const len = chunk.length;
    let pos = 0;
    if (this.state === 'body' || this.state === 'body-end') return this.continueBody(chunk, onFrame);
    if (this.state === 'header') {
      const take = Math.min(HEADER_SIZE - this.headLen, len);
      chunk.copy(this.head, this.headLen, 0, take);
      this.headLen += take;
      pos = take;
      if (this.headLen < HEADER_SIZE) return -1;
      this.headLen = 0;
      const type = this.head[0];
      const size = this.head.readUInt32BE(3);
      this.check(type, size);
      const end = pos + size;
      if (end < len) {
        // only the header straddled: the payload is whole in this chunk, so it can be a view
        if (chunk[end] !== FRAME_END) badEnd(type, chunk[end]);
        this.emit(type, this.head.readUInt16BE(1), chunk, pos, end, onFrame);
        return end + 1;
      }
      this.type = type;
      this.channel = this.head.readUInt16BE(1);
      if (type === FrameType.BODY) this.beginBody(chunk, pos, size, onFrame);
      else this.beginPartial(chunk, pos, size);
      return -1;
    }
    const need = this.partial.length - this.partialLen;
    const take = Math.min(need, len);
    chunk.copy(this.partial, this.partialLen, 0, take);
    this.partialLen += take;
    if (take < need) return -1;
    const frame = this.partial;
    const end = frame.length - 1;
    this.state = 'header';
    this.partial = EMPTY;
    this.partialLen = 0;
    if (frame[end] !== FRAME_END) badEnd(this.type, frame[end]);
    this.emit(this.type, this.channel, frame, 0, end, onFrame);
    return take;
  }

  /** A body frame that does not fit in this chunk is passed on in pieces, each a view of the
   *  chunk it arrived in: large messages are never reassembled by copying. */
  private beginBody(chunk: Buffer, start: number, size: number, onFrame: (frame: Frame) => void): void {
    const have = chunk.length - start;
    if (have > 0) onFrame({ type: 'body', channel: this.channel, payload: chunk.subarray(start) });
    this.bodyRemaining = size - have;
    this.state = this.bodyRemaining > 0 ? 'body' : 'body-end';
  }

  private continueBody(chunk: Buffer, onFrame: (frame: Frame) => void): number {
    let pos = 0;
    if (this.state === 'body') {
      const take = Math.min(this.bodyRemaining, chunk.length);
      if (take > 0) onFrame({ type: 'body', channel: this.channel, payload: chunk.subarray(0, take) });
      this.bodyRemaining -= take;
      pos = take;
      if (this.bodyRemaining > 0) return -1;
      this.state = 'body-end';
    }
    if (pos >= chunk.length) return -1;
    if (chunk[pos] !== FRAME_END) badEnd(FrameType.BODY, chunk[pos]);
    this.state = 'header';
    return pos + 1 < chunk.length ? pos + 1 : -1;
  }

  private beginPartial(chunk: Buffer, start: number, size: number): void {
    this.partial = Buffer.allocUnsafe(size + 1);
    this.partialLen = chunk.copy(this.partial, 0, start);
    this.state = 'payload';
  }

  /** Rejects a frame from its header alone, before any of its payload is buffered. */
  private check(type: number, size: number): void {
    const max = this.frameMax === 0 ? NO_LIMIT : this.frameMax;
    if (size > max - FRAME_OVERHEAD) {
      throw new CodecError(ReplyCode.FRAME_ERROR, `frame of type ${type} with a ${size}-byte payload exceeds frame-max ${this.frameMax}`);
    }
    if (type !== FrameType.METHOD && type !== FrameType.HEADER && type !== FrameType.BODY && type !== FrameType.HEARTBEAT) {
      throw new CodecError(ReplyCode.FRAME_ERROR, `unknown frame type ${type}`);
    }
  }

  private emit(type: number, channel: number, buf: Buffer, start: number, end: number, onFrame: (frame: Frame) => void): void {
    if (type === FrameType.BODY) {
      onFrame({ type: 'body', channel, payload: buf.subarray(start, end) });
    } else if (type === FrameType.METHOD) {
      onFrame({ type: 'method', channel, method: decodeMethod(buf, start, end) });
    } else if (type === FrameType.HEADER) {
      onFrame(contentHeader(channel, buf, start, end));
    } else {
      if (end !== start) throw new CodecError(ReplyCode.FRAME_ERROR, `heartbeat frame with a ${end - start}-byte payload`);
      onFrame({ type: 'heartbeat', channel });
    }
  }
}

const EMPTY = Buffer.alloc(0);

function badEnd(type: number, octet: number): never {
  throw new CodecError(ReplyCode.FRAME_ERROR, `frame of type ${type} ends with 0x${octet.toString(16)}, not 0xce`);
}

/** class-id(short) weight(short, 0) body-size(longlong) property-flags... ; properties stay raw. */
function contentHeader(channel: number, buf: Buffer, start: number, end: number): Frame {
  if (end - start < CONTENT_HEADER_MIN) throw new CodecError(ReplyCode.FRAME_ERROR, `content header of ${end - start} bytes is truncated`);
  const hi = buf.readUInt32BE(start + 4);
  // body sizes are JS numbers: anything at or past 2^53 cannot be a real message
  if (hi > 0x1f_ffff) throw new CodecError(ReplyCode.FRAME_ERROR, 'content body size exceeds 2^53');
  return {
    type: 'header',
    channel,
    classId: buf.readUInt16BE(start),
    bodySize: hi * 0x1_0000_0000 + buf.readUInt32BE(start + 8),
    rawProperties: buf.subarray(start + 12, end),
  };
}
