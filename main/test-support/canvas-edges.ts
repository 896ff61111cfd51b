// Drawing on the canvas from an end-to-end test as a user does: an edge dragged from one node's
// handle to another's (an exchange to a queue opens the binding dialog).
import type { Locator, Page } from 'playwright-core';

const node = (page: Page, id: string): Locator => page.getByTestId(`node-${id}`);

/** Drag from one handle to another, as a user draws an edge. Under CPU load the automatic layout
 *  and the fit-to-view animation may still be moving the nodes, so wait until both handles are
 *  visible and have stopped moving, then drag; if no binding dialog opens (the drop missed a
 *  handle that moved mid-drag), draw again. */
export async function drawEdge(page: Page, fromNode: string, toNode: string): Promise<void> {
  const dialog = page.getByRole('form', { name: 'create binding' });
  for (let attempt = 1; ; attempt++) {
    const from = await stableBox(page, node(page, fromNode).locator('.react-flow__handle.source'));
    const to = await stableBox(page, node(page, toNode).locator('.react-flow__handle.target'));
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    try {
      await dialog.waitFor({ timeout: 5000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** The element's box once it is visible and the same over three checks a couple of frames apart. */
async function stableBox(page: Page, loc: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  await loc.waitFor({ state: 'visible', timeout: 20_000 });
  const deadline = Date.now() + 20_000;
  let last = '';
  let same = 0;
  for (;;) {
    const box = await loc.boundingBox();
    const key = JSON.stringify(box);
    same = box && key === last ? same + 1 : 0;
    last = key;
    if (box && same >= 2) return box;
    if (Date.now() > deadline) throw new Error('the handle kept moving');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  }
}
