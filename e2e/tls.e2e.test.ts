// The browser UI over HTTPS: `warren serve --tls-cert --tls-key` with certificates the test makes
// serves the page, the login and /api/ws (as wss://) on the UI port; Chromium logs in and the
// window goes live. (Chromium is told to accept the test CA's certificate; the Node clients of
// main/integration/tls*.test.ts check it against the CA.)
import amqp from 'amqplib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openUi, screenshot } from '../main/test-support/browser';
import { makeTestCertificates } from '../main/test-support/tls-cert';
import { useTempDirs } from '../main/test-support/tmp-dir';
import { listenerPort, spawnWarren, type WarrenProcess } from '../main/test-support/warren-process';

const tempDir = useTempDirs('tls-e2e', { keep: 'file' });
let warren: WarrenProcess;
let browser: Browser;
let caPem: string;

beforeAll(async () => {
  const certs = makeTestCertificates(tempDir());
  caPem = certs.caPem;
  warren = await spawnWarren(['--port', '0', '--in-memory', '--ui-port', '0', '--settings-dir', tempDir(), '--tls-cert', certs.certFile, '--tls-key', certs.keyFile,
    '--amqps-port', '0', '--mqtts-port', '0', '--web-mqtts-port', '0'], { ui: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await warren?.stop();
});

describe('the UI over HTTPS', () => {
  it('logs in and goes live over wss://: a queue an AMQPS client declares appears', async () => {
    expect(warren.uiUrl).toMatch(/^https:\/\//);
    const { page, problems } = await openUi(browser, warren.uiUrl!, undefined, undefined, { ignoreHTTPSErrors: true });
    expect(page.url()).toMatch(/^https:\/\//);
    const c = await amqp.connect(`amqps://guest:guest@127.0.0.1:${listenerPort(warren, 'amqps')}`, { ca: [caPem] });
    await (await c.createChannel()).assertQueue('declared-over-tls');
    await page.getByText('declared-over-tls').first().waitFor({ timeout: 20_000 });
    await c.close();
    await screenshot(page, 'tls-ui');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
