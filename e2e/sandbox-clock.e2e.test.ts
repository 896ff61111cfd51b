// The sandbox clock in the real UI (Chromium) against `warren serve`: an administrator runs a
// vhost's clock at ×60 from Admin → Virtual hosts, the vhost is marked there and beside the vhost
// switcher, and a real client (amqplib) sees a 6 s TTL dead-letter within a second; back at ×1
// the mark goes. No sleeps: every wait is for something the user would see.
import amqp from 'amqplib';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../main/test-support/browser';
import { useUiSession } from '../main/test-support/ui-session';

let page: Page;
const session = useUiSession('e2e-clock');
beforeAll(() => { ({ page } = session); });

const UI_TIMEOUT = 20_000;
const dock = (): Locator => page.getByRole('region', { name: 'admin tool' });
const toolbarBadge = (): Locator => page.locator('header.toolbar').getByText('clock ×60');

describe('the sandbox clock', { timeout: 120_000 }, () => {
  it('runs a vhost ×60 from the admin panel, marks it, and a real client sees its TTL run fast', async () => {
    // the vhost comes from the management API, as a lesson's setup script would make it
    const made = await fetch(new URL('/api/vhosts/lab', session.warren.uiUrl), { method: 'PUT', headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
    expect(made.status).toBe(201);
    await page.getByRole('button', { name: 'Admin' }).click();
    const row = dock().getByTestId('vhost-lab');
    await row.waitFor({ timeout: UI_TIMEOUT });
    await row.getByLabel('clock of vhost lab').selectOption('60');
    await row.getByText('clock ×60').waitFor({ timeout: UI_TIMEOUT });

    await page.getByRole('combobox', { name: 'virtual host', exact: true }).selectOption('lab');
    await toolbarBadge().waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'clock-01-lab-at-x60');

    const conn = await amqp.connect(`${session.warren.amqpUrl}/lab`);
    try {
      const ch = await conn.createChannel();
      await ch.assertQueue('dlq');
      await ch.assertQueue('work', { arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
      const arrived = new Promise<number>((resolve) => { void ch.consume('dlq', () => resolve(Date.now()), { noAck: true }); });
      const sent = Date.now();
      ch.sendToQueue('work', Buffer.from('fast'), { expiration: '6000' });
      expect((await arrived) - sent).toBeLessThan(1500);
    } finally {
      await conn.close();
    }

    await row.getByLabel('clock of vhost lab').selectOption('1');
    await toolbarBadge().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(await row.getByText('clock ×60').count()).toBe(0);
    expect(session.problems).toEqual([]);
  });
});
