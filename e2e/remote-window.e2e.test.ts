// The window on another broker, in the real UI (Chromium) against `warren serve`: the remote is a
// second `warren serve` reached through its management HTTP API (the same API RabbitMQ has). A
// profile added in the UI, a switch that shows the remote's queues (declared there with amqplib),
// a declare confirmed first (cancel sends nothing), a read-only profile that disables and refuses,
// dead letters returned and the firehose read over the profile's AMQP address, a wrong password
// read as main's sentence, a profile that keeps no password asking for it, the remote's nodes,
// the way back to This computer, and the remote's definitions imported there. No sleeps: every
// wait is for something the user would see.
import amqp from 'amqplib';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../main/test-support/browser';
import { startWarrenProcess, type E2eBroker } from '../main/test-support/e2e-broker';
import { useUiSession } from '../main/test-support/ui-session';
import { openTool, see, UI_TIMEOUT } from '../main/test-support/ui-tools';

let page: Page;
let remote: E2eBroker;
const session = useUiSession('e2e-remote-window');
beforeAll(async () => {
  ({ page } = session);
  remote = await startWarrenProcess();
}, 60_000);
afterAll(async () => { await remote?.stop(); });

const node = (id: string): Locator => page.getByTestId(`node-${id}`);
const brokerButton = (): Locator => page.getByRole('button', { name: 'broker' });
const remoteHost = (): string => new URL(remote.uiUrl).host;

type Reply = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

/** Another window of this login session (a new WebSocket from the page: its login cookie goes
 *  along) switched to the profile named `profile`, then sending `name` as a user forcing a command
 *  the UI does not offer would. The replies to useProfile and to the command. */
function forceOn(profile: string, name: string, req: unknown): Promise<[Reply, Reply]> {
  return page.evaluate(([profile, name, req]) => new Promise<[Reply, Reply]>((resolve) => {
    const ws = new WebSocket(`ws://${location.host}/api/ws`);
    const replies: Reply[] = [];
    const send = (id: number, n: string, r: unknown): void => ws.send(JSON.stringify({ type: 'command', id, name: n, req: r }));
    ws.onopen = () => send(1, 'listProfiles', {});
    ws.onmessage = (m) => {
      const f = JSON.parse(String(m.data)) as { type: string; id: number; result: Reply };
      if (f.type !== 'result') return;
      replies.push(f.result);
      if (f.id === 1) send(2, 'useProfile', { id: (f.result.value as Array<{ id: string; name: string }>).find((p) => p.name === profile)?.id });
      else if (f.id === 2) send(3, name, req);
      else { ws.close(); resolve([replies[1], replies[2]]); }
    };
  }), [profile, name, req] as const);
}

/** "Manage profiles…" → "Add profile", filled in as a user would. */
async function addProfile(name: string, password: string, readOnly = false, amqpUrl = ''): Promise<void> {
  await brokerButton().click();
  await page.getByRole('menuitem', { name: 'Manage profiles…' }).click();
  const dialog = page.getByRole('dialog', { name: 'profiles' });
  await dialog.getByRole('button', { name: 'Add profile' }).click();
  const form = dialog.getByRole('form', { name: 'new profile' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Management URL').fill(remote.uiUrl.replace(/\/$/, ''));
  await form.getByLabel('User').fill('guest');
  await form.getByLabel(/^Password/).fill(password);
  if (readOnly) await form.getByLabel(/read-only/).check();
  if (amqpUrl) await form.getByLabel('AMQP URL (optional)').fill(amqpUrl);
  if (name === 'other') await screenshot(page, 'remote-profile-form');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await see(dialog.getByRole('table', { name: 'saved profiles' }), name);
  await dialog.getByRole('button', { name: 'Close' }).click();
}

async function switchTo(name: string | RegExp): Promise<void> {
  await brokerButton().click();
  await page.getByRole('menu', { name: 'brokers' }).getByRole('menuitem', { name }).click();
}

describe('the window on another broker', { timeout: 120_000 }, () => {
  it('adds a profile, switches to it and shows the remote\'s queues, marked as remote', async () => {
    const conn = await amqp.connect(remote.amqpUrl);
    const ch = await conn.createChannel();
    await ch.assertQueue('declared.on.remote');
    await addProfile('other', 'guest', false, `amqp://127.0.0.1:${new URL(remote.amqpUrl).port}`);
    await switchTo(/^other/);
    await see(brokerButton(), /^other — Warren/);
    await see(page.getByRole('status', { name: 'remote broker' }), 'Remote: other (Warren');
    await node('q:declared.on.remote').waitFor({ timeout: UI_TIMEOUT });
    await conn.close();
    await screenshot(page, 'remote-window');
    const nodes = await openTool(page, 'Nodes');
    await see(nodes.getByRole('row'), /running/);
    await nodes.getByRole('button', { name: 'close tool' }).click();
  });

  it('asks before declaring a queue on the remote: cancel sends nothing, yes declares it there', async () => {
    await page.getByRole('button', { name: '+ Queue' }).click();
    const form = page.getByRole('form', { name: 'new queue' });
    await form.getByLabel('Name').fill('made.in.window');
    await form.getByRole('button', { name: 'Declare queue' }).click();
    const ask = page.getByRole('alertdialog', { name: 'confirm change on a remote broker' });
    await see(ask, `Declare queue 'made.in.window' in vhost '/' on other (Warren at ${remoteHost()})?`);
    await screenshot(page, 'remote-confirm');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    const conn = await amqp.connect(remote.amqpUrl);
    const probe = await conn.createChannel();
    probe.on('error', () => {});
    await expect(probe.checkQueue('made.in.window')).rejects.toThrow(/404/);
    await form.getByRole('button', { name: 'Declare queue' }).click();
    await ask.getByRole('button', { name: 'Yes, do it' }).click();
    await node('q:made.in.window').waitFor({ timeout: UI_TIMEOUT });
    const ch = await conn.createChannel();
    expect((await ch.checkQueue('made.in.window')).queue).toBe('made.in.window');
    await conn.close();
  });

  it('returns dead letters from the remote\'s DLQ to their exchange, after asking', async () => {
    const conn = await amqp.connect(remote.amqpUrl);
    const ch = await conn.createChannel();
    await ch.assertExchange('work.dlx', 'fanout');
    await ch.assertQueue('work.dlq');
    await ch.bindQueue('work.dlq', 'work.dlx', '');
    await ch.assertQueue('work', { deadLetterExchange: 'work.dlx' });
    ch.sendToQueue('work', Buffer.from('job 1'));
    const got = await ch.get('work');
    ch.nack(got as amqp.GetMessage, false, false);
    await see(node('q:work.dlq').getByTestId('ready-work.dlq'), /^1$/);
    await node('q:work.dlq').click();
    const inspector = page.getByRole('complementary', { name: 'inspector' });
    await inspector.getByRole('button', { name: 'Return dead letters to their exchanges' }).click();
    const ask = page.getByRole('alertdialog', { name: 'confirm change on a remote broker' });
    await see(ask, "Return up to 1 dead letter from queue 'work.dlq' to their exchanges on other");
    await ask.getByRole('button', { name: 'Yes, do it' }).click();
    await see(inspector.getByTestId('dead-letter-result'), '1 message moved back');
    await see(node('q:work').getByTestId('ready-work'), /^1$/);
    expect((await ch.checkQueue('work.dlq')).messageCount).toBe(0);
    await conn.close();
  });

  it('reads the remote\'s firehose in the Trace tool once switched on, its cost said first', async () => {
    const trace = await openTool(page, 'Trace');
    await see(trace.getByTestId('firehose-cost'), 'roughly doubles its message work');
    // click, not check(): the box stays as it is until the change is confirmed and made
    await trace.getByLabel("Live traffic from RabbitMQ's firehose").click();
    const ask = page.getByRole('alertdialog', { name: 'confirm change on a remote broker' });
    await see(ask, "Switch the firehose on in vhost '/' on other");
    await ask.getByRole('button', { name: 'Yes, do it' }).click();
    await trace.getByTestId('firehose-cost').waitFor({ state: 'detached' });
    const conn = await amqp.connect(remote.amqpUrl);
    const ch = await conn.createChannel();
    ch.publish('', 'declared.on.remote', Buffer.from('seen by the firehose'));
    await see(trace.getByRole('list', { name: 'traced messages' }), 'declared.on.remote');
    await conn.close();
    await trace.getByRole('button', { name: 'close tool' }).click();
  });

  it('on a read-only profile disables the changing controls, and main refuses a forced change', async () => {
    await addProfile('other-ro', 'guest', true);
    await switchTo(/^other-ro/);
    await see(page.getByRole('status', { name: 'remote broker' }), 'Remote: other-ro');
    await page.getByTestId('read-only-badge').waitFor();
    const add = page.getByRole('button', { name: '+ Queue' });
    expect(await add.isDisabled()).toBe(true);
    expect(await add.getAttribute('title')).toContain("'other-ro' is a read-only profile");
    const [used, declared] = await forceOn('other-ro', 'declareQueue', { vhost: '/', name: 'forced.read.only', durable: true, exclusive: false, autoDelete: false });
    expect(used.ok).toBe(true);
    expect(declared).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
    expect(declared.error!.message).toContain("'other-ro' is read-only");
    const conn = await amqp.connect(remote.amqpUrl);
    const probe = await conn.createChannel();
    probe.on('error', () => {});
    await expect(probe.checkQueue('forced.read.only')).rejects.toThrow(/404/);
    await conn.close();
  });

  it('says why a switch failed (a wrong password), stays where it was, and goes back to This computer', async () => {
    await addProfile('other-bad', 'not-the-password');
    await switchTo(/^other-bad/);
    const alert = page.locator('.target-switcher').getByRole('alert');
    await see(alert, /^Could not switch to other-bad: /);
    expect(await alert.textContent()).toMatch(/password|refused|credentials|401/i);
    await see(brokerButton(), /^other-ro/);
    await switchTo('This computer');
    await see(brokerButton(), /^This computer/);
    await page.getByRole('status', { name: 'remote broker' }).waitFor({ state: 'detached' });
    expect(await node('q:declared.on.remote').count()).toBe(0);
  });

  it('asks for the password of a profile that keeps none, and switches with it', async () => {
    await addProfile('other-asks', '');
    await switchTo(/^other-asks/);
    const dialog = page.getByRole('dialog', { name: 'password for other-asks' });
    await dialog.getByLabel('Password').fill('guest');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await see(page.getByRole('status', { name: 'remote broker' }), 'Remote: other-asks');
    await node('q:declared.on.remote').waitFor({ timeout: UI_TIMEOUT });
    await switchTo('This computer');
    await see(brokerButton(), /^This computer/);
  });

  it('imports a profile\'s definitions into This computer, and its queues appear here', async () => {
    await page.getByRole('button', { name: 'Admin' }).click();
    const dock = page.getByRole('region', { name: 'admin tool' });
    await dock.getByRole('tab', { name: 'Definitions' }).click();
    const form = dock.getByRole('region', { name: 'import from a profile' });
    await form.getByLabel('Profile').selectOption({ label: 'other' });
    await form.getByRole('button', { name: 'Import into This computer' }).click();
    await see(form.getByTestId('profile-import-result'), /^Imported .*queues: \d+.* from other into This computer$/);
    await node('q:declared.on.remote').waitFor({ timeout: UI_TIMEOUT });
    expect(session.problems).toEqual([]);
  });
});
