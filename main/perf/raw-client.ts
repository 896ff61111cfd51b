// Minimal AMQP 0-9-1 client over a raw node:net socket: handshake, one channel, a frame walker.
// Everything after the handshake is handed to a per-role frame handler (publisher / consumer) so the hot path
// is a single function call per frame with (type, channel, buffer, payload offset, payload size).
import net from 'node:net';
import * as F from './frames';

export type FrameHandler = (type: number, channel: number, buf: Buffer, p: number, size: number) => void;

export type Protocol = 'amqp' | 'mqtt';

export interface Target {
  url: string;
  protocol: Protocol;
  host: string;
  port: number;
  user: string;
  pass: string;
  vhost: string;
}

/** amqp://user:pass@host:port/vhost (guest/guest by default), or mqtt://[user:pass@]host:port (anonymous
 *  unless a user is given; the path is ignored). */
export function parseUrl(url: string): Target {
  const u = new URL(url);
  const host = u.hostname || '127.0.0.1';
  if (u.protocol === 'mqtt:') {
    return {
      url, protocol: 'mqtt', host, port: Number(u.port || 1883),
      user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password), vhost: '',
    };
  }
  if (u.protocol !== 'amqp:') throw new Error(`only amqp:// and mqtt:// URLs are supported: ${url}`);
  const path = decodeURIComponent(u.pathname.replace(/^\//, ''));
  return {
    url, protocol: 'amqp', host, port: Number(u.port || 5672),
    user: decodeURIComponent(u.username || 'guest'), pass: decodeURIComponent(u.password || 'guest'),
    vhost: path === '' ? '/' : path,
  };
}

/**
 * Walks frames in incoming chunks. The socket reads into one reused buffer, so nothing may keep a
 * chunk: a frame split across reads is assembled in `pend` (copying only its own bytes). Body frames
 * are not assembled at all: once their first BODY_PEEK bytes are known the handler sees them (with
 * the full payload size) and the rest of the frame is skipped as it arrives. Handlers must not read
 * past BODY_PEEK bytes of a body frame, nor keep `buf`.
 */
export const BODY_PEEK = 16;

export class FrameReader {
  private pend = Buffer.allocUnsafe(131072 + 8);
  private pendLen = 0;
  private skip = 0; // bytes of a body frame (including its frame-end octet) still to discard

  constructor(public onFrame: FrameHandler) {}

  push(buf: Buffer): void {
    const len = buf.length;
    let off = 0;
    if (this.skip > 0) {
      if (len < this.skip) { this.skip -= len; return; }
      if (buf[this.skip - 1] !== F.FRAME_END) throw new Error('bad frame end after a skipped body frame');
      off = this.skip;
      this.skip = 0;
    }
    if (this.pendLen > 0) {
      off = this.completePending(buf, off);
      if (off < 0) return;
    }
    const onFrame = this.onFrame;
    while (len - off >= 7) {
      const size = buf.readUInt32BE(off + 3);
      const end = off + 8 + size;
      if (end > len) {
        if (buf[off] === F.FRAME_BODY && len - off >= 7 + BODY_PEEK) {
          onFrame(F.FRAME_BODY, (buf[off + 1] << 8) | buf[off + 2], buf, off + 7, size);
          this.skip = end - len;
          return;
        }
        break;
      }
      if (buf[end - 1] !== F.FRAME_END) throw new Error(`bad frame end at offset ${off} (type ${buf[off]}, size ${size})`);
      onFrame(buf[off], (buf[off + 1] << 8) | buf[off + 2], buf, off + 7, size);
      off = end;
    }
    if (off < len) this.pendLen = buf.copy(this.pend, 0, off);
  }

  /** Feeds the pending partial frame from `buf` at `off`; returns where parsing goes on, or -1 when
   *  `buf` ran out first (or the rest of it is being skipped). */
  private completePending(buf: Buffer, off: number): number {
    const take = (upTo: number): boolean => {
      const n = Math.min(upTo - this.pendLen, buf.length - off);
      if (n > 0) { buf.copy(this.pend, this.pendLen, off, off + n); this.pendLen += n; off += n; }
      return this.pendLen >= upTo;
    };
    if (!take(7)) return -1;
    const p = this.pend;
    const size = p.readUInt32BE(3);
    const frameLen = size + 8;
    const ch = (p[1] << 8) | p[2];
    if (p[0] === F.FRAME_BODY) {
      if (!take(Math.min(frameLen, 7 + BODY_PEEK))) return -1;
      this.pendLen = 0;
      this.onFrame(F.FRAME_BODY, ch, p, 7, size);
      const rest = frameLen - Math.min(frameLen, 7 + BODY_PEEK); // still to come, frame-end included
      if (rest === 0) return off; // (a body frame shorter than the peek: its end octet was taken)
      if (buf.length - off < rest) { this.skip = rest - (buf.length - off); return -1; }
      if (buf[off + rest - 1] !== F.FRAME_END) throw new Error('bad frame end after a split body frame');
      return off + rest;
    }
    if (frameLen > p.length) {
      const bigger = Buffer.allocUnsafe(frameLen);
      p.copy(bigger, 0, 0, this.pendLen);
      this.pend = bigger;
    }
    if (!take(frameLen)) return -1;
    this.pendLen = 0;
    const q = this.pend;
    if (q[frameLen - 1] !== F.FRAME_END) throw new Error(`bad frame end in a split frame (type ${q[0]}, size ${size})`);
    this.onFrame(q[0], ch, q, 7, size);
    return off;
  }
}

/** Socket reads land in this buffer, reused for every read of the connection. */
const READ_BUFFER_SIZE = 1024 * 1024;

/** The protocol side of a raw socket: walks each read (must not keep it) and records failure. */
export interface SocketOwner { closed: boolean; push(chunk: Buffer): void; fail(e: Error): void }

/**
 * A TCP connection to `target` whose reads land in one buffer of `readBuffer` bytes, reused for every
 * read (Node's `onread`), each handed to the owner; `owner` is called late, so it may be created after the
 * socket. A read the owner cannot walk fails the connection. Resolves once connected.
 */
export async function connectRaw(target: Target, readBuffer: number, noDelay: boolean, owner: () => SocketOwner): Promise<net.Socket> {
  const socket = net.connect({
    host: target.host, port: target.port,
    onread: {
      buffer: Buffer.allocUnsafe(readBuffer),
      callback: (n: number, buf: Uint8Array) => {
        try { owner().push((buf as Buffer).subarray(0, n)); } catch (e) { owner().fail(e as Error); socket.destroy(); }
        return true;
      },
    },
  });
  socket.setNoDelay(noDelay);
  socket.setTimeout(15_000, () => socket.destroy(new Error(`connect to ${target.host}:${target.port} timed out`)));
  socket.on('error', (e) => owner().fail(e));
  socket.on('close', () => { const o = owner(); o.closed = true; o.fail(new Error('socket closed')); });
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  socket.setTimeout(0);
  return socket;
}

/** Runs a handshake on a fresh socket: bounded by `timeoutMs` (then `onTimeout`), the socket destroyed if it fails. */
export async function handshake<T>(socket: net.Socket, timeoutMs: number, onTimeout: () => void, fn: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => { onTimeout(); socket.destroy(); }, timeoutMs);
  try {
    return await fn();
  } catch (e) {
    socket.destroy();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

interface Waiter { id: number; channel: number; resolve: (v: { buf: Buffer; p: number; size: number }) => void; reject: (e: Error) => void }

export class RawConnection {
  readonly reader: FrameReader;
  serverProperties: Record<string, unknown> = {};
  frameMax = 131072;
  channelMax = 2047;
  closed = false;
  /** set when the broker closes the channel or the connection, or the socket fails */
  error: Error | null = null;
  blocked = false;
  /** frames not consumed by a pending rpc() */
  handler: FrameHandler = () => {};
  onError: (e: Error) => void = () => {};
  private waiters: Waiter[] = [];

  private constructor(readonly socket: net.Socket, readonly target: Target) {
    this.reader = new FrameReader((t, ch, buf, p, size) => this.dispatch(t, ch, buf, p, size));
  }

  push(chunk: Buffer): void { this.reader.push(chunk); }

  get product(): string { return String(this.serverProperties.product ?? ''); }
  get version(): string { return String(this.serverProperties.version ?? ''); }

  /** TCP connect, protocol header, start-ok (PLAIN), tune-ok (echo frame_max/channel_max, heartbeat 0), open, channel.open 1. */
  static async open(target: Target, opts: { noDelay?: boolean; timeoutMs?: number } = {}): Promise<RawConnection> {
    // c exists before any socket event after 'connect': the continuation runs as a microtask right after it
    let c!: RawConnection;
    const socket = await connectRaw(target, READ_BUFFER_SIZE, opts.noDelay ?? true, () => c);
    c = new RawConnection(socket, target);
    return handshake(socket, opts.timeoutMs ?? 30_000, () => c.fail(new Error(`handshake with ${target.host}:${target.port} timed out`)), async () => {
      const startP = c.expect(0, F.M.connectionStart);
      socket.write(F.PROTOCOL_HEADER);
      const start = await startP;
      c.serverProperties = F.parseTable(start.buf, start.p + 6).value;
      const tuneP = c.expect(0, F.M.connectionTune);
      socket.write(F.startOk(target.user, target.pass));
      const tune = await tuneP;
      const chMax = tune.buf.readUInt16BE(tune.p + 4);
      const fMax = tune.buf.readUInt32BE(tune.p + 6);
      c.channelMax = chMax === 0 ? 2047 : chMax;
      c.frameMax = fMax === 0 ? 131072 : fMax;
      socket.write(F.tuneOk(chMax, fMax, 0));
      const openP = c.expect(0, F.M.connectionOpenOk);
      socket.write(F.connectionOpen(target.vhost));
      await openP;
      await c.rpc(F.channelOpen(1), 1, F.M.channelOpenOk);
      return c;
    });
  }

  /** Waits for a method (class<<16|method) on `channel`. Register before writing the request. */
  expect(channel: number, id: number): Promise<{ buf: Buffer; p: number; size: number }> {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => this.waiters.push({ id, channel, resolve, reject }));
  }

  rpc(frame: Buffer, channel: number, replyId: number): Promise<{ buf: Buffer; p: number; size: number }> {
    const p = this.expect(channel, replyId);
    this.socket.write(frame);
    return p;
  }

  private dispatch(type: number, ch: number, buf: Buffer, p: number, size: number): void {
    if (type === F.FRAME_METHOD) {
      const id = buf.readUInt32BE(p);
      if (this.waiters.length > 0) {
        const i = this.waiters.findIndex((w) => w.id === id && w.channel === ch);
        if (i >= 0) {
          const [w] = this.waiters.splice(i, 1);
          // copy: the chunk may be reused by the reader's reassembly
          w.resolve({ buf: Buffer.from(buf.subarray(p, p + size)), p: 0, size });
          return;
        }
      }
      switch (id) {
        case F.M.connectionClose:
          this.socket.write(F.connectionCloseOk());
          this.fail(new Error(`broker closed the connection: ${F.closeReason(buf, p)}`));
          return;
        case F.M.channelClose:
          this.socket.write(F.channelCloseOk(ch));
          this.fail(new Error(`broker closed channel ${ch}: ${F.closeReason(buf, p)}`));
          return;
        case F.M.connectionBlocked: this.blocked = true; return;
        case F.M.connectionUnblocked: this.blocked = false; return;
      }
    } else if (type === F.FRAME_HEARTBEAT) {
      return;
    }
    this.handler(type, ch, buf, p, size);
  }

  fail(e: Error): void {
    if (!this.error) this.error = e;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w.reject(e);
    this.onError(e);
  }

  /** Graceful connection.close, waiting (bounded) for close-ok; then the socket is destroyed. */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.closed || this.error) { this.socket.destroy(); return; }
    try {
      await Promise.race([
        this.rpc(F.connectionClose(), 0, F.M.connectionCloseOk),
        new Promise((r) => setTimeout(r, timeoutMs)),
      ]);
    } catch { /* closing anyway */ }
    this.closed = true;
    this.socket.destroy();
  }
}
