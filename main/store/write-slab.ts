// Records are encoded into large shared slabs rather than one Buffer each: the slab bytes are the
// only copy of a record until it is written, and consecutive records of one file form a single
// contiguous run, so a flush hands the kernel a few large iovecs instead of one per message.
// A slab is never reused: pending and in-flight runs keep the old one alive until written.

const SLAB_BYTES = 1024 * 1024;

export class WriteSlab {
  buf: Buffer = Buffer.allocUnsafeSlow(SLAB_BYTES);
  pos = 0;

  /** Makes room for up to n bytes at this.pos (in a fresh slab if needed). */
  reserve(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    this.buf = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, n));
    this.pos = 0;
  }
}
