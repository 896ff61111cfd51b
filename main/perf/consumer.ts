// Consumer: walks frames, counts basic.deliver methods and body bytes, checks the sequence number in the
// first body frame of each message, and acks with `multiple` every N deliveries (parsing the delivery tag
// only at those points).
import type { RawConnection } from './raw-client';
import * as F from './frames';

export interface ConsumerOptions {
  queue: string;
  /** 0 = no-ack; otherwise ack (multiple) every N deliveries */
  ackEvery: number;
  prefetch?: number;
  /** true: every message from the single publisher must arrive, in order (seq == last + 1).
   *  false: only a subset arrives (topic routing), still in increasing order. */
  strictOrder: boolean;
  /** record send→receive latency (needs publisher stampTime) into this array while `recording` */
  latency?: Float64Array;
}

export class Consumer {
  received = 0;
  bodyBytes = 0;
  lastSeq = 0;
  /** sequence numbers that were <= the previous one (duplicates or reordering) */
  duplicates = 0;
  /** sequence numbers skipped (strict mode only) */
  gaps = 0;
  latencyCount = 0;
  recording = false;
  cancelled = false;
  private acked = 0;
  private expectBody = false;
  private readonly tag: string;

  constructor(readonly conn: RawConnection, readonly opts: ConsumerOptions) {
    this.tag = `bench-${Math.random().toString(36).slice(2, 10)}`;
    const ackEvery = opts.ackEvery;
    const strict = opts.strictOrder;
    const lat = opts.latency;
    const socket = conn.socket;
    conn.handler = (type, ch, buf, p, size) => {
      if (type === F.FRAME_BODY) {
        this.bodyBytes += size;
        if (this.expectBody) {
          this.expectBody = false;
          const seq = buf.readUInt32BE(p) * 0x100000000 + buf.readUInt32BE(p + 4);
          const last = this.lastSeq;
          if (seq === last + 1) this.lastSeq = seq;
          else if (seq <= last) this.duplicates++;
          else { if (strict) this.gaps += seq - last - 1; this.lastSeq = seq; }
          if (lat !== undefined && this.recording && this.latencyCount < lat.length) {
            lat[this.latencyCount++] = performance.now() - buf.readDoubleBE(p + 8);
          }
        }
      } else if (type === F.FRAME_METHOD) {
        const id = buf.readUInt32BE(p);
        if (id === F.M.basicDeliver) {
          const n = ++this.received;
          this.expectBody = true;
          if (ackEvery > 0 && n % ackEvery === 0) {
            const tag = F.deliverTag(buf, p);
            socket.write(F.basicAck(ch, tag, true));
            this.acked = tag;
          }
        } else if (id === F.M.basicCancel) {
          this.cancelled = true;
        }
      } else if (type === F.FRAME_HEADER) {
        // a zero-length body has no body frame
        if (buf.readUInt32BE(p + 4) === 0 && buf.readUInt32BE(p + 8) === 0) this.expectBody = false;
      }
    };
  }

  async start(): Promise<void> {
    if (this.opts.ackEvery > 0) await this.conn.rpc(F.basicQos(1, this.opts.prefetch ?? 0), 1, F.M.basicQosOk);
    await this.conn.rpc(F.basicConsume(1, this.opts.queue, this.tag, this.opts.ackEvery === 0), 1, F.M.basicConsumeOk);
  }

  /** Acks everything received so far (delivery tags are 1..received on this channel: no redeliveries here). */
  ackAll(): void {
    if (this.opts.ackEvery > 0 && this.received > this.acked && !this.conn.error) {
      this.conn.socket.write(F.basicAck(1, this.received, true));
      this.acked = this.received;
    }
  }
}
