// Temporary directories for tests that touch the filesystem: each test file asks for a factory, and
// every directory it made is removed after each test (or, with { keep: 'file' }, after the file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** Returns a function that makes a fresh directory named warren-<prefix>-XXXXXX under the OS temp dir. */
export function useTempDirs(prefix: string, opts: { keep?: 'test' | 'file' } = {}): () => string {
  const dirs: string[] = [];
  (opts.keep === 'file' ? afterAll : afterEach)(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), `warren-${prefix}-`));
    dirs.push(d);
    return d;
  };
}
