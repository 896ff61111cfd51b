// Bundles the TypeScript entry points with esbuild (type checking is `npm run typecheck`), the
// renderer with vite (dist/renderer), and the Electron shell as CommonJS (dist/app).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const node = { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap: true, logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
const entries = [
  ['main/cli.ts', 'dist/cli.js'],
  ['main/perf/bench.ts', 'dist/perf.js'],
  ['main/fuzz/cli.ts', 'dist/fuzz.js'],
  ['main/fuzz/soak.ts', 'dist/soak.js'],
];
// Electron loads its main and preload as CommonJS; `electron` is provided by the runtime.
const electron = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', external: ['electron'] };
const cjsEntries = [
  ['main/app/main.ts', 'dist/app/main.cjs'],
  ['main/preload/preload.ts', 'dist/app/preload.cjs'],
];
const only = process.env.WARREN_BUILD_ONLY; // 'node' skips the renderer (quicker while developing)
await Promise.all([
  ...entries.filter(([src]) => existsSync(src)).map(([src, out]) => build({ ...node, entryPoints: [src], outfile: out })),
  ...cjsEntries.filter(([src]) => existsSync(src)).map(([src, out]) => build({ ...electron, entryPoints: [src], outfile: out })),
]);
if (only !== 'node' && existsSync('renderer/index.html')) {
  const { build: vite } = await import('vite');
  await vite({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
