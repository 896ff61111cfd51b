// From drawing to code, in the real UI (Chromium) against `warren serve`: the compatibility lint's
// badge on a node and its words in the inspector, and the Code tool writing the vhost as amqplib
// code that, run against a fresh vhost, declares the same queues. Topology made by amqplib.
import amqp from 'amqplib';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useUiSession } from '../main/test-support/ui-session';
import { openTool, see, UI_TIMEOUT } from '../main/test-support/ui-tools';

let page: Page;
const session = useUiSession('e2e-code-lint', async (s) => {
  await s.ch.assertExchange('shop', 'topic');
  await s.ch.assertQueue('tmp-orders', { durable: false });
  await s.ch.assertQueue('orders', { durable: true, arguments: { 'x-message-ttl': 60000 } });
  await s.ch.bindQueue('orders', 'shop', 'order.*');
  await s.ch.bindQueue('tmp-orders', 'shop', 'order.#');
});
beforeAll(() => { ({ page } = session); });

describe('compatibility lint and code in the window', () => {
  it('a transient queue carries a warning badge; the inspector says what RabbitMQ 4.3 does and what to do', async () => {
    const badge = page.getByTestId('lint-q:tmp-orders');
    await badge.waitFor({ timeout: UI_TIMEOUT });
    expect(await badge.textContent()).toBe('⚠ 1');
    expect(await page.getByTestId('lint-q:orders').count()).toBe(0);
    await page.getByTestId('node-q:tmp-orders').click();
    const list = page.getByRole('complementary', { name: 'inspector' }).getByRole('list', { name: 'compatibility warnings' });
    await see(list, 'RabbitMQ 4.3 refuses to declare it by default');
    await see(list, 'Instead: make it durable');
  });

  it('the Code tool writes the vhost as amqplib code that recreates it', async () => {
    const dock = await openTool(page, 'Code');
    await dock.getByRole('combobox', { name: 'language' }).selectOption('amqplib');
    const area = dock.getByRole('textbox', { name: 'generated code' });
    await see(dock, 'amqplib');
    await page.waitForFunction(() => (document.querySelector('textarea[aria-label="generated code"]') as HTMLTextAreaElement | null)?.value.includes('bindQueue("orders"'), null, { timeout: UI_TIMEOUT });
    await dock.getByRole('button', { name: 'Copy' }).click();
    await see(dock.getByRole('status'), 'Copied');
    const code = await area.inputValue();
    // run it against a fresh vhost of the same broker
    const api = new URL(session.warren.uiUrl);
    const auth = { Authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' };
    await fetch(`${api.origin}/api/vhosts/fresh`, { method: 'PUT', headers: auth, body: '{}' });
    await fetch(`${api.origin}/api/permissions/fresh/guest`, { method: 'PUT', headers: auth, body: JSON.stringify({ configure: '.*', write: '.*', read: '.*' }) });
    const dir = mkdtempSync(join(tmpdir(), 'warren-e2e-code-'));
    try {
      writeFileSync(join(dir, 'topology.js'), code);
      const url = `${session.warren.amqpUrl.replace(/\/$/, '')}/fresh`;
      await new Promise<void>((resolve, reject) => execFile(process.execPath, [join(dir, 'topology.js')], {
        env: { ...process.env, AMQP_URL: url, NODE_PATH: fileURLToPath(new URL('../node_modules', import.meta.url)) }, timeout: 20_000,
      }, (err, _o, stderr) => (err ? reject(new Error(stderr)) : resolve())));
      const conn = await amqp.connect(url);
      const ch = await conn.createChannel();
      expect((await ch.checkQueue('orders')).queue).toBe('orders');
      expect((await ch.checkQueue('tmp-orders')).queue).toBe('tmp-orders');
      await ch.checkExchange('shop');
      await conn.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
