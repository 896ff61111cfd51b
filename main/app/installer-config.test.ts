// The desktop installers' configuration (electron-builder.json), checked where the installers cannot
// be built (no Electron binary): electron-builder's own schema validation, the targets, the broker's
// V8 flags, the icons, and what the installers would hold — apart from the Electron shell
// (dist/app), only files the npm package holds too, which main/integration/npm-package.test.ts runs.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKER_NODE_FLAGS } from '../../bin/broker-flags.js';
import { electronBinary } from '../../bin/electron-binary.js';
import { cannotBuild } from '../../build/dist.mjs';
import { ICON_SIZES, iconPng } from '../../build/icons.mjs';
import { packedFileList, PROJECT_ROOT } from '../test-support/npm-package';

interface Config {
  appId?: string;
  productName?: string;
  directories?: { output?: string; buildResources?: string };
  /** electron-builder's loader turns the `files` list into one file set */
  files?: { filter: string[] }[];
  linux?: { target?: string[]; icon?: string; executableArgs?: string[] };
  mac?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
}
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Config>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as {
  FileMatcher: new (from: string, to: string, expand: (p: string) => string, patterns: string[]) => { createFilter(): (file: string, stat: Stats) => boolean };
};

const config = await getConfig(PROJECT_ROOT, join(PROJECT_ROOT, 'electron-builder.json'), null);
const validate = (c: unknown): Promise<void> => validateConfiguration(c, new DebugLogger(false));
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { productName: string; main: string; scripts: Record<string, string> };

/** The project's files electron-builder's `files` patterns take (node_modules: the app has no dependencies). */
function installerFiles(): string[] {
  const keep = new FileMatcher(PROJECT_ROOT, '/', (p) => p, config.files!.flatMap((set) => set.filter)).createFilter();
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    if (['node_modules', '.git'].includes(name) || !keep(path, stat)) return [];
    return stat.isDirectory() ? walk(path) : [relative(PROJECT_ROOT, path).split(sep).join('/')];
  });
  return walk(PROJECT_ROOT);
}

function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('the desktop installers', () => {
  it("pass electron-builder's own validation, which refuses a misspelt option", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
    await expect(validate({ ...config, prodctName: 'Warren' })).rejects.toThrow(/unknown property 'prodctName'/);
    await expect(validate({ ...config, linux: { ...config.linux, tagret: ['deb'] } })).rejects.toThrow(/configuration\.linux/);
  });

  it('are AppImage and deb on Linux, dmg on macOS and nsis on Windows, of the app Warren', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.appId).toMatch(/^[a-z]+(\.[A-Za-z0-9-]+){2,}$/);
    expect(config.productName).toBe('Warren');
    expect(pkg.productName).toBe('Warren'); // Electron's app name in `npm start` too
    expect(pkg.scripts.dist).toBe('node build/dist.mjs');
    // dist/ is the build's; installers go to out/ (ignored by git)
    expect(config.directories?.output).toMatch(/^out\//);
  });

  it("start the broker with its V8 flags from Linux's launcher, as `warren serve` starts its broker", () => {
    expect(config.linux?.executableArgs).toEqual([`--js-flags=${BROKER_NODE_FLAGS.join(' ')}`]);
  });

  it("carry Warren's icons as build/icons.mjs draws them (512 px for the .icns and .ico, sizes for Linux)", () => {
    for (const path of [config.mac?.icon, config.win?.icon]) {
      const png = readFileSync(join(PROJECT_ROOT, path!));
      expect(pngSize(png)).toEqual([512, 512]);
      expect(png.equals(iconPng(512))).toBe(true);
    }
    for (const size of ICON_SIZES) {
      const png = readFileSync(join(PROJECT_ROOT, config.linux!.icon!, `${size}x${size}.png`));
      expect(pngSize(png)).toEqual([size, size]);
      expect(png.equals(iconPng(size))).toBe(true);
    }
  }, 30_000);

  it('hold the Electron shell and, besides it, only files the npm package holds', async () => {
    const files = installerFiles();
    expect(files).toEqual(expect.arrayContaining(['package.json', pkg.main, 'dist/app/preload.cjs', 'dist/renderer/index.html']));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const shell = (f: string): boolean => f.startsWith('dist/app/');
    const packed = new Set(await packedFileList());
    expect(files.filter((f) => !shell(f) && !packed.has(f))).toEqual([]);
  }, 60_000);

  it.skipIf(electronBinary() !== null)('`npm run dist` says in one line why it cannot build them where Electron is missing', () => {
    const r = spawnSync(process.execPath, ['build/dist.mjs'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^npm run dist: cannot build the desktop installers here: no Electron binary is installed .*\.\n$/);
    expect(cannotBuild('freebsd', '/opt/electron')).toMatch(/for Linux, macOS and Windows, not freebsd/);
    expect(cannotBuild('linux', '/opt/electron')).toBeNull();
  });
});
