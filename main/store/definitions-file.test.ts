import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefinitionsFile } from './definitions-file';
import { useTempDirs } from '../test-support/tmp-dir';

interface Defs { queues: { name: string; durable: boolean }[] }

const tempDir = useTempDirs('defs');

const defs = (...names: string[]): Defs => ({ queues: names.map((name) => ({ name, durable: true })) });

function file(dir: string): { f: DefinitionsFile<Defs>; warnings: string[] } {
  const warnings: string[] = [];
  return { f: new DefinitionsFile<Defs>(dir, { log: (_l, m) => warnings.push(m) }), warnings };
}

describe('DefinitionsFile', () => {
  it('returns null when nothing was saved, and round-trips saved definitions', () => {
    const dir = tempDir();
    const { f, warnings } = file(dir);
    expect(f.load()).toBeNull();
    f.save(defs('a', 'ü'));
    expect(f.load()).toEqual(defs('a', 'ü'));
    f.save(defs('a', 'b'));
    expect(file(dir).f.load()).toEqual(defs('a', 'b'));
    expect(existsSync(join(dir, 'definitions.json.tmp'))).toBe(false);
    expect(warnings).toEqual([]);
    const env = JSON.parse(readFileSync(join(dir, 'definitions.json'), 'utf8'));
    expect(env).toMatchObject({ version: 1, checksum: expect.stringMatching(/^[0-9a-f]{8}$/), data: defs('a', 'b') });
  });

  it('falls back to the previous good file when definitions.json is truncated', () => {
    const dir = tempDir();
    const { f, warnings } = file(dir);
    f.save(defs('old'));
    f.save(defs('new'));
    const main = join(dir, 'definitions.json');
    truncateSync(main, Math.floor(statSync(main).size / 2));
    expect(f.load()).toEqual(defs('old'));
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain('definitions.json');
    expect(warnings[0]).toContain('backup');
    // Saving again must not replace the good backup with the damaged file.
    f.save(defs('newer'));
    truncateSync(main, 10);
    expect(f.load()).toEqual(defs('old'));
  });

  it('detects a damaged file that still parses, through the checksum', () => {
    const dir = tempDir();
    const { f, warnings } = file(dir);
    f.save(defs('old'));
    f.save(defs('new'));
    const main = join(dir, 'definitions.json');
    writeFileSync(main, readFileSync(main, 'utf8').replace('"new"', '"nex"'));
    expect(f.load()).toEqual(defs('old'));
    expect(warnings[0]).toContain('checksum mismatch');
  });

  it('reports and returns null when both files are unusable', () => {
    const dir = tempDir();
    const { f, warnings } = file(dir);
    writeFileSync(join(dir, 'definitions.json'), '{"version":1,"chec');
    expect(f.load()).toBeNull();
    expect(warnings[0]).toMatch(/not valid JSON/);
  });
});
