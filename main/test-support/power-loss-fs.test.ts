import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PowerCut, PowerLossFs } from './power-loss-fs';
import { useTempDirs } from './tmp-dir';

const tempDir = useTempDirs('power-loss-fs');
/** A directory d whose own entry is synced, and an open fd on it. */
function synced(): { plfs: PowerLossFs; fs: PowerLossFs['fs']; dir: string; dfd: number } {
  const root = tempDir();
  const plfs = new PowerLossFs(join(root, 'shadow'), 1000);
  const fs = plfs.fs;
  const dir = join(root, 'd');
  fs.mkdirSync!(dir);
  fs.fsyncSync!(fs.openSync!(root, 'r'));
  return { plfs, fs, dir, dfd: fs.openSync!(dir, 'r') };
}

const loseAll = { keep: () => 0, tearAt: () => 0 };

describe('PowerLossFs', () => {
  it('loses writes and entries not yet fsynced, keeps the synced ones', () => {
    const { plfs, fs, dir, dfd } = synced();
    const fd = fs.openSync!(join(dir, 'kept'), 'w+');
    fs.writeSync!(fd, Buffer.from('synced'), 0, 6, 0);
    fs.fsyncSync!(fd);
    fs.fsyncSync!(dfd); // 'kept' exists for good
    fs.writeSync!(fd, Buffer.from('-lost'), 0, 5, 6);
    fs.openSync!(join(dir, 'new'), 'w+');
    fs.renameSync!(join(dir, 'kept'), join(dir, 'moved'));
    plfs.cut(loseAll);
    expect(readFileSync(join(dir, 'kept'), 'utf8')).toBe('synced');
    expect(existsSync(join(dir, 'new'))).toBe(false);
    expect(existsSync(join(dir, 'moved'))).toBe(false);
  });

  it('tears the first lost write where told, and brings back a removal not synced', () => {
    const { plfs, fs, dir, dfd } = synced();
    const fd = fs.openSync!(join(dir, 'f'), 'w+');
    fs.openSync!(join(dir, 'gone'), 'w+');
    fs.fsyncSync!(dfd);
    fs.writeSync!(fd, Buffer.from('abcdef'), 0, 6, 0);
    fs.rmSync!(join(dir, 'gone'));
    plfs.cut({ keep: () => 0, tearAt: () => 2 });
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('ab');
    expect(existsSync(join(dir, 'gone'))).toBe(true);
  });

  it('fails calls from the cut on, and callbacks of calls under way', async () => {
    const root = tempDir();
    const plfs = new PowerLossFs(join(root, 'shadow'), 3);
    const fs = plfs.fs;
    const fd = fs.openSync!(join(root, 'f'), 'w+');
    const err = await new Promise<unknown>((resolve) => fs.fdatasync!(fd, resolve as never)); // call 2: under way...
    expect(err).toBeNull();
    expect(() => fs.openSync!(join(root, 'g'), 'w+')).toThrow(PowerCut); // call 3: the cut
    expect(await new Promise<unknown>((resolve) => fs.fdatasync!(fd, resolve as never))).toBeInstanceOf(PowerCut);
    expect(plfs.dead).toBe(true);
  });
});
