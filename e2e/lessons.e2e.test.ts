// The first minute of a learner, in Chromium against `warren serve` with a data directory: the
// welcome offers the lessons; the first two lessons are completed through the UI alone, as a
// learner does (queues from the palette, messages from the Publish tool, consumers as simulated
// consumers from the palette); every step turns ✓, and the progress survives a reload, after which
// the welcome is not shown again. (Every step's own pika and amqplib code is run in
// main/integration/lessons-code.test.ts; here the code shown is checked to be there.)
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openUi, screenshot } from '../main/test-support/browser';
import { startWarrenProcess, type E2eBroker } from '../main/test-support/e2e-broker';
import { useTempDirs } from '../main/test-support/tmp-dir';
import { openTool, UI_TIMEOUT } from '../main/test-support/ui-tools';

const tempDir = useTempDirs('lessons-e2e', { keep: 'file' });
let warren: E2eBroker;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  warren = await startWarrenProcess({ dataDir: tempDir() });
  browser = await launchChromium();
  ({ page, problems } = await openUi(browser, warren.uiUrl));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await warren?.stop();
});

const lessons = (): Locator => page.getByRole('region', { name: 'lessons tool' });
const step = (n: number): Locator => lessons().getByRole('listitem', { name: `step ${n}` });
const passed = (n: number): Promise<void> => step(n).getByLabel('passed').waitFor({ timeout: UI_TIMEOUT });

async function queueFromPalette(name: string, durable: boolean): Promise<void> {
  await page.getByRole('button', { name: '+ Queue' }).click();
  const qf = page.getByRole('form', { name: 'new queue' });
  await qf.getByLabel('Name').fill(name);
  await qf.getByLabel('durable').setChecked(durable);
  await qf.getByRole('button', { name: 'Declare queue' }).click();
  await qf.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
}

async function publishFromTool(routingKey: string, body: string, times: number, persistent = false): Promise<void> {
  const dock = await openTool(page, 'Publish');
  const form = dock.getByRole('form', { name: 'publish message' });
  await form.getByLabel('Exchange').selectOption({ value: '' });
  await form.getByLabel('Routing key').fill(routingKey);
  if (persistent) await form.getByLabel('Delivery mode').selectOption('2');
  await form.getByLabel('Body').fill(body);
  for (let i = 0; i < times; i++) {
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    await dock.getByTestId('publish-result').filter({ hasText: /routed/i }).waitFor({ timeout: UI_TIMEOUT });
  }
}

/** The step's amqplib code as the window shows it (what a learner would copy). */
async function shownCode(n: number): Promise<string> {
  const item = step(n);
  if ((await item.getByRole('textbox', { name: `step ${n} code` }).count()) === 0) await item.getByRole('button', { name: 'Code' }).click();
  await item.getByRole('tab', { name: 'Node.js (amqplib)' }).click();
  return item.getByRole('textbox', { name: `step ${n} code` }).inputValue();
}

/** A simulated consumer from the palette (+ Consumer), as the step's hint offers. */
async function consumerFromPalette(queue: string, prefetch: number, ack: 'manual' | 'auto'): Promise<void> {
  await page.getByRole('button', { name: '+ Consumer' }).click();
  const cf = page.getByRole('form', { name: 'new consumer' });
  await cf.getByRole('combobox', { name: /^Queue/ }).selectOption(queue);
  await cf.getByLabel('Prefetch').fill(String(prefetch));
  await cf.getByRole('combobox', { name: /^Ack/ }).selectOption(ack);
  await cf.getByLabel('Time (ms)').fill('20');
  await cf.getByRole('button', { name: 'Start consumer' }).click();
  await cf.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
}

describe('a learner\'s first two lessons', { timeout: 180_000 }, () => {
  it('the welcome offers the lessons', async () => {
    const welcome = page.getByRole('dialog', { name: 'welcome' });
    await welcome.waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'lessons-01-welcome');
    await welcome.getByRole('button', { name: 'Learn with lessons' }).click();
    await welcome.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await lessons().getByRole('list', { name: 'lessons' }).waitFor({ timeout: UI_TIMEOUT });
  });

  it('1. Hello World: a queue from the palette, a message from the Publish tool, a simulated consumer from the palette', async () => {
    await lessons().getByRole('button', { name: '1. Hello World' }).click();
    await step(1).getByLabel('not yet').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByLabel('virtual host').inputValue()).toBe('lessons');
    await step(1).getByText('there is no queue hello').waitFor({ timeout: UI_TIMEOUT });

    await queueFromPalette('hello', false);
    await passed(1);

    await publishFromTool('hello', 'Hello World!', 1);
    await openTool(page, 'Lessons');
    await passed(2);

    expect(await shownCode(3)).toContain("process.env.AMQP_URL || 'amqp://guest:guest@localhost:5672/lessons'");
    await consumerFromPalette('hello', 1, 'auto');
    await passed(3);
    await screenshot(page, 'lessons-02-hello-world-done');
    await lessons().getByRole('button', { name: '← All lessons' }).click();
    expect(await lessons().getByLabel('1. Hello World progress').textContent()).toBe('✓ 3/3');
  });

  it('2. Work queues: a durable queue, persistent tasks, then one worker and a second', async () => {
    await lessons().getByRole('button', { name: '2. Work queues' }).click();
    await step(1).getByText('there is no queue task_queue').waitFor({ timeout: UI_TIMEOUT });

    await queueFromPalette('task_queue', true);
    await passed(1);

    await publishFromTool('task_queue', 'Hello...', 3, true);
    await openTool(page, 'Lessons');
    await passed(2);

    expect(await shownCode(3)).toContain('prefetch(1)');
    await consumerFromPalette('task_queue', 1, 'manual');
    await passed(3);
    await step(4).getByText('has 1 acknowledging with prefetch 1 consumer(s), at least 2 wanted').waitFor({ timeout: UI_TIMEOUT });
    await consumerFromPalette('task_queue', 1, 'manual');
    await passed(4);
    await screenshot(page, 'lessons-03-work-queues-done');
  });

  it('the progress survives a reload, and the welcome is not shown again', async () => {
    await page.reload();
    await page.getByText('ev/s').waitFor({ timeout: UI_TIMEOUT });
    const dock = await openTool(page, 'Lessons');
    const list = dock.getByRole('list', { name: 'lessons' });
    await list.waitFor({ timeout: UI_TIMEOUT });
    expect(await dock.getByLabel('1. Hello World progress').textContent()).toBe('✓ 3/3');
    expect(await dock.getByLabel('2. Work queues progress').textContent()).toBe('✓ 4/4');
    expect(await page.getByRole('dialog', { name: 'welcome' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
