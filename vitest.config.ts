import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // the chaos checks of issue 17 (npm run test:chaos runs these, harder: scripts/chaos.ts)
    tags: [
      { name: 'kill', description: 'a process killed (kill -9) or a service stopped at a known point, then resumed or recovered' },
      { name: 'disk-full', description: 'a disk that fills at a known point' },
      { name: 'bad-input', description: 'malformed or hostile input to the local server' },
      { name: 'campaign', description: 'tries more seeded points under npm run test:chaos (MOMENTUM_CHAOS=1, test/chaos/campaign.ts)' },
    ],
  },
});
