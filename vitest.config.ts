import { defineConfig } from 'vitest/config';

// Renderer tests pick jsdom per file (`// @vitest-environment jsdom`); e2e specs drive a real
// `warren serve` and Chromium (see e2e/harness.ts) and run after a build (`npm test` builds first).
// `npm test` runs the e2e specs in a second step, one file at a time, after everything else: a
// browser, a broker and the integration tests competing for 2 cores made the UI miss its waits.
export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'e2e/**/*.e2e.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
