#!/usr/bin/env node
// The `warren` command: runs the bundled CLI (built by `npm run build`, also on `npm ci` via prepare).
// `warren serve` runs the broker in a Node process started with the broker's V8 flags (see
// broker-process.js); the other commands run here.
import { existsSync } from 'node:fs';
import { CLI, hasBrokerFlags, runBrokerProcess } from './broker-process.js';

if (!existsSync(CLI)) {
  console.error('warren: dist/cli.js is missing; run `npm run build` first');
  process.exit(1);
}
const args = process.argv.slice(2);
if (args[0] === 'serve' && !hasBrokerFlags()) runBrokerProcess(args);
else await import(CLI);
