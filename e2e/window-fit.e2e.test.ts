// The window at 1280×800, 1440×900 and 1920×1080 with a small app running (a topic exchange,
// three queues, a dead-letter exchange and queue, a consumer that rejects): the graph fits the
// canvas with a tool dock open and closed, no minimap covers a node, the toolbar keeps its status
// in view in two rows, and no edge label covers a node's title. Measured from the page's boxes, not pixels.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openUi, screenshot } from '../main/test-support/browser';
import { startWarrenProcess, type E2eBroker } from '../main/test-support/e2e-broker';
import amqp, { type ChannelModel } from 'amqplib';
import { openTool, UI_TIMEOUT } from '../main/test-support/ui-tools';

let warren: E2eBroker;
let browser: Browser;
let conn: ChannelModel;
let timer: NodeJS.Timeout;
beforeAll(async () => {
  warren = await startWarrenProcess();
  browser = await launchChromium();
  conn = await amqp.connect(warren.amqpUrl);
  const ch = await conn.createChannel();
  await ch.assertExchange('events', 'topic');
  await ch.assertExchange('dlx', 'fanout');
  await ch.assertQueue('dead');
  await ch.bindQueue('dead', 'dlx', '');
  for (const [q, k] of [['orders', 'order.*'], ['payments', 'payment.#'], ['audit', '#']] as const) {
    await ch.assertQueue(q, { arguments: { 'x-dead-letter-exchange': 'dlx' } });
    await ch.bindQueue(q, 'events', k);
  }
  const rejecter = await conn.createChannel();
  await rejecter.consume('orders', (m) => { if (m) rejecter.reject(m, false); });
  timer = setInterval(() => ch.publish('events', 'order.created', Buffer.from('{}')), 100);
}, 60_000);
afterAll(async () => {
  clearInterval(timer);
  await conn?.close().catch(() => {});
  await browser?.close();
  await warren?.stop();
});

interface Rect { x: number; y: number; w: number; h: number }
const overlap = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Rect, b: Rect): boolean => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.w <= b.x + b.w + 1 && a.y + a.h <= b.y + b.h + 1;

/** every box the checks need, read from the page */
function boxes(page: Page): Promise<{ canvas: Rect; nodes: Rect[]; heads: Rect[]; labels: Rect[]; minimap: Rect | null; status: Rect; tab: Rect; width: number }> {
  return page.evaluate(() => {
    const r = (e: Element): Rect => { const b = e.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width, h: b.height }; };
    const all = (sel: string): Rect[] => [...document.querySelectorAll(sel)].map(r);
    const mini = document.querySelector('.react-flow__minimap');
    return {
      canvas: r(document.querySelector('[data-testid="canvas"]')!), nodes: all('.react-flow__node'), heads: all('.react-flow__node .node-head'),
      labels: all('.edge-label'), minimap: mini ? r(mini) : null, status: r(document.querySelector('.status')!),
      tab: r(document.querySelector('.tool-tabs button')!), width: window.innerWidth,
    };
  });
}

/** until the view has settled into the canvas (it animates the fit) */
async function settled(page: Page): Promise<Awaited<ReturnType<typeof boxes>>> {
  let b = await boxes(page);
  for (const end = Date.now() + UI_TIMEOUT; Date.now() < end; ) {
    await page.waitForTimeout(300);
    const next = await boxes(page);
    if (next.nodes.length >= 7 && JSON.stringify(next.nodes) === JSON.stringify(b.nodes)) return next;
    b = next;
  }
  return b;
}

function check(b: Awaited<ReturnType<typeof boxes>>, where: string): void {
  expect(b.nodes.length, where).toBeGreaterThanOrEqual(7); // 2 exchanges, 4 queues, producer and consumer (client nodes may merge)
  for (const n of b.nodes) expect(inside(n, b.canvas), `${where}: a node outside the canvas`).toBe(true);
  if (b.minimap) for (const n of b.nodes) expect(overlap(n, b.minimap), `${where}: the minimap covers a node`).toBe(false);
  expect(b.status.x + b.status.w, `${where}: the status runs off the right edge`).toBeLessThanOrEqual(b.width);
  // two rows, not three: the status stands in the tool tabs' row
  expect(Math.abs((b.status.y + b.status.h / 2) - (b.tab.y + b.tab.h / 2)), `${where}: the status wrapped to a row of its own`).toBeLessThan(8);
  for (const l of b.labels) for (const h of b.heads) expect(overlap(l, h), `${where}: an edge label covers a node's title`).toBe(false);
}

describe.each([[1280, 800], [1440, 900], [1920, 1080]])('the window at %i×%i', (width, height) => {
  it('fits the graph with and without a tool dock, clear of the minimap, toolbar and labels', async () => {
    const { page } = await openUi(browser, warren.uiUrl, { width, height });
    try {
      await page.getByTestId('node-q:dead').waitFor({ timeout: UI_TIMEOUT });
      check(await settled(page), `${width}×${height}`);
      await openTool(page, 'Route');
      check(await settled(page), `${width}×${height} with the route dock open`);
      await page.getByRole('button', { name: 'close tool' }).click();
      check(await settled(page), `${width}×${height} after the dock closed`);
    } catch (err) {
      await screenshot(page, `window-fit-${width}x${height}`);
      throw err;
    } finally {
      await page.close();
    }
  });
});
