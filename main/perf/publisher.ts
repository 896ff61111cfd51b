// Publisher: writes pre-encoded batches of publish frames, patching only each body's sequence number
// (and, for latency runs, a send timestamp) in place. Batches rotate so that a buffer is never patched
// while the socket may still be reading it (it is reused only after its write callback).
import type { RawConnection } from './raw-client';
import * as F from './frames';

export interface Template { exchange: string; routingKey: string }

export interface Batch {
  buf: Buffer;
  /** end offset (exclusive) of message i in buf */
  ends: Int32Array;
  /** offset of message i's first body byte (sequence number: 8 bytes BE; timestamp: next 8 bytes) */
  seqOffs: Int32Array;
  /** template index of message i */
  keys: Uint16Array;
  count: number;
  busy: boolean;
  free: (() => void) | null;
}

export interface BatchOptions {
  templates: Template[];
  bodySize: number;
  persistent?: boolean;
  frameMax: number;
  /** bytes per write; a batch holds at least one message */
  batchBytes?: number;
  /** how many batch buffers rotate */
  buffers?: number;
  /** picks the template for each message (default: round-robin) */
  pick?: (i: number) => number;
  /** cap on messages per batch */
  maxMessages?: number;
}

export function buildBatches(o: BatchOptions): Batch[] {
  if (o.bodySize < 16) throw new Error('bodies need at least 16 bytes (sequence number + timestamp)');
  const encoded = o.templates.map((t) => F.encodePublish(1, { exchange: t.exchange, routingKey: t.routingKey, bodySize: o.bodySize, persistent: o.persistent, frameMax: o.frameMax }));
  const target = o.batchBytes ?? 256 * 1024;
  const pick = o.pick ?? ((i: number) => i % o.templates.length);
  const batches: Batch[] = [];
  let k = 0;
  for (let b = 0; b < (o.buffers ?? 4); b++) {
    const idx: number[] = [];
    let bytes = 0;
    while ((idx.length === 0 || bytes < target) && idx.length < (o.maxMessages ?? Infinity)) {
      const t = pick(k++);
      const e = encoded[t];
      if (idx.length > 0 && bytes + e.bytes.length > target) break;
      idx.push(t);
      bytes += e.bytes.length;
    }
    const buf = Buffer.allocUnsafe(bytes);
    const ends = new Int32Array(idx.length);
    const seqOffs = new Int32Array(idx.length);
    let off = 0;
    idx.forEach((t, i) => {
      const e = encoded[t];
      e.bytes.copy(buf, off);
      seqOffs[i] = off + e.bodyOffset;
      off += e.bytes.length;
      ends[i] = off;
    });
    batches.push({ buf, ends, seqOffs, keys: Uint16Array.from(idx), count: idx.length, busy: false, free: null });
  }
  return batches;
}

export interface PublisherOptions {
  /** publisher confirms with at most this many unconfirmed messages (0 = no confirms) */
  confirmWindow?: number;
  /** stop after this many messages */
  limit?: number;
  /** write performance.now() (ms, float64) after the sequence number */
  stampTime?: boolean;
  /** number of templates, to count messages per routing key */
  templates?: number;
}

export class Publisher {
  /** messages written (the last one has sequence number `published`) */
  published = 0;
  /** confirmed (ack or nack) */
  settled = 0;
  nacked = 0;
  readonly perTemplate: Float64Array;
  private stopped = false;
  private bi = 0;
  private wake: (() => void) | null = null;
  private lastMultiple = 0;
  private singles = new Set<number>();
  private readonly window: number;

  constructor(readonly conn: RawConnection, readonly batches: Batch[], readonly opts: PublisherOptions = {}) {
    this.window = opts.confirmWindow ?? 0;
    this.perTemplate = new Float64Array(opts.templates ?? 1);
    conn.handler = (type, _ch, buf, p) => {
      if (type !== F.FRAME_METHOD) return;
      const id = buf.readUInt32BE(p);
      if (id === F.M.basicAck || id === F.M.basicNack) {
        const [tag, multiple] = F.confirmTag(buf, p);
        const before = this.settled;
        if (multiple) {
          if (tag > this.lastMultiple) {
            for (const s of this.singles) if (s <= tag) this.singles.delete(s);
            this.lastMultiple = tag;
          }
        } else if (tag > this.lastMultiple) {
          this.singles.add(tag);
        }
        this.settled = this.lastMultiple + this.singles.size;
        if (id === F.M.basicNack) this.nacked += this.settled - before;
        this.poke();
      } else if (id === F.M.basicReturn) {
        // unroutable with mandatory: we never set mandatory, ignore
      }
    };
    conn.onError = () => this.poke();
  }

  async enableConfirms(): Promise<void> {
    await this.conn.rpc(F.confirmSelect(1), 1, F.M.confirmSelectOk);
  }

  private poke(): void {
    const w = this.wake;
    if (w) { this.wake = null; w(); }
  }

  private sleep(): Promise<void> {
    return new Promise((r) => { this.wake = r; });
  }

  stop(): void { this.stopped = true; this.poke(); }

  /** Writes up to `n` messages from the next batch; returns how many, or waits and returns 0. */
  private async writeSome(max: number): Promise<number> {
    const b = this.batches[this.bi];
    if (b.busy) {
      await new Promise<void>((r) => { b.free = r; });
      return 0;
    }
    let n = Math.min(b.count, max);
    if (this.window > 0) {
      const room = this.window - (this.published - this.settled);
      if (room <= 0) { await this.sleep(); return 0; }
      n = Math.min(n, room);
    }
    const buf = b.buf;
    const offs = b.seqOffs;
    let seq = this.published;
    const stamp = this.opts.stampTime ? performance.now() : 0;
    for (let i = 0; i < n; i++) {
      seq++;
      const o = offs[i];
      buf.writeUInt32BE((seq / 0x100000000) >>> 0, o);
      buf.writeUInt32BE(seq >>> 0, o + 4);
      if (stamp) buf.writeDoubleBE(stamp, o + 8);
    }
    if (this.perTemplate.length > 1) {
      const keys = b.keys;
      const pt = this.perTemplate;
      for (let i = 0; i < n; i++) pt[keys[i]]++;
    } else {
      this.perTemplate[0] += n;
    }
    b.busy = true;
    const ok = this.conn.socket.write(n === b.count ? buf : buf.subarray(0, b.ends[n - 1]), () => {
      b.busy = false;
      const f = b.free;
      if (f) { b.free = null; f(); }
    });
    this.published = seq;
    this.bi = (this.bi + 1) % this.batches.length;
    if (!ok && !this.conn.error) await new Promise<void>((r) => {
      const done = () => { this.conn.socket.off('drain', done); this.conn.socket.off('close', done); r(); };
      this.conn.socket.on('drain', done);
      this.conn.socket.on('close', done);
    });
    return n;
  }

  /** Publishes as fast as the broker takes it, until stop() or the limit. */
  async run(): Promise<void> {
    const limit = this.opts.limit ?? Infinity;
    while (!this.stopped && this.published < limit) {
      if (this.conn.error) throw this.conn.error;
      await this.writeSome(limit - this.published);
    }
  }

  /** Publishes at `rate` messages/s (timer-paced, catching up on late ticks), until stop(). */
  async runPaced(rate: number): Promise<void> {
    const t0 = performance.now();
    const base = this.published;
    while (!this.stopped) {
      if (this.conn.error) throw this.conn.error;
      const due = Math.floor(((performance.now() - t0) / 1000) * rate) - (this.published - base);
      if (due > 0) await this.writeSome(due);
      else await new Promise((r) => setTimeout(r, 1));
    }
  }

  /** Waits until every published message is confirmed (publisher confirms only). */
  async waitSettled(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (this.settled < this.published && performance.now() < deadline && !this.conn.error) {
      await Promise.race([this.sleep(), new Promise((r) => setTimeout(r, 100))]);
    }
    return this.settled >= this.published;
  }
}
