import { defineConfig } from 'vitest/config';

/** End-to-end browser tests (`npm run test:e2e`): real headless Chromium, never part of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
