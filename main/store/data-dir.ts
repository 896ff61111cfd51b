// The data directory: where it lives by default, and the lock that keeps two Warren processes
// from writing the same store (two writers would interleave appends and corrupt each other).
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

const LOCK_FILE = 'warren.lock';

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(readonly dir: string, readonly pid: number) {
    super(`data directory ${dir} is in use by another Warren process (pid ${pid})`);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock { release(): void }

/** Directories locked by this process: a second lock from within it is refused too. */
const held = new Set<string>();

/**
 * Takes the data directory's lock file (creating the directory). A lock whose pid is dead is
 * stale and taken over; so is one holding our own pid (containers restart with the same pid).
 */
export function lockDataDir(dir: string): DataDirLock {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const path = join(abs, LOCK_FILE);
  if (held.has(abs)) throw new DataDirLockedError(abs, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      held.add(abs);
      return { release: () => release(abs, path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readPid(path);
    if (owner !== null && owner !== process.pid && isAlive(owner)) throw new DataDirLockedError(abs, owner);
    // Stale (dead owner, our own pid from an earlier life, or unreadable): remove and retry.
    try { unlinkSync(path); } catch { /* another process took it over first */ }
  }
  const owner = readPid(path);
  throw new DataDirLockedError(abs, owner ?? -1);
}

function release(abs: string, path: string): void {
  if (!held.delete(abs)) return;
  // Only remove the file if it is still ours.
  if (readPid(path) === process.pid) {
    try { unlinkSync(path); } catch { /* already gone */ }
  }
}

function readPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A killed broker whose parent has not reaped it yet still answers kill(0) — for seconds, or
  // for ever in a container whose first process never reaps — but it holds nothing: it is dead.
  return !isZombie(pid);
}

/** Linux: the process state in /proc/<pid>/stat is Z (zombie) or X (dead). Elsewhere: unknown, no. */
function isZombie(pid: number): boolean {
  let stat: string;
  try { stat = readFileSync(`/proc/${pid}/stat`, 'latin1'); } catch { return false; }
  // "pid (command) S ...": the command may hold spaces and parentheses, so read after the last ')'
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/**
 * The per-user application data folder, like Electron's app.getPath('userData') for "Warren":
 * Linux $XDG_DATA_HOME/warren or ~/.local/share/warren, macOS ~/Library/Application Support/Warren,
 * Windows %APPDATA%\Warren.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Warren');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Warren');
  // The XDG spec says relative values are invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'share'), 'warren');
}
