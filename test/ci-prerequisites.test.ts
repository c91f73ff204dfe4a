/**
 * Under CI (`.ci/run` sets CI=true) the tools that other tests otherwise skip without are
 * required: a missing redis-server or an unbuilt dist/ fails here instead of turning whole
 * suites into skips. Outside CI this only reports what would be skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasRedisServer } from './ensemble/helpers.js';

const ROOT = join(import.meta.dirname, '..');
const CI = process.env.CI === 'true' || process.env.CI === '1';

describe('prerequisites of the suites that skip without them', () => {
  const checks: [string, boolean, string][] = [
    ['redis-server', hasRedisServer(), 'the distributed-ensemble and Redis suites'],
    ['dist/cli/main.js', existsSync(join(ROOT, 'dist/cli/main.js')), 'the CLI suites of the observatory and the server'],
  ];
  for (const [what, present, suites] of checks) {
    it(`${what} is present${CI ? ' (required under CI)' : ''}`, () => {
      if (!present) console.warn(`${what} is missing: ${suites} are skipped`);
      if (CI) expect(present, `${what} is missing under CI: ${suites} would be skipped`).toBe(true);
    });
  }
});
