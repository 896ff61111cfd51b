// A segment: one file of message records for one queue (`<id>.seg`), plus, once anything in it is
// removed or delivered, a small ack file of Remove/Delivered records (`<id>.acks`) beside it. A
// segment is deleted whole, ack file included, once all its messages are removed; the ack log
// therefore never outgrows the messages it describes (LavinMQ's msgs.N / acks.N pairs).
import { storeFs } from './store-fs';
import { join } from 'node:path';
import { AppendFile } from './append-file';
import { RecordIndex } from './record-index';
import { encodeSegmentHeader } from './record-format';
import { faultPoint } from './fault-points';

/** A ref is segmentId * 2^32 + offset: exact in a double while ids stay below 2^21. */
export const REF_SPAN = 0x1_0000_0000;
export const MAX_SEGMENT_ID = 0x20_0000;

export const segmentFileName = (id: number): string => `${id.toString(16).padStart(8, '0')}.seg`;
export const SEGMENT_FILE = /^([0-9a-f]{8})\.seg$/;

export class Segment {
  acks: AppendFile | null = null;
  /** No longer the queue's write target. */
  sealed = false;
  /** Removals since the last compaction pass (a head segment being drained is left alone). */
  recentRemoves = 0;

  constructor(
    readonly id: number,
    readonly queue: string,
    readonly dir: string,
    readonly order: number,
    readonly file: AppendFile,
    /** Offset of the first message record (end of the header record). */
    readonly dataStart: number,
    readonly index = new RecordIndex(),
  ) {}

  get path(): string { return this.file.path; }
  get acksPath(): string { return this.path.slice(0, -4) + '.acks'; }

  ref(offset: number): number { return this.id * REF_SPAN + offset; }

  /** Creates a new, empty segment file; the header is queued for the next flush. */
  static create(dir: string, id: number, queue: string, order: number): Segment {
    const path = join(dir, segmentFileName(id));
    const file = new AppendFile(path, storeFs.openSync(path, 'wx+'), 0);
    faultPoint('segment-created');
    const header = encodeSegmentHeader({ order, replaces: 0, queue });
    file.append(header, 0, header.length);
    const seg = new Segment(id, queue, dir, order, file, header.length);
    seg.index.end = header.length;
    return seg;
  }

  /** The ack file, opened (or created) on first use. Returns whether it was created. */
  openAcks(): { acks: AppendFile; created: boolean } {
    if (this.acks) return { acks: this.acks, created: false };
    const path = this.acksPath;
    const created = !storeFs.existsSync(path);
    const fd = storeFs.openSync(path, created ? 'wx+' : 'r+');
    this.acks = new AppendFile(path, fd, created ? 0 : storeFs.statSync(path).size);
    return { acks: this.acks, created };
  }

  get diskBytes(): number { return this.file.size + (this.acks?.size ?? 0); }

  close(): void {
    this.file.close();
    this.acks?.close();
  }
}

/** Deletes a segment file, then its ack file: the other order could resurrect removed messages. */
export function deleteSegmentFiles(segPath: string, between?: () => void): void {
  storeFs.rmSync(segPath, { force: true });
  between?.();
  storeFs.rmSync(segPath.slice(0, -4) + '.acks', { force: true });
}
