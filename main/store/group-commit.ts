// Group commit: every file touched since the last flush is written and fdatasynced together, and
// every whenSynced callback registered meanwhile runs once that batch is durable. Batches start at
// least `intervalMs` apart: after a quiet period the first write goes out at the end of the current
// event-loop turn (with everything else that arrived in it), and under load the fsync latency plus
// the spacing form the window. Spacing rather than "wait intervalMs after the first write" keeps a
// single publisher with a small confirm window from paying the full delay on every round trip,
// while still capping the fsync rate at 1000/intervalMs per second.
import { storeFs } from './store-fs';
import type { AppendFile, IoCounters } from './append-file';
import { faultPoint } from './fault-points';
import { StoreFailedError, type StoreError } from './store-errors';

export type SyncCallback = (err?: StoreError) => void;

export class GroupCommit implements IoCounters {
  writes = 0;
  fsyncs = 0;
  private dirty = new Set<AppendFile>();
  private dirs = new Set<string>();
  /** Callbacks for the next batch. */
  private waiting: SyncCallback[] = [];
  /** Callbacks for the batch being written. */
  private covering: SyncCallback[] = [];
  /** Work that must not overlap IO in flight (closing or deleting files), run between batches. */
  private betweenBatches: (() => void)[] = [];
  /** Cancels the scheduled batch start, if any. */
  private timer: (() => void) | null = null;
  private flushing = false;
  private lastStart = -Infinity;
  private failure: StoreFailedError | null = null;

  constructor(private readonly intervalMs: number, private readonly onFailure: (err: StoreFailedError) => void) {}

  get failed(): StoreFailedError | null { return this.failure; }

  /** The file has unwritten bytes. */
  touch(file: AppendFile): void {
    this.dirty.add(file);
    this.schedule();
  }

  /** The file is going away: do not write it. */
  forget(file: AppendFile): void {
    this.dirty.delete(file);
  }

  /** Directory entries changed (file created, renamed, deleted): fsync the directory next batch. */
  touchDir(dir: string): void {
    this.dirs.add(dir);
    this.schedule();
  }

  /** Runs op now if no IO is in flight, else right after the current batch. */
  whenIdle(op: () => void): void {
    if (!this.flushing) op();
    else this.betweenBatches.push(op);
  }

  whenSynced(cb: SyncCallback): void {
    if (this.failure) {
      const err = this.failure;
      queueMicrotask(() => cb(err));
    } else if (this.dirty.size > 0 || this.dirs.size > 0 || this.betweenBatches.length > 0) {
      this.waiting.push(cb);
      this.schedule();
    } else if (this.flushing) {
      this.covering.push(cb);
    } else {
      queueMicrotask(() => cb());
    }
  }

  /** Resolves once everything so far is durable and no IO is in flight. */
  async drain(): Promise<void> {
    while (this.flushing || this.dirty.size > 0 || this.dirs.size > 0 || this.betweenBatches.length > 0) {
      if (this.timer === null && !this.flushing) this.start();
      await new Promise<void>((resolve) => this.whenSynced(() => resolve()));
      if (this.failure) throw this.failure;
    }
  }

  private schedule(): void {
    if (this.timer !== null || this.flushing || this.failure) return;
    const wait = this.lastStart + this.intervalMs - performance.now();
    if (wait >= 1) {
      const t = setTimeout(() => this.start(), wait);
      this.timer = () => clearTimeout(t);
    } else {
      const t = setImmediate(() => this.start());
      this.timer = () => clearImmediate(t);
    }
  }

  private start(): void {
    this.timer?.();
    this.timer = null;
    if (this.flushing || this.failure) return;
    void this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    this.lastStart = performance.now();
    const files = [...this.dirty];
    const dirs = [...this.dirs];
    this.dirty.clear();
    this.dirs.clear();
    this.covering = this.waiting;
    this.waiting = [];
    try {
      await Promise.all(files.map((f) => f.flush(this)));
      await Promise.all(dirs.map((d) => syncDir(d, this)));
    } catch (err) {
      this.failure = new StoreFailedError(err);
    }
    if (!this.failure) faultPoint('after-fsync');
    this.flushing = false;
    const ops = this.betweenBatches;
    this.betweenBatches = [];
    for (const op of ops) op();
    const done = this.covering;
    this.covering = [];
    const failure = this.failure;
    if (failure) {
      this.onFailure(failure);
      for (const cb of [...done, ...this.waiting]) cb(failure);
      this.waiting = [];
      return;
    }
    for (const cb of done) cb();
    if (this.waiting.length > 0 || this.dirty.size > 0 || this.dirs.size > 0) this.schedule();
  }
}

/** fsync a directory so that created, renamed and deleted entries survive a crash. */
function syncDir(dir: string, io: IoCounters): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS metadata is journaled anyway.
  if (process.platform === 'win32') return Promise.resolve();
  return new Promise((resolve, reject) => {
    storeFs.open(dir, 'r', (err, fd) => {
      if (err) return err.code === 'ENOENT' ? resolve() : reject(err);
      storeFs.fsync(fd, (err) => {
        storeFs.closeSync(fd);
        io.fsyncs++;
        // Some filesystems do not support fsync on directories; there is nothing better to do.
        if (err && err.code !== 'EINVAL' && err.code !== 'ENOTSUP') reject(err);
        else resolve();
      });
    });
  });
}
