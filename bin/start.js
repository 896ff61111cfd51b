#!/usr/bin/env node
// `npm start` and the npm package's `warren-desktop`: opens the Electron window where Electron's
// binary is installed; otherwise runs the headless broker, says why, and opens its UI in the
// default browser.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BROKER_NODE_FLAGS, forwardSignals, runBrokerProcess } from './broker-process.js';
import { electronBinary } from './electron-binary.js';
import { openBrowser, watchForUi } from './open-browser.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const electron = electronBinary();
const appMain = fileURLToPath(new URL('../dist/app/main.cjs', import.meta.url));
const args = process.argv.slice(2);
if (electron && existsSync(appMain)) {
  // the broker runs in Electron's main process: its V8 flags go on Electron's command line
  forwardSignals(spawn(electron, [`--js-flags=${BROKER_NODE_FLAGS.join(' ')}`, root, ...args], { stdio: 'inherit' }));
} else {
  const why = electron ? 'the Electron shell is not built (dist/app/main.cjs is missing)' : 'no Electron binary is installed (electron is an optional dependency and its download was skipped)';
  console.log(`Warren: no window opened because ${why}.`);
  // --no-browser (or WARREN_NO_BROWSER=1): only print the address, as on a machine without a desktop
  const quiet = args.includes('--no-browser') || process.env.WARREN_NO_BROWSER === '1';
  const serveArgs = args.filter((a) => a !== '--no-browser');
  console.log(`Warren: running the broker headless instead, with the same UI in ${quiet ? 'a browser at the "Warren UI" address below' : 'your default browser'}.`);
  const child = runBrokerProcess(['serve', ...serveArgs], { pipeStdout: true });
  watchForUi(child.stdout, (url) => { if (!quiet) openBrowser(url); });
}
