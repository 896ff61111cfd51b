// The renderer: React, built to dist/renderer and loaded by Electron (file://) or served by the
// headless broker's UI server. Relative asset paths work for both.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  // elk's layout worker (see renderer/features/topology/auto-layout.ts) is a classic script
  worker: { format: 'iife', rolldownOptions: { output: { name: 'elkWorker' } } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
