import { describe, it, expect, afterEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError, defaultDataDir, lockDataDir } from './data-dir';
import { useTempDirs } from '../test-support/tmp-dir';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});
const tempDir = useTempDirs('lock');

describe('lockDataDir', () => {
  it('creates the directory and a lock file with our pid, removed on release', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'warren.lock'), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
    expect(existsSync(join(dir, 'warren.lock'))).toBe(false);
    lockDataDir(dir).release();
  });

  it('refuses a directory locked by a live process', async () => {
    const dir = tempDir();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(sleeper);
    await new Promise((r) => sleeper.once('spawn', r));
    writeFileSync(join(dir, 'warren.lock'), `${sleeper.pid}\n`);
    let err: unknown;
    try { lockDataDir(dir); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toBe(`data directory ${dir} is in use by another Warren process (pid ${sleeper.pid})`);
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dir = tempDir();
    const gone = spawn('true', [], { stdio: 'ignore' });
    await new Promise((r) => gone.once('exit', r));
    writeFileSync(join(dir, 'warren.lock'), `${gone.pid}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'warren.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it.skipIf(process.platform !== 'linux')('takes over a lock whose process is a zombie not yet reaped (a restart right after a crash)', async () => {
    const dir = tempDir();
    // sh starts a child that exits soon, then becomes a sleep that never reaps it: a zombie. (A
    // child exiting at once may be reaped by sh itself before its exec on a loaded machine.)
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = Number((await new Promise<Buffer>((r) => parent.stdout!.once('data', r))).toString().trim());
    const state = (): string => { const s = readFileSync(`/proc/${zombie}/stat`, 'latin1'); return s[s.lastIndexOf(')') + 2]; };
    for (let i = 0; i < 500 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(state()).toBe('Z');
    writeFileSync(join(dir, 'warren.lock'), `${zombie}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'warren.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});

describe('defaultDataDir', () => {
  it('follows each platform convention', () => {
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/x/data' })).toBe('/x/data/warren');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'relative' })).toBe(join(homedir(), '.local', 'share', 'warren'));
    expect(defaultDataDir('linux', {})).toBe(join(homedir(), '.local', 'share', 'warren'));
    expect(defaultDataDir('darwin', {})).toBe(join(homedir(), 'Library', 'Application Support', 'Warren'));
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' })).toBe(join('C:\\Users\\u\\AppData\\Roaming', 'Warren'));
  });
});
