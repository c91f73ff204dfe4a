/**
 * Shared set-up of the browser tests and the playground benchmark: build the web app, start
 * `momentum serve`'s server on a free port, and launch Debian's Chromium through
 * playwright-core (never a downloaded browser).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createMomentumServer, PACKAGE_ROOT, type MomentumServer } from '../../src/server/server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(PACKAGE_ROOT, 'test-artifacts');
/** Flags for a quiet headless Chromium on a shared machine (no network of its own, no updates). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Harness {
  browser: Browser;
  server: MomentumServer;
  base: string;
  close(): Promise<void>;
}

/** Builds (unless MOMENTUM_E2E_SKIP_BUILD=1), serves and launches the browser. */
export async function startHarness(): Promise<Harness> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  if (process.env.MOMENTUM_E2E_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, [join(PACKAGE_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
  }
  const server = createMomentumServer({ log: () => undefined, threads: 0 });
  const port = await server.listen(0, '127.0.0.1');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    browser,
    server,
    base: `http://127.0.0.1:${port}/`,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Waits until the charts have been drawn for the current state (at least `count` measurements). */
export async function chartsReady(page: Page, count = 1): Promise<void> {
  await page.waitForFunction((c) => (window.__momentumTiming?.count ?? 0) >= c, count, { timeout: 60_000 });
  await page.waitForSelector('.charts[data-ready="true"]');
}

/**
 * Waits until the page has nothing left to do for the inputs so far: no model run in flight or
 * waiting, no change waiting to become a history entry (`window.__momentumQuiet`).
 */
export async function quiet(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__momentumQuiet?.() === true, null, { timeout: 60_000 });
}

/** The drawn lines of a chart (the `d` attributes of its line paths). */
export function chartPaths(page: Page, id: string): Promise<string[]> {
  return page.$$eval(`[data-chart="${id}"] g[aria-label="line"] path`, (ps) => ps.map((p) => p.getAttribute('d') ?? ''));
}

/** The last timing record and every input→chart measure so far. */
export async function timing(page: Page) {
  return page.evaluate(() => ({
    last: window.__momentumTiming,
    measures: performance.getEntriesByName('momentum:input-to-chart').map((e) => Math.round(e.duration * 10) / 10),
  }));
}

/** Median of numbers. */
export function median(xs: readonly number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/**
 * Isolated input steps on a control (the model idle before each): presses `away` then `back`
 * alternately (or calls `step(i)`), waiting for each result to be drawn. Returns the timing
 * records of the steps.
 */
export async function isolatedSteps(page: Page, n: number, step: (i: number) => Promise<void>) {
  const out: NonNullable<Awaited<ReturnType<typeof timing>>['last']>[] = [];
  for (let i = 0; i < n; i++) {
    const c = (await timing(page)).last!.count;
    await step(i);
    await chartsReady(page, c + 1);
    await page.waitForFunction(() => window.__momentumTiming?.frameMs !== undefined);
    out.push((await timing(page)).last!);
    await quiet(page); // the next step starts from an idle page
  }
  return out;
}

/** The last band record (`window.__momentumBandTiming`): input→band of the first band drawn for a scenario. */
export function bandTiming(page: Page) {
  return page.evaluate(() => window.__momentumBandTiming ?? null);
}

/**
 * Isolated input steps with the band on: each step waits for its central line and then for the
 * first band of that very scenario (same key as the drawn result). Returns both records per step.
 */
export async function bandFollowSteps(page: Page, n: number, step: (i: number) => Promise<void>, timeout = 60_000) {
  const out: { chart: NonNullable<Awaited<ReturnType<typeof timing>>['last']>; band: NonNullable<Awaited<ReturnType<typeof bandTiming>>> }[] = [];
  for (let i = 0; i < n; i++) {
    const c = (await timing(page)).last!.count;
    const b = (await bandTiming(page))?.count ?? 0;
    await step(i);
    await chartsReady(page, c + 1);
    await page.waitForFunction(
      (b0) => {
        const bt = window.__momentumBandTiming;
        return !!bt && bt.count > b0 && bt.key === window.__momentumTiming?.key;
      },
      b,
      { timeout },
    );
    await page.waitForFunction(() => window.__momentumTiming?.frameMs !== undefined);
    out.push({ chart: (await timing(page)).last!, band: (await bandTiming(page))! });
    await page.waitForTimeout(200);
  }
  return out;
}
