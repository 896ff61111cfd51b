// A simulated power cut for the message store (store-fs.ts): every write and every directory
// change since the last fsync of its file (or, for entries, of its directory) is remembered with
// what it replaced. cut() then loses, per file, a random suffix of the unsynced writes (tearing the
// first lost one at a random byte) and, per directory, a random suffix of the unsynced entry
// changes (creations, renames, deletions), as a disk that acknowledged them to the page cache only
// may. This runs in-process on the real disk of the test (no kernel layer): the store's calls
// really happen, and cut() undoes those a power loss could have lost.
//
// The cut happens at the store's `cutAt`-th call: from then on nothing reaches the disk. Calls
// that must return something (openSync) throw PowerCut, the others do nothing (as a stopped process
// would not have made them), and callbacks, of calls already under way too, report PowerCut, so
// nothing done after the cut is ever confirmed.
import * as nodeFs from 'node:fs';
import { dirname, join } from 'node:path';
import type { StoreFs } from '../store/store-fs';

export class PowerCut extends Error {
  constructor() { super('power cut (simulated)'); this.name = 'PowerCut'; }
}

interface Write { pos: number; data: Buffer; old: Buffer; oldSize: number }
interface FileState { path: string; writes: Write[]; /** where a write without a position goes */ cursor: number }
type DirOp =
  | { seq: number; kind: 'create' | 'mkdir'; path: string }
  | { seq: number; kind: 'rename'; from: string; to: string; shadow: string | null }
  | { seq: number; kind: 'remove'; path: string; shadow: string };

/** Picks, for a list of n unsynced changes, how many survive (0..n), and where a lost write tears. */
export interface CutChoice {
  keep(n: number): number;
  tearAt(length: number): number;
}

type Cb = (err: NodeJS.ErrnoException | null, ...rest: unknown[]) => void;

export class PowerLossFs {
  private readonly files = new Map<number, FileState>();
  private readonly dirFds = new Map<number, string>();
  /** unsynced entry changes, by directory */
  private readonly dirOps = new Map<string, DirOp[]>();
  private calls = 0;
  private seq = 0;
  private shadows = 0;
  dead = false;
  /** real asynchronous calls not yet called back */
  private inflight = 0;
  private onIdle: (() => void) | null = null;

  /** shadowDir: outside the store's directory; removed files wait there until their removal is synced. */
  constructor(private readonly shadowDir: string, private readonly cutAt: number) {
    nodeFs.mkdirSync(shadowDir, { recursive: true });
  }

  /** How many calls the store made (to choose cutAt for a later run). */
  get callCount(): number { return this.calls; }

  /** Counts a call; false once the power is gone. */
  private alive(): boolean {
    if (!this.dead && ++this.calls >= this.cutAt) this.dead = true;
    return !this.dead;
  }

  /** A callback that reports the cut if it came while the call was under way. */
  private later(cb: Cb, onSuccess: () => void = () => {}): Cb {
    this.inflight++;
    return (err, ...rest) => {
      if (--this.inflight === 0) this.onIdle?.();
      if (this.dead) return cb(new PowerCut());
      if (!err) onSuccess();
      cb(err, ...rest);
    };
  }

  /** An asynchronous call: op runs if the power is on, else cb gets PowerCut. */
  private async(cb: Cb, op: () => void): void {
    if (this.alive()) op();
    else process.nextTick(() => cb(new PowerCut()));
  }

  private dirOp(dir: string, op: DirOp): void {
    const list = this.dirOps.get(dir) ?? [];
    list.push(op);
    this.dirOps.set(dir, list);
  }

  private moveAway(path: string): string {
    const shadow = join(this.shadowDir, String(++this.shadows));
    nodeFs.renameSync(path, shadow);
    this.repath(path, shadow);
    return shadow;
  }

  /** Open files follow renames of themselves or of a directory above them. */
  private repath(from: string, to: string): void {
    for (const f of this.files.values()) {
      if (f.path === from) f.path = to;
      else if (f.path.startsWith(from + '/')) f.path = to + f.path.slice(from.length);
    }
  }

  private record(fd: number, pos: number, data: Buffer): void {
    const f = this.files.get(fd);
    if (!f) return;
    const oldSize = nodeFs.fstatSync(fd).size;
    const old = Buffer.alloc(Math.max(0, Math.min(data.length, oldSize - pos)));
    if (old.length > 0) nodeFs.readSync(fd, old, 0, old.length, pos);
    f.writes.push({ pos, data: Buffer.from(data), old, oldSize });
  }

  private synced(fd: number): void {
    const path = this.files.get(fd)?.path;
    // fsync is per file, not per descriptor: every write to it so far is on disk now.
    for (const f of this.files.values()) if (f.path === path) f.writes = [];
    const dir = this.dirFds.get(fd);
    if (dir === undefined) return;
    for (const op of this.dirOps.get(dir) ?? []) if (op.kind === 'remove') nodeFs.rmSync(op.shadow, { recursive: true, force: true });
    this.dirOps.delete(dir);
  }

  readonly fs: Partial<StoreFs> = {
    openSync: ((path: string, flags: string = 'r', mode?: number) => {
      if (!this.alive()) throw new PowerCut();
      const existed = nodeFs.existsSync(path);
      const fd = nodeFs.openSync(path, flags, mode);
      if (nodeFs.fstatSync(fd).isDirectory()) this.dirFds.set(fd, path);
      else this.files.set(fd, { path, writes: [], cursor: 0 });
      if (!existed) this.dirOp(dirname(path), { seq: ++this.seq, kind: 'create', path });
      return fd;
    }) as StoreFs['openSync'],
    open: ((path: string, flags: string, cb: Cb) => {
      let fd: number;
      try { fd = this.fs.openSync!(path, flags); } catch (err) { return process.nextTick(() => cb(err as Error)); }
      const done = this.later(cb);
      process.nextTick(() => done(null, fd));
    }) as unknown as StoreFs['open'],
    closeSync: (fd) => {
      if (!this.alive()) return; // cut() closes it: the number must not be closed again once reused
      this.dirFds.delete(fd);
      nodeFs.closeSync(fd); // a closed file's unsynced writes stay in `files` under its fd number...
      const f = this.files.get(fd);
      if (f) { this.files.delete(fd); this.files.set(-++this.seq, f); } // ...moved off it, as fds are reused
    },
    writeSync: ((fd: number, buf: Buffer, offset: number, length: number, position?: number | null) => {
      if (!this.alive()) return length;
      const f = this.files.get(fd);
      const at = position ?? f?.cursor ?? 0;
      this.record(fd, at, buf.subarray(offset, offset + length));
      const n = nodeFs.writeSync(fd, buf, offset, length, at);
      if (f && position == null) f.cursor = at + n;
      return n;
    }) as StoreFs['writeSync'],
    writev: ((fd: number, bufs: Buffer[], position: number, cb: Cb) => this.async(cb, () => {
      this.record(fd, position, Buffer.concat(bufs));
      nodeFs.writev(fd, bufs, position, this.later(cb));
    })) as StoreFs['writev'],
    fdatasync: ((fd: number, cb: Cb) => this.async(cb, () => {
      nodeFs.fdatasync(fd, this.later(cb, () => this.synced(fd)));
    })) as StoreFs['fdatasync'],
    fsync: ((fd: number, cb: Cb) => this.async(cb, () => {
      nodeFs.fsync(fd, this.later(cb, () => this.synced(fd)));
    })) as StoreFs['fsync'],
    fsyncSync: (fd) => {
      if (!this.alive()) return;
      nodeFs.fsyncSync(fd);
      this.synced(fd);
    },
    copyFileSync: (from, to) => {
      if (!this.alive()) return;
      const t = String(to);
      const existed = nodeFs.existsSync(t);
      const old = existed ? nodeFs.readFileSync(t) : Buffer.alloc(0);
      nodeFs.copyFileSync(from, t);
      // The copy's bytes are as unsynced as written ones (a file of its own, not open).
      this.files.set(-++this.seq, { path: t, writes: [{ pos: 0, data: nodeFs.readFileSync(t), old, oldSize: old.length }], cursor: 0 });
      if (!existed) this.dirOp(dirname(t), { seq: ++this.seq, kind: 'create', path: t });
    },
    mkdirSync: ((path: string, opts?: nodeFs.MakeDirectoryOptions) => {
      if (!this.alive() || nodeFs.existsSync(path)) return undefined;
      const first = nodeFs.mkdirSync(path, opts) ?? path; // recursive: the top one it created
      for (let d = path; ; d = dirname(d)) {
        this.dirOp(dirname(d), { seq: ++this.seq, kind: 'mkdir', path: d });
        if (d === first) break;
      }
      return first;
    }) as StoreFs['mkdirSync'],
    renameSync: (from, to) => {
      if (!this.alive()) return;
      const [f, t] = [String(from), String(to)];
      const shadow = nodeFs.existsSync(t) ? this.moveAway(t) : null;
      nodeFs.renameSync(f, t);
      this.repath(f, t);
      this.dirOp(dirname(t), { seq: ++this.seq, kind: 'rename', from: f, to: t, shadow });
    },
    rmSync: (path) => {
      if (!this.alive()) return;
      const p = String(path);
      if (!nodeFs.existsSync(p)) return;
      this.dirOp(dirname(p), { seq: ++this.seq, kind: 'remove', path: p, shadow: this.moveAway(p) });
    },
    unlinkSync: (path) => this.fs.rmSync!(path),
  };

  /** Resolves once no real asynchronous call is under way (cut() must not race a write). */
  idle(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => { this.onIdle = () => { this.onIdle = null; resolve(); }; });
  }

  /** The power goes: unsynced writes and entry changes are lost as `choice` picks. */
  cut(choice: CutChoice): void {
    this.dead = true;
    for (const f of this.files.values()) {
      const keep = choice.keep(f.writes.length);
      const lost = f.writes.slice(keep);
      if (lost.length === 0 || !nodeFs.existsSync(f.path)) continue;
      const fd = nodeFs.openSync(f.path, 'r+');
      for (const w of lost.reverse()) {
        nodeFs.writeSync(fd, w.old, 0, w.old.length, w.pos);
        nodeFs.ftruncateSync(fd, w.oldSize);
      }
      // The first lost write may have reached the disk in part.
      const first = lost[lost.length - 1];
      const torn = choice.tearAt(first.data.length);
      if (torn > 0) nodeFs.writeSync(fd, first.data, 0, torn, first.pos);
      nodeFs.closeSync(fd);
    }
    const lostOps: DirOp[] = [];
    for (const ops of this.dirOps.values()) lostOps.push(...ops.slice(choice.keep(ops.length)));
    for (const op of lostOps.sort((a, b) => b.seq - a.seq)) undo(op);
    for (const fd of [...this.files.keys(), ...this.dirFds.keys()]) if (fd >= 0) try { nodeFs.closeSync(fd); } catch { /* closed */ }
    nodeFs.rmSync(this.shadowDir, { recursive: true, force: true });
  }
}

function undo(op: DirOp): void {
  try {
    if (op.kind === 'create' || op.kind === 'mkdir') nodeFs.rmSync(op.path, { recursive: true, force: true });
    else if (op.kind === 'rename') {
      nodeFs.renameSync(op.to, op.from);
      if (op.shadow) nodeFs.renameSync(op.shadow, op.to);
    } else if (op.kind === 'remove') nodeFs.renameSync(op.shadow, op.path);
  } catch (err) {
    // An entry inside a directory whose own creation was lost is gone with it.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
