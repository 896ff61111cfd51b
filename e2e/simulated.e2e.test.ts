// Simulated clients in the real UI (Chromium) against `warren serve`: a learner draws an exchange,
// a work queue dead-lettering through a DLX into a DLQ, then adds a producer and a consumer that
// rejects without requeue from the palette, watches the DLQ fill on the canvas, crashes the
// consumer and stops both. A real AMQP client (amqplib) checks what the broker did. No sleeps.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../main/test-support/browser';
import { drawEdge } from '../main/test-support/canvas-edges';
import { useUiSession } from '../main/test-support/ui-session';
import { UI_TIMEOUT } from '../main/test-support/ui-tools';
import { pollUntil } from '../main/test-support/wait';

let page: Page;
const session = useUiSession('e2e-simulated');
beforeAll(() => { ({ page } = session); });

const node = (id: string): Locator => page.getByTestId(`node-${id}`);
const sim = (name: string): Locator => page.getByTestId(`sim-${name}`);
const readyOf = async (queue: string): Promise<number> => Number(await page.getByTestId(`ready-${queue}`).textContent());

async function paletteForm(button: string, form: string): Promise<Locator> {
  await page.getByRole('button', { name: button }).click();
  const f = page.getByRole('form', { name: form });
  await f.waitFor();
  return f;
}

async function bind(from: string, to: string, key: string): Promise<void> {
  try { await drawEdge(page, `x:${from}`, `q:${to}`); } catch (e) { await screenshot(page, 'simulated-xx-failed'); throw e; }
  const dialog = page.getByRole('form', { name: 'create binding' });
  if (key) await dialog.getByLabel('Routing key').fill(key); // a fanout binding has none
  await dialog.getByRole('button', { name: 'Bind' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('simulated producers and consumers', { timeout: 120_000 }, () => {
  it('a consumer that rejects without requeue visibly dead-letters into the DLQ; then it is crashed and both are stopped', async () => {
    // the dead-letter side first, then the work side: each bound while the picture is small
    for (const [exchange, type, queue, dlx, key] of [['learn.dlx', 'fanout', 'learn.dlq', '', ''], ['learn', 'direct', 'learn.work', 'learn.dlx', 'job']]) {
      const xf = await paletteForm('+ Exchange', 'new exchange');
      await xf.getByLabel('Name').fill(exchange);
      await xf.getByLabel('Type').selectOption(type);
      await xf.getByRole('button', { name: 'Declare exchange' }).click();
      await node(`x:${exchange}`).waitFor();
      const qf = await paletteForm('+ Queue', 'new queue');
      await qf.getByLabel('Name').fill(queue);
      if (dlx) await qf.getByLabel('Dead-letter exchange').fill(dlx);
      await qf.getByRole('button', { name: 'Declare queue' }).click();
      await node(`q:${queue}`).waitFor();
      await bind(exchange, queue, key);
    }

    const pf = await paletteForm('+ Producer', 'new producer');
    await pf.getByRole('combobox', { name: /^Exchange/ }).selectOption('learn');
    await pf.getByLabel('Key', { exact: true }).fill('job');
    await pf.getByLabel('Body').fill('job {n}');
    await pf.getByLabel('Rate (msg/s)').fill('5');
    await pf.getByRole('button', { name: 'Start producer' }).click();
    const producer = sim('simulated producer 1');
    await producer.getByText('running').waitFor({ timeout: UI_TIMEOUT });

    const cf = await paletteForm('+ Consumer', 'new consumer');
    await cf.getByRole('combobox', { name: /^Queue/ }).selectOption('learn.work');
    await cf.getByLabel('Time (ms)').fill('50');
    await cf.getByLabel('Reject chance (%)').fill('100');
    expect(await cf.getByRole('checkbox', { name: /requeue/ }).isChecked()).toBe(false);
    await cf.getByRole('button', { name: 'Start consumer' }).click();
    const consumer = sim('simulated consumer 2');
    await consumer.getByText('running').waitFor({ timeout: UI_TIMEOUT });

    // the DLQ's count on the canvas climbs as the consumer rejects
    await pollUntil(() => readyOf('learn.dlq'), (n) => n >= 5, { what: 'the DLQ to show 5 messages', ms: UI_TIMEOUT, stepMs: 200 });
    await consumer.getByText(/rejected \d+/).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'simulated-01-dead-lettering');

    await consumer.getByRole('button', { name: 'crash simulated consumer 2' }).click();
    await consumer.getByText('crashed').waitFor({ timeout: UI_TIMEOUT });
    // nobody consumes now: the producer's messages wait in the work queue
    await pollUntil(() => readyOf('learn.work'), (n) => n >= 3, { what: 'the work queue to fill', ms: UI_TIMEOUT, stepMs: 200 });
    await screenshot(page, 'simulated-02-crashed');

    await consumer.getByRole('button', { name: 'stop simulated consumer 2' }).click();
    await producer.getByRole('button', { name: 'stop simulated producer 1' }).click();
    await consumer.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await producer.waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    const { ch } = session;
    const dead = await ch.get('learn.dlq', { noAck: true });
    if (!dead) throw new Error('no dead letter');
    expect(dead.content.toString()).toMatch(/^job \d+$/);
    expect((dead.properties.headers?.['x-death'] as Array<{ reason: string; queue: string }>)[0]).toMatchObject({ reason: 'rejected', queue: 'learn.work' });
  });
});
