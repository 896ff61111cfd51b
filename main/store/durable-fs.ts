// Small synchronous helpers for crash-safe file updates (startup, compaction, definitions).
import { dirname } from 'node:path';
import { storeFs } from './store-fs';

/** fsync a directory so that created, renamed and deleted entries in it survive a crash. */
export function syncDirSync(dir: string): void {
  // Windows cannot open a directory for fsync; NTFS journals its metadata anyway.
  if (process.platform === 'win32') return;
  const fd = storeFs.openSync(dir, 'r');
  try {
    storeFs.fsyncSync(fd);
  } catch {
    // Some filesystems do not support fsync on directories; there is nothing better to do.
  } finally {
    storeFs.closeSync(fd);
  }
}

/** mkdir -p whose new entries survive a crash: the parent of every directory it creates is fsynced. */
export function mkdirDurableSync(path: string): void {
  const first = storeFs.mkdirSync(path, { recursive: true });
  if (first === undefined) return;
  for (let d = path; ; d = dirname(d)) {
    syncDirSync(dirname(d));
    if (d === first || dirname(d) === d) break;
  }
}

/** Writes all of data at the start of the file (writeSync may write less than asked). */
export function writeFully(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += storeFs.writeSync(fd, data, done, data.length - done, done);
}
