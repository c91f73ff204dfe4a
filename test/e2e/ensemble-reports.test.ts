/**
 * HTML reports of ensembles (issue 16 item 5) in real headless Chromium (Debian's package via
 * playwright-core): `momentum report run|compare --ensemble` on posterior ensembles of the test
 * sample read on a phone (390 px: no sideways scrolling, the outcome tables fit without their
 * own scroll bar) and pass axe-core. Screenshots go to test-artifacts/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/server/server.js';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS } from './helpers.js';

const require = createRequire(import.meta.url);
const tmp = mkdtempSync(join(tmpdir(), 'momentum-e2e-ens-'));
const cli = (...args: string[]) => spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'momentum.js'), ...args], { cwd: tmp, encoding: 'utf8' });
let browser: Browser;

beforeAll(async () => {
  const posterior = join(PACKAGE_ROOT, 'test', 'ensemble', 'fixtures', 'posterior');
  for (const s of ['baseline', 'us-open-push']) {
    const r = cli('ensemble', s, '--posterior', posterior, '--runs', '8', '--db', join(tmp, `${s}.duckdb`), '--out', join(tmp, s), '--export', 'none', '--quiet');
    expect(r.status, r.stderr).toBe(0);
  }
  for (const args of [
    ['run', 'us-open-push', '--ensemble', join(tmp, 'us-open-push'), '--html', join(tmp, 'run.html')],
    ['compare', 'baseline', 'us-open-push', '--ensemble', join(tmp, 'baseline'), '--ensemble', join(tmp, 'us-open-push'), '--html', join(tmp, 'compare.html')],
  ]) {
    const r = cli('report', ...args, '--quiet');
    expect(r.status, r.stderr).toBe(0);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('ensemble reports in a browser', () => {
  for (const name of ['run', 'compare']) {
    it(`report ${name} --ensemble reads on a phone and passes axe-core`, async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.setContent(readFileSync(join(tmp, `${name}.html`), 'utf8'));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // the outcome tables fit the phone's width: no scroll bar of their own
      const overflow = await page.$$eval('section:nth-of-type(2) .scroll', (boxes) => boxes.map((b) => b.scrollWidth - b.clientWidth));
      expect(overflow.length).toBe(3);
      expect(overflow).toEqual([0, 0, 0]);
      // every chart with a model series has a fan
      expect(await page.locator('svg [aria-description$=": 90% interval"]').count()).toBeGreaterThanOrEqual(10);
      await page.locator('section:nth-of-type(2)').screenshot({ path: join(ARTIFACTS, `report-${name}-ensemble-phone.png`) });
      await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
      const violations = await page.evaluate(async () =>
        (await (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run(document)).violations.map((v) => `${v.id} ×${v.nodes.length}`),
      );
      expect(violations).toEqual([]);
      await page.close();
    });
  }
});
