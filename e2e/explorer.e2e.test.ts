// The explorer tools in Debian's Chromium against a real `warren serve`, checked with a real AMQP
// client (amqplib): routing debugger, connections, message browser, publish form, trace.
// Screenshots go to e2e/artifacts/. Every wait is for something the user would see.
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../main/test-support/browser';
import { useUiSession } from '../main/test-support/ui-session';
import { openTool as openToolIn, see, UI_TIMEOUT } from '../main/test-support/ui-tools';
import { until } from '../main/test-support/wait';

let page: Page;
let problems: string[];
let conn: ChannelModel;
let ch: Channel;

const tool = (name: string) => page.getByRole('region', { name: `${name} tool` });
const openTool = (label: string): Promise<Locator> => openToolIn(page, label);
const session = useUiSession('explorer-e2e', async ({ ch }) => {
  await ch.assertExchange('shop', 'topic');
  await ch.assertExchange('docs', 'headers');
  await ch.assertExchange('audit', 'fanout');
  await ch.assertQueue('orders');
  await ch.assertQueue('eu');
  await ch.assertQueue('pdfs');
  await ch.assertQueue('audit.log');
  await ch.bindQueue('orders', 'shop', 'order.*');
  await ch.bindQueue('eu', 'shop', '*.eu');
  await ch.bindExchange('audit', 'shop', 'order.#');
  await ch.bindQueue('audit.log', 'audit', '');
  await ch.bindQueue('pdfs', 'docs', '', { 'x-match': 'all', format: 'pdf', pages: 2 });
});
beforeAll(() => { ({ page, problems, conn, ch } = session); });

describe('the explorer tools against warren serve', { timeout: 90_000 }, () => {
  it('routing debugger: topic verdicts, an exchange-to-exchange hop, and the path lit on the canvas', async () => {
    const dock = await openTool('Route');
    const form = dock.getByRole('form', { name: 'routing debugger' });
    await form.getByLabel('Exchange', { exact: true }).selectOption('shop');
    await form.getByLabel('Routing key').fill('order.eu');
    await see(dock.getByTestId('route-outcome'), /Routed to 3 queues/);
    await expect.poll(() => dock.getByTestId('verdict-shop-orders').getAttribute('data-matched'), { timeout: UI_TIMEOUT }).toBe('true');
    expect(await dock.getByTestId('verdict-shop-eu').getAttribute('data-matched')).toBe('true');
    await see(dock.getByTestId('visit-audit'), /via exchange binding/);
    expect(await dock.getByTestId('verdict-audit-audit.log').getAttribute('data-matched')).toBe('true');
    await expect.poll(() => page.getByTestId('node-q:audit.log').getAttribute('data-lit'), { timeout: UI_TIMEOUT }).toBe('true');
    await screenshot(page, '10-route-topic-e2e');
    // live as they type: one more word and '*' no longer lines up
    await form.getByLabel('Routing key').fill('order.eu.extra');
    await see(dock.getByTestId('route-outcome'), /Routed to 1 queue/);
    expect(await dock.getByTestId('verdict-shop-orders').getAttribute('data-matched')).toBe('false');
    await see(dock.getByTestId('verdict-shop-orders'), /./);
    await form.getByLabel('Routing key').fill('invoice.us');
    await form.getByLabel('mandatory').check();
    await see(dock.getByTestId('route-outcome'), /returned to the publisher/);
    expect(await page.getByTestId('node-q:orders').getAttribute('data-lit')).toBeNull();
  });

  it('routing debugger: a headers exchange compares each typed header', async () => {
    const dock = await openTool('Route');
    const form = dock.getByRole('form', { name: 'routing debugger' });
    await form.getByLabel('mandatory').uncheck();
    await form.getByLabel('Exchange', { exact: true }).selectOption('docs');
    await form.getByLabel('Routing key').fill('');
    await form.getByRole('button', { name: '+ header' }).click();
    await form.getByLabel('header 1 name').fill('format');
    await form.getByLabel('header 1 value').fill('pdf');
    await form.getByRole('button', { name: '+ header' }).click();
    await form.getByLabel('header 2 name').fill('pages');
    await form.getByLabel('header 2 value').fill('2');
    await see(dock.getByTestId('route-outcome'), /dropped/); // '2' as a string does not equal the int 2
    await see(dock.getByTestId('verdict-docs-pdfs'), /pages/);
    await form.getByLabel('header 2 type').selectOption('int');
    await see(dock.getByTestId('route-outcome'), /Routed to 1 queue: ?pdfs/);
    expect(await dock.getByTestId('verdict-docs-pdfs').getAttribute('data-matched')).toBe('true');
    await screenshot(page, '11-route-headers');
  });

  it('publish form: properties and headers, and what happened', async () => {
    const dock = await openTool('Publish');
    const form = dock.getByRole('form', { name: 'publish message' });
    await form.getByLabel('Exchange', { exact: true }).selectOption('shop');
    await form.getByLabel('Routing key').fill('order.created');
    await form.getByLabel('Correlation id').fill('corr-7');
    await form.getByLabel('Delivery mode').selectOption('2');
    await form.getByRole('radio', { name: 'JSON' }).check();
    await form.getByLabel('Body').fill('{"order": 7');
    await form.getByRole('button', { name: 'Publish' }).click();
    await see(form.getByRole('alert'), /not valid JSON/);
    await form.getByLabel('Body').fill('{"order": 7}');
    await form.getByRole('button', { name: 'Publish' }).click();
    await see(dock.getByTestId('publish-result'), /Routed to 2 queues: audit.log, orders/);
    const m = await until(() => ch.get('orders', { noAck: true }), { ms: UI_TIMEOUT });
    expect(m.properties).toMatchObject({ correlationId: 'corr-7', deliveryMode: 2, contentType: 'application/json' });
    expect(JSON.parse(m.content.toString())).toEqual({ order: 7 });
    await ch.purgeQueue('audit.log');
    await form.getByLabel('Routing key').fill('nobody.listens');
    await form.getByLabel('mandatory').check();
    await form.getByRole('button', { name: 'Publish' }).click();
    await see(dock.getByTestId('publish-result'), /returned to the publisher/);
    await screenshot(page, '12-publish');
    await see(dock.getByRole('button', { name: 'Resend' }).first(), 'Resend');
  });

  it('message browser: lists messages and leaves them, and their redelivered flags, untouched', async () => {
    await ch.assertQueue('browse.me');
    for (let i = 0; i < 30; i++) ch.sendToQueue('browse.me', Buffer.from(JSON.stringify({ i })), { headers: { i } });
    await until(async () => (await ch.checkQueue('browse.me')).messageCount === 30, { ms: UI_TIMEOUT });
    await page.getByTestId('node-q:browse.me').click();
    await page.getByRole('button', { name: 'Browse messages' }).click();
    const dock = await openTool('Messages');
    await see(dock.getByTestId('browse-summary'), /30 ready/);
    await dock.getByTestId('msg-0').click();
    await see(dock.getByTestId('message-body'), /"i": 0/);
    // search in main: body text
    await dock.getByLabel('body contains').fill('"i":17');
    await dock.getByRole('button', { name: 'Search' }).click();
    await see(dock.getByTestId('browse-summary'), /1 matched in 30 examined/);
    await screenshot(page, '13-browser');
    await dock.getByRole('button', { name: 'Clear' }).click();
    await see(dock.getByTestId('browse-summary'), /^30 ready/);
    const flags: boolean[] = [];
    for (;;) { const m = await ch.get('browse.me', { noAck: true }); if (!m) break; flags.push(m.fields.redelivered); }
    expect(flags).toHaveLength(30);
    expect(flags.every((f) => f === false)).toBe(true);
  });

  it('moves a rejected message from the DLQ back to its exchange, then traces its whole life', async () => {
    await ch.assertExchange('jobs', 'direct');
    await ch.assertExchange('jobs.dlx', 'fanout');
    await ch.assertQueue('jobs.dlq');
    await ch.bindQueue('jobs.dlq', 'jobs.dlx', '');
    await ch.assertQueue('jobs.work', { arguments: { 'x-dead-letter-exchange': 'jobs.dlx' } });
    await ch.bindQueue('jobs.work', 'jobs', 'resize');
    ch.publish('jobs', 'resize', Buffer.from('image-42'), { headers: { attempt: 1 } });
    const c2 = await conn.createChannel();
    const got = await new Promise<amqp.ConsumeMessage>((resolve) => { void c2.consume('jobs.work', (m) => { if (m) resolve(m); }, { consumerTag: 'resizer' }); });
    c2.reject(got, false);
    await c2.close();
    await until(async () => (await ch.checkQueue('jobs.dlq')).messageCount === 1, { ms: UI_TIMEOUT });

    const dock = await openTool('Messages');
    await dock.getByLabel('queue', { exact: true }).selectOption('jobs.dlq');
    await see(dock.getByTestId('browse-summary'), /^1 ready/);
    await dock.getByTestId('msg-0').click();
    await see(dock.getByRole('list', { name: 'dead-letter history' }), /rejected in jobs\.work/);
    await screenshot(page, '14-dlq-message');
    // Warren's id of the dead-lettered copy, and of the message it was copied from
    const idText = await dock.getByRole('row').filter({ hasText: 'message id (Warren)' }).getByRole('cell').textContent();
    const ids = /^(\d+)(?: \(copy of (\d+)\))?/.exec(idText!.trim());
    expect(ids, idText!).not.toBeNull();
    const [copyId, lineage] = [ids![1], ids![2] ?? ids![1]];

    // the trace of the message rejected into the DLX: this message's, not another's
    await dock.getByRole('button', { name: 'trace' }).click();
    const traceDock = await openTool('Trace');
    await traceDock.getByRole('heading', { name: `Message #${lineage}`, exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await see(traceDock.getByTestId('step-dead-lettered'), new RegExp(`as message ${copyId}(?!\d)`));
    await see(traceDock.getByTestId('step-published'), /, 8 bytes/); // 'image-42'
    await see(traceDock.getByTestId('step-dead-lettered'), /Dead-lettered from 'jobs.work' \(rejected\) to exchange 'jobs.dlx'/);
    await see(traceDock.getByTestId('step-published'), /by explorer-e2e/);
    await see(traceDock.getByTestId('step-delivered'), /consumer resizer/);
    await see(traceDock.getByTestId('step-rejected'), /not requeued/);
    await see(traceDock.getByRole('table', { name: 'header changes' }), /\+ x-first-death-queue/);
    await see(traceDock.getByTestId('trace-now'), /ready in 'jobs.dlq'/);
    await see(traceDock.getByTestId('trace-bound'), /keeps the last/);
    await screenshot(page, '15-trace-dead-lettered');

    // back to the browser: re-publish to the original exchange (pre-filled from x-death)
    const browserDock = await openTool('Messages');
    await browserDock.getByTestId('msg-0').click();
    await browserDock.getByRole('button', { name: 'Re-publish to origin…' }).click();
    const move = browserDock.getByRole('form', { name: 'move messages' });
    expect(await move.getByLabel('Exchange').inputValue()).toBe('jobs');
    expect(await move.getByLabel('Routing key').inputValue()).toBe('resize');
    await move.getByRole('button', { name: 'Move 1 message' }).click();
    await see(page.getByRole('status'), /Moved 1 to exchange 'jobs'/);
    const back = await until(() => ch.get('jobs.work', { noAck: true }), { ms: UI_TIMEOUT });
    expect(back.content.toString()).toBe('image-42');
    expect((await ch.checkQueue('jobs.dlq')).messageCount).toBe(0);
  });

  it('connections view: channels, prefetch, unacked, consumers; closing sends the client 320 with the reason', async () => {
    const victim = await amqp.connect(session.warren.amqpUrl, { clientProperties: { connection_name: 'victim' } });
    // amqplib reports a server-initiated close as an error (and then a close carrying it)
    const closed = new Promise<Error>((resolve) => { victim.on('error', resolve); victim.on('close', (e?: Error) => { if (e) resolve(e); }); });
    const vc = await victim.createChannel();
    await vc.prefetch(5);
    await vc.assertQueue('victim.q');
    vc.sendToQueue('victim.q', Buffer.from('held'));
    await vc.consume('victim.q', () => {}, { consumerTag: 'victim-consumer' });
    const dock = await openTool('Connections');
    const card = dock.getByRole('region', { name: 'connection victim' });
    await see(card, /victim-consumer/);
    await see(card.getByRole('table', { name: 'channels' }), /^channelprefetch.*5/);
    await see(card.getByTestId('unacked').first(), /^1$/);
    await screenshot(page, '16-connections');
    await card.getByLabel('reason to close victim').fill('maintenance window');
    await card.getByRole('button', { name: 'Close connection' }).click();
    const err = await closed;
    expect(err.message).toMatch(/320/);
    expect(err.message).toMatch(/maintenance window/);
    await card.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  });

  it('a marker on the canvas: pause, click it, and the Trace panel shows that message\'s life', async () => {
    await ch.assertExchange('pay', 'direct');
    await ch.assertExchange('pay.dlx', 'fanout');
    await ch.assertQueue('pay.dlq');
    await ch.bindQueue('pay.dlq', 'pay.dlx', '');
    await ch.assertQueue('pay.work', { arguments: { 'x-dead-letter-exchange': 'pay.dlx' } });
    await ch.bindQueue('pay.work', 'pay', 'charge');
    const refuser = await conn.createChannel();
    await refuser.consume('pay.work', (m) => { if (m) refuser.reject(m, false); }, { consumerTag: 'refuser' });
    await page.getByTestId('node-q:pay.dlq').waitFor({ timeout: UI_TIMEOUT });
    await page.getByLabel('animation speed').selectOption('0.25'); // slow markers: a bigger target
    type OnScreen = { id: number; kind: string; x: number; y: number };
    // markers drawn now (window.__warrenMarkers, the overlay's test hook), only those a user can click
    const deadMarkers = (): Promise<OnScreen[]> => page.evaluate(() => {
      const w = window as unknown as { __warrenMarkers?: () => OnScreen[] };
      return (w.__warrenMarkers?.() ?? []).filter((m) => {
        const el = document.elementFromPoint(m.x, m.y);
        return m.kind === 'dead' && el !== null && el.closest('.react-flow') !== null && el.closest('.react-flow__panel') === null;
      });
    });
    const pause = page.getByRole('button', { name: '❚❚ Pause' });
    let target: OnScreen | undefined;
    for (let attempt = 0; attempt < 8 && !target; attempt++) {
      ch.publish('pay', 'charge', Buffer.from(`payment-${attempt}`));
      await until(async () => (await deadMarkers()).length > 0, { ms: 8_000 }).catch(() => null);
      await pause.click();
      target = (await deadMarkers())[0];
      if (!target) await page.getByRole('button', { name: '▶ Resume' }).click();
    }
    if (!target) throw new Error('no dead-letter marker to click');
    await see(page.getByRole('note'), /click a marker to trace its message/);
    expect(await pause.count()).toBe(0);
    // paused, markers stand still (once the view has settled: it may still be fitting the new nodes)
    const id = target.id;
    const where = async (): Promise<OnScreen | undefined> => (await deadMarkers()).find((m) => m.id === id);
    target = await until(async () => {
      const a = await where();
      // a moving marker moves every frame: compare across a few
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => r(null))))));
      const b = await where();
      return a && b && a.x === b.x && a.y === b.y ? b : null;
    }, { ms: UI_TIMEOUT, what: 'the marker to stand still' });
    // the pointer turns into a hand over a marker
    let nudge = 0;
    const hovered = async (): Promise<number> => {
      const at = await where();
      if (at) await page.mouse.move(at.x + (nudge++ % 2), at.y);
      return page.locator('.react-flow.marker-hover').count();
    };
    await expect.poll(hovered, { timeout: UI_TIMEOUT }).toBe(1);
    // A paused marker still follows its edge when a node is re-measured (a queue's count badge
    // changes with the next stats), so a click aimed at where it was a moment ago can miss:
    // aim again at where it is now until the click lands.
    const traceDock = tool('trace'); // opened by the click itself, not by its tab
    await until(async () => {
      if (await traceDock.isVisible()) return true;
      const at = await where();
      if (!at) return false;
      await page.mouse.click(at.x + 2, at.y + 1);
      return traceDock.waitFor({ timeout: 500 }).then(() => true, () => false);
    }, { ms: UI_TIMEOUT, what: 'a click on the marker to open the Trace tool' });
    // the trace of the message whose marker was clicked (a dead marker carries the rejected message's id)
    await traceDock.getByRole('heading', { name: `Message #${id}`, exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await see(traceDock.getByTestId('step-dead-lettered'), /Dead-lettered from 'pay.work' \(rejected\) to exchange 'pay.dlx'/);
    await see(traceDock.getByTestId('step-published'), /Published to 'pay' with key 'charge' by explorer-e2e/);
    await see(traceDock.getByTestId('step-delivered'), /consumer refuser/);
    await see(traceDock.getByTestId('trace-now'), /ready in 'pay.dlq'/);
    await screenshot(page, '17-marker-trace');
    // a click away from every marker still reaches the graph: it selects the node
    await page.mouse.move(0, 0);
    await page.getByTestId('node-q:pay.dlq').click();
    await expect.poll(() => page.locator('.react-flow__node.selected').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await page.getByRole('button', { name: '▶ Resume' }).click();
    await page.getByLabel('animation speed').selectOption('1');
    await refuser.close();
  });

  it('loads with no console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
