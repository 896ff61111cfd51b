// Bundles the TypeScript entry points with esbuild (type checking is `npm run typecheck`).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const node = { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap: true, logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
const entries = [
  ['main/cli.ts', 'dist/cli.js'],
  ['main/perf/bench.ts', 'dist/perf.js'],
];
await Promise.all(entries.filter(([src]) => existsSync(src)).map(([src, out]) => build({ ...node, entryPoints: [src], outfile: out })));
