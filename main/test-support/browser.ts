// Debian's Chromium driven by playwright-core for the end-to-end tests.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const ARTIFACTS = fileURLToPath(new URL('../../e2e/artifacts/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Open the UI, log in as a user would (guest/guest unless told), and collect console errors and
 *  CSP violations, which fail the tests. */
export async function openUi(browser: Browser, url: string, size = { width: 1440, height: 900 }, login: [string, string] = ['guest', 'guest'], opts: { ignoreHTTPSErrors?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: size, ...opts });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  await logIn(page, ...login);
  await page.getByText('ev/s').waitFor(); // connected and subscribed
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Fill in the login form and submit it. */
export async function logIn(page: Page, user: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'log in' });
  await form.getByLabel('User').fill(user);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
}
