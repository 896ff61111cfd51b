// A tiny raw AMQP 0-9-1 frame client for tests that need to send frames no well-behaved client library
// would send (oversized frames, bad frame-end octets, unknown classes, stray body frames...). It encodes
// only what those tests need and decodes just enough to read connection.close / channel.close replies.
import net from 'node:net';
import { within } from '../test-support/wait';

export const FRAME_METHOD = 1;
export const FRAME_HEADER = 2;
export const FRAME_BODY = 3;
export const FRAME_HEARTBEAT = 8;
export const FRAME_END = 0xce;
export const PROTOCOL_HEADER = Buffer.from('AMQP\x00\x00\x09\x01', 'latin1');

export interface RawFrame { type: number; channel: number; payload: Buffer }
export interface RawMethod extends RawFrame { classId: number; methodId: number; args: Buffer }
export interface CloseReason { replyCode: number; replyText: string; classId: number; methodId: number }

// ---- encoders -------------------------------------------------------------------------------------
export const u8 = (n: number): Buffer => Buffer.from([n & 0xff]);
export function u16(n: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; }
export function u32(n: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; }
export function u64(n: number | bigint): Buffer { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; }
export function shortstr(s: string): Buffer { const v = Buffer.from(s, 'utf8'); return Buffer.concat([u8(v.length), v]); }
export function longstr(s: string | Buffer): Buffer {
  const v = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  return Buffer.concat([u32(v.length), v]);
}
/** An empty field table. */
const emptyTable = (): Buffer => u32(0);
/** A field table of strings, booleans, integers (as signed 32-bit 'I') and nested tables. */
export interface RawTable { [k: string]: string | boolean | number | RawTable }
export function table(t: RawTable): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(t)) {
    parts.push(shortstr(k));
    if (typeof v === 'string') parts.push(Buffer.from('S'), longstr(v));
    else if (typeof v === 'boolean') parts.push(Buffer.from('t'), u8(v ? 1 : 0));
    else if (typeof v === 'number') { const b = Buffer.alloc(4); b.writeInt32BE(v); parts.push(Buffer.from('I'), b); }
    else parts.push(Buffer.from('F'), table(v));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(body.length), body]);
}

/** A complete frame: type, channel, size, payload, frame-end (overridable to send a bad one). */
export function frame(type: number, channel: number, payload: Buffer, frameEnd = FRAME_END): Buffer {
  const h = Buffer.alloc(7);
  h.writeUInt8(type, 0);
  h.writeUInt16BE(channel, 1);
  h.writeUInt32BE(payload.length, 3);
  return Buffer.concat([h, payload, u8(frameEnd)]);
}

export function methodFrame(channel: number, classId: number, methodId: number, ...args: Buffer[]): Buffer {
  return frame(FRAME_METHOD, channel, Buffer.concat([u16(classId), u16(methodId), ...args]));
}

/** A content header frame with no properties. */
export function headerFrame(channel: number, bodySize: number, classId = 60): Buffer {
  return frame(FRAME_HEADER, channel, Buffer.concat([u16(classId), u16(0), u64(bodySize), u16(0)]));
}

/**
 * A content header frame with properties: `flags` is the 16-bit property-flags word (bit 15 =
 * content-type ... bit 2 = cluster-id) and `props` the encoded values of the set properties, in order.
 */
export function headerFrameWithProps(channel: number, bodySize: number, flags: number, ...props: Buffer[]): Buffer {
  return frame(FRAME_HEADER, channel, Buffer.concat([u16(60), u16(0), u64(bodySize), u16(flags), ...props]));
}

export function bodyFrame(channel: number, body: Buffer): Buffer {
  return frame(FRAME_BODY, channel, body);
}

// ---- a few well-known methods ---------------------------------------------------------------------
export const channelOpen = (ch: number): Buffer => methodFrame(ch, 20, 10, shortstr(''));
export const channelCloseOk = (ch: number): Buffer => methodFrame(ch, 20, 41);
export const channelFlow = (ch: number, active: boolean): Buffer => methodFrame(ch, 20, 20, u8(active ? 1 : 0));
export const connectionCloseOk = (): Buffer => methodFrame(0, 10, 51);
/** queue.declare(ticket 0, name, passive|durable|exclusive|auto-delete|no-wait bits, empty arguments) */
export function queueDeclare(ch: number, name: string, opts: { passive?: boolean; durable?: boolean; exclusive?: boolean; autoDelete?: boolean } = {}): Buffer {
  const bits = (opts.passive ? 1 : 0) | (opts.durable ? 2 : 0) | (opts.exclusive ? 4 : 0) | (opts.autoDelete ? 8 : 0);
  return methodFrame(ch, 50, 10, u16(0), shortstr(name), u8(bits), emptyTable());
}
/** basic.publish(ticket 0, exchange, routing key, mandatory=false, immediate=false) */
export function basicPublish(ch: number, exchange: string, routingKey: string): Buffer {
  return methodFrame(ch, 60, 40, u16(0), shortstr(exchange), shortstr(routingKey), u8(0));
}

// ---- decoding ---------------------------------------------------------------------------------------
export function parseClose(args: Buffer): CloseReason {
  const replyCode = args.readUInt16BE(0);
  const len = args.readUInt8(2);
  const replyText = args.subarray(3, 3 + len).toString('utf8');
  return { replyCode, replyText, classId: args.readUInt16BE(3 + len), methodId: args.readUInt16BE(5 + len) };
}

// ---- the connection -------------------------------------------------------------------------------
const RECEIVED_KEPT = 64 * 1024;
/** What tune-ok and open send (frame_max and channel_max default to the server's). */
export interface HandshakeOptions { frameMax?: number; channelMax?: number; user?: string; password?: string; vhost?: string; heartbeat?: number }

export class RawConnection {
  readonly socket: net.Socket;
  /** bytes received that are not (yet) a complete frame */
  private buf = Buffer.alloc(0);
  private frames: RawFrame[] = [];
  private waiters: Array<() => void> = [];
  /** the first bytes received (RECEIVED_KEPT and a bit), for tests that look at non-frame replies */
  received = Buffer.alloc(0);
  ended = false;
  readonly closed: Promise<void>;
  frameMax = 0;
  channelMax = 0;
  /** the heartbeat interval the server proposed in connection.tune, seconds */
  serverHeartbeat = 0;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => {
      // kept for tests that read a short non-frame reply; a long stream is not worth copying
      if (this.received.length < RECEIVED_KEPT) this.received = Buffer.concat([this.received, d]);
      this.buf = Buffer.concat([this.buf, d]);
      this.parse();
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', () => { this.ended = true; this.wake(); resolve(); });
    });
    socket.on('error', () => { /* surfaced through 'close' */ });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ port, host }, () => { s.off('error', reject); resolve(new RawConnection(s)); });
      s.once('error', reject);
    });
  }

  /** Connect, then run the whole handshake up to connection.open-ok. */
  static async open(port: number, host = '127.0.0.1', opts: HandshakeOptions = {}): Promise<RawConnection> {
    const c = await RawConnection.connect(port, host);
    await c.handshake(opts);
    return c;
  }

  private parse(): void {
    while (this.buf.length >= 7) {
      const size = this.buf.readUInt32BE(3);
      if (this.buf.length < size + 8) return;
      this.frames.push({ type: this.buf.readUInt8(0), channel: this.buf.readUInt16BE(1), payload: this.buf.subarray(7, 7 + size) });
      this.buf = this.buf.subarray(size + 8);
    }
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  write(data: Buffer | string): void { this.socket.write(data); }

  /** The next frame from the server; rejects if the socket closes first or on timeout. Heartbeats are skipped. */
  async nextFrame(timeoutMs = 5000): Promise<RawFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = this.frames.shift();
      if (f) {
        if (f.type === FRAME_HEARTBEAT) continue;
        return f;
      }
      if (this.ended) throw new Error('socket closed while waiting for a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a frame');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  async nextMethod(timeoutMs = 5000): Promise<RawMethod> {
    const f = await this.nextFrame(timeoutMs);
    if (f.type !== FRAME_METHOD) throw new Error(`expected a method frame, got type ${f.type}`);
    return { ...f, classId: f.payload.readUInt16BE(0), methodId: f.payload.readUInt16BE(2), args: f.payload.subarray(4) };
  }

  async expectMethod(classId: number, methodId: number, timeoutMs = 5000): Promise<RawMethod> {
    const m = await this.nextMethod(timeoutMs);
    if (m.classId !== classId || m.methodId !== methodId) {
      const close = m.classId === 10 && m.methodId === 50 || m.classId === 20 && m.methodId === 40 ? parseClose(m.args) : undefined;
      const extra = close ? ` ${JSON.stringify(close)}` : '';
      throw Object.assign(new Error(`expected method ${classId}.${methodId}, got ${m.classId}.${m.methodId}${extra}`), { close });
    }
    return m;
  }

  async handshake(opts: HandshakeOptions = {}): Promise<void> {
    this.write(PROTOCOL_HEADER);
    await this.expectMethod(10, 10); // connection.start
    const response = `\0${opts.user ?? 'guest'}\0${opts.password ?? 'guest'}`;
    // authentication_failure_close asks RabbitMQ to send connection.close 403 on a bad login instead
    // of just dropping the socket.
    const clientProps = table({ product: 'warren-raw-test', capabilities: { authentication_failure_close: true } });
    this.write(methodFrame(0, 10, 11, clientProps, shortstr('PLAIN'), longstr(response), shortstr('en_US')));
    const tune = await this.expectMethod(10, 30);
    this.channelMax = tune.args.readUInt16BE(0);
    const serverFrameMax = tune.args.readUInt32BE(2);
    this.serverHeartbeat = tune.args.readUInt16BE(6);
    this.frameMax = opts.frameMax ?? serverFrameMax;
    if (opts.channelMax !== undefined) this.channelMax = opts.channelMax;
    this.write(methodFrame(0, 10, 31, u16(this.channelMax), u32(this.frameMax), u16(opts.heartbeat ?? 0)));
    this.write(methodFrame(0, 10, 40, shortstr(opts.vhost ?? '/'), shortstr(''), u8(0)));
    await this.expectMethod(10, 41); // connection.open-ok
  }

  async openChannel(ch: number): Promise<void> {
    this.write(channelOpen(ch));
    await this.expectMethod(20, 11);
  }

  /**
   * Waits for connection.close from the server and answers close-ok. With `waitForSocketClose` it also
   * waits for the server to close the socket (RabbitMQ does so at once after a normal close-ok, but
   * after a framing error it stops reading and only closes after a 3 s timeout); otherwise the socket
   * is destroyed by the client.
   */
  async expectConnectionClose(timeoutMs = 5000, waitForSocketClose = false): Promise<CloseReason> {
    for (;;) {
      const m = await this.nextMethod(timeoutMs);
      if (m.channel === 0 && m.classId === 10 && m.methodId === 50) {
        const reason = parseClose(m.args);
        this.write(connectionCloseOk());
        if (waitForSocketClose) await within(this.closed, timeoutMs, 'the socket to close after connection.close-ok');
        else this.destroy();
        return reason;
      }
      // anything else (e.g. deliveries) is skipped
    }
  }

  /**
   * Waits until the connection ends, either by connection.close (answered with close-ok; its reason is
   * returned) or by the server dropping the TCP connection without one (returns null).
   */
  async expectConnectionEnd(timeoutMs = 5000): Promise<CloseReason | null> {
    try {
      return await this.expectConnectionClose(timeoutMs);
    } catch (e) {
      if (this.ended) return null;
      throw e;
    }
  }

  /** Waits for channel.close on `ch` and answers channel.close-ok. */
  async expectChannelClose(ch: number, timeoutMs = 5000): Promise<CloseReason> {
    for (;;) {
      const m = await this.nextMethod(timeoutMs);
      if (m.channel === 0 && m.classId === 10 && m.methodId === 50) throw new Error(`connection closed instead: ${JSON.stringify(parseClose(m.args))}`);
      if (m.channel === ch && m.classId === 20 && m.methodId === 40) {
        this.write(channelCloseOk(ch));
        return parseClose(m.args);
      }
    }
  }

  /** basic.consume with a server-generated tag (no wait for consume-ok). */
  consume(ch: number, queue: string, noAck: boolean): void {
    this.write(methodFrame(ch, 60, 20, u16(0), shortstr(queue), shortstr(''), u8(noAck ? 2 : 0), table({})));
  }

  /** Stop reading the socket, like a consumer that has fallen behind. */
  pauseReading(): void { this.socket.pause(); }

  /** Resolves when the server closes the socket; rejects after `ms`. */
  waitClosed(ms: number): Promise<void> { return within(this.closed, ms, 'the server to close the socket'); }

  destroy(): void { this.socket.destroy(); }
}
