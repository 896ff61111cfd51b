#!/usr/bin/env node
// The `warren` command: runs the bundled CLI (built by `npm run build`, and
// shipped built in the npm package). `warren serve` runs the broker in a Node process started with
// the broker's V8 flags (see broker-process.js); the other commands run here.
import { existsSync, readFileSync } from 'node:fs';
import { CLI, hasBrokerFlags, runBrokerProcess } from './broker-process.js';

const args = process.argv.slice(2);
if (args[0] === '--version' || args[0] === '-v' || args[0] === 'version') {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  console.log(`warren ${pkg.version}`);
  process.exit(0);
}
if (!existsSync(CLI)) {
  console.error('warren: dist/cli.js is missing; run `npm run build` first');
  process.exit(1);
}
if (args[0] === 'serve' && !hasBrokerFlags()) runBrokerProcess(args);
else await import(CLI);
