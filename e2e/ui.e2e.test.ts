// The browser UI against a real `warren serve`, in Debian's Chromium, checked with a real AMQP
// client (amqplib). Screenshots of each step go to e2e/artifacts/. No sleeps: every wait is for
// something the user would see.
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../main/test-support/browser';
import { drawEdge } from '../main/test-support/canvas-edges';
import { useUiSession } from '../main/test-support/ui-session';
import { until } from '../main/test-support/wait';

let page: Page;
let problems: string[];
let conn: ChannelModel;
let ch: Channel;

const node = (id: string) => page.getByTestId(`node-${id}`);
const overlayCount = async (key: 'received' | 'markers' | 'dead' | 'bursts'): Promise<number> =>
  Number(await page.getByTestId('flow-overlay').getAttribute(`data-${key}`) ?? '0');

/** The palette's exchange form, filled and submitted; `fields`: a plugin type's argument fields by label. */
async function declareFromPalette(name: string, type: string, fields: Record<string, string> = {}): Promise<void> {
  await page.getByRole('button', { name: '+ Exchange' }).click();
  const xf = page.getByRole('form', { name: 'new exchange' });
  await xf.getByLabel('Name').fill(name);
  await xf.getByLabel('Type').selectOption(type);
  for (const [label, value] of Object.entries(fields)) await xf.getByLabel(label, { exact: true }).fill(value);
  await xf.getByRole('button', { name: 'Declare exchange' }).click();
}

const session = useUiSession('e2e-client');
beforeAll(() => { ({ page, problems, conn, ch } = session); });

describe('the browser UI against warren serve', { timeout: 90_000 }, () => {
  it('draws an exchange, a queue and a binding that a real AMQP client then uses', async () => {
    await declareFromPalette('shop', 'topic');
    await node('x:shop').waitFor();

    await page.getByRole('button', { name: '+ Queue' }).click();
    const qf = page.getByRole('form', { name: 'new queue' });
    await qf.getByLabel('Name').fill('shop.orders');
    await qf.getByLabel('Message TTL (ms)').fill('60000');
    await qf.getByLabel('Max length (messages)').fill('500');
    await qf.getByRole('button', { name: 'Declare queue' }).click();
    await node('q:shop.orders').waitFor();
    await node('q:shop.orders').getByText('TTL 1m').waitFor();
    await screenshot(page, '01-drawn-exchange-and-queue');

    await drawEdge(page, 'x:shop', 'q:shop.orders');
    const dialog = page.getByRole('form', { name: 'create binding' });
    await dialog.getByLabel('Routing key').fill('order.*');
    await screenshot(page, '02-binding-dialog');
    await dialog.getByRole('button', { name: 'Bind' }).click();
    await page.getByText('order.*').first().waitFor();
    await screenshot(page, '03-binding-drawn');

    // A real client sees what was drawn.
    await ch.checkExchange('shop');
    const q = await ch.checkQueue('shop.orders');
    expect(q.messageCount).toBe(0);
    ch.publish('shop', 'order.created', Buffer.from('hello'));
    const got = await until(() => ch.get('shop.orders', { noAck: true }), { ms: UI_TIMEOUT });
    expect(got && got.content.toString()).toBe('hello');
  });

  it('shows the broker refusing, in words, next to the form', async () => {
    await page.getByRole('button', { name: '+ Exchange' }).click();
    const xf = page.getByRole('form', { name: 'new exchange' });
    await xf.getByLabel('Name').fill('amq.mine');
    await xf.getByRole('button', { name: 'Declare exchange' }).click();
    await see(xf.getByRole('alert'), /\(403\).*reserved prefix 'amq\.\*'/);
    await xf.getByLabel('Name').fill('shop');
    await xf.getByLabel('Type').selectOption('fanout');
    await xf.getByRole('button', { name: 'Declare exchange' }).click();
    await see(xf.getByRole('alert'), /\(406\).*inequivalent arg 'type'/);
    await screenshot(page, '04-broker-error-406');
    await xf.getByRole('button', { name: 'Cancel' }).click();
  });

  it('declares a plugin exchange type from the palette, labelled on the canvas, that routes for a real client', async () => {
    await declareFromPalette('shards', 'x-consistent-hash');
    await node('x:shards').getByText('x-consistent-hash').waitFor();
    await ch.assertQueue('shards.one');
    await ch.bindQueue('shards.one', 'shards', '1');
    ch.publish('shards', 'any-key', Buffer.from('sharded'));
    const got = await until(() => ch.get('shards.one', { noAck: true }), { ms: UI_TIMEOUT });
    expect(got && got.content.toString()).toBe('sharded');
    await ch.deleteQueue('shards.one');
    await ch.deleteExchange('shards');
  });

  it('declares a recent-history exchange with its length from the palette; a queue a client binds later gets that many', async () => {
    await declareFromPalette('latest', 'x-recent-history', { 'History length': '2' });
    await node('x:latest').getByText('x-recent-history').waitFor();
    for (const body of ['one', 'two', 'three']) ch.publish('latest', '', Buffer.from(body));
    await ch.assertQueue('latest.late');
    await ch.bindQueue('latest.late', 'latest', '');
    const got: string[] = [];
    await until(async () => {
      const m = await ch.get('latest.late', { noAck: true });
      if (m) got.push(m.content.toString());
      return got.length === 2;
    }, { ms: UI_TIMEOUT });
    expect(got).toEqual(['two', 'three']);
    await ch.deleteQueue('latest.late');
    await ch.deleteExchange('latest');
  });

  it('shows topology a real client declares, and removes what it deletes', async () => {
    await ch.assertExchange('billing', 'direct');
    await ch.assertQueue('billing.invoices');
    await ch.bindQueue('billing.invoices', 'billing', 'invoice');
    await node('x:billing').waitFor();
    await node('q:billing.invoices').waitFor();
    await page.getByText('invoice', { exact: true }).waitFor();
    await ch.deleteQueue('billing.invoices');
    await node('q:billing.invoices').waitFor({ state: 'detached' });
    await screenshot(page, '05-client-declared');
  });

  it('shows counts and markers for messages a real client publishes', async () => {
    const before = await overlayCount('markers');
    for (let i = 0; i < 5; i++) ch.publish('shop', 'order.paid', Buffer.from(`m${i}`));
    await see(node('q:shop.orders').getByTestId('ready-shop.orders'), /^5$/);
    await expect.poll(() => overlayCount('markers'), { timeout: UI_TIMEOUT }).toBeGreaterThan(before);
    await node('p:' + (await connectionIdOf('e2e-client'))).waitFor(); // the producer appears
    await screenshot(page, '06-published-counts-and-markers');
  });

  it('shows a rejected message dead-lettered into the DLQ with its own marker', async () => {
    await ch.assertExchange('dead', 'fanout');
    await ch.assertQueue('dead.letters');
    await ch.bindQueue('dead.letters', 'dead', '');
    await ch.assertQueue('work', { arguments: { 'x-dead-letter-exchange': 'dead' } });
    await node('q:work').waitFor();
    await page.getByText('dead letters', { exact: true }).waitFor(); // the queue -> DLX edge
    const deadBefore = await overlayCount('dead');
    ch.sendToQueue('work', Buffer.from('bad'));
    const msg = await until(() => ch.get('work', { noAck: false }), { ms: UI_TIMEOUT });
    ch.reject(msg!, false);
    await see(node('q:dead.letters').getByTestId('ready-dead.letters'), /^1$/);
    await expect.poll(() => overlayCount('dead'), { timeout: UI_TIMEOUT }).toBeGreaterThan(deadBefore);
    await screenshot(page, '07-dead-lettered');
  });

  it('pauses the animation, not the broker', async () => {
    await page.getByRole('button', { name: /Pause/ }).click();
    await page.getByRole('note').filter({ hasText: /Paused/ }).waitFor();
    const frozen = await overlayCount('markers');
    const receivedBefore = await overlayCount('received');
    for (let i = 0; i < 3; i++) ch.publish('shop', 'order.held', Buffer.from('p'));
    await see(node('q:shop.orders').getByTestId('ready-shop.orders'), /^8$/); // the broker carried on
    // The overlay's counts refresh a few times a second: wait until they include the new events.
    await expect.poll(() => overlayCount('received'), { timeout: UI_TIMEOUT }).toBeGreaterThan(receivedBefore);
    expect(await overlayCount('markers')).toBe(frozen); // the picture did not
    await screenshot(page, '08a-paused');
    await page.getByRole('button', { name: /Resume/ }).click();
    await page.getByLabel('animation speed').selectOption('0.25');
  });

  it('keeps a dragged node where the user put it across a reload', async () => {
    const n = node('q:shop.orders');
    const box = (await n.boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + 12);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, box.y + 160, { steps: 10 });
    await page.mouse.up();
    const moved = (await n.boundingBox())!;
    expect(moved.y - box.y).toBeGreaterThan(100);
    const dropped = (await drawnAt('q:shop.orders'))!;
    const saved = await until(async () => (await readLayout())['q:shop.orders'], { ms: UI_TIMEOUT, what: 'the saved layout' });
    expect(saved).toEqual(dropped);
    await page.reload();
    await page.getByText('ev/s').waitFor();
    await node('q:shop.orders').waitFor();
    // Drawn where it was dropped, not where the automatic layout would put it.
    await expect.poll(() => drawnAt('q:shop.orders'), { timeout: UI_TIMEOUT }).toEqual(dropped);
    await screenshot(page, '08-layout-after-reload');
  });

  it('asks before deleting a queue, saying how many messages would be lost', async () => {
    await node('q:shop.orders').click();
    await page.getByRole('button', { name: 'Delete queue…' }).click();
    const dialog = page.getByRole('dialog');
    await see(dialog, /8 messages would be lost/);
    await screenshot(page, '09-confirm-delete');
    await dialog.getByRole('button', { name: 'Delete queue' }).click();
    await node('q:shop.orders').waitFor({ state: 'detached' });
    const probe = await conn.createChannel();
    probe.on('error', () => {}); // the 404 closes this channel, as it should
    await expect(probe.checkQueue('shop.orders')).rejects.toThrow(/404/);
  });

  it('switches to another virtual host, created with the management API, and shows only its topology', async () => {
    const api = `${session.warren.uiUrl.replace(/\/$/, '')}/api/vhosts/team-a`;
    const auth = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
    expect((await fetch(api, { method: 'PUT', headers: { authorization: auth } })).status).toBe(201);
    const other = await amqp.connect(`${session.warren.amqpUrl}/team-a`);
    try {
      const och = await other.createChannel();
      await och.assertQueue('team-a.jobs');
      const picker = page.getByRole('combobox', { name: 'virtual host' });
      await picker.locator('option', { hasText: 'team-a' }).waitFor({ state: 'attached' });
      await picker.selectOption('team-a');
      await node('q:team-a.jobs').waitFor();
      await node('x:billing').waitFor({ state: 'detached' });
      await screenshot(page, '10-vhost-switched');
      await picker.selectOption('/');
      await node('x:billing').waitFor();
      await node('q:team-a.jobs').waitFor({ state: 'detached' });
    } finally {
      await other.close();
    }
  });

  it('asks a new browser to log in, says why a login fails, and logs out', async () => {
    const fresh = await session.browser.newPage({ viewport: { width: 1000, height: 700 } });
    try {
      await fresh.goto(session.warren.uiUrl);
      const form = fresh.getByRole('form', { name: 'log in' });
      await form.getByLabel('User').fill('guest');
      await form.getByLabel('Password').fill('wrong');
      await form.getByRole('button', { name: 'Log in' }).click();
      await form.getByRole('alert').filter({ hasText: 'Wrong user name or password' }).waitFor();
      await screenshot(fresh, '11-login-refused');
      await form.getByLabel('Password').fill('guest');
      await form.getByRole('button', { name: 'Log in' }).click();
      await fresh.getByText('ev/s').waitFor();
      await fresh.getByRole('button', { name: 'Log out' }).click();
      await fresh.getByRole('form', { name: 'log in' }).waitFor();
      // the session is gone: the contract's WebSocket is refused without one
      expect(await fresh.evaluate(() => new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/api/ws`);
        ws.onopen = () => resolve('opened');
        ws.onerror = () => resolve('refused');
      }))).toBe('refused');
    } finally {
      await fresh.close();
    }
  });

  it('loads with no console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});

/** Bounded waits for what the user would see: generous because `npm test` runs on 2 busy cores. */
const UI_TIMEOUT = 20_000;

/** Wait until the user would see this text there. */
async function see(where: Locator, text: RegExp): Promise<void> {
  await where.filter({ hasText: text }).first().waitFor({ timeout: UI_TIMEOUT });
}

async function readLayout(): Promise<Record<string, { x: number; y: number }>> {
  return page.evaluate(async () => {
    // the page's own WebSocket client is not reachable from here; ask the server directly
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://${location.host}/api/ws`);
      ws.onopen = () => ws.send(JSON.stringify({ type: 'command', id: 1, name: 'getLayout', req: { vhost: '/' } }));
      ws.onmessage = (m) => { const f = JSON.parse(String(m.data)); if (f.type === 'result') { ws.close(); resolve(f.result.value); } };
    });
  });
}

/** Where the canvas draws a node, in canvas coordinates (React Flow's transform of the node). */
async function drawnAt(id: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((id) => {
    const el = document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
    if (!el) return null;
    const m = new DOMMatrixReadOnly(getComputedStyle(el).transform);
    return { x: Math.round(m.m41), y: Math.round(m.m42) };
  }, id);
}

async function connectionIdOf(name: string): Promise<string> {
  const ids = await page.evaluate(async (n) => new Promise<string[]>((resolve) => {
    const ws = new WebSocket(`ws://${location.host}/api/ws`);
    ws.onopen = () => ws.send(JSON.stringify({ type: 'command', id: 1, name: 'getSnapshot', req: { vhost: '/' } }));
    ws.onmessage = (m) => {
      const f = JSON.parse(String(m.data));
      if (f.type !== 'result') return;
      ws.close();
      resolve(f.result.value.connections.filter((c: { clientProperties: Record<string, unknown> }) => c.clientProperties.connection_name === n).map((c: { id: string }) => c.id));
    };
  }), name);
  return ids[0];
}
