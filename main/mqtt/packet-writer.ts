// Where a connection's outgoing packets are encoded: mqtt-packet's writeToStream writes a packet in
// pieces (fixed header, length, topic, packet id, payload), and handing each piece to the socket
// made every burst a writev of hundreds of tiny buffers plus a nextTick per packet (the codec corks
// any stream that can cork). The pieces are copied into a slab shared by all connections instead
// and go to the socket as one buffer per flush; large payloads go by reference, never copied.
//
// The slab is filled front to back and never rewritten (the socket may still hold views of it):
// a full slab is replaced by a fresh one, as Node's Buffer pool does. Each writer remembers the run
// of the slab it filled last; another connection writing in between starts it a new run.
import type { Duplex } from 'node:stream';
import mqtt, { type Packet } from 'mqtt-packet';

const SLAB_SIZE = 256 * 1024;
/** pieces at least this large (payloads) go out by reference */
export const BY_REFERENCE_MIN = 16 * 1024;

let slab = Buffer.allocUnsafe(SLAB_SIZE);
let slabPos = 0;

export class PacketWriter {
  /** finished pieces waiting for flush() */
  private pieces: Buffer[] = [];
  /** this writer's current run in the shared slab: [runStart, runEnd) of runSlab */
  private runSlab: Buffer | null = null;
  private runStart = 0;
  private runEnd = 0;
  private bytes = 0;

  constructor(private readonly stream: Duplex) {}

  /** bytes written since the last flush */
  get pendingBytes(): number { return this.bytes; }

  /** Encodes a packet for the next flush. */
  encode(packet: Packet, protocolVersion: number): void {
    // the codec uses only write() and destroy() of the stream it is given
    mqtt.writeToStream(packet, this as unknown as NodeJS.WritableStream, { protocolVersion });
  }

  /** The codec's stream interface: copies small pieces, keeps large ones by reference. */
  write(chunk: Buffer | string, encoding?: BufferEncoding): boolean {
    const len = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding ?? 'utf8') : chunk.length;
    this.bytes += len;
    if (len >= BY_REFERENCE_MIN) {
      this.endRun();
      this.pieces.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk);
      return true;
    }
    if (slabPos + len > SLAB_SIZE) {
      this.endRun();
      slab = Buffer.allocUnsafe(SLAB_SIZE);
      slabPos = 0;
    }
    if (this.runSlab !== slab || this.runEnd !== slabPos) {
      this.endRun();
      this.runSlab = slab;
      this.runStart = this.runEnd = slabPos;
    }
    if (typeof chunk === 'string') slab.write(chunk, slabPos, len, encoding ?? 'utf8');
    else chunk.copy(slab, slabPos);
    slabPos += len;
    this.runEnd = slabPos;
    return true;
  }

  /** The codec calls this for a packet it cannot encode: the connection cannot go on. */
  destroy(err?: Error): void {
    this.stream.destroy(err);
  }

  /** Everything written since the last flush goes to the socket; false if the socket is backed up. */
  flush(): boolean {
    this.endRun();
    const pieces = this.pieces;
    this.bytes = 0;
    if (pieces.length === 0) return !this.stream.writableNeedDrain;
    this.pieces = [];
    if (this.stream.destroyed) return false;
    if (pieces.length === 1) return this.stream.write(pieces[0]);
    this.stream.cork();
    let ok = true;
    for (const p of pieces) ok = this.stream.write(p);
    this.stream.uncork();
    return ok;
  }

  private endRun(): void {
    if (this.runSlab === null) return;
    if (this.runEnd > this.runStart) this.pieces.push(this.runSlab.subarray(this.runStart, this.runEnd));
    this.runSlab = null;
  }
}
