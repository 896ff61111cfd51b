// The Charts tool in the real UI: with amqplib publishing to a queue that a consumer acks, the
// selected queue's chart shows its published, delivered and acked rates and its depth over time.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useUiSession } from '../main/test-support/ui-session';
import { openTool, UI_TIMEOUT } from '../main/test-support/ui-tools';

let page: Page;
let timer: NodeJS.Timeout;
const session = useUiSession('e2e-charts', async (s) => {
  await s.ch.assertQueue('work');
  const consumer = await s.conn.createChannel();
  await consumer.consume('work', (m) => { if (m) consumer.ack(m); });
  timer = setInterval(() => { for (let i = 0; i < 20; i++) s.ch.sendToQueue('work', Buffer.from('job')); }, 100);
});
beforeAll(() => { ({ page } = session); });
afterAll(() => clearInterval(timer));

/** the number a "rate now" cell shows (NaN for —) */
const rateNow = async (label: string): Promise<number> => parseFloat((await page.getByTestId(`rate-${label}`).textContent()) ?? '');

describe('the Charts tool', () => {
  it('charts the selected queue: about 200 msg/s published, delivered and acked', async () => {
    await page.getByTestId('node-q:work').click();
    const dock = await openTool(page, 'Charts');
    await dock.getByText('Charting the selected queue.').waitFor({ timeout: UI_TIMEOUT });
    await page.waitForFunction(() => Number(document.querySelector('.chart')?.getAttribute('data-points')) >= 4, null, { timeout: UI_TIMEOUT });
    for (const label of ['published', 'delivered', 'acked']) {
      await page.waitForFunction((l) => parseFloat(document.querySelector(`[data-testid="rate-${l}"]`)?.textContent ?? '') > 50, label, { timeout: UI_TIMEOUT });
      expect(await rateNow(label)).toBeLessThan(400);
    }
    expect(await dock.getByRole('img', { name: 'rates, queue work (msg/s)' }).locator('canvas').count()).toBe(1);
    expect(await dock.getByRole('img', { name: 'depth, queue work (messages)' }).count()).toBe(1);
  });
});
