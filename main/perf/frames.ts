// Hand-encoded AMQP 0-9-1 frames for the load generator. This is deliberately NOT the product's codec:
// it encodes only the handful of methods the benchmark sends and parses only what it must read.

export const FRAME_METHOD = 1;
export const FRAME_HEADER = 2;
export const FRAME_BODY = 3;
export const FRAME_HEARTBEAT = 8;
export const FRAME_END = 0xce;

export const PROTOCOL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

/** class << 16 | method, for switch statements on incoming methods */
export const M = {
  connectionStart: (10 << 16) | 10,
  connectionTune: (10 << 16) | 30,
  connectionOpenOk: (10 << 16) | 41,
  connectionClose: (10 << 16) | 50,
  connectionCloseOk: (10 << 16) | 51,
  connectionBlocked: (10 << 16) | 60,
  connectionUnblocked: (10 << 16) | 61,
  channelOpenOk: (20 << 16) | 11,
  channelClose: (20 << 16) | 40,
  channelCloseOk: (20 << 16) | 41,
  basicQosOk: (60 << 16) | 11,
  basicConsumeOk: (60 << 16) | 21,
  basicCancel: (60 << 16) | 30,
  basicCancelOk: (60 << 16) | 31,
  basicDeliver: (60 << 16) | 60,
  basicAck: (60 << 16) | 80,
  basicNack: (60 << 16) | 120,
  basicReturn: (60 << 16) | 50,
  confirmSelectOk: (85 << 16) | 11,
} as const;

/** Small growable writer for the few method payloads we encode (not on the hot path). */
class W {
  private parts: Buffer[] = [];
  u8(v: number): this { const b = Buffer.alloc(1); b[0] = v; this.parts.push(b); return this; }
  u16(v: number): this { const b = Buffer.alloc(2); b.writeUInt16BE(v); this.parts.push(b); return this; }
  u32(v: number): this { const b = Buffer.alloc(4); b.writeUInt32BE(v); this.parts.push(b); return this; }
  u64(v: number): this { const b = Buffer.alloc(8); b.writeUInt32BE(Math.floor(v / 0x100000000)); b.writeUInt32BE(v >>> 0, 4); this.parts.push(b); return this; }
  shortstr(s: string): this {
    const b = Buffer.from(s, 'utf8');
    if (b.length > 255) throw new Error(`shortstr too long: ${s}`);
    return this.u8(b.length).raw(b);
  }
  longstr(s: string | Buffer): this { const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s; return this.u32(b.length).raw(b); }
  /** string-valued table entries only ('S'), plus nested tables ('F') and booleans ('t') */
  table(t: Record<string, string | boolean | Record<string, boolean>>): this {
    const inner = new W();
    for (const [k, v] of Object.entries(t)) {
      inner.shortstr(k);
      if (typeof v === 'string') inner.u8(0x53).longstr(v);
      else if (typeof v === 'boolean') inner.u8(0x74).u8(v ? 1 : 0);
      else inner.u8(0x46).table(v);
    }
    return this.longstr(inner.done());
  }
  raw(b: Buffer): this { this.parts.push(b); return this; }
  done(): Buffer { return Buffer.concat(this.parts); }
}

export function frame(type: number, channel: number, payload: Buffer): Buffer {
  const f = Buffer.allocUnsafe(payload.length + 8);
  f[0] = type;
  f.writeUInt16BE(channel, 1);
  f.writeUInt32BE(payload.length, 3);
  payload.copy(f, 7);
  f[f.length - 1] = FRAME_END;
  return f;
}

function method(channel: number, classId: number, methodId: number, args: (w: W) => W = (w) => w): Buffer {
  return frame(FRAME_METHOD, channel, args(new W().u16(classId).u16(methodId)).done());
}

// ---- connection / channel --------------------------------------------------------------------------

export function startOk(user: string, pass: string): Buffer {
  return method(0, 10, 11, (w) => w
    .table({ product: 'warren-bench', platform: `Node.js ${process.version}`, capabilities: { publisher_confirms: true, 'connection.blocked': true } })
    .shortstr('PLAIN')
    .longstr(Buffer.concat([Buffer.from([0]), Buffer.from(user), Buffer.from([0]), Buffer.from(pass)]))
    .shortstr('en_US'));
}
export const tuneOk = (channelMax: number, frameMax: number, heartbeat: number): Buffer =>
  method(0, 10, 31, (w) => w.u16(channelMax).u32(frameMax).u16(heartbeat));
export const connectionOpen = (vhost: string): Buffer => method(0, 10, 40, (w) => w.shortstr(vhost).shortstr('').u8(0));
export const connectionClose = (): Buffer => method(0, 10, 50, (w) => w.u16(200).shortstr('bye').u16(0).u16(0));
export const connectionCloseOk = (): Buffer => method(0, 10, 51);
export const channelOpen = (ch: number): Buffer => method(ch, 20, 10, (w) => w.shortstr(''));
export const channelCloseOk = (ch: number): Buffer => method(ch, 20, 41);

/** queue.declare of a non-durable queue (exclusive: it goes with the connection), empty arguments. */
export const queueDeclare = (ch: number, queue: string, exclusive: boolean): Buffer =>
  method(ch, 50, 10, (w) => w.u16(0).shortstr(queue).u8(exclusive ? 0b100 : 0).u32(0));

// ---- basic / confirm ------------------------------------------------------------------------------

export const basicQos = (ch: number, prefetch: number): Buffer => method(ch, 60, 10, (w) => w.u32(0).u16(prefetch).u8(0));
export const basicConsume = (ch: number, queue: string, tag: string, noAck: boolean): Buffer =>
  method(ch, 60, 20, (w) => w.u16(0).shortstr(queue).shortstr(tag).u8(noAck ? 0b10 : 0).u32(0));
export const basicCancel = (ch: number, tag: string): Buffer => method(ch, 60, 30, (w) => w.shortstr(tag).u8(0));
export const confirmSelect = (ch: number): Buffer => method(ch, 85, 10, (w) => w.u8(0));

/** basic.ack; `multiple` acknowledges every tag up to and including `tag`. Allocation-light: used once per N deliveries. */
export function basicAck(ch: number, tag: number, multiple: boolean): Buffer {
  const f = Buffer.allocUnsafe(21);
  f[0] = FRAME_METHOD;
  f.writeUInt16BE(ch, 1);
  f.writeUInt32BE(13, 3);
  f.writeUInt32BE((60 << 16) | 80, 7);
  f.writeUInt32BE(Math.floor(tag / 0x100000000), 11);
  f.writeUInt32BE(tag >>> 0, 15);
  f[19] = multiple ? 1 : 0;
  f[20] = FRAME_END;
  return f;
}

export interface PublishSpec {
  exchange: string;
  routingKey: string;
  bodySize: number;
  persistent?: boolean;
  frameMax: number;
}

/**
 * One complete publish (basic.publish + content header + body frame(s)) for channel `ch`, body zero-filled.
 * Returns the bytes and the offset of the body's first byte (where the benchmark patches its sequence number);
 * the first body frame always holds at least the first 16 body bytes (frameMax >= 4096).
 */
export function encodePublish(ch: number, spec: PublishSpec): { bytes: Buffer; bodyOffset: number } {
  const m = method(ch, 60, 40, (w) => w.u16(0).shortstr(spec.exchange).shortstr(spec.routingKey).u8(0));
  const hp = new W().u16(60).u16(0).u64(spec.bodySize);
  if (spec.persistent) hp.u16(0x1000).u8(2); else hp.u16(0);
  const h = frame(FRAME_HEADER, ch, hp.done());
  const parts = [m, h];
  const maxBody = spec.frameMax - 8;
  let left = spec.bodySize;
  while (left > 0) {
    const n = Math.min(left, maxBody);
    parts.push(frame(FRAME_BODY, ch, Buffer.alloc(n)));
    left -= n;
  }
  return { bytes: Buffer.concat(parts), bodyOffset: m.length + h.length + 7 };
}

// ---- parsing helpers ------------------------------------------------------------------------------

/** Delivery tag of a basic.deliver payload starting at `p` (p points at the class id). */
export function deliverTag(buf: Buffer, p: number): number {
  const tagLen = buf[p + 4];
  const o = p + 5 + tagLen;
  return buf.readUInt32BE(o) * 0x100000000 + buf.readUInt32BE(o + 4);
}

/** basic.ack / basic.nack from the broker (publisher confirms): [tag, multiple] */
export function confirmTag(buf: Buffer, p: number): [number, boolean] {
  const tag = buf.readUInt32BE(p + 4) * 0x100000000 + buf.readUInt32BE(p + 8);
  return [tag, (buf[p + 12] & 1) === 1];
}

/** reply-code and reply-text of connection.close / channel.close */
export function closeReason(buf: Buffer, p: number): string {
  const code = buf.readUInt16BE(p + 4);
  const len = buf[p + 6];
  const text = buf.toString('utf8', p + 7, p + 7 + len);
  const cls = buf.readUInt16BE(p + 7 + len);
  const mth = buf.readUInt16BE(p + 9 + len);
  return `${code} ${text} (method ${cls}.${mth})`;
}

/** Parses a field table into plain values, enough for server-properties (product, version). */
export function parseTable(buf: Buffer, p: number): { value: Record<string, unknown>; end: number } {
  const len = buf.readUInt32BE(p);
  let o = p + 4;
  const end = o + len;
  const value: Record<string, unknown> = {};
  while (o < end) {
    const kl = buf[o];
    const key = buf.toString('utf8', o + 1, o + 1 + kl);
    o += 1 + kl;
    const r = parseFieldValue(buf, o);
    value[key] = r.value;
    o = r.end;
  }
  return { value, end };
}

function parseFieldValue(buf: Buffer, o: number): { value: unknown; end: number } {
  const t = String.fromCharCode(buf[o++]);
  switch (t) {
    case 't': return { value: buf[o] !== 0, end: o + 1 };
    case 'b': return { value: buf.readInt8(o), end: o + 1 };
    case 'B': return { value: buf[o], end: o + 1 };
    case 's': return { value: buf.readInt16BE(o), end: o + 2 };
    case 'u': return { value: buf.readUInt16BE(o), end: o + 2 };
    case 'I': return { value: buf.readInt32BE(o), end: o + 4 };
    case 'i': return { value: buf.readUInt32BE(o), end: o + 4 };
    case 'f': return { value: buf.readFloatBE(o), end: o + 4 };
    case 'l': case 'L': case 'T': return { value: Number(buf.readBigInt64BE(o)), end: o + 8 };
    case 'd': return { value: buf.readDoubleBE(o), end: o + 8 };
    case 'D': return { value: null, end: o + 5 };
    case 'S': case 'x': { const l = buf.readUInt32BE(o); return { value: buf.toString('utf8', o + 4, o + 4 + l), end: o + 4 + l }; }
    case 'F': return parseTable(buf, o);
    case 'A': {
      const l = buf.readUInt32BE(o);
      const arr: unknown[] = [];
      let q = o + 4;
      while (q < o + 4 + l) { const r = parseFieldValue(buf, q); arr.push(r.value); q = r.end; }
      return { value: arr, end: o + 4 + l };
    }
    case 'V': return { value: null, end: o };
    default: throw new Error(`unknown field type '${t}'`);
  }
}
