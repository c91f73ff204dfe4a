/**
 * End-to-end tests of the playground in real headless Chromium (Debian's `chromium` package,
 * driven by playwright-core; no browser is ever downloaded). Run with `npm run test:e2e`.
 * Builds the web app, starts `momentum serve`'s server on a free port, and checks what a
 * user sees: charts, levers, links, saved scenarios, undo, the phone layout, accessibility.
 * Saves screenshots to test-artifacts/ and prints the input-to-chart times (the benchmark of
 * every kind of lever is `npm run bench:playground`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/server/server.js';
import { ARTIFACTS, bandFollowSteps, bandTiming, chartPaths, chartsReady, isolatedSteps, median, quiet, startHarness, timing, type Harness } from './helpers.js';
import { SET_PARAMS_SUPPORTED } from '../../web/src/state/playground-state.js';

let h: Harness;
let base: string;
const pageErrors: string[] = [];
const require = createRequire(import.meta.url);

beforeAll(async () => {
  h = await startHarness();
  base = h.base;
});

afterAll(async () => {
  await h?.close();
});

async function open(url: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await h.browser.newPage({ viewport, acceptDownloads: true });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  return page;
}

/** Keyboard steps on a slider, away from the nearer end of its range. */
async function nudge(page: Page, selector: string, steps: number): Promise<{ away: string; back: string }> {
  const slider = page.locator(selector);
  await slider.scrollIntoViewIfNeeded();
  await slider.focus();
  const [value, min, max] = await slider.evaluate((el: HTMLInputElement) => [Number(el.value), Number(el.min), Number(el.max)]);
  const away = value > (min + max) / 2 ? 'ArrowLeft' : 'ArrowRight';
  const back = away === 'ArrowLeft' ? 'ArrowRight' : 'ArrowLeft';
  for (let i = 0; i < steps; i++) await page.keyboard.press(away);
  return { away, back };
}

/** Waits for the URL to settle into a history entry (the app pushes it when the input pauses) and the model to be idle. */
async function settled(page: Page): Promise<void> {
  await quiet(page);
}

async function csvOf(page: Page): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  return readFileSync((await d.path())!, 'utf8');
}

describe('playground in headless Chromium', () => {
  it('serves a production build, under 350 kB of JavaScript compressed, with brotli', async () => {
    const dir = join(PACKAGE_ROOT, 'web', 'dist', 'assets');
    const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const f of scripts) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain('jsxDEV');
    const brotli = scripts.reduce((n, f) => n + readFileSync(join(dir, `${f}.br`)).length, 0);
    const plain = scripts.reduce((n, f) => n + readFileSync(join(dir, f)).length, 0);
    console.log(`[e2e] JavaScript: ${(plain / 1000).toFixed(0)} kB, ${(brotli / 1000).toFixed(0)} kB brotli in ${scripts.length} files (the explain panel and the YAML module load on demand)`);
    expect(brotli).toBeLessThanOrEqual(350_000);
    const res = await fetch(`${base}assets/${scripts[0]}`, { headers: { 'accept-encoding': 'br' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('etag')).toBeTruthy();
  });

  it('loads with every chart, headlines, a "now" marker on each chart and the baseline drawn', async () => {
    const page = await open(base);
    await chartsReady(page);
    const cards = await page.$$('main .chart-card');
    expect(cards.length).toBe(12);
    await page.waitForFunction(() => [...document.querySelectorAll('main .chart-plot')].every((el) => el.querySelector('svg path')), null, { timeout: 30_000 });
    expect((await chartPaths(page, 'usage-share')).length).toBeGreaterThanOrEqual(2);
    await page.waitForSelector('[data-chart="usage-share"] g[stroke-dasharray] path', { timeout: 30_000 });
    const headlines = await page.$$eval('.headlines li', (li) => li.map((x) => x.textContent ?? ''));
    expect(headlines.some((h) => /CN open-weight downloads/.test(h))).toBe(true);
    // "now" on every time chart
    const nows = await page.$$eval('main .chart-plot > svg', (svgs) => svgs.map((s) => [...s.querySelectorAll('text')].some((t) => t.textContent === 'now')));
    expect(nows).toEqual(new Array(12).fill(true));
    // no developer numbers on the page
    expect(await page.locator('.status').textContent()).not.toMatch(/ms\b/);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-1280x800.png') });
    await page.close();
  });

  it('moving a slider re-runs the model and changes a chart; prints the input-to-chart time', async () => {
    const page = await open(base);
    await chartsReady(page);
    const before = await chartPaths(page, 'usage-share');
    const n0 = (await timing(page)).last!.count;
    const { away, back } = await nudge(page, '#param-networkEffect', 10);
    await chartsReady(page, n0 + 1);
    await page.waitForFunction(() => new URLSearchParams(location.search).has('s'));
    await quiet(page); // the last of the 10 steps drawn: the isolated steps below start idle
    expect(await chartPaths(page, 'usage-share')).not.toEqual(before);
    expect(await page.locator('.control.changed label[for="param-networkEffect"]').count()).toBe(1);
    const steps = await isolatedSteps(page, 8, (i) => page.keyboard.press(i % 2 ? away : back));
    const fmt = (k: 'inputToChartMs' | 'workerMs' | 'renderMs' | 'postMs' | 'toWorkerMs' | 'fromWorkerMs' | 'frameMs') => `${median(steps.map((x) => x[k] ?? NaN)).toFixed(1)} ms`;
    console.log(
      `[e2e] input→chart, ${steps.length} isolated steps of a world assumption (measure "momentum:input-to-chart"): median ${fmt('inputToChartMs')} ` +
        `(model run in the worker ${fmt('workerMs')}, redraw ${fmt('renderMs')}, input to request ${fmt('postMs')}, request to worker ${fmt('toWorkerMs')}, reply to main thread ${fmt('fromWorkerMs')}); ` +
        `each: ${steps.map((x) => x.inputToChartMs.toFixed(1)).join(', ')} ms; input→next frame: median ${fmt('frameMs')}`,
    );
    expect(steps.every((x) => x.inputToChartMs > 0)).toBe(true);
    // the steps redrew only the scenario lines (fast path); a full Plot render, triggered by the
    // pointer moving over the chart, draws the very same lines
    const fast = await chartPaths(page, 'usage-share');
    await page.$eval('[data-chart="usage-share"] > svg', (svg) => svg.setAttribute('data-before-hover', ''));
    const box = (await page.locator('[data-chart="usage-share"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2);
    await page.waitForFunction(() => !document.querySelector('[data-chart="usage-share"] > svg[data-before-hover]'));
    expect(await chartPaths(page, 'usage-share')).toEqual(fast);
    await page.close();
  });

  it('the band shows parameter uncertainty by default: posterior bands, refined progressively, that follow the levers (prints input→chart and input→band)', async () => {
    const page = await open(base, { width: 1440, height: 900 });
    await chartsReady(page);
    const status = async () => (await page.locator('.status').textContent()) ?? '';
    expect(await page.inputValue('#band-kind')).toBe('posterior');
    // cross-origin isolated (the server's headers): an input can stop a draw in flight
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
    expect(await page.locator('#band-kind option').allTextContents()).toEqual([
      'parameter uncertainty (posterior)',
      'parameters and assumptions (posterior, assumptions from their priors)',
      'sampling noise (agents), 5,000 agents per run',
    ]);
    await page.locator('#band-toggle').check();
    // the first band: its label says how many draws and which quantiles were computed
    await page.waitForFunction(() => /band: \d+ posterior draws/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 90_000 });
    const first = /band: (\d+) posterior draws, (10–90|5–95)% \(parameter uncertainty\)/.exec(await status());
    expect(first, await status()).not.toBeNull();
    expect(Number(first![1]) < 20).toBe(first![2] === '10–90');
    await page.waitForSelector('[data-chart="usage-share"] g.momentum-band path', { state: 'attached' });
    expect(await page.locator('[data-chart="usage-share"] g.momentum-band path').count()).toBe(4);
    expect(await page.locator('#chart-usage-share .chart-caption').textContent()).toMatch(/band: \d+ posterior draws/);
    // refined as more draws arrive, up to the 160 shipped (fewer in the label if some broke the model's invariants)
    await page.waitForFunction(() => /band: \d+ posterior draws, 5–95% \(parameter uncertainty\)/.test(document.querySelector('.status')?.textContent ?? '') && !/refining/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 120_000 });
    const full = /band: (\d+) posterior draws(?:.*?(\d+) draws? broke)?/.exec(await status())!;
    expect(Number(full[1]) + Number(full[2] ?? 0)).toBe(160);
    // the committed posterior (data/posterior) is a fitted one: the label calls nothing a placeholder
    expect(await status()).not.toMatch(/placeholder/);
    await settled(page);
    const s = new URL(page.url()).searchParams.get('s');
    expect(JSON.parse(Buffer.from(s!, 'base64url').toString('utf8'))).toEqual({ b: 1 });
    // isolated steps of a world assumption: the central line at once, then this scenario's first band
    const { away, back } = await nudge(page, '#param-networkEffect', 4);
    await chartsReady(page);
    const steps = await bandFollowSteps(page, 8, (i) => page.keyboard.press(i % 2 ? away : back));
    const central = steps.map((x) => x.chart.inputToChartMs);
    const follow = steps.map((x) => x.band.inputToBandMs);
    console.log(
      `[e2e] with the posterior band on, ${steps.length} isolated steps of a world assumption: input→chart (central line) median ${median(central).toFixed(1)} ms ` +
        `(model run in the worker ${median(steps.map((x) => x.chart.workerMs)).toFixed(1)} ms; each ${central.map((x) => x.toFixed(1)).join(', ')}); ` +
        `input→band (first band of the step's scenario, ${steps[0].band.n} draws) median ${median(follow).toFixed(0)} ms (each ${follow.map((x) => x.toFixed(0)).join(', ')})`,
    );
    // every step got the band of its own scenario, from the first stage (10 draws, fewer if some broke the invariants)
    expect(steps.every((x) => x.band.kind === 'posterior' && x.band.n >= 1 && x.band.n <= 10 && x.band.key === x.chart.key)).toBe(true);
    // latest input wins: a burst of inputs; the band that shows is the last input's, and work for
    // the superseded scenarios stopped (at most the draw in flight at each input ran to the end)
    const before = (await page.evaluate(() => window.__momentumPosterior))!;
    const c0 = (await timing(page)).last!.count;
    for (let k = 0; k < 5; k++) await page.keyboard.press(k % 2 ? back : away);
    await chartsReady(page, c0 + 1);
    // every run of the burst has answered (the last input's chart is drawn): only then is the band
    // that shows required to be the last input's (an earlier, isolated result may have its own band)
    await settled(page);
    await page.waitForFunction(() => {
      const bt = window.__momentumBandTiming;
      return !!bt && bt.key === window.__momentumTiming?.key && !/previous settings/.test(document.querySelector('.status')?.textContent ?? '');
    }, null, { timeout: 60_000 });
    expect((await timing(page)).last!.key).toBe((await bandTiming(page))!.key);
    const after = (await page.evaluate(() => window.__momentumPosterior))!;
    // at most one draw per input ran for a superseded scenario: stopped at its next month, or finished and dropped
    expect(after.stale - before.stale + (after.stopped - before.stopped)).toBeLessThanOrEqual(5);
    console.log(`[e2e] posterior band over the whole test: ${after.requests} draws asked for, ${after.stopped} stopped in flight by an input, ${after.stale} finished for a superseded scenario`);
    // the second option: sampling noise of the agents solver, labelled as such
    await page.locator('#band-kind').selectOption('agents');
    await page.waitForFunction(() => /band: .*agents runs?, 5,000 agents each \(sampling noise, not parameter uncertainty\)/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 90_000 });
    await settled(page);
    expect(JSON.parse(Buffer.from(new URL(page.url()).searchParams.get('s')!, 'base64url').toString('utf8')).b).toBe('agents');
    // the third: the posterior with the uncalibrated assumptions drawn from their priors, labelled as such, in the link
    await page.locator('#band-kind').selectOption('posterior-assumptions');
    await page.waitForFunction(() => /band: \d+ posterior draws, (10–90|5–95)% \(parameter uncertainty, and 17 uncalibrated assumptions drawn from their priors\)/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 90_000 });
    await settled(page);
    expect(JSON.parse(Buffer.from(new URL(page.url()).searchParams.get('s')!, 'base64url').toString('utf8')).b).toBe('assumptions');
    await page.locator('#band-kind').selectOption('posterior');
    await page.waitForFunction(() => /band: \d+ posterior draws, (10–90|5–95)% \(parameter uncertainty\)/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 90_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'playground-posterior-band.png') });
    await page.close();
  });

  it('a URL round trip restores the state, the scenario name and the same charts', async () => {
    const page = await open(base);
    await chartsReady(page);
    await page.getByRole('button', { name: 'us-open-push', exact: true }).click();
    await page.locator('#ec-on').check();
    await nudge(page, '#param-priceSensitivity', 5);
    await page.locator('#param-strategy-meta').selectOption('closed');
    await page.locator('#scenario-name').fill('my-push');
    await page.locator('#scenario-name').press('Enter');
    await settled(page);
    const url = page.url();
    expect(url).toMatch(/[?&]v=[^&]+&s=/);
    const state = async (p: Page) => ({
      name: await p.inputValue('#scenario-name'),
      price: await p.inputValue('#param-priceSensitivity'),
      meta: await p.inputValue('#param-strategy-meta'),
      ec: await p.isChecked('#ec-on'),
      events: await p.$$eval('ul.events li', (li) => li.length),
    });
    const s1 = await state(page);
    expect(s1.name).toBe('my-push');
    expect(s1.events).toBe(3);
    const lines1 = await chartPaths(page, 'usage-share');
    const page2 = await open(url);
    await chartsReady(page2);
    await quiet(page2); // whatever the opened link still has to do is done: then nothing may have changed
    expect(await state(page2)).toEqual(s1);
    expect(page2.url()).toBe(url);
    expect(await chartPaths(page2, 'usage-share')).toEqual(lines1);
    await page.close();
    await page2.close();
  });

  it('an invalid URL state shows a clear error message, not a blank page', async () => {
    const page = await open(`${base}?v=0.1.0&s=not-json!!`);
    const alert = page.locator('#invalid-state [role="alert"]');
    await alert.waitFor();
    expect(await page.locator('h1').textContent()).toMatch(/cannot be opened/);
    expect(await alert.textContent()).toMatch(/damaged/);
    const bad = Buffer.from(JSON.stringify({ x: { priceSensitivity: 99 } })).toString('base64url');
    await page.goto(`${base}?v=0.1.0&s=${bad}`);
    await page.locator('#invalid-state [role="alert"]').waitFor();
    expect(await page.locator('#invalid-state').textContent()).toMatch(/params\.priceSensitivity: expected a number in/);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-invalid-link.png') });
    await page.getByRole('link', { name: /baseline instead/ }).click();
    await chartsReady(page);
    await page.close();
  });

  it('undo, redo and Back: each settled change is a step, Back stays in the app, and a slider snaps back to its default', async () => {
    const page = await open(base);
    await chartsReady(page);
    const start = page.url();
    const def = await page.inputValue('#param-priceSensitivity');
    // nudge right then left: exactly the calibrated default again, nothing marked changed, nothing in the URL
    const { away, back } = await nudge(page, '#param-priceSensitivity', 1);
    await page.keyboard.press(back);
    await settled(page);
    expect(await page.locator('.control.changed label[for="param-priceSensitivity"]').count()).toBe(0);
    expect(new URL(page.url()).searchParams.has('s')).toBe(false);
    // two changes, two history entries
    await nudge(page, '#param-priceSensitivity', 3);
    await settled(page);
    const afterPrice = page.url();
    const price = await page.inputValue('#param-priceSensitivity');
    expect(price).not.toBe(def);
    await page.locator('#param-strategy-meta').selectOption('closed');
    await settled(page);
    const afterMeta = page.url();
    expect(afterMeta).not.toBe(afterPrice);
    // Ctrl+Z undoes the last change
    await page.locator('body').press('Control+z');
    await page.waitForFunction(() => (document.querySelector('#param-strategy-meta') as HTMLSelectElement).value !== 'closed');
    expect(page.url()).toBe(afterPrice);
    expect(await page.inputValue('#param-priceSensitivity')).toBe(price);
    // Ctrl+Shift+Z redoes it
    await page.locator('body').press('Control+Shift+Z');
    await page.waitForFunction(() => (document.querySelector('#param-strategy-meta') as HTMLSelectElement).value === 'closed');
    expect(page.url()).toBe(afterMeta);
    // the buttons
    await page.getByRole('button', { name: /Undo/ }).click();
    await page.waitForFunction(() => (document.querySelector('#param-strategy-meta') as HTMLSelectElement).value !== 'closed');
    await page.getByRole('button', { name: /Redo/ }).click();
    await page.waitForFunction(() => (document.querySelector('#param-strategy-meta') as HTMLSelectElement).value === 'closed');
    // Back twice: the default again, still in the app; the charts follow
    await page.goBack();
    await page.goBack();
    await page.waitForFunction((d) => (document.querySelector('#param-priceSensitivity') as HTMLInputElement).value === d, def);
    expect(page.url()).toBe(start);
    expect(await page.locator('main .chart-card').count()).toBe(12);
    await expect.poll(() => page.getByRole('button', { name: /Undo/ }).isDisabled()).toBe(true);
    void away;
    await page.close();
  });

  it('two saved scenarios overlaid: A solid, B dashed, with a difference view; the link and the YAML keep the name', async () => {
    const page = await open(base);
    await chartsReady(page);
    // scenario 1: tight controls
    await page.locator('#scenario-name').fill('tight-controls');
    await page.locator('#scenario-name').press('Enter');
    await page.locator('#ec-on').check();
    await page.getByRole('button', { name: /^Save as "tight-controls"/ }).click();
    // scenario 2: Meta closed, EU subsidy
    await page.getByRole('button', { name: 'baseline', exact: true }).click();
    await page.locator('#scenario-name').fill('meta-closes');
    await page.locator('#scenario-name').press('Enter');
    await page.locator('#param-strategy-meta').selectOption('closed');
    await page.getByRole('button', { name: /^Save as "meta-closes"/ }).click();
    expect(await page.$$eval('.saved-list .saved-name', (s) => s.map((x) => x.textContent))).toEqual(['meta-closes', 'tight-controls']);
    // A: load tight-controls; B: meta-closes
    await page.locator('#overlay-a').selectOption('saved:tight-controls');
    await page.locator('#overlay-b').selectOption('saved:meta-closes');
    await expect.poll(() => page.inputValue('#scenario-name')).toBe('tight-controls');
    expect(await page.isChecked('#ec-on')).toBe(true);
    await page.waitForFunction(() => /B: meta-closes/.test(document.querySelector('#chart-usage-share .chart-caption')?.textContent ?? ''));
    expect(await page.locator('#chart-usage-share .chart-caption').textContent()).toMatch(/Solid: A: tight-controls · dashed: B: meta-closes/);
    await page.waitForSelector('[data-chart="usage-share"] g[stroke-dasharray] path');
    expect((await chartPaths(page, 'usage-share')).length).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.headlines').textContent()).toMatch(/B: meta-closes/);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-overlay.png') });
    // the difference view
    await page.locator('#difference-view').check();
    await page.waitForFunction(() => /Difference: A: tight-controls − B: meta-closes/.test(document.querySelector('#chart-usage-share .chart-caption')?.textContent ?? ''));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-chart="usage-share"] text')].some((t) => /difference/.test(t.textContent ?? '')));
    expect(await page.locator('[data-chart="usage-share"] g[stroke-dasharray] path').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-difference.png') });
    // a shared link carries the name
    await settled(page);
    const page2 = await open(page.url());
    await chartsReady(page2);
    expect(await page2.inputValue('#scenario-name')).toBe('tight-controls');
    await page2.close();
    // export keeps the name and lists the changed levers
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export YAML' }).click()]);
    expect(d.suggestedFilename()).toBe('tight-controls.yaml');
    const yaml = readFileSync((await d.path())!, 'utf8');
    expect(yaml).toMatch(/^name: tight-controls$/m);
    expect(yaml).toMatch(/Changed in the Momentum playground:\n\s*- New export-control rule on CN, severity 0\.75/);
    await page.close();
  });

  it('an imported file keeps its name and description', async () => {
    const page = await open(base);
    await chartsReady(page);
    const yaml = 'name: eu-open-push\ndescription: The EU funds open models from 2027.\nextends: baseline\nevents:\n  - { date: "2027-01", type: open-subsidy, bloc: EU, amount: 1 }\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'eu-open-push.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
    await expect.poll(() => page.inputValue('#scenario-name')).toBe('eu-open-push');
    expect(await page.inputValue('#scenario-description')).toBe('The EU funds open models from 2027.');
    expect(await page.locator('ul.events').textContent()).toMatch(/2027-01.*subsidy for EU open models/);
    await page.close();
  });

  it('presets show their restrictions and events in the controls', async () => {
    const page = await open(base);
    await chartsReady(page);
    await page.getByRole('button', { name: 'foreign-model-restrictions', exact: true }).click();
    expect(await page.locator('select[aria-label="Restrict CN models for adopters in US"]').inputValue()).toBe('critical');
    expect(await page.locator('select[aria-label="Restrict CN models for adopters in EU"]').inputValue()).toBe('critical');
    expect(await page.inputValue('#restrict-date')).toBe('2026-07');
    expect(await page.getByRole('button', { name: 'foreign-model-restrictions', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'export-controls-tighten', exact: true }).click();
    expect(await page.isChecked('#ec-on')).toBe(true);
    await page.close();
  });

  it('draws observations on every chart that has one, with a hover giving figure, period, uncertainty and source', async () => {
    const page = await open(base);
    await chartsReady(page);
    await page.waitForFunction(() => [...document.querySelectorAll('main .chart-plot')].every((el) => el.querySelector('svg path')), null, { timeout: 30_000 });
    const withObs = ['download-share', 'derivative-share', 'token-share', 'open-share', 'open-token-share', 'capability-gap', 'prices', 'compute-share'];
    await page.waitForFunction((ids) => ids.every((id) => document.querySelector(`[data-chart="${id}"] .momentum-observation`)), withObs, { timeout: 30_000 });
    for (const id of withObs) expect(await page.locator(`[data-chart="${id}"] .momentum-observation path`).count(), id).toBeGreaterThan(0);
    for (const id of ['usage-share', 'frontier-capability', 'compute', 'data-stock']) expect(await page.locator(`[data-chart="${id}"] .momentum-observation`).count(), id).toBe(0);
    // each diamond links to its source
    const href = await page.locator('[data-chart="token-share"] a').first().getAttribute('href');
    expect(href).toMatch(/^https:\/\/arxiv\.org\//);
    // hover: Plot's tip with the figure, the period, the uncertainty and the source
    const diamond = page.locator('[data-chart="derivative-share"] .momentum-observation path').first();
    await diamond.scrollIntoViewIfNeeded();
    const b = (await diamond.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-chart="derivative-share"] g[aria-label="tip"]')].some((g) => /uncertainty/.test(g.textContent ?? '')), null, { timeout: 10_000 });
    const tip = await page.$$eval('[data-chart="derivative-share"] g[aria-label="tip"]', (gs) => gs.map((g) => g.textContent ?? '').find((t) => /uncertainty/.test(t)) ?? '');
    expect(tip).toMatch(/observed.*CN: 10%/);
    expect(tip).toMatch(/period\s*2024-01/);
    expect(tip).toMatch(/uncertainty\s*±5\.9 points/);
    expect(tip).toMatch(/source\s*Brand & Lambert \(2026\)/);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-observation-hover.png') });
    // the data table lists them with links
    await page.locator('#chart-download-share .chart-table summary').click();
    // the tables are built when the details open: wait for them (count() does not wait)
    await page.locator('#chart-download-share .data-table').nth(1).waitFor();
    expect(await page.locator('#chart-download-share .data-table').count()).toBe(2);
    expect(await page.locator('#chart-download-share .data-table a[href^="https://arxiv.org/"]').count()).toBeGreaterThan(0);
    await page.close();
  });

  it.skipIf(!SET_PARAMS_SUPPORTED)('a policy from a future month leaves history unchanged', async () => {
    const page = await open(base);
    await chartsReady(page);
    const baseline = await csvOf(page);
    await page.locator('#param-strategy-meta').selectOption('closed');
    await page.locator('#param-strategy-meta-start').fill('2027-06');
    await nudge(page, '#param-openSubsidy-US', 20);
    await settled(page);
    const changed = await csvOf(page);
    const rows = (csv: string) => csv.trim().split('\n').slice(1);
    const before = (csv: string, month: string) => rows(csv).filter((r) => r.slice(0, 7) < month);
    const now = (await page.locator('.status time').textContent())!;
    // before now: the recorded history, unchanged to the byte; after 2027-06: a different future
    expect(before(changed, now)).toEqual(before(baseline, now));
    expect(rows(changed).filter((r) => r.slice(0, 7) >= '2027-06')).not.toEqual(rows(baseline).filter((r) => r.slice(0, 7) >= '2027-06'));
    expect(await page.locator('.banner-counterfactual').count()).toBe(0);
    await page.close();
  });

  it(`says when history is rewritten (counterfactual mode${SET_PARAMS_SUPPORTED ? '' : '; and, until the model reads set-params events, any parameter change'}), on every chart`, async () => {
    if (!SET_PARAMS_SUPPORTED) console.log('[e2e] the model has no set-params events yet: parameter changes apply from the first month, and the page says so (the test "a policy from a future month leaves history unchanged" is skipped until the model reads them)');
    const page = await open(base);
    await chartsReady(page);
    expect(await page.locator('.badge-counterfactual').count()).toBe(0);
    await page.locator('#counterfactual').check();
    await page.waitForFunction(() => document.querySelectorAll('main .badge-counterfactual').length === 12);
    await page.waitForFunction(() => [...document.querySelectorAll('main .chart-plot > svg')].every((s) => [...s.querySelectorAll('text')].some((t) => t.textContent === 'counterfactual history')), null, { timeout: 30_000 });
    expect(await page.locator('.banner-counterfactual').textContent()).toMatch(/counterfactual history chosen/i);
    await page.locator('#counterfactual').uncheck();
    await page.locator('#param-strategy-meta').selectOption('closed');
    if (SET_PARAMS_SUPPORTED) await expect.poll(() => page.locator('.banner-counterfactual').count()).toBe(0);
    else await expect.poll(() => page.locator('.banner-counterfactual').textContent()).toMatch(/cannot start parameter changes at a date yet/);
    await page.close();
  });

  it('How it works: the model spec with equations in MathML, the loop diagram, and a link from each lever and chart', async () => {
    const page = await open(base);
    await chartsReady(page);
    await page.locator('#chart-prices').getByRole('link', { name: /How it works: Cost efficiency/ }).click();
    const dialog = page.getByRole('dialog', { name: 'How it works' });
    await dialog.waitFor();
    await page.waitForFunction(() => {
      const s = document.querySelector('#how-cost-efficiency');
      const d = document.querySelector('dialog.explain');
      if (!s || !d) return false;
      const r = s.getBoundingClientRect();
      return r.top >= 0 && r.top < d.getBoundingClientRect().bottom;
    });
    expect(await dialog.locator('math').count()).toBeGreaterThan(20);
    expect(await dialog.locator('math[display="block"]').count()).toBeGreaterThanOrEqual(8);
    expect(await dialog.locator('blockquote').count()).toBeGreaterThanOrEqual(8);
    expect(await dialog.locator('figure.loop-figure svg title').textContent()).toBe("The model's loops");
    expect(await dialog.locator('#how-observations a[href^="https://"]').count()).toBeGreaterThan(20);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-how-it-works.png') });
    await dialog.getByRole('button', { name: 'Close How it works' }).click();
    // from a lever's popover: the source links and the section link
    await page.getByRole('button', { name: 'About Price sensitivity' }).click();
    const pop = page.locator('#param-priceSensitivity-info');
    await pop.waitFor();
    expect(await pop.textContent()).not.toMatch(/src\/model|docs\/calibration\.md/);
    // four significant digits: 0.1787, 1.002
    expect(await pop.textContent()).toMatch(/Default: \d+(?:\.\d{1,4})? /);
    await pop.getByRole('link', { name: /How it works: Adoption choice/ }).click();
    await page.getByRole('dialog', { name: 'How it works' }).waitFor();
    await page.keyboard.press('Escape');
    await page.close();
  });

  it('phone: the chart stays in view while a lever moves, tap targets are at least 44 px, and the band is labelled honestly', async () => {
    const page = await open(base, { width: 390, height: 844 });
    await chartsReady(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    await page.getByRole('button', { name: /Show levers and assumptions/ }).click();
    const slider = page.locator('#param-priceSensitivity');
    await slider.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-focus-chart] g[aria-label="line"] path', { state: 'attached' });
    const before = await page.$$eval('[data-focus-chart] g[aria-label="line"] path', (ps) => ps.map((p) => p.getAttribute('d')));
    const c0 = (await timing(page)).last!.count;
    await nudge(page, '#param-priceSensitivity', 8);
    await chartsReady(page, c0 + 1);
    await quiet(page); // the last of the 8 steps is drawn
    // the chart of that lever is on screen, above the slider, and shows the new run
    const focus = (await page.locator('.focus-chart').boundingBox())!;
    const s = (await slider.boundingBox())!;
    expect(focus.y).toBeGreaterThanOrEqual(-1);
    expect(focus.y + focus.height).toBeLessThanOrEqual(s.y + 1);
    expect(s.y + s.height).toBeLessThanOrEqual(844);
    expect(await page.inputValue('#focus-chart-pick')).toBe('usage-share');
    expect(await page.$$eval('[data-focus-chart] g[aria-label="line"] path', (ps) => ps.map((p) => p.getAttribute('d')))).not.toEqual(before);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone-lever.png') });
    // tap targets
    const small = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('button, select, input, summary, a[href], [role="button"]')) {
        const r = el.getBoundingClientRect();
        if (r.width < 2 || r.height < 2 || r.right < 0) continue; // not rendered, visually hidden (the file input) or off-screen until focused (skip links)
        if (el.closest('[popover]:not(:popover-open), dialog:not([open])')) continue;
        if (el.tagName === 'A' && el.closest('p, li, td') && !el.classList.contains('how-link')) continue; // links inside sentences (WCAG 2.5.5 exception)
        if (r.width < 44 || r.height < 44) out.push(`${el.tagName.toLowerCase()}#${el.id || el.className || el.textContent?.slice(0, 20)} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      return out;
    });
    expect(small).toEqual([]);
    // the band: its label says how many draws and which quantiles were computed
    await page.locator('#band-toggle').check();
    await page.waitForSelector('[data-focus-chart] g[aria-label="area"] path', { timeout: 90_000, state: 'attached' });
    // (the band grows while the test reads it: 10 draws show 10–90%, 20 and more 5–95%)
    const status = (await page.locator('.status').textContent()) ?? '';
    const m = /band: (?:10 posterior draws, 10–90%|(20|40|80|160) posterior draws, 5–95%) \(parameter uncertainty\)/.exec(status);
    expect(m, status).not.toBeNull();
    // the kind of band: a select of at least 44 px too
    const kind = (await page.locator('#band-kind').boundingBox())!;
    expect(kind.height).toBeGreaterThanOrEqual(44);
    // the agents band, labelled as sampling noise (4 runs show their range, 10 and 20 runs quantiles)
    await page.locator('#band-kind').selectOption('agents');
    await page.waitForFunction(() => /agents each \(sampling noise/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 90_000 });
    const noise = (await page.locator('.status').textContent()) ?? '';
    expect(noise).toMatch(/band: (?:range \(min–max\) of (4) agents runs|(10)–90% quantiles of (10) agents runs|(5)–95% quantiles of (20) agents runs), 5,000 agents each \(sampling noise, not parameter uncertainty\)/);
    await page.getByRole('button', { name: /Hide levers and assumptions/ }).click();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone.png'), fullPage: false });
    await page.close();
  });

  it('HTML reports fit a phone (no sideways scrolling at 390 px)', async () => {
    const { runReportHtml, compareReportHtml, runSeriesOf } = await import('../../src/charts/server.js');
    const { ScenarioRegistry, runScenario } = await import('../../src/model/index.js');
    const reg = new ScenarioRegistry();
    const mk = (name: string) => {
      const s = reg.resolve(name);
      return { name, description: s.description, run: runSeriesOf(runScenario(s)), overrides: s.overrides, events: s.events, mode: 'meanfield' };
    };
    const a = mk('baseline');
    const b = mk('us-open-push');
    const page = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const html of [runReportHtml(b, a), compareReportHtml(a, b)]) {
      await page.setContent(html);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'report-phone.png') });
    await page.close();
  });

  it('axe-core finds no accessibility violations (page, levers open, How it works, phone)', async () => {
    const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const check = async (page: Page, what: string) => {
      await page.addScriptTag({ content: axe });
      const r = await page.evaluate(async () => (await (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document)).violations.map((v) => `${v.id} ×${v.nodes.length} (${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join('; ')})`));
      expect(r, what).toEqual([]);
    };
    const page = await open(base);
    await chartsReady(page);
    await page.waitForFunction(() => [...document.querySelectorAll('main .chart-plot')].every((el) => el.querySelector('svg path')), null, { timeout: 30_000 });
    await page.locator('details.more summary').click();
    await page.locator('#chart-usage-share .chart-table summary').click();
    // with the posterior band drawn and labelled
    await page.locator('#band-toggle').check();
    await page.waitForSelector('[data-chart="usage-share"] g.momentum-band path', { state: 'attached', timeout: 90_000 });
    await check(page, 'desktop page');
    await page.getByRole('button', { name: 'How it works' }).click();
    await page.getByRole('dialog', { name: 'How it works' }).waitFor();
    await check(page, 'How it works');
    await page.close();
    const phone = await open(base, { width: 390, height: 844 });
    await chartsReady(phone);
    await phone.getByRole('button', { name: /Show levers and assumptions/ }).click();
    await check(phone, 'phone with levers open');
    await phone.close();
  });

  it('downloads the series as CSV, a chart as SVG and PNG, and the scenario as YAML', async () => {
    const page = await open(base);
    await chartsReady(page);
    const download = async (click: () => Promise<void>) => {
      const [d] = await Promise.all([page.waitForEvent('download'), click()]);
      const path = await d.path();
      return { name: d.suggestedFilename(), bytes: readFileSync(path!) };
    };
    const csv = await download(() => page.getByRole('button', { name: 'Download CSV' }).click());
    expect(csv.name).toBe('playground-series.csv');
    expect(csv.bytes.toString('utf8')).toMatch(/^date,metric,group,value\n2023-01,usage_share,US,/);
    const svg = await download(() => page.getByRole('button', { name: 'Download Usage share by model origin as SVG' }).click());
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.bytes.toString('utf8')).toContain('Usage share by model origin');
    const png = await download(() => page.getByRole('button', { name: 'Download Usage share by model origin as PNG' }).click());
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    writeFileSync(join(ARTIFACTS, 'chart-usage-share.png'), png.bytes);
    const yaml = await download(() => page.getByRole('button', { name: 'Export YAML' }).click());
    expect(yaml.bytes.toString('utf8')).toMatch(/^name: playground\n/);
    expect(yaml.bytes.toString('utf8')).toMatch(/^extends: baseline$/m);
    await page.close();
  });

  it('raised no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
