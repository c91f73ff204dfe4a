/**
 * `npm run bench:playground [-- --steps N --skip-build]`: input→chart time of the playground in
 * headless Chromium for every kind of lever (issue #19): a policy slider, a policy choice,
 * an event lever (export-control severity), the foreign-model restriction grid, a key world
 * assumption, an assumption under "More assumptions", and a world assumption with the
 * uncertainty band on (the central line; the band follows off the critical path).
 *
 * Each figure is the median of N isolated steps (the model idle before each) of the Performance
 * API measure "momentum:input-to-chart" (input event → the charts in view show that input's
 * result in the DOM). Target: ≤ 16 ms median for every kind. A benchmark, not a test: on a
 * shared 2-core machine the figures move with the other load (the load average is printed).
 */
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { chartsReady, isolatedSteps, median, startHarness, timing } from '../test/e2e/helpers.js';

const argv = process.argv.slice(2);
const steps = Number(argv[argv.indexOf('--steps') + 1]) || 12;
if (argv.includes('--skip-build')) process.env.MOMENTUM_E2E_SKIP_BUILD = '1';

interface Kind {
  name: string;
  /** Prepares the page; returns the step function. */
  setup(page: Page): Promise<(i: number) => Promise<void>>;
}

/**
 * Alternating keyboard steps on a slider, a few steps away from its default (the first move
 * off a default also changes labels, e.g. "changed", and is not what a drag consists of).
 */
async function sliderSteps(page: Page, selector: string): Promise<(i: number) => Promise<void>> {
  const el = page.locator(selector).first();
  await el.scrollIntoViewIfNeeded();
  await el.focus();
  const [value, min, max] = await el.evaluate((e: HTMLInputElement) => [Number(e.value), Number(e.min), Number(e.max)]);
  const away = value > (min + max) / 2 ? 'ArrowLeft' : 'ArrowRight';
  const back = away === 'ArrowLeft' ? 'ArrowRight' : 'ArrowLeft';
  for (let k = 0; k < 4; k++) await page.keyboard.press(away);
  return async (i) => {
    await el.focus();
    await page.keyboard.press(i % 2 ? back : away);
  };
}

const KINDS: Kind[] = [
  { name: 'policy slider (open-model subsidy, US)', setup: (p) => sliderSteps(p, '#param-openSubsidy-US') },
  {
    name: 'policy choice (openness of Meta)',
    setup: async (p) => {
      const el = p.locator('#param-strategy-meta');
      await el.scrollIntoViewIfNeeded();
      await el.selectOption('mixed');
      return async (i) => void (await el.selectOption(i % 2 ? 'open' : 'closed'));
    },
  },
  {
    name: 'event lever (export-control severity)',
    setup: async (p) => {
      await p.locator('#ec-on').check();
      await p.waitForTimeout(500);
      return sliderSteps(p, '#ec-severity');
    },
  },
  {
    name: 'restriction grid (CN models in US)',
    setup: async (p) => {
      const el = p.locator('select[aria-label="Restrict CN models for adopters in US"]');
      await el.scrollIntoViewIfNeeded();
      await el.selectOption('finance');
      return async (i) => void (await el.selectOption(i % 2 ? 'all' : 'critical'));
    },
  },
  { name: 'world assumption (price sensitivity)', setup: (p) => sliderSteps(p, '#param-priceSensitivity') },
  {
    name: 'more assumptions (first slider)',
    setup: async (p) => {
      await p.locator('details.more summary').click();
      return sliderSteps(p, 'details.more input[type="range"]');
    },
  },
  {
    name: 'world assumption with the band on (central line)',
    setup: async (p) => {
      await p.locator('#band-toggle').check();
      await p.waitForFunction(() => /band: /.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 120_000 });
      return sliderSteps(p, '#param-networkEffect');
    },
  },
];

const h = await startHarness();
const rows: string[] = [];
try {
  for (const kind of KINDS) {
    const page = await h.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(h.base);
    await chartsReady(page);
    // let the worker's JIT warm-up finish (it runs every preset twice after the baseline)
    await page.waitForTimeout(2500);
    const step = await kind.setup(page);
    await page.waitForTimeout(400);
    const c0 = (await timing(page)).last!.count;
    await step(0);
    await chartsReady(page, c0 + 1);
    await page.waitForTimeout(300);
    const t = await isolatedSteps(page, steps, (i) => step(i + 1));
    const ms = t.map((x) => x.inputToChartMs);
    const line = `${kind.name.padEnd(50)} median ${median(ms).toFixed(1).padStart(5)} ms  (worker ${median(t.map((x) => x.workerMs)).toFixed(1)} ms; each ${ms.map((x) => x.toFixed(1)).join(', ')})`;
    console.log(line);
    rows.push(line);
    await page.close();
  }
} finally {
  await h.close();
}
console.log(`\ninput→chart, ${steps} isolated steps per kind; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (2 cores; other load moves these figures)`);
