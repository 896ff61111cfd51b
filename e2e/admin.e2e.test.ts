// The admin panel in the real UI (Chromium) against `warren serve`: an administrator sets up a
// vhost, a user, its permissions and a policy that a real AMQP client (amqplib) then meets, exports
// and imports definitions; a management-tagged user sees no Admin button and is refused when it
// forces an admin command over the page's own connection. No sleeps: every wait is for something
// the user would see.
import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openUi, screenshot } from '../main/test-support/browser';
import { useUiSession } from '../main/test-support/ui-session';

let page: Page;
const session = useUiSession('e2e-admin');
beforeAll(() => { ({ page } = session); });

const UI_TIMEOUT = 20_000;
const dock = (): Locator => page.getByRole('region', { name: 'admin tool' });
const tab = async (name: string): Promise<void> => { await dock().getByRole('tab', { name }).click(); };
const amqpPort = (): string => new URL(session.warren.amqpUrl).port;

/** Send one contract command over a new WebSocket from the page (its login cookie goes along),
 *  as a user forcing a command the UI does not offer would. */
function force(p: Page, name: string, req: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return p.evaluate(([name, req]) => new Promise((resolve) => {
    const ws = new WebSocket(`ws://${location.host}/api/ws`);
    ws.onopen = () => ws.send(JSON.stringify({ type: 'command', id: 1, name, req }));
    ws.onmessage = (m) => { const f = JSON.parse(String(m.data)); if (f.type === 'result') { ws.close(); resolve(f.result); } };
  }), [name, req] as const);
}

/** The Users tab's form, as an administrator fills it in. */
async function saveUser(name: string, password: string, tags = ''): Promise<void> {
  await tab('Users');
  const form = dock().getByRole('form', { name: 'user', exact: true });
  await form.getByLabel('User name').fill(name);
  await form.getByLabel('Password').fill(password);
  await form.getByLabel('Tags').fill(tags);
  await form.getByRole('button', { name: 'Save user' }).click();
  await dock().getByTestId(`user-${name}`).waitFor({ timeout: UI_TIMEOUT });
}

/** The Permissions tab's form with its defaults: ".*" for configure, write and read. */
async function grantAll(user: string, vhost: string): Promise<void> {
  await tab('Permissions');
  const form = dock().getByRole('form', { name: 'permission', exact: true });
  await form.getByLabel('User').selectOption(user);
  await form.getByLabel('Vhost').selectOption(vhost);
  await form.getByRole('button', { name: 'Set permission' }).click();
  await dock().getByTestId(`permission-${user}-${vhost}`).waitFor({ timeout: UI_TIMEOUT });
}

describe('the admin panel', { timeout: 120_000 }, () => {
  it('sets up a vhost, a user, its permissions and a policy that a real client then meets', async () => {
    await page.getByRole('button', { name: 'Admin' }).click();
    const vhostForm = dock().getByRole('form', { name: 'new vhost' });
    await vhostForm.getByLabel('Name').fill('shop');
    await vhostForm.getByRole('button', { name: 'Add vhost' }).click();
    await dock().getByTestId('vhost-shop').waitFor({ timeout: UI_TIMEOUT });

    await saveUser('app', 'secret');
    await grantAll('app', 'shop');
    await screenshot(page, 'admin-01-permissions');

    // a real client logs in as the new user on the new vhost
    const conn = await amqp.connect(`amqp://app:secret@127.0.0.1:${amqpPort()}/shop`);
    try {
      const ch = await conn.createChannel();
      await ch.assertQueue('orders', { durable: false });
    } finally {
      await conn.close();
    }

    await tab('Policies');
    const policyForm = dock().getByRole('form', { name: 'policy', exact: true });
    await policyForm.getByLabel('Vhost').selectOption('shop');
    await policyForm.getByLabel('Policy name').fill('cap');
    await policyForm.getByLabel('Pattern').fill('^orders$');
    await policyForm.getByLabel('Apply to').selectOption('queues');
    await policyForm.getByLabel('Definition (JSON)').fill('{"max-length": "two"}');
    await policyForm.getByRole('button', { name: 'Save policy' }).click();
    await policyForm.getByRole('alert').filter({ hasText: /Validation failed/ }).waitFor({ timeout: UI_TIMEOUT });
    await policyForm.getByLabel('Definition (JSON)').fill('{"max-length": 2}');
    await policyForm.getByRole('button', { name: 'Save policy' }).click();
    await dock().getByTestId('policy-shop-cap').waitFor({ timeout: UI_TIMEOUT });

    // the queue's inspector shows the policy applying to it
    await page.getByLabel('virtual host').selectOption('shop');
    const inspector = page.getByRole('complementary', { name: 'inspector' });
    // the new vhost's nodes are laid out as they arrive: a click during that may land beside the
    // node, so click again until the inspector shows the queue (as a user would)
    for (let attempt = 1; ; attempt++) {
      await page.getByTestId('node-q:orders').click();
      try {
        await inspector.getByText('max-length').waitFor({ timeout: attempt < 3 ? 5000 : UI_TIMEOUT });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    await inspector.getByText('cap', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'admin-02-policy-on-queue');
  });

  it('exports the definitions to a file holding the user, vhost, permission and policy', async () => {
    await tab('Definitions');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: UI_TIMEOUT }), dock().getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toBe('warren-definitions.json');
    const defs = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(defs.users).toContainEqual(expect.objectContaining({ name: 'app', tags: [] }));
    expect(defs.vhosts).toContainEqual({ name: 'shop' });
    expect(defs.permissions).toContainEqual({ user: 'app', vhost: 'shop', configure: '.*', write: '.*', read: '.*' });
    expect(defs.policies).toContainEqual(expect.objectContaining({ vhost: 'shop', name: 'cap', pattern: '^orders$', definition: { 'max-length': 2 } }));
  });

  it('imports a definitions file and its queue appears on the canvas', async () => {
    const text = JSON.stringify({ queues: [{ name: 'imported', vhost: 'shop', durable: true, auto_delete: false, arguments: {} }] });
    await dock().locator('input[type=file]').setInputFiles({ name: 'more.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await dock().getByRole('button', { name: 'Import', exact: true }).click();
    await dock().getByTestId('import-result').filter({ hasText: 'Imported queues: 1' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('node-q:imported').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'admin-03-imported');
  });

  it('shows a management user no Admin button and refuses its forced admin command in words', async () => {
    await saveUser('watcher', 'pw', 'management');
    await grantAll('watcher', '/');

    const other = await openUi(session.browser, session.warren.uiUrl, { width: 1200, height: 800 }, ['watcher', 'pw']);
    try {
      const p = other.page;
      // the page's own whoAmI has answered once this one, sent after it, has
      expect(await force(p, 'whoAmI', {})).toMatchObject({ ok: true, value: { user: 'watcher', may: { view: false } } });
      expect(await p.getByRole('button', { name: 'Admin' }).count()).toBe(0);
      expect(await force(p, 'addVhost', { vhost: 'evil' })).toEqual({ ok: false, error: { code: 'ACCESS_REFUSED', message: 'only administrators may run addVhost', replyCode: 403 } });
      expect(await force(p, 'putUser', { name: 'watcher', tags: ['administrator'] })).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
      await screenshot(p, 'admin-04-management-user');
      expect(other.problems).toEqual([]);
    } finally {
      await other.page.close();
    }
  });
});
