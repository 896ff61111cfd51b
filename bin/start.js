#!/usr/bin/env node
// `npm start` and the npm package's `warren-desktop`: opens the Electron window where Electron's
// binary is installed; otherwise runs the headless broker (with the UI served to a browser) and
// says why.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BROKER_NODE_FLAGS, forwardSignals, runBrokerProcess } from './broker-process.js';
import { electronBinary } from './electron-binary.js';

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
  console.log('Warren: running the broker headless instead; open the "Warren UI" address printed below in a browser.');
  runBrokerProcess(['serve', ...args]);
}
