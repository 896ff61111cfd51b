import { defineConfig } from 'vitest/config';

// Renderer tests pick jsdom per file (`// @vitest-environment jsdom`); e2e specs drive a real
// `warren serve` and Chromium (see e2e/harness.ts) and run after a build (`npm test` builds first).
export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'e2e/**/*.e2e.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
