// The explorer tools from an end-to-end test: open one from the toolbar's tabs, and wait for text
// the user would see.
import type { Locator, Page } from 'playwright-core';

export const UI_TIMEOUT = 20_000;

/** waits until some element of `where` shows `text` */
export const see = (where: Locator, text: RegExp | string): Promise<void> => where.filter({ hasText: text }).first().waitFor({ timeout: UI_TIMEOUT });

/** The dock region of a tool ("Route", "Retained", ...), opened from its tab unless open already. */
export async function openTool(page: Page, label: string): Promise<Locator> {
  const dock = page.getByRole('region', { name: `${label.toLowerCase()} tool` });
  if (!(await dock.isVisible())) await page.getByRole('navigation', { name: 'tools' }).getByRole('button', { name: label, exact: true }).click();
  await dock.waitFor();
  return dock;
}
