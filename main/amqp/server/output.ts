// A connection's output: frames are encoded into the FrameWriter as they are made and written to
// the socket in one corked batch per event-loop turn. While the socket is backed up, deliveries
// wait (writable() says no) and resume once it drains.
import type { Duplex } from 'node:stream';
import type { FrameWriter } from '../codec/frame-writer';
import { StallWatch } from '../../transport/stall-watch';

/** Output beyond this many buffered bytes pauses deliveries until the socket drains: enough to
 *  keep a fast consumer's socket busy, small enough that a slow one does not hold much memory. */
const WRITE_HIGH_WATER = 4 * 1024 * 1024;

export interface OutputListener {
  /** just before a batch is written (coalesced confirms go out here) */
  beforeWrite(): void;
  /** deliveries refused for backpressure may resume */
  writable(): void;
}

export class Output {
  private flushScheduled = false;
  private waitingForDrain = false;
  /** a delivery was refused for backpressure: tell the listener once output drains */
  private deliveriesPaused = false;
  private lastWrite = Date.now();
  private readonly stall = new StallWatch();
  /** bytes and batches written (the management API's send_oct and send_cnt) */
  sentBytes = 0;
  sentBatches = 0;

  constructor(readonly writer: FrameWriter, private readonly socket: Duplex, private readonly listener: OutputListener) {
    socket.on('drain', () => this.onDrain());
  }

  /** when a batch was last written (heartbeats are only needed when the line is quiet) */
  get lastSent(): number { return this.lastWrite; }

  /** Write what is pending on the next event-loop turn, with whatever else comes before it. */
  schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flushTask);
  }

  private readonly flushTask = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  /** Write what is pending now (before closing the socket). */
  flush(): void {
    this.listener.beforeWrite();
    if (this.writer.pendingBytes === 0) return;
    const chunks = this.writer.drain();
    if (this.socket.destroyed) return;
    this.lastWrite = Date.now();
    this.socket.cork();
    let ok = true;
    for (const c of chunks) {
      ok = this.socket.write(c);
      this.sentBytes += c.length;
    }
    this.socket.uncork();
    this.sentBatches++;
    if (!ok) this.waitingForDrain = true;
    else this.resumeDeliveries();
  }

  writable(): boolean {
    if (!this.waitingForDrain && this.writer.pendingBytes + this.socket.writableLength < WRITE_HIGH_WATER) return true;
    this.deliveriesPaused = true;
    return false;
  }

  /** Output has waited more than `ms` for the peer to read and not one byte of it was read (a
   *  client that never reads); asked about once a second. */
  stalled(now: number, ms: number): boolean {
    return this.stall.stalled(this.waitingForDrain, this.socket.writableLength, now, ms);
  }

  private onDrain(): void {
    this.waitingForDrain = false;
    this.resumeDeliveries();
  }

  private resumeDeliveries(): void {
    if (!this.deliveriesPaused || !this.writable()) return;
    this.deliveriesPaused = false;
    this.listener.writable();
  }
}
