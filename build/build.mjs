// Bundles the TypeScript entry points with esbuild (type checking is `npm run typecheck`), the
// renderer with vite (dist/renderer), and the Electron shell as CommonJS (dist/app).
// `--release` (npm pack's prepack) starts from an empty dist/, leaves out the benchmark and writes
// no source maps unless WARREN_SOURCEMAPS=1: the package holds only what runs.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const release = process.argv.includes('--release');
const sourcemap = !release || process.env.WARREN_SOURCEMAPS === '1';
if (release) rmSync('dist', { recursive: true, force: true });

const node = { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap, logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
const entries = [
  ['main/cli.ts', 'dist/cli.js'],
  ...(release ? [] : [['main/perf/bench.ts', 'dist/perf.js'], ['main/fuzz/cli.ts', 'dist/fuzz.js'], ['main/fuzz/soak.ts', 'dist/soak.js']]),
];
// Electron loads its main and preload as CommonJS; `electron` is provided by the runtime.
const electron = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap, logLevel: 'warning', external: ['electron'] };
const cjsEntries = [
  ['main/app/main.ts', 'dist/app/main.cjs'],
  ['main/preload/preload.ts', 'dist/app/preload.cjs'],
];
const only = process.env.WARREN_BUILD_ONLY; // 'node' skips the renderer (quicker while developing)
await Promise.all([
  ...entries.filter(([src]) => existsSync(src)).map(([src, out]) => build({ ...node, entryPoints: [src], outfile: out })),
  ...cjsEntries.filter(([src]) => existsSync(src)).map(([src, out]) => build({ ...electron, entryPoints: [src], outfile: out })),
]);
if ((release || only !== 'node') && existsSync('renderer/index.html')) {
  const { build: vite } = await import('vite');
  await vite({ configFile: 'vite.config.ts', logLevel: 'warn', build: { sourcemap } });
}
