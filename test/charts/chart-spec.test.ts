import { beforeAll, describe, expect, it } from 'vitest';
import { ScenarioRegistry, runScenario, type RunResult } from '../../src/model/index.js';
import { CHARTS, CHART_INDEX, chartGroups, chartRows, chartSpec, observationRows, powersOfTen, runSeriesOf, runSeriesToJson, type RunSeries } from '../../src/charts/index.js';
import { chartLineBand, chartLinesOf, ensembleBand, quantileSorted } from '../../src/charts/band.js';
import { bandRows, chartTable, formatChartValue } from '../../src/charts/chart-spec.js';
import { lineValues } from '../../src/charts/chart-lines.js';
import { headlines, overtakeMonth } from '../../src/charts/headlines.js';
import { renderChartSvg, serverDocument } from '../../src/charts/render-server.js';
import { escapeHtml } from '../../src/charts/html-page.js';

let base: RunResult;
let alt: RunResult;
let baseRun: RunSeries;
let altRun: RunSeries;

beforeAll(() => {
  const reg = new ScenarioRegistry();
  base = runScenario(reg.resolve('baseline'));
  alt = runScenario(reg.resolve('closed-world'));
  baseRun = runSeriesOf(base);
  altRun = runSeriesOf(alt);
});

describe('chart definitions', () => {
  it('cover the charts the issue lists, each on a metric the model outputs', () => {
    const metrics = CHARTS.map((c) => c.metric);
    for (const m of ['usage_share', 'download_share', 'derivative_share', 'token_share', 'frontier_capability', 'capability_gap_months', 'avg_price', 'compute', 'data_stock']) expect(metrics).toContain(m);
    for (const c of CHARTS) expect(base.series.byMetric(c.metric).length, c.id).toBeGreaterThan(0);
    expect(new Set(CHARTS.map((c) => c.id)).size).toBe(CHARTS.length);
  });
});

describe('chart specifications', () => {
  it('draw the baseline dashed and the scenario solid, coloured by group', () => {
    const def = CHART_INDEX.get('usage-share')!;
    const spec = chartSpec(def, { current: altRun, baseline: baseRun });
    const marks = spec.marks as unknown as { ariaDescription?: string; data: unknown[] }[];
    // the two line marks: the baseline (dashed) then the scenario
    const svg = renderChartSvg(def, { current: altRun, baseline: baseRun });
    const dashed = svg.match(/stroke-dasharray="5,4"/g) ?? [];
    expect(dashed.length).toBeGreaterThan(0);
    expect(marks.length).toBeGreaterThanOrEqual(3);
    expect(spec.color?.domain).toEqual(['US', 'CN', 'EU', 'RoW']);
    expect(spec.y?.domain).toEqual([0, 1]);
  });

  it('are pure: the same input gives the same SVG', () => {
    const def = CHART_INDEX.get('prices')!;
    const a = renderChartSvg(def, { current: altRun, baseline: baseRun });
    const b = renderChartSvg(def, { current: altRun, baseline: baseRun });
    expect(a.replace(/plot-[0-9a-f]+/g, 'plot')).toBe(b.replace(/plot-[0-9a-f]+/g, 'plot'));
  });

  it('rows leave out undefined months and non-positive values on log charts', () => {
    const prices = CHART_INDEX.get('prices')!;
    const rows = chartRows(prices, baseRun, ['open', 'closed']);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.value > 0 && Number.isFinite(r.value))).toBe(true);
    // frontier groups without any model (e.g. no EU closed lab) are not drawn
    const frontier = CHART_INDEX.get('frontier-capability')!;
    const groups = chartGroups(frontier, { current: baseRun });
    for (const g of groups) expect(chartRows(frontier, baseRun, [g]).length, g).toBeGreaterThan(0);
    expect(groups).toContain('us_closed');
  });

  it('a JSON round trip of a run (NaN → null) draws the same rows', () => {
    const json = JSON.parse(JSON.stringify(runSeriesToJson(baseRun))) as RunSeries;
    const def = CHART_INDEX.get('frontier-capability')!;
    const g = chartGroups(def, { current: baseRun });
    expect(chartGroups(def, { current: json })).toEqual(g);
    expect(chartRows(def, json, g).map((r) => r.value)).toEqual(chartRows(def, baseRun, g).map((r) => r.value));
  });

  it('overlay observations on the chart of their metric only, with 95% intervals from the standard error', () => {
    const obs = [
      { id: 'a', metric: 'download_share', group: 'CN', period: '2025-06', value: 0.4, uncertainty: { se: 0.05, note: 'x' } },
      { id: 'b', metric: 'download_share', group: 'US', period: { start: '2025-01', end: '2025-03' }, value: 0.5, uncertainty: { low: 0.45, high: 0.6, note: 'x' } },
      { id: 'c', metric: 'usage_share', group: 'CN', period: '2025-06', value: 0.3 },
      { id: 'd', metric: 'download_share', group: 'XX', period: '2025-06', value: 0.3 },
    ];
    const def = CHART_INDEX.get('download-share')!;
    const rows = observationRows(def, obs, ['US', 'CN', 'EU', 'RoW']);
    expect(rows.map((r) => r.title.split(':')[0])).toEqual(['a', 'b']);
    expect(rows[0].low).toBeCloseTo(0.4 - 1.96 * 0.05, 12);
    expect(rows[0].high).toBeCloseTo(0.4 + 1.96 * 0.05, 12);
    expect(rows[1].date.toISOString().slice(0, 7)).toBe('2025-02');
    expect([rows[1].low, rows[1].high]).toEqual([0.45, 0.6]);
    const svg = renderChartSvg(def, { current: baseRun, observations: obs });
    expect(svg).toContain('observed');
  });

  it('overlay only observations in the chart\'s unit and of point or rolling kind', () => {
    const o = { id: 'o', group: 'CN', period: '2025-05', value: 0.15 };
    const compute = CHART_INDEX.get('compute')!;
    expect(observationRows(compute, [{ ...o, metric: 'compute', unit: 'share of AI compute', kind: 'point' }], ['US', 'CN'])).toHaveLength(0);
    expect(observationRows(compute, [{ ...o, metric: 'compute', unit: 'compute index (world 2023-01 = 10)', kind: 'point' }], ['US', 'CN'])).toHaveLength(1);
    const dl = CHART_INDEX.get('download-share')!;
    expect(observationRows(dl, [{ ...o, metric: 'download_share', unit: 'share of downloads', kind: 'rolling' }], ['CN'])).toHaveLength(1);
    expect(observationRows(dl, [{ ...o, metric: 'download_share', unit: 'share of downloads', kind: 'cumulative' }], ['CN'])).toHaveLength(0);
    const prices = CHART_INDEX.get('prices')!;
    expect(observationRows(prices, [{ ...o, group: 'open', metric: 'avg_price', unit: '$ per million tokens', kind: 'rolling', value: 0.27 }], ['open'])).toHaveLength(1);
  });

  it('the server renderer returns a standalone inline SVG with title and legend, no scripts', () => {
    for (const def of CHARTS) {
      const html = renderChartSvg(def, { current: altRun, baseline: baseRun }, { width: 500, height: 250 });
      expect(html, def.id).toMatch(/<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(html).toContain(`aria-label="${escapeHtml(def.title)}"`);
      expect(html).not.toMatch(/<script/i);
      expect(html).toMatch(/<path/);
    }
    expect(serverDocument().createElement('div').tagName.toLowerCase()).toBe('div');
  });
});

describe('log axes', () => {
  it('tick at the powers of ten inside the data range, one gridline per decade', () => {
    expect(powersOfTen([0.003, 0.5, 42])).toEqual([0.01, 0.1, 1, 10]);
    expect(powersOfTen([1, 1000])).toEqual([1, 10, 100, 1000]);
    expect(powersOfTen([0, -1, NaN])).toEqual([]);
    const spec = chartSpec(CHART_INDEX.get('compute')!, { current: baseRun });
    const ticks = (spec.y as { ticks?: number[] }).ticks ?? [];
    const values = chartRows(CHART_INDEX.get('compute')!, baseRun, ['US', 'CN', 'EU', 'RoW']).map((r) => r.value);
    for (const t of ticks) expect(t >= Math.min(...values) && t <= Math.max(...values)).toBe(true);
  });
});

describe('ensemble band', () => {
  it('quantiles interpolate between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([0, 10], 0.05)).toBeCloseTo(0.5, 12);
    expect(quantileSorted([7], 0.95)).toBe(7);
    expect(Number.isNaN(quantileSorted([], 0.5))).toBe(true);
  });

  it('low ≤ high, and the band of identical runs is the run itself', () => {
    const b = ensembleBand([baseRun, altRun, baseRun]);
    for (let k = 0; k < b.low.series.length; k++) {
      const lo = b.low.series[k].values;
      const hi = b.high.series[k].values;
      for (let t = 0; t < lo.length; t++) if (Number.isFinite(lo[t] as number)) expect(lo[t]! <= hi[t]! + 1e-12).toBe(true);
    }
    const same = ensembleBand([baseRun, baseRun]);
    const v = base.series.find('usage_share', 'CN')!;
    const lo = same.low.series.find((s) => s.metric === 'usage_share' && s.group === 'CN')!.values;
    for (let t = 0; t < v.length; t++) expect(lo[t]).toBeCloseTo(v[t], 12);
  });
});

describe('band per chart line', () => {
  it('a derived line gets the quantiles of the derived quantity, not the line derived from quantiles', () => {
    const reg = new ScenarioRegistry();
    const runs = [baseRun, altRun, runSeriesOf(runScenario(reg.resolve('us-open-push'))), runSeriesOf(runScenario(reg.resolve('foreign-model-restrictions')))];
    const def = CHART_INDEX.get('download-share')!;
    const band = chartLineBand(runs, 0.1, 0.9);
    const groups = chartGroups(def, { current: baseRun });
    expect(groups).toContain('cn_of_cn_us');
    const rows = bandRows(def, band, groups).filter((r) => r.label === 'CN of CN + US');
    const old = bandRows(def, ensembleBand(runs, 0.1, 0.9), groups).filter((r) => r.label === 'CN of CN + US');
    expect(rows.length).toBeGreaterThan(0);
    let differs = false;
    const T = baseRun.dates.length;
    for (let t = 0; t < T; t++) {
      const v = runs.map((r) => lineValues(def, r, 'cn_of_cn_us')![t] as number).sort((a, b) => a - b);
      const row = rows.find((r) => r.date.getTime() === Date.UTC(Number(baseRun.dates[t].slice(0, 4)), Number(baseRun.dates[t].slice(5)) - 1, 1))!;
      expect(row.low).toBeCloseTo(quantileSorted(v, 0.1), 12);
      expect(row.high).toBeCloseTo(quantileSorted(v, 0.9), 12);
      if (Math.abs(old[t].low - row.low) > 1e-9) differs = true;
    }
    // with these runs the old way (quantiles of CN and US downloads, then the share) gives another band
    expect(differs).toBe(true);
  });

  it("the data table lists the band's low–high per line, except in the difference view", () => {
    const def = CHART_INDEX.get('usage-share')!;
    const band = chartLineBand([baseRun, altRun], 0, 1);
    const t = chartTable(def, { current: baseRun, baseline: altRun, band, labels: { current: 'A', baseline: 'B' } });
    expect(t.columns.slice(0, 3)).toEqual(['US: A', 'US: A, band', 'US: B']);
    const last = baseRun.dates.length - 1;
    const lo = band.low.series.find((s) => s.metric === 'chart:usage-share' && s.group === 'US')!.values[last] as number;
    const hi = band.high.series.find((s) => s.metric === 'chart:usage-share' && s.group === 'US')!.values[last] as number;
    expect(t.rows[t.rows.length - 1].cells[1]).toBe(`${formatChartValue(def, lo)}–${formatChartValue(def, hi)}`);
    expect(chartTable(def, { current: baseRun, baseline: altRun, band, view: 'difference' }).columns.some((c) => /band/.test(c))).toBe(false);
    expect(chartTable(def, { current: baseRun }).columns.some((c) => /band/.test(c))).toBe(false);
  });

  it('keeps one series per chart line, and a plain line equals the band of its metric', () => {
    const lines = chartLinesOf(baseRun);
    for (const def of CHARTS) for (const g of chartGroups(def, { current: baseRun })) expect(lines.series.some((s) => s.metric === `chart:${def.id}` && s.group === g), `${def.id} ${g}`).toBe(true);
    const a = chartLineBand([baseRun, altRun]);
    const b = ensembleBand([baseRun, altRun]);
    const us = (band: { low: RunSeries }, metric: string) => band.low.series.find((s) => s.metric === metric && s.group === 'US')!.values;
    expect(Array.from(us(a, 'chart:usage-share'))).toEqual(Array.from(us(b, 'usage_share')));
  });
});

describe('headlines', () => {
  it('state the crossing month beside the baseline, as in the issue', () => {
    const h = headlines(altRun, baseRun);
    const dl = h.find((x) => x.id === 'downloads')!;
    const m = overtakeMonth(altRun, 'download_share');
    const mb = overtakeMonth(baseRun, 'download_share');
    expect(dl.text).toBe(m ? `CN open-weight downloads overtake US in ${m} (baseline: ${mb ?? 'never'}).` : `CN open-weight downloads do not overtake US by 2030-12 (baseline: ${mb ?? 'never'}).`);
    expect(dl.changed).toBe(m !== mb);
  });

  it('agree with the model summary indicators', () => {
    expect(overtakeMonth(baseRun, 'download_share')).toBe(base.summary.indicators.cn_overtakes_us_downloads);
    expect(overtakeMonth(baseRun, 'usage_share')).toBe(base.summary.indicators.cn_overtakes_us_usage);
  });

  it('nothing is marked changed when the scenario is the baseline', () => {
    expect(headlines(baseRun, baseRun).some((h) => h.changed)).toBe(false);
    expect(headlines(baseRun).every((h) => !h.text.includes('baseline:'))).toBe(true);
  });
});

describe('renderPlotSvg (for other reports)', () => {
  it('renders arbitrary Plot options to a standalone SVG string', async () => {
    const Plot = await import('@observablehq/plot');
    const { renderPlotSvg } = await import('../../src/charts/render-server.js');
    const svg = renderPlotSvg({ width: 300, height: 200, marks: [Plot.dot([{ x: 1, y: 2 }, { x: 2, y: 3 }], { x: 'x', y: 'y' })] });
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.match(/<circle/g) ?? []).length).toBe(2);
  });
});
