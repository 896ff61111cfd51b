// MQTT publisher and subscriber roles of the load generator. The publisher writes pre-encoded batches of
// PUBLISH packets, patching only each payload's sequence number (and, at QoS 1, the packet identifier) in
// place; at QoS 1 it keeps at most `window` messages waiting for PUBACK. The subscriber walks packets in
// place, checks each publisher's sequence, and answers QoS 1 deliveries with PUBACKs batched per read.
import type { MqttConnection } from './mqtt-client';
import * as M from './mqtt-frames';

/**
 * End-to-end window: deliveries published but not yet seen by a subscriber (or known lost). MQTT brokers do
 * not push back on publishers whose messages pile up for a slow subscriber (at QoS 0 nor, once PUBACKed, at
 * QoS 1): without a bound a run measures how much the broker buffers, not how fast it delivers.
 */
export class FlowGate {
  /** deliveries owed: messages published × subscribers that get each */
  sent = 0;
  /** deliveries seen, or skipped over by a later sequence number */
  done = 0;
  /** deliveries written off because nothing moved for a while (a broker that dropped them) */
  forgiven = 0;
  private parked: (() => void)[] = [];
  private lastDone = 0;
  private stuckS = 0;

  constructor(readonly limit: number, readonly fanout: number) {}

  /** messages a publisher may send now */
  room(): number { return Math.floor((this.limit - (this.sent - this.done)) / this.fanout); }

  park(wake: () => void): void { this.parked.push(wake); }

  release(): void {
    if (this.parked.length === 0 || this.room() <= 0) return;
    const p = this.parked;
    this.parked = [];
    for (const w of p) w();
  }

  /** Called every second: when a full window made no progress for 3 s, the broker lost what it owes. */
  unstick(): void {
    this.stuckS = this.done === this.lastDone && this.room() <= 0 ? this.stuckS + 1 : 0;
    this.lastDone = this.done;
    if (this.stuckS < 3) return;
    this.stuckS = 0;
    this.forgiven += this.sent - this.done;
    this.done = this.sent;
    this.release();
  }
}

interface Batch { buf: Buffer; ends: Int32Array; busy: boolean }

const BATCH_MESSAGES = 128;
const BATCHES = 4;

export interface PublisherSpec { topic: string; qos: 0 | 1; index: number; payloadSize?: number; window?: number; gate?: FlowGate }

export class MqttPublisher {
  published = 0;
  /** PUBACKs received (QoS 1) */
  acked = 0;
  /** PUBACKs for identifiers not in flight */
  strayAcks = 0;
  private stopped = false;
  private waitingDrain = false;
  private bi = 0;
  private nextId = 1;
  private readonly inflight = new Uint8Array(65536);
  private readonly batches: Batch[] = [];
  private readonly idOffs: Int32Array;
  private readonly seqOffs: Int32Array;
  private readonly window: number;
  private settledWaiter: (() => void) | null = null;
  private parked = false;
  private readonly wake = () => { this.parked = false; this.pump(); };

  constructor(readonly conn: MqttConnection, readonly spec: PublisherSpec) {
    this.window = spec.qos ? Math.min(spec.window ?? 100, 65535) : Infinity;
    const e = M.encodePublish(spec.topic, spec.qos, spec.index, spec.payloadSize);
    const n = Math.min(BATCH_MESSAGES, this.window);
    this.idOffs = Int32Array.from({ length: n }, (_, i) => i * e.bytes.length + e.idOffset);
    this.seqOffs = Int32Array.from({ length: n }, (_, i) => i * e.bytes.length + e.payloadOffset);
    for (let b = 0; b < BATCHES; b++) {
      const buf = Buffer.allocUnsafe(n * e.bytes.length);
      for (let i = 0; i < n; i++) e.bytes.copy(buf, i * e.bytes.length);
      this.batches.push({ buf, ends: Int32Array.from({ length: n }, (_, i) => (i + 1) * e.bytes.length), busy: false });
    }
    conn.handler = (first, buf, p) => {
      if (first >> 4 !== M.PKT.PUBACK) return;
      const id = (buf[p] << 8) | buf[p + 1];
      if (this.inflight[id] === 0) { this.strayAcks++; return; }
      this.inflight[id] = 0;
      this.acked++;
      if (this.acked === this.published && this.settledWaiter) { this.settledWaiter(); this.settledWaiter = null; }
    };
    // acks free window room: publish more once the whole read is walked
    conn.afterRead = () => this.pump();
    conn.onError = () => { if (this.settledWaiter) { this.settledWaiter(); this.settledWaiter = null; } };
  }

  start(): void { this.pump(); }

  stop(): void { this.stopped = true; }

  /** Writes batches while the socket takes them and the window has room. */
  private pump(): void {
    const sock = this.conn.socket;
    const gate = this.spec.gate;
    while (!this.stopped && !this.waitingDrain && !this.parked && !this.conn.error) {
      const b = this.batches[this.bi];
      if (b.busy) return; // its write callback pumps again
      let n = Math.min(b.ends.length, this.window - (this.published - this.acked));
      if (n <= 0) return; // a PUBACK pumps again
      if (gate) {
        n = Math.min(n, gate.room());
        if (n <= 0) { this.parked = true; gate.park(this.wake); return; }
        gate.sent += n * gate.fanout;
      }
      const buf = b.buf;
      let seq = this.published;
      for (let i = 0; i < n; i++) {
        seq++;
        const o = this.seqOffs[i];
        buf.writeUInt32BE((seq / 0x100000000) >>> 0, o);
        buf.writeUInt32BE(seq >>> 0, o + 4);
        if (this.spec.qos) {
          let id = this.nextId;
          while (this.inflight[id]) id = id === 65535 ? 1 : id + 1;
          this.inflight[id] = 1;
          this.nextId = id === 65535 ? 1 : id + 1;
          buf.writeUInt16BE(id, this.idOffs[i]);
        }
      }
      this.published = seq;
      this.bi = (this.bi + 1) % BATCHES;
      b.busy = true;
      const ok = sock.write(n === b.ends.length ? buf : buf.subarray(0, b.ends[n - 1]), () => { b.busy = false; this.pump(); });
      if (!ok) {
        this.waitingDrain = true;
        sock.once('drain', () => { this.waitingDrain = false; this.pump(); });
      }
    }
  }

  /** Resolves when every published message is acknowledged (QoS 1), the connection fails, or after `ms`. */
  async waitSettled(ms: number): Promise<boolean> {
    if (this.spec.qos && this.acked < this.published && !this.conn.error) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        this.settledWaiter = () => { clearTimeout(t); resolve(); };
      });
    }
    return !this.spec.qos || this.acked === this.published;
  }
}

export class MqttSubscriber {
  received = 0;
  /** messages whose sequence number was not above the publisher's previous one */
  duplicates = 0;
  /** sequence numbers skipped (lost messages) */
  gaps = 0;
  /** messages from a publisher index outside 0..publishers-1 */
  strangers = 0;
  /** deliveries per QoS */
  readonly byQos = [0, 0];
  private readonly last: Float64Array;
  private readonly acks = Buffer.allocUnsafe(4 * 4096);
  private ackLen = 0;

  constructor(readonly conn: MqttConnection, publishers: number, gate?: FlowGate) {
    this.last = new Float64Array(publishers);
    conn.handler = (first, buf, p) => {
      if (first >> 4 !== M.PKT.PUBLISH) return;
      const qos = (first >> 1) & 3;
      const topicEnd = p + 2 + ((buf[p] << 8) | buf[p + 1]);
      const pl = qos ? topicEnd + 2 : topicEnd;
      if (qos) {
        if (this.ackLen === this.acks.length) this.flush();
        M.writePuback(this.acks, this.ackLen, (buf[topicEnd] << 8) | buf[topicEnd + 1]);
        this.ackLen += 4;
      }
      this.received++;
      this.byQos[qos === 0 ? 0 : 1]++;
      const seq = buf.readUInt32BE(pl) * 0x100000000 + buf.readUInt32BE(pl + 4);
      const from = buf.readUInt32BE(pl + 8);
      if (from >= this.last.length) { this.strangers++; return; }
      const last = this.last[from];
      if (seq === last + 1) this.last[from] = seq;
      else if (seq <= last) this.duplicates++;
      else { this.gaps += seq - last - 1; this.last[from] = seq; }
      if (gate) gate.done += seq - last > 0 ? seq - last : 0;
    };
    conn.afterRead = () => { this.flush(); gate?.release(); };
  }

  /** Messages of publisher `i` that never arrived after the last one that did (lost at the end). */
  missingTail(i: number, published: number): number {
    return published - this.last[i];
  }

  private flush(): void {
    if (this.ackLen === 0 || this.conn.error) return;
    // copied: the socket may still hold the bytes when the next read refills the buffer
    this.conn.socket.write(Buffer.from(this.acks.subarray(0, this.ackLen)));
    this.ackLen = 0;
  }
}
