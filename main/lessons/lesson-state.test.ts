import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/tmp-dir';
import { FileLessonStateStore, MemoryLessonStateStore } from './lesson-state';

const tempDir = useTempDirs('lesson-state');

describe('lesson state', () => {
  it('is kept in warren-lessons.json and read back by a new store (a restart)', async () => {
    const dir = tempDir();
    const a = new FileLessonStateStore(dir);
    expect(await a.get()).toEqual({ progress: {}, welcomed: false });
    await a.update((s) => { s.progress['hello-world'] = [0, 2]; s.welcomed = true; });
    expect(JSON.parse(readFileSync(join(dir, 'warren-lessons.json'), 'utf8'))).toEqual({ version: 1, progress: { 'hello-world': [0, 2] }, welcomed: true });
    expect(await new FileLessonStateStore(dir).get()).toEqual({ progress: { 'hello-world': [0, 2] }, welcomed: true });
  });

  it('starts afresh from a missing or unreadable file, and keeps only step numbers', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'warren-lessons.json'), '{not json');
    expect(await new FileLessonStateStore(dir).get()).toEqual({ progress: {}, welcomed: false });
    writeFileSync(join(dir, 'warren-lessons.json'), JSON.stringify({ progress: { a: [1, 'x', -1, 2.5, 3], b: 'no' }, welcomed: 'yes' }));
    expect(await new FileLessonStateStore(dir).get()).toEqual({ progress: { a: [1, 3] }, welcomed: false });
  });

  it('hands out copies: changing what get() returned changes nothing kept', async () => {
    const m = new MemoryLessonStateStore();
    (await m.get()).progress.x = [1];
    expect(await m.get()).toEqual({ progress: {}, welcomed: false });
  });
});
