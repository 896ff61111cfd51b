// An x-delayed-message exchange in the browser UI: declared from the palette with the type it
// routes as, its waiting messages (published by a real client) listed in the inspector with their
// due times, soonest first, and gone from the list once delivered.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from 'amqplib';
import { screenshot } from '../main/test-support/browser';
import { useUiSession } from '../main/test-support/ui-session';
import { see, UI_TIMEOUT } from '../main/test-support/ui-tools';
import { until } from '../main/test-support/wait';

let page: Page;
let ch: Channel;
const session = useUiSession('e2e-delayed');
beforeAll(() => { ({ page, ch } = session); });

describe('x-delayed-message in the browser UI', { timeout: 90_000 }, () => {
  it('declares one from the palette and shows its waiting messages with their due times', async () => {
    await page.getByRole('button', { name: '+ Exchange' }).click();
    const xf = page.getByRole('form', { name: 'new exchange' });
    await xf.getByLabel('Name').fill('later');
    await xf.getByLabel('Type').selectOption('x-delayed-message');
    await xf.getByLabel('Delayed type').selectOption('topic');
    await xf.getByRole('button', { name: 'Declare exchange' }).click();
    const node = page.getByTestId('node-x:later');
    await node.getByText('x-delayed-message').waitFor({ timeout: UI_TIMEOUT });

    await ch.assertQueue('later.q');
    await ch.bindQueue('later.q', 'later', 'orders.#');
    const sent = Date.now();
    ch.publish('later', 'orders.late', Buffer.alloc(300), { headers: { 'x-delay': 120_000 } });
    ch.publish('later', 'orders.soon', Buffer.alloc(20), { headers: { 'x-delay': 60_000 } });
    ch.publish('later', 'orders.now', Buffer.from('now'), { headers: { 'x-delay': 1500 } });

    await node.click();
    const held = page.getByTestId('delayed-messages');
    await see(held, 'Waiting messages (3)');
    await screenshot(page, 'delayed-01-inspector');
    const rows = held.getByTestId('delayed-row');
    const texts = await rows.allInnerTexts();
    expect(texts.map((t) => t.split('\t')[1])).toEqual(['orders.now', 'orders.soon', 'orders.late']);
    expect(texts[2]).toContain('300 B');
    // the due time shown is the publish time plus x-delay (ISO, to the millisecond)
    const due = Date.parse(/\d{4}-\d\d-\d\dT[\d:.]+Z/.exec(texts[1])![0]);
    expect(due).toBeGreaterThanOrEqual(sent + 60_000);
    expect(due).toBeLessThan(Date.now() + 60_000);

    // once due, the message is delivered and leaves the list
    const got = await until(() => ch.get('later.q', { noAck: true }), { ms: UI_TIMEOUT });
    expect(got && got.content.toString()).toBe('now');
    await see(held, 'Waiting messages (2)');
    expect(await rows.count()).toBe(2);
    await ch.deleteExchange('later');
    await ch.deleteQueue('later.q');
  });
});
