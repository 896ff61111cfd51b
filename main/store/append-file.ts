// One append-only file (a segment or its ack file) with its unwritten tail in memory. Appends are
// synchronous and only queue byte ranges; flush() writes them with one positional writev and
// fdatasyncs. Bytes being written stay readable from memory until the write completes.
import { storeFs } from './store-fs';
import { faultPoint, tearWrites } from './fault-points';

interface Run { buf: Buffer; start: number; end: number }

export interface IoCounters { writes: number; fsyncs: number }

export class AppendFile {
  /** Logical size: bytes on disk plus bytes waiting to be written. */
  size: number;
  /** Bytes known to be written (not necessarily fsynced) at the start of the file. */
  private written: number;
  private pending: Run[] = [];
  private inflight: Run[] = [];
  private closed = false;
  /** An ack file rather than a segment (for the crash tests' fault points). */
  private readonly isAcks: boolean;

  constructor(readonly path: string, readonly fd: number, size: number) {
    this.size = size;
    this.written = size;
    this.isAcks = path.endsWith('.acks');
  }

  get hasPending(): boolean { return this.pending.length > 0; }
  /** A write or fdatasync is in progress: the fd must not be closed. */
  get busy(): boolean { return this.inflight.length > 0; }

  append(buf: Buffer, start: number, end: number): void {
    const last = this.pending[this.pending.length - 1];
    // Consecutive records in the same slab merge into one run (one iovec).
    if (last !== undefined && last.buf === buf && last.end === start) last.end = end;
    else this.pending.push({ buf, start, end });
    this.size += end - start;
  }

  /** Drops unwritten bytes (the file is about to be deleted or replaced). */
  discardPending(): void {
    for (const r of this.pending) this.size -= r.end - r.start;
    this.pending = [];
  }

  async flush(io: IoCounters): Promise<void> {
    if (this.pending.length === 0 || this.closed) return;
    const runs = (this.inflight = this.pending);
    this.pending = [];
    let bytes = 0;
    const bufs = runs.map((r) => {
      bytes += r.end - r.start;
      return r.start === 0 && r.end === r.buf.length ? r.buf : r.buf.subarray(r.start, r.end);
    });
    if (tearWrites && !this.isAcks) await this.tornWrite(bufs, io);
    else await writeAll(this.fd, bufs, this.written, io);
    faultPoint(this.isAcks ? 'acks-written' : 'segment-written');
    await new Promise<void>((resolve, reject) => storeFs.fdatasync(this.fd, (err) => (err ? reject(err) : resolve())));
    faultPoint(this.isAcks ? 'acks-synced' : 'segment-synced');
    io.fsyncs++;
    this.written += bytes;
    this.inflight = [];
  }

  /** Crash tests (WARREN_FAULT=torn-record:N): the N-th write stops half way into its last bytes. */
  private async tornWrite(bufs: Buffer[], io: IoCounters): Promise<void> {
    const all = Buffer.concat(bufs);
    // At least one byte of the last record is missing, and at most half of the last run written.
    const lastRun = bufs.reduceRight((n, b) => n || b.length, 0);
    const keep = Math.max(0, all.length - Math.max(1, Math.ceil(lastRun / 2)));
    await writeAll(this.fd, [all.subarray(0, keep)], this.written, io);
    faultPoint('torn-record');
    await writeAll(this.fd, [all.subarray(keep)], this.written + keep, io);
  }

  /** Reads [pos, pos+len) from disk or, for bytes not written yet, from memory. */
  readAt(pos: number, len: number): Buffer {
    const out = Buffer.allocUnsafe(len);
    let filled = 0;
    if (pos < this.written) {
      const n = Math.min(len, this.written - pos);
      while (filled < n) {
        const got = storeFs.readSync(this.fd, out, filled, n - filled, pos + filled);
        if (got === 0) throw new Error(`unexpected end of ${this.path} at ${pos + filled}`);
        filled += got;
      }
    }
    let at = this.written;
    for (const r of [...this.inflight, ...this.pending]) {
      if (filled === len) break;
      const runLen = r.end - r.start;
      const want = pos + filled;
      if (want < at + runLen) {
        const from = r.start + (want - at);
        const n = Math.min(len - filled, r.end - from);
        r.buf.copy(out, filled, from, from + n);
        filled += n;
      }
      at += runLen;
    }
    if (filled < len) throw new Error(`read past the end of ${this.path}: ${pos}+${len} > ${this.size}`);
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    storeFs.closeSync(this.fd);
  }
}

function writeAll(fd: number, bufs: Buffer[], position: number, io: IoCounters): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (bufs: Buffer[], position: number): void => {
      io.writes++;
      storeFs.writev(fd, bufs, position, (err, written) => {
        if (err) return reject(err);
        // Regular files rarely write short, but it is allowed: continue after what was written.
        let skip = written;
        let i = 0;
        while (i < bufs.length && skip >= bufs[i].length) skip -= bufs[i++].length;
        if (i === bufs.length) return resolve();
        const rest = bufs.slice(i);
        rest[0] = rest[0].subarray(skip);
        step(rest, position + written);
      });
    };
    step(bufs, position);
  });
}
