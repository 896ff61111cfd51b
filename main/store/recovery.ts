// Startup: rebuild every queue's segments, indexes and live messages from the files. Each file is
// read in one go and records are decoded as views into that buffer, so recovery costs one read
// and one checksum pass over the data plus a few small objects per live message.
//
// Damage handling, per file:
//   torn tail (crash mid-write)   -> truncate to the last whole record, warn with file and offset
//   corrupt record in the middle  -> warn, keep what precedes it, ignore the rest of the file
// A compacted copy (header `replaces` = id) supersedes the original if both survived a crash.
import { storeFs } from './store-fs';
import { syncDirSync, writeFully } from './durable-fs';
import { join } from 'node:path';
import { AppendFile } from './append-file';
import {
  ACK_RECORD_BYTES, HEADER_BYTES, RecordType, FLAG_DELIVERED, decodeMessage, decodeSegmentHeader, encodeAck,
  messageFlags, newMessageDecoder, scanRecords, type ScanEnd, type SegmentHeader,
} from './record-format';
import { REF_SPAN, SEGMENT_FILE, Segment, deleteSegmentFiles } from './segment';
import { RecordIndex } from './record-index';
import type { RecoveredEntry } from './stored-message';
import { WriteSlab } from './write-slab';

export type StoreLog = (level: 'info' | 'warn', msg: string) => void;

export interface RecoveredQueue {
  name: string;
  dir: string;
  segments: Segment[];
  nextOrder: number;
  entries: RecoveredEntry[];
}

export const DELETED_SUFFIX = '.deleted';

export function recoverQueues(queuesDir: string, log: StoreLog): { queues: RecoveredQueue[]; maxSegmentId: number } {
  const queues: RecoveredQueue[] = [];
  const names = new Set<string>();
  let maxSegmentId = 0;
  let dirChanged = false;
  for (const entry of storeFs.readdirSync(queuesDir, { withFileTypes: true })) {
    const dir = join(queuesDir, entry.name);
    if (!entry.isDirectory() || entry.name.endsWith(DELETED_SUFFIX)) {
      // A queue deleted before the crash, or debris: finish the job.
      storeFs.rmSync(dir, { recursive: true, force: true });
      dirChanged = true;
      continue;
    }
    const q = recoverQueueDir(dir, log, (id) => { maxSegmentId = Math.max(maxSegmentId, id); });
    if (q === null) {
      storeFs.rmSync(dir, { recursive: true, force: true });
      dirChanged = true;
    } else if (names.has(q.name)) {
      log('warn', `${dir}: second directory for queue '${q.name}', ignored`);
      for (const s of q.segments) s.close();
    } else {
      names.add(q.name);
      queues.push(q);
    }
  }
  if (dirChanged) syncDirSync(queuesDir);
  return { queues, maxSegmentId };
}

interface SegmentFile { id: number; path: string; buf: Buffer; header: SegmentHeader & { end: number } }

function recoverQueueDir(dir: string, log: StoreLog, sawId: (id: number) => void): RecoveredQueue | null {
  const files = storeFs.readdirSync(dir);
  const segFiles: SegmentFile[] = [];
  let changed = false;
  for (const name of files) {
    const path = join(dir, name);
    const m = SEGMENT_FILE.exec(name);
    if (m === null) {
      // Compaction leftovers; ack files are handled with their segment.
      if (!name.endsWith('.acks')) { storeFs.unlinkSync(path); changed = true; }
      continue;
    }
    const id = parseInt(m[1], 16);
    sawId(id);
    const buf = storeFs.readFileSync(path);
    const header = decodeSegmentHeader(buf);
    if (header === null) {
      if (buf.length > 0) log('warn', `${path}: no valid segment header (${buf.length} bytes), file removed`);
      deleteSegmentFiles(path);
      changed = true;
      continue;
    }
    segFiles.push({ id, path, buf, header });
  }
  const ids = new Set(segFiles.map((s) => s.id));
  const replaced = new Set(segFiles.filter((s) => s.header.replaces !== 0 && ids.has(s.header.replaces)).map((s) => s.header.replaces));
  const segments: Segment[] = [];
  const entries: RecoveredEntry[] = [];
  let name: string | null = null;
  let nextOrder = 1;
  for (const sf of segFiles.sort((a, b) => a.header.order - b.header.order)) {
    if (replaced.has(sf.id)) {
      // Compaction finished writing the copy but crashed before deleting the original.
      deleteSegmentFiles(sf.path);
      changed = true;
      continue;
    }
    if (name === null) name = sf.header.queue;
    else if (sf.header.queue !== name) {
      log('warn', `${sf.path}: belongs to queue '${sf.header.queue}', not '${name}'; ignored`);
      continue;
    }
    nextOrder = Math.max(nextOrder, sf.header.order + 1);
    const seg = recoverSegment(sf, dir, log, entries);
    if (seg.index.live === 0) {
      seg.close();
      deleteSegmentFiles(sf.path);
      changed = true;
    } else {
      segments.push(seg);
    }
  }
  for (const f of storeFs.readdirSync(dir)) {
    if (f.endsWith('.acks') && !storeFs.existsSync(join(dir, f.slice(0, -5) + '.seg'))) { storeFs.unlinkSync(join(dir, f)); changed = true; }
  }
  if (changed) syncDirSync(dir);
  if (name === null || segments.length === 0) return null;
  return { name, dir, segments, nextOrder, entries };
}

function recoverSegment(sf: SegmentFile, dir: string, log: StoreLog, entries: RecoveredEntry[]): Segment {
  const { buf, path, header } = sf;
  const acks = readAcks(path.slice(0, -4) + '.acks', log);
  const index = new RecordIndex();
  const d = newMessageDecoder();
  const first = entries.length;
  const refBase = sf.id * REF_SPAN;
  const end = scanRecords(buf, header.end, (type, start, end) => {
    if (type !== RecordType.Message) return;
    const delivered = acks.delivered.has(start) || (messageFlags(buf, start) & FLAG_DELIVERED) !== 0;
    index.add(start, end - start, delivered);
    if (acks.removed.has(start)) index.kill(index.count - 1);
    else entries.push({ ref: refBase + start, message: decodeMessage(buf, start, d), delivered });
  });
  const size = handleDamage(path, buf.length, end, log) ?? buf.length;
  const file = new AppendFile(path, storeFs.openSync(path, 'r+'), size);
  const seg = new Segment(sf.id, header.queue, dir, header.order, file, header.end, index);
  seg.sealed = true;
  // A mostly removed segment would pin its whole file buffer for a few live messages: copy them.
  if (seg.index.liveBytes < buf.length / 2) {
    for (let i = first; i < entries.length; i++) {
      const m = entries[i].message;
      m.properties = Buffer.from(m.properties);
      m.body = Buffer.from(m.body as Buffer);
    }
  }
  if (acks.size > 0) {
    seg.acks = new AppendFile(acks.path, storeFs.openSync(acks.path, 'r+'), acks.size);
    if (acks.rewrite) rewriteAcks(seg);
  }
  return seg;
}

interface AckState { path: string; removed: Set<number>; delivered: Set<number>; size: number; rewrite: boolean }

const NONE = new Set<number>();

function readAcks(path: string, log: StoreLog): AckState {
  let buf: Buffer;
  try {
    buf = storeFs.readFileSync(path);
  } catch {
    return { path, removed: NONE, delivered: NONE, size: 0, rewrite: false };
  }
  const removed = new Set<number>();
  const delivered = new Set<number>();
  const end = scanRecords(buf, 0, (type, start) => {
    const offset = buf.readUInt32LE(start + HEADER_BYTES);
    if (type === RecordType.Remove) removed.add(offset);
    else if (type === RecordType.Delivered) delivered.add(offset);
  });
  const size = handleDamage(path, buf.length, end, log) ?? buf.length;
  // Appending after a corrupt record would put new acks where no scan reaches them: rewrite.
  return { path, removed, delivered, size, rewrite: end.kind === 'corrupt' };
}

/** Reports damage; truncates a torn tail and returns the new size. */
function handleDamage(path: string, size: number, end: ScanEnd, log: StoreLog): number | null {
  if (end.kind === 'torn') {
    log('warn', `${path}: torn record at byte offset ${end.at} (${size - end.at} bytes after the last good record), truncated`);
    storeFs.truncateSync(path, end.at);
    const fd = storeFs.openSync(path, 'r+');
    try { storeFs.fsyncSync(fd); } finally { storeFs.closeSync(fd); }
    return end.at;
  }
  if (end.kind === 'corrupt') {
    log('warn', `${path}: corrupt record at byte offset ${end.at}; the ${size - end.at} bytes after it are skipped`);
  }
  return null;
}

/** Replaces a segment's ack file with one built from its index (atomically, via rename). */
function rewriteAcks(seg: Segment): void {
  const slab = new WriteSlab();
  const parts: Buffer[] = [];
  for (let i = 0; i < seg.index.count; i++) {
    const offset = seg.index.offsetOf(i);
    if (seg.index.isDead(i)) parts.push(copyAck(slab, RecordType.Remove, offset));
    else if (seg.index.isDelivered(i)) parts.push(copyAck(slab, RecordType.Delivered, offset));
  }
  const data = Buffer.concat(parts);
  const tmp = seg.acksPath + '.tmp';
  const fd = storeFs.openSync(tmp, 'w+');
  writeFully(fd, data);
  storeFs.fsyncSync(fd);
  storeFs.renameSync(tmp, seg.acksPath);
  seg.acks?.close();
  seg.acks = new AppendFile(seg.acksPath, fd, data.length);
  syncDirSync(seg.dir);
}

function copyAck(slab: WriteSlab, type: typeof RecordType.Remove | typeof RecordType.Delivered, offset: number): Buffer {
  const start = encodeAck(slab, type, offset);
  return slab.buf.subarray(start, start + ACK_RECORD_BYTES);
}
