// Where each message record of a segment starts, and whether it is removed or was delivered:
// five bytes per message in typed arrays, so a store of millions of messages costs megabytes, not
// a Map entry per message. Records are contiguous, so record i spans offsets[i]..offsets[i+1].

const DEAD = 1;
const DELIVERED = 2;

export class RecordIndex {
  count = 0;
  live = 0;
  liveBytes = 0;
  /** End of the last record. */
  end = 0;
  private offsets = new Uint32Array(64);
  private flags = new Uint8Array(64);
  /** Last index found: removals are mostly FIFO, so the next lookup is usually its neighbour. */
  private hint = 0;

  add(offset: number, length: number, delivered = false): void {
    if (this.count === this.offsets.length) {
      const offsets = new Uint32Array(this.count * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const flags = new Uint8Array(this.count * 2);
      flags.set(this.flags);
      this.flags = flags;
    }
    this.offsets[this.count] = offset;
    this.flags[this.count] = delivered ? DELIVERED : 0;
    this.count++;
    this.live++;
    this.liveBytes += length;
    this.end = offset + length;
  }

  /** Index of the record starting at offset, or -1. */
  find(offset: number): number {
    const o = this.offsets;
    const h = this.hint;
    if (h < this.count && o[h] === offset) return h;
    if (h + 1 < this.count && o[h + 1] === offset) return (this.hint = h + 1);
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = o[mid];
      if (v === offset) return (this.hint = mid);
      if (v < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  offsetOf(i: number): number { return this.offsets[i]; }
  lengthOf(i: number): number { return (i + 1 < this.count ? this.offsets[i + 1] : this.end) - this.offsets[i]; }
  isDead(i: number): boolean { return (this.flags[i] & DEAD) !== 0; }
  isDelivered(i: number): boolean { return (this.flags[i] & DELIVERED) !== 0; }

  /** Marks record i removed; false if it already was. */
  kill(i: number): boolean {
    if (this.flags[i] & DEAD) return false;
    this.flags[i] |= DEAD;
    this.live--;
    this.liveBytes -= this.lengthOf(i);
    return true;
  }

  /** Marks record i delivered; false if it already was or is removed. */
  deliver(i: number): boolean {
    if (this.flags[i] & (DEAD | DELIVERED)) return false;
    this.flags[i] |= DELIVERED;
    return true;
  }
}
