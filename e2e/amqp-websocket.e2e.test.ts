// A web page as an AMQP client: a plain page served from another origin loads the browser build of
// @cloudamqp/amqp-client in Debian's Chromium, opens ws://<ui>/amqp as a broker user (a page of
// another site is never loopback, so not guest) and publishes; amqplib over TCP receives it, and
// Warren's own UI lists the page's connection as AMQP 0-9-1 over WebSocket.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../main/test-support/browser';
import { useUiSession } from '../main/test-support/ui-session';
import { within } from '../main/test-support/wait';

const UI_TIMEOUT = 20_000;
const USER = ['web-page', 'web-secret'] as const;
/** the browser bundle the package ships (an ES module with no imports) */
const CLIENT = fileURLToPath(new URL('../node_modules/@cloudamqp/amqp-client/dist/amqp-websocket-client.mjs', import.meta.url));
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>AMQP page</title></head><body>
<form aria-label="publish"><input name="body" aria-label="Message" value="hello from a page"><button>Publish</button></form>
<p role="status"></p>
<script type="module">
import { AMQPWebSocketClient } from './amqp-client.mjs';
const params = new URLSearchParams(location.search);
const status = document.querySelector('[role=status]');
let channel;
document.querySelector('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    if (!channel) {
      const amqp = new AMQPWebSocketClient({ url: params.get('ws'), vhost: '/', username: params.get('user'), password: params.get('password'), name: 'browser-page' });
      channel = await (await amqp.connect()).channel();
    }
    await channel.basicPublish('', 'from-browser', e.target.body.value);
    status.textContent = 'published';
  } catch (err) { status.textContent = 'failed: ' + err.message; }
});
</script></body></html>`;

let site: Server;
let siteUrl: string;
const session = useUiSession('amqp-ws-e2e', async ({ ch, warren }) => {
  await ch.assertQueue('from-browser');
  const auth = { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' };
  const api = new URL('api/', warren.uiUrl);
  await fetch(new URL(`users/${USER[0]}`, api), { method: 'PUT', headers: auth, body: JSON.stringify({ password: USER[1], tags: '' }) });
  await fetch(new URL(`permissions/%2F/${USER[0]}`, api), { method: 'PUT', headers: auth, body: JSON.stringify({ configure: '.*', write: '.*', read: '.*' }) });
});

beforeAll(async () => {
  // the page's own origin: another port than the broker's UI
  site = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
    else if (path === '/amqp-client.mjs') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(CLIENT));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
});
afterAll(async () => { await new Promise((r) => site?.close(r)); });

describe('AMQP over WebSocket from a web page', { timeout: 90_000 }, () => {
  it('a page publishes over ws://…/amqp and an amqplib consumer receives it; the UI shows the WebSocket connection', async () => {
    const received = new Promise<string>((resolve) => void session.ch.consume('from-browser', (m) => resolve(m!.content.toString()), { noAck: true }));
    const page = await session.browser.newPage();
    const ws = new URL('amqp', session.warren.uiUrl.replace(/^http/, 'ws')).href;
    await page.goto(`${siteUrl}?${new URLSearchParams({ ws, user: USER[0], password: USER[1] })}`);
    await page.getByLabel('Message').fill('hello from a page');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'published' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await within(received, UI_TIMEOUT, 'the message at the amqplib consumer')).toBe('hello from a page');

    const ui = session.page;
    const dock = ui.getByRole('region', { name: 'connections tool' });
    if (!(await dock.isVisible())) await ui.getByRole('navigation', { name: 'tools' }).getByRole('button', { name: 'Connections', exact: true }).click();
    const card: Locator = dock.getByRole('region', { name: 'connection browser-page' });
    await card.filter({ hasText: /AMQP 0-9-1 over WebSocket/ }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(ui, 'amqp-websocket-connection');
    expect(session.problems).toEqual([]);
    await page.close();
  });
});
