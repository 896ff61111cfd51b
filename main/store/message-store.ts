// The durable message store: persistent messages of durable queues, in per-queue segment files.
// Past 400 lines: the store's one public surface (append, remove, sync, recovery hand-off); the
// record format, segments, group commit, compaction and recovery are modules of their own.
//
// Layout (LavinMQ's per-queue segments, RabbitMQ's group-committed writes):
//   <dir>/queues/<random id>/<segment id>.seg    header record, then message records, append-only
//   <dir>/queues/<random id>/<segment id>.acks   Remove/Delivered records for that segment
// Record framing and payloads: record-format.ts.
//
// Why per-queue segments with per-segment ack files rather than one shared log: a queue consumes
// in FIFO order, so its oldest segment empties first and is deleted whole, with its ack file; no
// ack ever has to outlive the segment it talks about, and a shared log's "which segment may I
// delete" bookkeeping disappears. Compaction is only for the rare segment kept alive by a few
// stragglers (compaction.ts). A queue's directory name is random and its name lives in each
// segment header, so any queue name works and a re-declared queue never meets its old files.
//
// Refs: segmentId * 2^32 + byte offset of the record. Lookups need no per-message map: the id
// finds the segment, a binary search of its offset index finds the record. Segment ids are global
// in the store, so refs are unique; recovered() hands out the refs of the files as they are, so a
// ref stays meaningful across restarts. Compaction moves records: old refs keep working through a
// remap table (retired segment id -> new offsets) until each moved message is removed.
//
// Deleting a queue is not a record: its directory is renamed to `<id>.deleted` (atomic) and then
// removed; recovery finishes any removal a crash interrupted.
//
// Durability: append/remove/markDelivered only queue bytes; whenSynced() callbacks run once a
// group commit has written and fdatasynced everything queued before them (group-commit.ts).
import { storeFs } from './store-fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { takeCleanMarker, writeCleanMarker } from './clean-shutdown';
import { compactSegment } from './compaction';
import { GroupCommit, type SyncCallback } from './group-commit';
import { RecordType, decodeMessage, encodeAck, encodeMessage, newMessageDecoder, validRecordAt, ACK_RECORD_BYTES } from './record-format';
import { mkdirDurableSync, syncDirSync } from './durable-fs';
import { faultPoint } from './fault-points';
import { DELETED_SUFFIX, recoverQueues, type StoreLog } from './recovery';
import { MAX_SEGMENT_ID, REF_SPAN, Segment, deleteSegmentFiles } from './segment';
import { StoreClosedError, StoreError, UnknownRefError } from './store-errors';
import type { RecoveredEntry, StoredMessage } from './stored-message';
import { WriteSlab } from './write-slab';

export type { RecoveredEntry, StoredMessage } from './stored-message';
export type { StoreLog } from './recovery';

export interface MessageStoreOptions {
  /** Roll to a new segment file past this size (default 8 MiB). */
  segmentBytes?: number;
  /** Group-commit window: batches (one write + fdatasync per file) start at least this far apart (default 2 ms). */
  syncIntervalMs?: number;
  /** How often sparse segments are considered for compaction (default 1000 ms; 0: only compactNow()). */
  compactIntervalMs?: number;
  log?: StoreLog;
}

export interface StoreStats {
  segments: number;
  diskBytes: number;
  liveMessages: number;
  liveBytes: number;
  /** writev calls and fsync/fdatasync calls since open. */
  writes: number;
  fsyncs: number;
}

interface QueueLog {
  name: string;
  dir: string;
  /** In queue order; the last one is `active` once anything was appended since open. */
  segments: Segment[];
  active: Segment | null;
  nextOrder: number;
}

interface Remap { target: number; queue: string; moved: Map<number, number> }

/** A segment is worth compacting when under a quarter of it is live... */
const COMPACT_LIVE_RATIO = 0.25;
/** ...and the dead part is at least this share of a full segment. */
const COMPACT_MIN_DEAD_RATIO = 0.5;

export class MessageStore {
  private readonly queues = new Map<string, QueueLog>();
  private readonly segments = new Map<number, Segment>();
  private readonly remaps = new Map<number, Remap>();
  private readonly compactCandidates = new Set<Segment>();
  private readonly slab = new WriteSlab();
  private readonly decoder = newMessageDecoder();
  private readonly gc: GroupCommit;
  private readonly segmentBytes: number;
  private readonly log: StoreLog;
  private recoveredEntries: Map<string, RecoveredEntry[]> | null = new Map();
  private liveMessages = 0;
  private liveBytes = 0;
  private nextSegmentId = 1;
  private closed = false;
  private compactTimer: NodeJS.Timeout | null = null;
  // Result slots of locate(): avoids an allocation per remove on the ack path.
  private hitSeg: Segment | null = null;
  private hitIndex = -1;

  private constructor(readonly dir: string, private readonly queuesDir: string, opts: MessageStoreOptions) {
    // Offsets are 32 bits of the ref: keep segments well below 4 GiB.
    this.segmentBytes = Math.min(opts.segmentBytes ?? 8 * 1024 * 1024, 1024 * 1024 * 1024);
    this.log = opts.log ?? (() => {});
    this.gc = new GroupCommit(opts.syncIntervalMs ?? 2, (err) => this.log('warn', err.message));
    const every = opts.compactIntervalMs ?? 1000;
    if (every > 0) {
      this.compactTimer = setInterval(() => this.gc.whenIdle(() => this.compactPass(false)), every);
      this.compactTimer.unref();
    }
  }

  static async open(dir: string, opts: MessageStoreOptions = {}): Promise<MessageStore> {
    const started = performance.now();
    const queuesDir = join(dir, 'queues');
    mkdirDurableSync(queuesDir); // a lost entry for it would lose every queue, synced or not
    const store = new MessageStore(dir, queuesDir, opts);
    const clean = takeCleanMarker(dir);
    const { queues, maxSegmentId } = recoverQueues(queuesDir, store.log);
    if (!clean) for (const q of queues) for (const e of q.entries) e.delivered = true;
    store.nextSegmentId = (maxSegmentId + 1) % MAX_SEGMENT_ID || 1;
    for (const q of queues) {
      store.queues.set(q.name, { name: q.name, dir: q.dir, segments: q.segments, active: null, nextOrder: q.nextOrder });
      store.recoveredEntries!.set(q.name, q.entries);
      for (const seg of q.segments) {
        store.segments.set(seg.id, seg);
        store.liveMessages += seg.index.live;
        store.liveBytes += seg.index.liveBytes;
        if (store.isSparse(seg)) store.compactCandidates.add(seg);
      }
    }
    const ms = Math.round(performance.now() - started);
    const after = clean ? '' : ' after an unclean shutdown (all redelivered)';
    store.log('info', `message store ${dir}: recovered ${store.liveMessages} messages in ${queues.length} queues from ${store.segments.size} segments in ${ms} ms${after}`);
    return store;
  }

  /**
   * Live messages per queue, in queue order, as found at open(). The store lets go of them after
   * the first call so that bodies the broker pages out can be garbage collected.
   */
  recovered(): Map<string, RecoveredEntry[]> {
    const entries = this.recoveredEntries ?? new Map<string, RecoveredEntry[]>();
    this.recoveredEntries = null;
    return entries;
  }

  /** Queues the message for writing; returns its ref. Durable once a later whenSynced() fires. */
  append(queue: string, msg: StoredMessage): number {
    if (this.closed) throw new StoreClosedError();
    if (this.gc.failed) throw this.gc.failed;
    const rec = encodeMessage(this.slab, msg);
    const { start, end, refs, length } = rec;
    const slabBuf = this.slab.buf;
    const q = this.queues.get(queue) ?? this.createQueue(queue);
    let seg = q.active;
    if (seg === null || (seg.file.size + length > this.segmentBytes && seg.index.count > 0)) seg = this.roll(q);
    const offset = seg.file.size;
    seg.file.append(slabBuf, start, end);
    if (refs !== null) for (const r of refs) seg.file.append(r, 0, r.length);
    seg.index.add(offset, length);
    this.liveMessages++;
    this.liveBytes += length;
    this.gc.touch(seg.file);
    return seg.ref(offset);
  }

  /** The message was delivered once: after a restart it comes back as redelivered. */
  markDelivered(ref: number): void {
    if (this.closed || !this.locate(ref, false)) return;
    const seg = this.hitSeg!;
    if (seg.index.deliver(this.hitIndex)) this.writeAck(seg, RecordType.Delivered, seg.index.offsetOf(this.hitIndex));
  }

  /** The message was acked, expired or dropped. Unknown or already removed refs are ignored. */
  remove(ref: number): void {
    if (this.closed || !this.locate(ref, true)) return;
    const seg = this.hitSeg!;
    const i = this.hitIndex;
    const length = seg.index.lengthOf(i);
    if (!seg.index.kill(i)) return;
    this.liveMessages--;
    this.liveBytes -= length;
    seg.recentRemoves++;
    if (seg.index.live === 0 && seg.sealed) return this.dropSegment(seg);
    this.writeAck(seg, RecordType.Remove, seg.index.offsetOf(i));
    if (seg.sealed && this.isSparse(seg)) this.compactCandidates.add(seg);
  }

  /** Removes every message of the queue and its files. */
  deleteQueue(queue: string): void {
    const q = this.queues.get(queue);
    if (q === undefined || this.closed) return;
    this.queues.delete(queue);
    for (const seg of q.segments) {
      this.segments.delete(seg.id);
      this.compactCandidates.delete(seg);
      this.liveMessages -= seg.index.live;
      this.liveBytes -= seg.index.liveBytes;
      this.forgetFiles(seg);
    }
    for (const [id, r] of this.remaps) if (r.queue === queue) this.remaps.delete(id);
    const tomb = q.dir + DELETED_SUFFIX;
    let renamed = false;
    try {
      // Atomic: after a crash the queue is either whole or gone. POSIX allows renaming a
      // directory with files open in it (writes in flight land in the tombstone).
      storeFs.renameSync(q.dir, tomb);
      faultPoint('queue-delete-renamed');
      renamed = true;
      this.gc.touchDir(this.queuesDir);
    } catch {
      // Windows refuses while files are open: retry once they are closed.
    }
    this.gc.whenIdle(() => {
      for (const seg of q.segments) seg.close();
      try {
        if (!renamed) {
          storeFs.renameSync(q.dir, tomb);
          syncDirSync(this.queuesDir);
        }
        storeFs.rmSync(tomb, { recursive: true, force: true });
        faultPoint('queue-delete-removed');
      } catch (err) {
        this.log('warn', `deleting the files of queue '${queue}' in ${q.dir}: ${(err as Error).message}`);
      }
    });
  }

  /** cb runs once everything appended, removed or deleted before this call is on disk. */
  whenSynced(cb: SyncCallback): void {
    this.gc.whenSynced(cb);
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => this.gc.whenSynced((err) => (err ? reject(err) : resolve())));
  }

  /** Reads a message back from its file (or the write buffer). Throws UnknownRefError. */
  read(ref: number): StoredMessage {
    if (!this.locate(ref, false) || this.hitSeg!.index.isDead(this.hitIndex)) throw new UnknownRefError(ref);
    const seg = this.hitSeg!;
    const offset = seg.index.offsetOf(this.hitIndex);
    const buf = seg.file.readAt(offset, seg.index.lengthOf(this.hitIndex));
    if (validRecordAt(buf, 0) !== RecordType.Message) {
      throw new StoreError('STORE_FAILED', `${seg.path}: the record at byte offset ${offset} no longer passes its checksum`);
    }
    return decodeMessage(buf, 0, this.decoder);
  }

  stats(): StoreStats {
    let diskBytes = 0;
    for (const seg of this.segments.values()) diskBytes += seg.diskBytes;
    return {
      segments: this.segments.size,
      diskBytes,
      liveMessages: this.liveMessages,
      liveBytes: this.liveBytes,
      writes: this.gc.writes,
      fsyncs: this.gc.fsyncs,
    };
  }

  /** Compacts every sparse segment now (tests, maintenance); resolves to how many were compacted. */
  compactNow(): Promise<number> {
    return new Promise((resolve) => this.gc.whenIdle(() => resolve(this.compactPass(true))));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.compactTimer) clearInterval(this.compactTimer);
    try {
      await this.gc.drain();
    } finally {
      for (const seg of this.segments.values()) seg.close();
    }
    writeCleanMarker(this.dir);
  }

  private createQueue(name: string): QueueLog {
    const dir = join(this.queuesDir, randomBytes(8).toString('hex'));
    storeFs.mkdirSync(dir);
    this.gc.touchDir(this.queuesDir);
    const q: QueueLog = { name, dir, segments: [], active: null, nextOrder: 1 };
    this.queues.set(name, q);
    return q;
  }

  // After a restart a queue always starts a fresh segment: recovered files are never appended to,
  // so a damaged tail can never end up in the middle of live data.
  private roll(q: QueueLog): Segment {
    const old = q.active;
    const seg = Segment.create(q.dir, this.allocSegmentId(), q.name, q.nextOrder++);
    this.segments.set(seg.id, seg);
    q.segments.push(seg);
    q.active = seg;
    this.gc.touchDir(q.dir);
    this.gc.touch(seg.file);
    if (old !== null) {
      old.sealed = true;
      if (old.index.live === 0) this.dropSegment(old);
      else if (this.isSparse(old)) this.compactCandidates.add(old);
    }
    return seg;
  }

  private allocSegmentId(): number {
    let id = this.nextSegmentId;
    // Ids wrap at 2^21 so refs stay exact doubles; skip ids still in use or still remapped.
    while (id === 0 || this.segments.has(id) || this.remaps.has(id)) id = (id + 1) % MAX_SEGMENT_ID;
    this.nextSegmentId = (id + 1) % MAX_SEGMENT_ID;
    return id;
  }

  /** Finds ref's segment and record index (in hitSeg/hitIndex), following compaction remaps. */
  private locate(ref: number, consumeRemap: boolean): boolean {
    for (;;) {
      const id = Math.floor(ref / REF_SPAN);
      const offset = ref - id * REF_SPAN;
      const seg = this.segments.get(id);
      if (seg !== undefined) {
        this.hitSeg = seg;
        this.hitIndex = seg.index.find(offset);
        return this.hitIndex >= 0;
      }
      const remap = this.remaps.get(id);
      const to = remap?.moved.get(offset);
      if (remap === undefined || to === undefined) return false;
      if (consumeRemap) {
        remap.moved.delete(offset);
        if (remap.moved.size === 0) this.remaps.delete(id);
      }
      ref = remap.target * REF_SPAN + to;
    }
  }

  private writeAck(seg: Segment, type: typeof RecordType.Remove | typeof RecordType.Delivered, offset: number): void {
    const { acks, created } = seg.openAcks();
    if (created) this.gc.touchDir(seg.dir);
    const start = encodeAck(this.slab, type, offset);
    acks.append(this.slab.buf, start, start + ACK_RECORD_BYTES);
    this.gc.touch(acks);
  }

  /** Every message of a sealed segment is removed: delete its files. */
  private dropSegment(seg: Segment): void {
    const q = this.queues.get(seg.queue);
    if (q !== undefined) q.segments.splice(q.segments.indexOf(seg), 1);
    this.segments.delete(seg.id);
    this.compactCandidates.delete(seg);
    this.forgetFiles(seg);
    this.gc.whenIdle(() => {
      faultPoint('segment-drop');
      seg.close();
      deleteSegmentFiles(seg.path, () => faultPoint('segment-drop-half'));
      this.gc.touchDir(seg.dir);
    });
  }

  private forgetFiles(seg: Segment): void {
    this.gc.forget(seg.file);
    seg.file.discardPending();
    if (seg.acks !== null) {
      this.gc.forget(seg.acks);
      seg.acks.discardPending();
    }
  }

  private isSparse(seg: Segment): boolean {
    const used = seg.file.size - seg.dataStart;
    const live = seg.index.liveBytes;
    return seg.index.live > 0 && live < used * COMPACT_LIVE_RATIO && used - live >= this.segmentBytes * COMPACT_MIN_DEAD_RATIO;
  }

  /** Runs between group commits (no IO in flight). `force` also compacts a head being drained. */
  private compactPass(force: boolean): number {
    let compacted = 0;
    for (const seg of [...this.compactCandidates]) {
      const q = this.queues.get(seg.queue);
      if (q === undefined || !this.segments.has(seg.id) || !seg.sealed || !this.isSparse(seg)) {
        this.compactCandidates.delete(seg);
        continue;
      }
      if (seg.file.hasPending) continue;
      // The oldest segment of a queue being consumed will soon empty out by itself.
      if (!force && q.segments[0] === seg && seg.recentRemoves > 0) {
        seg.recentRemoves = 0;
        continue;
      }
      this.compactCandidates.delete(seg);
      try {
        this.compact(seg, q);
        compacted++;
      } catch (err) {
        this.log('warn', `compacting ${seg.path}: ${(err as Error).message}`);
      }
    }
    return compacted;
  }

  private compact(seg: Segment, q: QueueLog): void {
    if (seg.acks !== null) {
      // The copy is built from the in-memory index, which already holds these acks.
      this.gc.forget(seg.acks);
      seg.acks.discardPending();
    }
    const before = seg.diskBytes;
    const { segment, moved } = compactSegment(seg, this.allocSegmentId());
    this.segments.delete(seg.id);
    this.segments.set(segment.id, segment);
    q.segments[q.segments.indexOf(seg)] = segment;
    this.remaps.set(seg.id, { target: segment.id, queue: q.name, moved });
    this.gc.touchDir(seg.dir);
    this.log('info', `compacted ${seg.path}: ${segment.index.live} live messages, ${before} -> ${segment.diskBytes} bytes`);
  }
}
