// Compaction of a mostly removed segment: its live records are copied, in order, into a new file
// that takes the old one's place in the queue (same `order`, header `replaces` = old id). The copy
// is fsynced and renamed into place before the original is deleted, and recovery drops an original
// whose copy exists, so a crash at any step loses nothing and duplicates nothing.
//
// Delivered flags travel inside the copied records (FLAG_DELIVERED), so the copy needs no ack file.
// Offsets change, hence refs: the caller keeps a remap from old offsets to new ones.
import { storeFs } from './store-fs';
import { join } from 'node:path';
import { AppendFile } from './append-file';
import { FLAG_DELIVERED, HEADER_BYTES, encodeSegmentHeader, recordChecksum } from './record-format';
import { RecordIndex } from './record-index';
import { syncDirSync, writeFully } from './durable-fs';
import { faultPoint } from './fault-points';
import { Segment, deleteSegmentFiles, segmentFileName } from './segment';

export interface Compacted {
  segment: Segment;
  /** Old offset -> new offset, for every record that moved. */
  moved: Map<number, number>;
}

/** Synchronous; the caller guarantees the segment has no unwritten bytes and no IO in flight. */
export function compactSegment(seg: Segment, newId: number): Compacted {
  const old = seg.file.readAt(0, seg.file.size);
  const header = encodeSegmentHeader({ order: seg.order, replaces: seg.id, queue: seg.queue });
  const out = Buffer.allocUnsafe(header.length + seg.index.liveBytes);
  header.copy(out, 0);
  const index = new RecordIndex();
  const moved = new Map<number, number>();
  let pos = header.length;
  for (let i = 0; i < seg.index.count; i++) {
    if (seg.index.isDead(i)) continue;
    const from = seg.index.offsetOf(i);
    const len = seg.index.lengthOf(i);
    old.copy(out, pos, from, from + len);
    const delivered = seg.index.isDelivered(i);
    if (delivered && (out[pos + HEADER_BYTES] & FLAG_DELIVERED) === 0) {
      out[pos + HEADER_BYTES] |= FLAG_DELIVERED;
      out.writeUInt32LE(recordChecksum(out, pos, pos + len), pos);
    }
    index.add(pos, len, delivered);
    moved.set(from, pos);
    pos += len;
  }
  const path = join(seg.dir, segmentFileName(newId));
  const tmp = path + '.tmp';
  const fd = storeFs.openSync(tmp, 'w+');
  writeFully(fd, out);
  faultPoint('compact-tmp-written');
  storeFs.fsyncSync(fd);
  faultPoint('before-rename');
  storeFs.renameSync(tmp, path);
  syncDirSync(seg.dir);
  faultPoint('after-rename');
  seg.close();
  deleteSegmentFiles(seg.path);
  faultPoint('compact-original-deleted');
  const copy = new Segment(newId, seg.queue, seg.dir, seg.order, new AppendFile(path, fd, out.length), header.length, index);
  copy.sealed = true;
  return { segment: copy, moved };
}
