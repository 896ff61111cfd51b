// The npm package as a user on a fresh machine gets it: `npm pack` (its prepack builds the release),
// installed into an empty prefix with no build step and no dev dependency, then `warren serve` from
// there with its UI, RabbitMQ's first tutorial with pika, `warren route`, `warren --version`, and
// `warren-desktop` saying in one line why it opens no window (Electron's binary is not installed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installGlobally, packProject, PROJECT_ROOT, run, type Packed } from '../test-support/npm-package';
import { useTempDirs } from '../test-support/tmp-dir';
import { spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { events, startPython } from './pika-support';
import { uniqueName } from './harness';

/** The tarball's budget: the bundled broker, the built UI and bin/ gzip to about 1.8 MB. */
const MAX_TARBALL_BYTES = 3_000_000;
const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const serveArgs = ['--port', '0', '--ui-port', '0', '--in-memory', '--host', '127.0.0.1', '--no-mqtt', '--log-level', 'warn'];

const tempDir = useTempDirs('npm-package', { keep: 'file' });
let packed: Packed;
let bin: string;
let warren: WarrenProcess | undefined;

describe.skipIf(!!process.env.WARREN_TEST_URL || process.platform === 'win32')('the npm package', () => {
  beforeAll(async () => {
    const dir = tempDir();
    const t0 = Date.now();
    packed = await packProject(dir);
    const prefix = join(dir, 'prefix');
    const installed = await installGlobally(packed.tarball, prefix);
    if (installed.code !== 0) throw new Error(`npm install -g failed:\n${installed.stdout}\n${installed.stderr}`);
    bin = join(prefix, 'bin');
    process.stdout.write(`npm package: ${packed.tarball.split('/').pop()} is ${(packed.size / 1e6).toFixed(2)} MB `
      + `(${(packed.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${packed.files.length} files); packed and installed in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }, 300_000);
  afterAll(async () => { await warren?.stop(); });

  it('holds only what runs, within its size budget', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'bin/warren.js', 'dist/cli.js', 'dist/renderer/index.html', 'dist/app/main.cjs']));
    // no sources, tests, declarations or source maps (WARREN_SOURCEMAPS=1 asks for those)
    expect(paths.filter((p) => !/^(bin|dist)\//.test(p) && !['package.json', 'README.md', 'LICENSE'].includes(p))).toEqual([]);
    expect(paths.filter((p) => /\.test\.|\.map$|\.ts$/.test(p))).toEqual([]);
    expect(packed.size).toBeLessThan(MAX_TARBALL_BYTES);
  });

  it('installs without a build and without the dev dependencies: the manifest needs none at run time', () => {
    const manifest = JSON.parse(readFileSync(join(bin, '..', 'lib', 'node_modules', 'warren', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(Object.keys(manifest.optionalDependencies as object)).toEqual(['electron']);
    expect(Object.keys(manifest.scripts as object)).not.toContain('prepare');
  });

  it('warren --version prints the package version', async () => {
    const r = await run(join(bin, 'warren'), ['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `warren ${version}\n` });
  });

  it('warren serve runs with its UI, and pika runs the first tutorial against it', async () => {
    warren = await spawnWarren(serveArgs, { command: [join(bin, 'warren'), 'serve'], ui: true });
    const page = await fetch(warren.uiUrl!);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script[^>]+src="\.\/(assets\/[^"]+\.js)"/.exec(html);
    expect(script).not.toBeNull();
    expect((await fetch(new URL(script![1]!, warren.uiUrl!))).status).toBe(200);

    const url = `amqp://guest:guest@127.0.0.1:${warren.amqpPort}`;
    const queue = uniqueName('npm-hello');
    const body = `Hello World! ${queue}`;
    const consumer = startPython('tutorial_hello_recv.py', [url, queue]);
    const producer = startPython('tutorial_hello_send.py', [url, queue, body]);
    expect(events(await producer.done, 'producer')).toEqual([{ event: 'sent', body }]);
    expect(events(await consumer.done, 'consumer').filter((e) => e.event === 'received'))
      .toEqual([{ event: 'received', body, routing_key: queue, redelivered: false }]);
  }, 60_000);

  it('warren route asks the installed broker where a message would go', async () => {
    const r = await run(join(bin, 'warren'), ['route', '--url', warren!.uiUrl!, '--exchange', 'amq.direct', '--key', 'nowhere']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/published to direct exchange 'amq\.direct' with routing key 'nowhere'/);
    expect(r.stdout).toMatch(/unroutable: dropped/);
  });

  it('warren-desktop, with no Electron binary, says why in one line and runs the broker headless', async () => {
    // no browser opened from a test (npm start opens the UI in the default browser)
    const desktop = await spawnWarren(serveArgs, { command: [join(bin, 'warren-desktop')], ui: true, env: { WARREN_NO_BROWSER: '1' } });
    try {
      expect(desktop.output()).toMatch(/^Warren: no window opened because no Electron binary is installed/m);
      expect((await fetch(desktop.uiUrl!)).status).toBe(200);
    } finally {
      expect(await desktop.stop('SIGINT')).toBe(0);
    }
  });
});
