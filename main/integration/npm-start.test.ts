// `npm start` (bin/start.js) where no Electron binary is installed: it runs the broker headless,
// says so, and opens the UI in the default browser through the OS's opener (xdg-open here; a
// recording stand-in on PATH stands for the desktop), or with --no-browser only prints it.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { within } from '../test-support/wait';

const start = fileURLToPath(new URL('../../bin/start.js', import.meta.url));

function electronInstalled(): boolean {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path);
  } catch { return false; }
}

let child: ChildProcess | null = null;
let dir = '';
afterEach(() => {
  child?.kill('SIGTERM');
  child = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** bin/start.js with a stand-in xdg-open on PATH that writes the URL it is given to a file. */
function runStart(extra: string[]): { output: () => string; opened: string } {
  dir = mkdtempSync(join(tmpdir(), 'warren-start-'));
  const opened = join(dir, 'opened');
  writeFileSync(join(dir, 'xdg-open'), `#!/bin/sh\necho "$1" > ${opened}\n`);
  chmodSync(join(dir, 'xdg-open'), 0o755);
  let out = '';
  child = spawn(process.execPath, [start, '--port', '0', '--ui-port', '0', '--in-memory', '--no-mqtt', '--no-prometheus', ...extra], {
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, WARREN_NO_BROWSER: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  return { output: () => out, opened };
}

async function uiUrl(output: () => string): Promise<string> {
  return within((async () => {
    for (;;) {
      const m = /Warren UI: (\S+)/.exec(output());
      if (m) return m[1]!;
      await new Promise((r) => setTimeout(r, 50));
    }
  })(), 15_000, 'the Warren UI line');
}

describe.skipIf(electronInstalled())('npm start without Electron', () => {
  it('runs headless, says why, and opens the UI in the default browser', async () => {
    const run = runStart([]);
    const url = await uiUrl(run.output);
    expect(run.output()).toContain('Warren: no window opened because no Electron binary is installed');
    expect(run.output()).toContain('with the same UI in your default browser');
    await within((async () => { while (!existsSync(run.opened) || readFileSync(run.opened, 'utf8').trim() === '') await new Promise((r) => setTimeout(r, 50)); })(), 10_000, 'the browser to be opened');
    expect(readFileSync(run.opened, 'utf8').trim()).toBe(url);
    expect((await fetch(url)).status).toBe(200);
  });

  it('--no-browser only prints the address', async () => {
    const run = runStart(['--no-browser']);
    await uiUrl(run.output);
    expect(run.output()).toContain('in a browser at the "Warren UI" address below');
    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(run.opened)).toBe(false);
  });
});
