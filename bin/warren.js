#!/usr/bin/env node
// The `warren` command: runs the bundled CLI (built by `npm run build`, also on `npm ci` via prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('warren: dist/cli.js is missing; run `npm run build` first');
  process.exit(1);
}
await import(cli);
