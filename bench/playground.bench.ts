/**
 * `npm run bench:playground [-- --steps N --skip-build]`: input→chart time of the playground in
 * headless Chromium for every kind of lever (issue #19): a policy slider, a policy choice,
 * an event lever (export-control severity), the foreign-model restriction grid, a key world
 * assumption, an assumption under "More assumptions", and a world assumption with each
 * uncertainty band on: the posterior band (parameter uncertainty, issue #16) and the agents
 * band (sampling noise). With a band on, the central line is measured, and for the posterior
 * band also input→band: the input to the first band of that input's scenario on the charts
 * (measure "momentum:input-to-band"), which is computed off the critical path in a second worker.
 *
 * Each figure is the median of N isolated steps (the model idle before each; with the posterior
 * band, the band worker still refining the previous step's band) of the Performance API measure
 * "momentum:input-to-chart" (input event → the charts in view show that input's result in the
 * DOM). Targets: ≤ 16 ms median for the central line of every kind; ≤ 500 ms for the posterior
 * band to follow. A benchmark, not a test: on a shared 2-core machine the figures move with the
 * other load (the load average is printed and recorded). Writes a record to bench/records/playground/.
 */
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { bandFollowSteps, chartsReady, isolatedSteps, median, startHarness, timing } from '../test/e2e/helpers.js';
import { writeBenchRecord, type BenchFigure } from './record.mjs';

const argv = process.argv.slice(2);
const steps = Number(argv[argv.indexOf('--steps') + 1]) || 12;
if (argv.includes('--skip-build')) process.env.MOMENTUM_E2E_SKIP_BUILD = '1';

interface Kind {
  /** Id of the figure in the record. */
  id: string;
  name: string;
  /** Prepares the page; returns the step function. */
  setup(page: Page): Promise<(i: number) => Promise<void>>;
  /** Each step also waits for the posterior band of its scenario (and measures input→band). */
  band?: boolean;
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
  { id: 'policy_slider', name: 'policy slider (open-model subsidy, US)', setup: (p) => sliderSteps(p, '#param-openSubsidy-US') },
  {
    id: 'policy_choice',
    name: 'policy choice (openness of Meta)',
    setup: async (p) => {
      const el = p.locator('#param-strategy-meta');
      await el.scrollIntoViewIfNeeded();
      await el.selectOption('mixed');
      return async (i) => void (await el.selectOption(i % 2 ? 'open' : 'closed'));
    },
  },
  {
    id: 'event_lever',
    name: 'event lever (export-control severity)',
    setup: async (p) => {
      await p.locator('#ec-on').check();
      await p.waitForTimeout(500);
      return sliderSteps(p, '#ec-severity');
    },
  },
  {
    id: 'restriction_grid',
    name: 'restriction grid (CN models in US)',
    setup: async (p) => {
      const el = p.locator('select[aria-label="Restrict CN models for adopters in US"]');
      await el.scrollIntoViewIfNeeded();
      await el.selectOption('finance');
      return async (i) => void (await el.selectOption(i % 2 ? 'all' : 'critical'));
    },
  },
  { id: 'world_assumption', name: 'world assumption (price sensitivity)', setup: (p) => sliderSteps(p, '#param-priceSensitivity') },
  {
    id: 'more_assumptions',
    name: 'more assumptions (first slider)',
    setup: async (p) => {
      await p.locator('details.more summary').click();
      return sliderSteps(p, 'details.more input[type="range"]');
    },
  },
  {
    id: 'posterior_band',
    name: 'world assumption, posterior band on (central line)',
    band: true,
    setup: async (p) => {
      await p.locator('#band-toggle').check();
      // the whole band once (warms the band worker), then the steps
      await p.waitForFunction(() => /band: \d+ posterior draws/.test(document.querySelector('.status')?.textContent ?? '') && !/refining/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 180_000 });
      return sliderSteps(p, '#param-networkEffect');
    },
  },
  {
    id: 'agents_band',
    name: 'world assumption, agents band on (central line)',
    setup: async (p) => {
      await p.locator('#band-kind').selectOption('agents');
      await p.locator('#band-toggle').check();
      await p.waitForFunction(() => /band: .*agents runs/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 120_000 });
      return sliderSteps(p, '#param-networkEffect');
    },
  },
];

const h = await startHarness();
const figures: Record<string, BenchFigure> = {};
const round1 = (x: number) => Math.round(x * 10) / 10;
try {
  for (const kind of KINDS) {
    const page = await h.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(h.base);
    await chartsReady(page);
    // let the worker's JIT warm-up finish (it runs every preset eight times after the baseline)
    await page.waitForTimeout(4000);
    const step = await kind.setup(page);
    await page.waitForTimeout(400);
    const c0 = (await timing(page)).last!.count;
    await step(0);
    await chartsReady(page, c0 + 1);
    await page.waitForTimeout(300);
    const b = kind.band ? await bandFollowSteps(page, steps, (i) => step(i + 1)) : null;
    const t = b ? b.map((x) => x.chart) : await isolatedSteps(page, steps, (i) => step(i + 1));
    const ms = t.map((x) => x.inputToChartMs);
    console.log(`${kind.name.padEnd(50)} median ${median(ms).toFixed(1).padStart(5)} ms  (worker ${median(t.map((x) => x.workerMs)).toFixed(1)} ms; each ${ms.map((x) => x.toFixed(1)).join(', ')})`);
    if (b) {
      const follow = b.map((x) => x.band.inputToBandMs);
      console.log(`${'  the posterior band follows (input→band)'.padEnd(50)} median ${median(follow).toFixed(0).padStart(5)} ms  (first band: ${b[0].band.n} draws; each ${follow.map((x) => x.toFixed(0)).join(', ')})`);
      figures.posterior_band_follow_ms = { label: `input→band: the first posterior band (${b[0].band.n} draws) of a world-assumption step's scenario on the charts, median of ${steps} isolated steps`, value: Math.round(median(follow)), unit: 'ms', max: 500 };
    }
    figures[`${kind.id}_ms`] = { label: `input→chart, ${kind.name}, median of ${steps} isolated steps`, value: round1(median(ms)), unit: 'ms', max: 16 };
    figures[`${kind.id}_worker_ms`] = { label: `model run in the worker, ${kind.name}, median`, value: round1(median(t.map((x) => x.workerMs))), unit: 'ms' };
    await page.close();
  }
} finally {
  await h.close();
}
console.log(`\ninput→chart, ${steps} isolated steps per kind; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (2 cores; other load moves these figures)`);
writeBenchRecord({ bench: 'playground', command: 'npm run bench:playground', standard: steps === 12, options: { steps, viewport: '1440x900' }, figures });
