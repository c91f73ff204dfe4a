/**
 * The playground's fast redraw of the scenario lines: the paths it writes must equal what a
 * full Plot render draws for the same scales, and it must refuse whenever a full render could
 * draw something else (new baseline, band, observations, size, groups, lines off the axes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import { ScenarioRegistry, runScenario } from '../../src/model/index.js';
import { CHARTS, CHART_INDEX, chartGroups, chartSpec, runSeriesOf, type ChartInput, type RunSeries } from '../../src/charts/index.js';
import { BAND_CLASS, SCENARIO_LINE_CLASS, type ChartRow } from '../../src/charts/chart-spec.js';
import { bandAreas, linesFitDomain, polylinePath, scenarioLines, type LineScales } from '../../src/charts/fast-lines.js';
import { chartLineBand } from '../../src/charts/band.js';
import { drawChart, redrawScenarioLines } from '../../src/charts/render-browser.js';
import { serverDocument } from '../../src/charts/render-server.js';

let baseRun: RunSeries;
let altRun: RunSeries;
let nearRun: RunSeries;

beforeAll(() => {
  const reg = new ScenarioRegistry();
  baseRun = runSeriesOf(runScenario(reg.resolve('baseline')));
  altRun = runSeriesOf(runScenario(reg.resolve('closed-world')));
  // a small change of one assumption, as one slider step in the playground
  const s = reg.resolve('baseline');
  const def = s.params.networkEffect as number;
  nearRun = runSeriesOf(runScenario({ ...s, params: { ...s.params, networkEffect: def * 1.05 } }));
});

const SIZE = { width: 520, height: 210, decorations: false } as const;

/** A full Plot render (linkedom); `yDomain` forces the y domain (to compare at equal scales). */
function render(def: (typeof CHARTS)[number], input: ChartInput, yDomain?: unknown[]) {
  const spec = chartSpec(def, input, { ...SIZE, document: serverDocument() });
  if (yDomain) spec.y = { ...spec.y, domain: yDomain };
  const svg = Plot.plot(spec) as unknown as Element & { scale(name: string): LineScales['x'] };
  const paths = [...svg.querySelectorAll(`g.${SCENARIO_LINE_CLASS} path`)].map((p) => p.getAttribute('d'));
  const bandPaths = [...svg.querySelectorAll(`g.${BAND_CLASS} path`)].map((p) => p.getAttribute('d'));
  return { svg, paths, bandPaths, scales: { x: svg.scale('x'), y: svg.scale('y') as unknown as LineScales['y'] } };
}

describe('fast redraw of the scenario lines', () => {
  it('writes the paths a full render draws with the same scales, on every chart', () => {
    for (const def of CHARTS) {
      const a: ChartInput = { current: baseRun, baseline: baseRun };
      const b: ChartInput = { current: altRun, baseline: baseRun };
      const first = render(def, a);
      const groups = chartGroups(def, b);
      const fast = scenarioLines(def, b.current, groups, first.scales);
      const full = render(def, b, first.scales.y.domain as unknown[]);
      expect(fast.paths.length, def.id).toBeGreaterThan(0);
      expect(fast.paths, def.id).toEqual(full.paths);
      // share charts keep their 0–1 domain: the full render without a forced domain is the same
      if (def.yKind === 'share') expect(fast.paths, def.id).toEqual(render(def, b).paths);
    }
  });

  it("writes the band's areas as a full render draws them with the same scales, on every chart", () => {
    const wide = chartLineBand([baseRun, altRun, nearRun], 0, 1);
    const narrow = chartLineBand([baseRun, nearRun], 0.1, 0.9);
    for (const def of CHARTS) {
      const a: ChartInput = { current: baseRun, band: wide };
      const b: ChartInput = { current: nearRun, band: narrow };
      const first = render(def, a);
      const groups = chartGroups(def, b);
      const fast = bandAreas(def, narrow, groups, first.scales);
      const full = render(def, b, first.scales.y.domain as unknown[]);
      expect(full.bandPaths.length, def.id).toBeGreaterThan(0);
      expect(fast.paths, def.id).toEqual(full.bandPaths);
    }
  });

  it('formats paths as d3.line does (3 decimals, a single point closes with Z)', () => {
    const scales: LineScales = { x: { apply: (d) => d.getUTCMonth() * 10.12345, domain: [] }, y: { apply: (v) => 100 - v / 3, domain: [0, 1] } };
    const row = (m: number, value: number): ChartRow => ({ date: new Date(Date.UTC(2024, m, 1)), group: 'US', label: 'US', value });
    expect(polylinePath([row(0, 0.5), row(1, 0.25), row(2, 1)], 0, 3, scales)).toBe('M0,99.833L10.123,99.917L20.247,99.667');
    expect(polylinePath([row(1, 0.5)], 0, 1, scales)).toBe('M10.123,99.833Z');
  });

  it('reports lines that leave the drawn y domain (a full render must rescale)', () => {
    const def = CHART_INDEX.get('data-stock')!;
    const small = render(def, { current: baseRun });
    const groups = chartGroups(def, { current: baseRun });
    expect(linesFitDomain(def, baseRun, groups, small.scales.y)).toBe(true);
    const y = { ...small.scales.y, domain: [0, (small.scales.y.domain[1] as number) / 2] };
    expect(linesFitDomain(def, baseRun, groups, y)).toBe(false);
    // share charts: fixed 0–1 domain, always fits
    expect(linesFitDomain(CHART_INDEX.get('usage-share')!, baseRun, ['US', 'CN'], { ...y, domain: [0, 0.01] })).toBe(true);
  });
});

describe('drawChart / redrawScenarioLines (browser renderer, on a linkedom document)', () => {
  // render-browser.ts renders into the global document (Plot reads window.document)
  const g = globalThis as { window?: unknown };
  const had = 'window' in g;
  const saved = g.window;
  beforeAll(() => {
    g.window = { document: serverDocument(), devicePixelRatio: 1 };
  });
  afterAll(() => {
    if (had) g.window = saved;
    else delete g.window;
  });

  it('redraws a share chart in place, identical to a full render of the new input', () => {
    const def = CHART_INDEX.get('usage-share')!;
    const observations: ChartInput['observations'] = [];
    const a: ChartInput = { current: baseRun, baseline: baseRun, observations };
    const d = drawChart(def, a, SIZE);
    expect(d.fast).not.toBeNull();
    const b: ChartInput = { current: nearRun, baseline: baseRun, observations };
    expect(redrawScenarioLines(d, b, SIZE)).toBe(true);
    expect(d.input).toBe(b);
    expect(d.exact).toBe(false);
    const now = [...d.element.querySelectorAll(`g.${SCENARIO_LINE_CLASS} path`)].map((p) => p.getAttribute('d'));
    const full = drawChart(def, b, SIZE);
    expect(now).toEqual([...full.element.querySelectorAll(`g.${SCENARIO_LINE_CLASS} path`)].map((p) => p.getAttribute('d')));
    expect(now).not.toEqual([...drawChart(def, a, SIZE).element.querySelectorAll(`g.${SCENARIO_LINE_CLASS} path`)].map((p) => p.getAttribute('d')));
  });

  it('refuses when anything but the scenario changed', () => {
    const def = CHART_INDEX.get('usage-share')!;
    const a: ChartInput = { current: baseRun, baseline: baseRun };
    const d = drawChart(def, a, SIZE);
    expect(redrawScenarioLines(d, { current: nearRun, baseline: altRun }, SIZE)).toBe(false);
    expect(redrawScenarioLines(d, { current: nearRun }, SIZE)).toBe(false);
    expect(redrawScenarioLines(d, { current: nearRun, baseline: baseRun, observations: [] }, SIZE)).toBe(false);
    expect(redrawScenarioLines(d, { current: nearRun, baseline: baseRun, band: { low: baseRun, high: altRun } }, SIZE)).toBe(false);
    expect(redrawScenarioLines(d, { current: nearRun, baseline: baseRun }, { ...SIZE, width: 400 })).toBe(false);
    expect(redrawScenarioLines(d, { current: nearRun, baseline: baseRun, labels: { current: 'B' } }, SIZE)).toBe(false);
    expect(d.input).toBe(a);
    expect(d.exact).toBe(true);
  });

  it('redraws a changed band in place (a new stage, or the band of a new scenario), identical to a full render', () => {
    const def = CHART_INDEX.get('usage-share')!;
    const first = chartLineBand([baseRun, altRun], 0, 1);
    const next = chartLineBand([baseRun, nearRun, altRun], 0.1, 0.9);
    const a: ChartInput = { current: baseRun, baseline: baseRun, band: first };
    const d = drawChart(def, a, SIZE);
    expect(d.bandFast).not.toBeNull();
    const b: ChartInput = { current: nearRun, baseline: baseRun, band: next };
    expect(redrawScenarioLines(d, b, SIZE)).toBe(true);
    expect(d.bandShown).toBe(next);
    const areas = (el: Element) => [...el.querySelectorAll(`g.${BAND_CLASS} path`)].map((p) => p.getAttribute('d'));
    expect(areas(d.element)).toEqual(areas(drawChart(def, b, SIZE).element));
    expect(areas(d.element)).not.toEqual(areas(drawChart(def, a, SIZE).element));
    // a band appearing or going needs a full render
    expect(redrawScenarioLines(d, { current: nearRun, baseline: baseRun }, SIZE)).toBe(false);
    const bare = drawChart(def, { current: baseRun, baseline: baseRun }, SIZE);
    expect(bare.bandFast).toBeNull();
    expect(redrawScenarioLines(bare, b, SIZE)).toBe(false);
  });

  it('refuses a new band that leaves the y domain of a chart whose scales follow the data', () => {
    const def = CHART_INDEX.get('data-stock')!;
    const band = chartLineBand([baseRun, nearRun], 0, 1);
    const d = drawChart(def, { current: baseRun, band }, SIZE);
    expect(d.bandFast).not.toBeNull();
    const high: RunSeries = { dates: band.high.dates, series: band.high.series.map((s) => ({ ...s, values: Float64Array.from(s.values as Float64Array, (v) => v * 3) })) };
    expect(redrawScenarioLines(d, { current: baseRun, band: { low: band.low, high } }, SIZE)).toBe(false);
    expect(d.bandShown).toBe(band);
  });

  it('refuses on a chart whose new lines would leave the y domain', () => {
    const def = CHART_INDEX.get('data-stock')!;
    // scale the scenario up beyond the drawn domain
    const big: RunSeries = { dates: baseRun.dates, series: baseRun.series.map((s) => (s.metric === def.metric ? { ...s, values: Float64Array.from(s.values as Float64Array, (v) => v * 3) } : s)) };
    const d = drawChart(def, { current: baseRun }, SIZE);
    expect(d.fast).not.toBeNull();
    expect(redrawScenarioLines(d, { current: big }, SIZE)).toBe(false);
    expect(redrawScenarioLines(d, { current: nearRun }, SIZE)).toBe(linesFitDomain(def, nearRun, d.groups, d.fast!.scales.y));
  });
});
