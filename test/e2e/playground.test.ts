/**
 * End-to-end tests of the playground in real headless Chromium (Debian's `chromium` package,
 * driven by playwright-core; no browser is ever downloaded). Run with `npm run test:e2e`.
 * Builds the web app, starts `momentum serve`'s server on a free port, and checks: the page
 * loads with charts; moving a slider changes a chart; a URL round trip restores the state; an
 * invalid URL state shows the error message. Saves screenshots to test-artifacts/ and prints
 * the input-to-chart time measured with the Performance API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createMomentumServer, PACKAGE_ROOT, type MomentumServer } from '../../src/server/server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(PACKAGE_ROOT, 'test-artifacts');

let browser: Browser;
let srv: MomentumServer;
let base: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  if (process.env.MOMENTUM_E2E_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, [join(PACKAGE_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
  }
  srv = createMomentumServer({ log: () => undefined });
  const port = await srv.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

async function open(url: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  return page;
}

/** Waits until the charts have been drawn for the current state (at least `count` measurements). */
async function chartsReady(page: Page, count = 1): Promise<void> {
  await page.waitForFunction((c) => (window.__momentumTiming?.count ?? 0) >= c, count, { timeout: 60_000 });
  await page.waitForSelector('.charts[data-ready="true"]');
}

/** The drawn lines of a chart (the `d` attributes of its paths). */
function chartPaths(page: Page, id: string): Promise<string[]> {
  return page.$$eval(`[data-chart="${id}"] g[aria-label="line"] path`, (ps) => ps.map((p) => p.getAttribute('d') ?? ''));
}

async function timing(page: Page) {
  return page.evaluate(() => ({
    last: window.__momentumTiming,
    measures: performance.getEntriesByName('momentum:input-to-chart').map((e) => Math.round(e.duration * 10) / 10),
  }));
}

describe('playground in headless Chromium', () => {
  it('serves a production build (React\'s development runtime would make every input several times slower)', () => {
    const dir = join(PACKAGE_ROOT, 'web', 'dist', 'assets');
    const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const f of scripts) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain('jsxDEV');
  });

  it('loads with charts, headlines and both the baseline and the scenario drawn', async () => {
    const page = await open(base);
    await chartsReady(page);
    const cards = await page.$$('.chart-card');
    expect(cards.length).toBe(9);
    // charts in view are drawn at once, the others when idle; wait for all
    await page.waitForFunction(() => [...document.querySelectorAll('.chart-plot')].every((el) => el.querySelector('svg path')), null, { timeout: 30_000 });
    const lines = await chartPaths(page, 'usage-share');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // the baseline (dashed) arrives from its own request; wait for it
    await page.waitForSelector('[data-chart="usage-share"] g[stroke-dasharray] path', { timeout: 30_000 });
    const headlines = await page.$$eval('.headlines li', (li) => li.map((x) => x.textContent ?? ''));
    expect(headlines.some((h) => /CN open-weight downloads/.test(h))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-1280x800.png') });
    await page.close();
  });

  it('moving a slider re-runs the model and changes a chart; prints the input-to-chart time', async () => {
    const page = await open(base);
    await chartsReady(page);
    const before = await chartPaths(page, 'usage-share');
    const slider = page.locator('#param-networkEffect');
    await slider.focus();
    // move away from the nearer end of the range (defaults are calibrated and may sit near one)
    const [value, min, max] = await slider.evaluate((el: HTMLInputElement) => [Number(el.value), Number(el.min), Number(el.max)]);
    const away = value > (min + max) / 2 ? 'ArrowLeft' : 'ArrowRight';
    const back = away === 'ArrowLeft' ? 'ArrowRight' : 'ArrowLeft';
    const n0 = (await timing(page)).last!.count;
    for (let i = 0; i < 10; i++) await page.keyboard.press(away);
    await chartsReady(page, n0 + 1);
    // let the last input win and settle
    await page.waitForFunction(() => new URLSearchParams(location.search).has('s'));
    await page.waitForTimeout(500);
    const after = await chartPaths(page, 'usage-share');
    expect(after).not.toEqual(before);
    expect(await page.locator('.control.changed label[for="param-networkEffect"]').count()).toBe(1);
    // single, isolated slider steps (the model idle before each) for the timing figures
    const steps: NonNullable<Awaited<ReturnType<typeof timing>>['last']>[] = [];
    for (let i = 0; i < 8; i++) {
      const c = (await timing(page)).last!.count;
      await page.keyboard.press(i % 2 ? away : back);
      await chartsReady(page, c + 1);
      // the frame figure arrives a moment later (after the next paint)
      await page.waitForFunction(() => window.__momentumTiming?.frameMs !== undefined);
      steps.push((await timing(page)).last!);
      await page.waitForTimeout(200);
    }
    const median = (xs: number[]) => {
      const v = [...xs].sort((a, b) => a - b);
      const h = v.length >> 1;
      return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
    };
    const fmt = (k: 'inputToChartMs' | 'workerMs' | 'renderMs' | 'postMs' | 'toWorkerMs' | 'fromWorkerMs' | 'frameMs') => `${median(steps.map((x) => x[k] ?? NaN)).toFixed(1)} ms`;
    console.log(
      `[e2e] input→chart, ${steps.length} isolated slider steps (Performance API measure "momentum:input-to-chart"): median ${fmt('inputToChartMs')} ` +
        `(model run in the worker ${fmt('workerMs')}, redraw of the visible charts ${fmt('renderMs')}, input to request ${fmt('postMs')}, ` +
        `request to worker ${fmt('toWorkerMs')}, worker reply to main thread ${fmt('fromWorkerMs')}); each: ${steps.map((x) => x.inputToChartMs.toFixed(1)).join(', ')} ms; ` +
        `input→next frame painted (measure "momentum:input-to-frame"): median ${fmt('frameMs')}`,
    );
    expect(steps.every((x) => x.inputToChartMs > 0)).toBe(true);
    // a continuous move: 24 inputs 33 ms apart (a held arrow key, or a slow drag); latest input
    // wins, so some inputs are superseded; every result drawn is measured from its own input
    const m0 = (await timing(page)).measures.length;
    const c0 = (await timing(page)).last!.count;
    const tMove = Date.now();
    for (let i = 0; i < 24; i++) {
      await page.keyboard.press(i < 12 ? away : back);
      await page.waitForTimeout(33);
    }
    const spacing = (Date.now() - tMove) / 24;
    await chartsReady(page, c0 + 1);
    await page.waitForTimeout(500);
    const drag = (await timing(page)).measures.slice(m0);
    console.log(`[e2e] input→chart during a continuous move (24 inputs, one every ${spacing.toFixed(0)} ms): ${drag.length} results drawn, median ${median(drag).toFixed(1)} ms; each: ${drag.map((x) => x.toFixed(1)).join(', ')} ms`);
    expect(drag.length).toBeGreaterThan(0);
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

  it('a URL round trip restores the state and the same charts', async () => {
    const page = await open(base);
    await chartsReady(page);
    await page.getByRole('button', { name: 'us-open-push', exact: true }).click();
    await page.locator('#ec-on').check();
    const price = page.locator('#param-priceSensitivity');
    await price.focus();
    const [pv, pmin, pmax] = await price.evaluate((el: HTMLInputElement) => [Number(el.value), Number(el.min), Number(el.max)]);
    for (let i = 0; i < 5; i++) await page.keyboard.press(pv > (pmin + pmax) / 2 ? 'ArrowLeft' : 'ArrowRight');
    await page.locator('#param-strategy-meta').selectOption('closed');
    await page.waitForTimeout(1500);
    await page.waitForFunction(() => !!window.__momentumTiming);
    const url = page.url();
    expect(url).toMatch(/[?&]v=[^&]+&s=/);
    const state = async (p: Page) => ({
      preset: await p.getAttribute('nav.presets button[aria-pressed="true"]', 'title').then((t) => t?.slice(0, 40)),
      price: await p.inputValue('#param-priceSensitivity'),
      meta: await p.inputValue('#param-strategy-meta'),
      ec: await p.isChecked('#ec-on'),
    });
    const s1 = await state(page);
    const lines1 = await chartPaths(page, 'usage-share');
    const page2 = await open(url);
    await chartsReady(page2);
    await page2.waitForTimeout(500);
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

  it('works at phone width and draws the uncertainty band from the agents ensemble', async () => {
    const page = await open(base, { width: 390, height: 844 });
    await chartsReady(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.getByRole('button', { name: /Show levers and assumptions/ }).click();
    await page.locator('#band-toggle').check();
    await page.waitForSelector('[data-chart="usage-share"] g[aria-label="area"] path', { timeout: 90_000 });
    await page.getByRole('button', { name: /Hide levers and assumptions/ }).click();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone.png'), fullPage: false });
    await page.close();
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
    expect(csv.name).toMatch(/\.csv$/);
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
