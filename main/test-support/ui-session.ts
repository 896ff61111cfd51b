// The session most end-to-end test files share: a broker, its UI open in Chromium, and a real AMQP
// client (amqplib) connected to the broker, set up before the file's tests and ended after them.
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, openUi } from './browser';
import { startWarrenProcess, type E2eBroker } from './e2e-broker';

export interface UiSession {
  warren: E2eBroker;
  browser: Browser;
  page: Page;
  /** console errors and CSP violations seen by the page */
  problems: string[];
  /** a real client's connection, named `connectionName`, and a channel on it */
  conn: ChannelModel;
  ch: Channel;
}

/** Starts the session before a file's tests (then `setup` runs) and ends it after them. */
export function useUiSession(connectionName: string, setup?: (s: UiSession) => Promise<void>): UiSession {
  const s = {} as UiSession;
  beforeAll(async () => {
    s.warren = await startWarrenProcess();
    s.browser = await launchChromium();
    ({ page: s.page, problems: s.problems } = await openUi(s.browser, s.warren.uiUrl));
    s.conn = await amqp.connect(s.warren.amqpUrl, { clientProperties: { connection_name: connectionName } });
    s.ch = await s.conn.createChannel();
    await setup?.(s);
  }, 60_000);
  afterAll(async () => {
    await s.conn?.close().catch(() => {});
    await s.browser?.close();
    await s.warren?.stop();
  });
  return s;
}
