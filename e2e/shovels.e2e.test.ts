// The Shovels tab in the real UI (Chromium) against `warren serve`: a queue's messages moved once
// (RabbitMQ's "Move messages") and the shovel gone after, a running shovel and a terminated one
// with its reason, a refused definition in RabbitMQ's words, a deletion. A real AMQP client
// (amqplib) publishes and counts. No sleeps: every wait is for something the user would see.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../main/test-support/browser';
import { closedPort } from '../main/test-support/closed-port';
import { count, waitForCount } from '../main/test-support/queues';
import { useUiSession } from '../main/test-support/ui-session';

let page: Page;
const session = useUiSession('e2e-shovels');
beforeAll(() => { ({ page } = session); });

const UI_TIMEOUT = 20_000;
const dock = (): Locator => page.getByRole('region', { name: 'admin tool' });
const form = (): Locator => dock().getByRole('form', { name: 'shovel', exact: true });

async function defineShovel(name: string, fields: { srcUri?: string; srcQueue: string; destKind?: 'queue' | 'exchange'; dest: string; once?: boolean }): Promise<void> {
  await form().getByLabel('Shovel name').fill(name);
  await form().getByLabel('Source URI').fill(fields.srcUri ?? 'amqp://');
  await form().getByLabel('Source queue').fill(fields.srcQueue);
  await form().getByLabel('destination kind').selectOption(fields.destKind ?? 'queue');
  await form().getByLabel(fields.destKind === 'exchange' ? 'Destination exchange' : 'Destination queue').fill(fields.dest);
  await form().getByLabel('delete after').selectOption(fields.once ? 'yes' : 'no');
  await form().getByRole('button', { name: 'Save shovel' }).click();
}

describe('the Shovels tab', { timeout: 120_000 }, () => {
  it('moves a queue once, runs and reports shovels, refuses a bad one, deletes one', async () => {
    const { ch } = session;
    await ch.assertQueue('e2e-from', { durable: true });
    await ch.assertQueue('e2e-to', { durable: true });
    for (let i = 0; i < 20; i++) ch.sendToQueue('e2e-from', Buffer.from(`m${i}`), { persistent: true });
    await waitForCount(ch, 'e2e-from', 20);

    await page.getByRole('button', { name: 'Admin' }).click();
    await dock().getByRole('tab', { name: 'Shovels' }).click();
    await dock().getByText('No shovels.').waitFor({ timeout: UI_TIMEOUT });
    await defineShovel('move-once', { srcQueue: 'e2e-from', dest: 'e2e-to', once: true });
    await waitForCount(ch, 'e2e-to', 20, UI_TIMEOUT);
    expect(await count(ch, 'e2e-from')).toBe(0);
    await dock().getByText('No shovels.').waitFor({ timeout: UI_TIMEOUT }); // it deleted itself

    await defineShovel('keep', { srcQueue: 'e2e-from', destKind: 'exchange', dest: 'amq.fanout' });
    const keep = dock().getByTestId('shovel-/-keep');
    await keep.getByText('running').waitFor({ timeout: UI_TIMEOUT });
    expect(await keep.textContent()).toContain("exchange 'amq.fanout' on amqp://");

    const port = await closedPort();
    await defineShovel('nowhere', { srcUri: `amqp://127.0.0.1:${port}`, srcQueue: 'x', dest: 'y' });
    const nowhere = dock().getByTestId('shovel-/-nowhere');
    await nowhere.getByText(/terminated: .*connection refused/).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'shovels-01-states');

    await defineShovel('bad', { srcUri: 'foo', srcQueue: 'x', dest: 'y' });
    await dock().getByRole('alert').getByText('"foo" not a valid URI: {{unable_to_parse_uri,no_scheme},"foo"}', { exact: false }).waitFor({ timeout: UI_TIMEOUT });

    await keep.getByRole('button', { name: 'Delete' }).click();
    await keep.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    ch.sendToQueue('e2e-from', Buffer.from('stays'));
    await waitForCount(ch, 'e2e-from', 1); // no shovel takes it any more
  });
});
