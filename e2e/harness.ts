// End-to-end harness: a real `warren serve` process (AMQP and UI on free ports, in memory, with
// its own settings dir) and Debian's Chromium driven by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

export interface E2eBroker {
  amqpUrl: string;
  uiUrl: string;
  settingsDir: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function startWarrenProcess(opts: { settingsDir?: string } = {}): Promise<E2eBroker> {
  const settingsDir = opts.settingsDir ?? mkdtempSync(join(tmpdir(), 'warren-e2e-'));
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--ui-port', '0', '--in-memory', '--host', '127.0.0.1', '--settings-dir', settingsDir, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => { out += d; });
  const { amqp, ui } = await new Promise<{ amqp: number; ui: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`warren did not print its ready lines in 10 s:\n${out}`)), 10_000);
    child.stdout!.on('data', (d: string) => {
      out += d;
      const a = /Warren ready: AMQP 0-9-1 on amqp:\/\/[^\s:]+:(\d+)/.exec(out);
      const u = /Warren UI: (http:\/\/\S+)/.exec(out);
      if (a && u) { clearTimeout(timer); resolve({ amqp: Number(a[1]), ui: u[1] }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`warren exited with ${code}:\n${out}`)); });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    amqpUrl: `amqp://guest:guest@127.0.0.1:${amqp}`,
    uiUrl: ui,
    settingsDir,
    process: child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (!opts.settingsDir) rmSync(settingsDir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Open the UI and collect console errors and CSP violations, which fail the tests. */
export async function openUi(browser: Browser, url: string, size = { width: 1440, height: 900 }): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: size });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  await page.getByText('ev/s').waitFor(); // connected and subscribed
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}
