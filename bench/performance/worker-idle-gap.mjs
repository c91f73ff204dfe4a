/**
 * Why does the playground's worker take longer per lever move than a worker running the same
 * runs back to back? `bench:playground` measures isolated steps (the page idle before each); a
 * drag sends inputs every few frames. This loads the built playground's own model worker
 * (web/dist, `npx vite build` first) in headless Chromium, warms it up as the app does (the
 * baseline, then 4 s for its 72 warm-up runs), and times 60 runs of a lever from "now"
 * (set-params at 2026-12), with GAP ms of idle between runs (default 0).
 *
 *   GAP=0 node --import tsx bench/performance/worker-idle-gap.mjs
 *   GAP=300 node --import tsx bench/performance/worker-idle-gap.mjs
 */
import { readdirSync } from 'node:fs';

process.env.MOMENTUM_E2E_SKIP_BUILD = '1';
const { startHarness } = await import('../../test/e2e/helpers.ts');
const gap = Number(process.env.GAP ?? 0);
// the page script is a string: tsx would otherwise add helpers the page does not have
const body = `async (url) => {
  const w = new Worker(url, { type: 'module' });
  let id = 0;
  const req = (b) => new Promise((res) => { const my = ++id; const on = (e) => { if (e.data.id === my) { w.removeEventListener('message', on); res(e.data); } }; w.addEventListener('message', on); w.postMessage({ id: my, ...b }); });
  await req({ kind: 'baseline' });
  await new Promise((r) => setTimeout(r, 4000));
  const ms = [];
  for (let i = 0; i < 60; i++) {
    const r = await req({ kind: 'run', scenario: { name: 'playground', extends: 'baseline', params: {}, events: [{ date: '2026-12', type: 'set-params', params: { priceSensitivity: i % 2 ? 0.26 : 0.28 }, note: 'playground levers' }] } });
    ms.push(r.ms);
    if (${gap}) await new Promise((r) => setTimeout(r, ${gap}));
  }
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return 'runs 21-60: median ' + med(ms.slice(20)).toFixed(1) + ' ms (runs 1-20: ' + med(ms.slice(0, 20)).toFixed(1) + ' ms)';
}`;
const h = await startHarness();
try {
  const worker = readdirSync('web/dist/assets').find((f) => /^model-worker-.*\.js$/.test(f));
  if (!worker) throw new Error('no web/dist/assets/model-worker-*.js: run `npx vite build` first');
  for (let k = 0; k < 2; k++) {
    const page = await h.browser.newPage();
    await page.goto(h.base + 'favicon.svg');
    console.log(`the playground's model worker, ${gap} ms idle between runs: ${await page.evaluate(`(${body})(${JSON.stringify(h.base + 'assets/' + worker)})`)}`);
    await page.close();
  }
} finally {
  await h.close();
}
