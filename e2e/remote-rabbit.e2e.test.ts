// The window on a real RabbitMQ (Debian's rabbitmq-server, started by the test on free ports), in
// Chromium through `warren connect`: pika declares a topology there and keeps traffic flowing, and
// the canvas shows it (a quorum queue, dead-letter edges by argument and by policy, the alternate
// exchange, the exchange-to-exchange binding, pika's consumer), the routing debugger explains a key
// on RabbitMQ's definitions, the Nodes tool shows the node, and the firehose feeds the Trace tool.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPython, type RunningProcess } from '../main/integration/pika-support';
import { launchChromium, openUi, screenshot } from '../main/test-support/browser';
import { BOOT_TIMEOUT_MS, startRabbit, type RabbitServer } from '../main/test-support/rabbitmq-server';
import { useTempDirs } from '../main/test-support/tmp-dir';
import { openTool, see, UI_TIMEOUT } from '../main/test-support/ui-tools';
import { spawnConnect } from '../main/test-support/warren-process';

const P = 'shop';
const tempDir = useTempDirs('remote-rabbit', { keep: 'file' });
let rabbit: RabbitServer;
let pika: RunningProcess;
let stopFile: string;
let window: Awaited<ReturnType<typeof spawnConnect>>;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  rabbit = await startRabbit();
  stopFile = join(tempDir(), 'stop');
  pika = startPython('remote_topology.py', [rabbit.amqpUrl, P, stopFile], 120_000);
  await pika.waitForLine(/"ready"/);
  const policy = await fetch(new URL(`/api/policies/%2F/${P}-pq`, rabbit.mgmtUrl), {
    method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${rabbit.user}:${rabbit.password}`).toString('base64')}` },
    body: JSON.stringify({ pattern: `^${P}\\.pq$`, 'apply-to': 'queues', definition: { 'dead-letter-exchange': `${P}.dlx` } }),
  });
  expect(policy.status).toBe(201);
  const url = new URL(rabbit.mgmtUrl);
  url.username = rabbit.user;
  url.password = rabbit.password;
  window = await spawnConnect([url.toString(), '--ui-port', '0']);
  browser = await launchChromium();
  ({ page, problems } = await openUi(browser, window.uiUrl, undefined, [rabbit.user, rabbit.password]));
}, BOOT_TIMEOUT_MS + 60_000);
afterAll(async () => {
  await browser?.close();
  await window?.stop();
  if (stopFile) writeFileSync(stopFile, '');
  await pika?.done.catch(() => undefined);
  await rabbit?.stop();
});

const node = (id: string) => page.getByTestId(`node-${id}`);
const edge = (kind: string, from: string, to: string) => page.getByTestId(`edge-label-${kind}|${from}>${to}`);

describe('the window on a real RabbitMQ', { timeout: 90_000 }, () => {
  it('draws what pika declared there, marked as remote', async () => {
    await see(page.getByRole('status', { name: 'remote broker' }), /Remote: .* \(RabbitMQ 3\./);
    for (const q of ['.q', '.qq', '.pq', '.dlq', '.aeq']) await node(`q:${P}${q}`).waitFor({ timeout: UI_TIMEOUT });
    for (const x of ['.x', '.t', '.ae', '.dlx']) await node(`x:${P}${x}`).waitFor({ timeout: UI_TIMEOUT });
    await see(node(`q:${P}.qq`), 'quorum');
    await edge('dlx', `q:${P}.q`, `x:${P}.dlx`).waitFor({ timeout: UI_TIMEOUT });
    await edge('dlx', `q:${P}.pq`, `x:${P}.dlx`).waitFor({ timeout: UI_TIMEOUT }); // by policy
    await edge('alternate', `x:${P}.x`, `x:${P}.ae`).waitFor({ timeout: UI_TIMEOUT });
    await edge('binding', `x:${P}.x`, `x:${P}.t`).waitFor({ timeout: UI_TIMEOUT });
    await page.locator(`[aria-label="consumer ${P}-client"]`).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'remote-rabbitmq');
  });

  it('explains a routing key on RabbitMQ\'s definitions, alternate exchange included', async () => {
    const dock = await openTool(page, 'Route');
    const form = dock.getByRole('form', { name: 'routing debugger' });
    await form.getByLabel('Exchange', { exact: true }).selectOption(`${P}.x`);
    await form.getByLabel('Routing key').fill('no-such-key');
    await see(dock.getByTestId('route-outcome'), new RegExp(`Routed to 1 queue: ?${P}\\.aeq`));
    await see(dock.getByTestId(`visit-${P}.ae`), /alternate/);
  });

  it('shows the node with its memory and disk, and reads live traffic from the firehose', async () => {
    const nodes = await openTool(page, 'Nodes');
    await see(nodes.getByRole('row'), new RegExp(`${rabbit.nodeName}.*running`));
    await nodes.getByRole('button', { name: 'close tool' }).click();
    const trace = await openTool(page, 'Trace');
    await trace.getByLabel("Live traffic from RabbitMQ's firehose").click();
    await page.getByRole('alertdialog', { name: 'confirm change on a remote broker' }).getByRole('button', { name: 'Yes, do it' }).click();
    // pika publishes to .x every few hundred ms: its messages appear as RabbitMQ traces them
    await see(trace.getByRole('list', { name: 'traced messages' }), `${P}.x`);
    expect(problems).toEqual([]);
  });
});
