// The Electron shell end to end, with playwright-core's Electron launcher. Where no Electron
// binary is installed (this machine: ELECTRON_SKIP_BINARY_DOWNLOAD), it reports itself skipped
// and says why.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BROKER_NODE_FLAGS } from '../bin/broker-flags.js';
import { electronBinary } from '../bin/electron-binary.js';
import { screenshot } from '../main/test-support/browser';
import { useTempDirs } from '../main/test-support/tmp-dir';

const root = fileURLToPath(new URL('..', import.meta.url));

const binary = electronBinary();
const built = existsSync(join(root, 'dist/app/main.cjs')) && existsSync(join(root, 'dist/renderer/index.html'));
const why = !binary ? 'no Electron binary is installed (npm installed electron with ELECTRON_SKIP_BINARY_DOWNLOAD)' : !built ? 'the Electron shell is not built (npm run build)' : '';
if (why) console.log(`Electron e2e skipped: ${why}`);
const tempDir = useTempDirs('electron');

describe('the Electron window', () => {
  it.skipIf(why !== '')(`opens a sandboxed window that draws the topology over IPC${why ? ` (skipped: ${why})` : ''}`, async () => {
    const settings = tempDir();
    const app = await _electron.launch({
      executablePath: binary!,
      // with the broker's V8 flags, as `npm start` launches it (without them the shell starts again)
      args: [`--js-flags=${BROKER_NODE_FLAGS.join(' ')}`, root],
      env: { ...process.env, WARREN_AMQP_PORT: '0', WARREN_MQTT_PORT: '0', WARREN_WEB_MQTT_PORT: '0', WARREN_DATA_DIR: 'memory', WARREN_UI_PORT: 'off', WARREN_SETTINGS_DIR: settings },
    });
    try {
      const win = await app.firstWindow();
      await win.getByText('ev/s').waitFor();
      // contextIsolation + sandbox: no Node in the page, only the contract's verbs
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await win.evaluate(() => Object.keys((globalThis as unknown as { warren: object }).warren).sort())).toEqual(['invoke', 'on', 'subscribe']);
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      // navigation away from the app is denied
      await win.evaluate(() => { location.href = 'https://example.com/'; });
      expect(win.url()).toMatch(/^file:/);
      await win.getByRole('button', { name: '+ Queue' }).click();
      await win.getByRole('form', { name: 'new queue' }).getByLabel('Name').fill('from-electron');
      await win.getByRole('button', { name: 'Declare queue' }).click();
      await win.getByTestId('node-q:from-electron').waitFor();
      await screenshot(win, 'electron-window');
    } finally {
      await app.close();
    }
  }, 60_000);
});
