/**
 * Observations on the charts (issue #19): every observation of data/observations.json that is
 * a value of a drawn line (same metric, group and transform) is drawn, with its period,
 * interval and source; crossings are drawn on the share chart of their metric; derived lines
 * are computed as the calibration compares them. Plus number formatting, the "now" marker,
 * the counterfactual label and the difference view.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioRegistry, runScenario, type RunResult } from '../../src/model/index.js';
import { CHARTS, CHART_INDEX, chartGroups, chartSpec, runSeriesOf, type RunSeries } from '../../src/charts/index.js';
import { crossingRows, currentRows, lineValues, observationRows } from '../../src/charts/chart-spec.js';
import { formatNumber, formatParamValue, formatShare, formatSharePoints } from '../../src/charts/format.js';
import { renderChartSvg } from '../../src/charts/render-server.js';
import { modelledRaw } from '../../src/model/calibrate/operators.js';
import { observationsFileSchema, type Observation } from '../../src/model/calibrate/observation-schema.js';

const root = join(import.meta.dirname, '..', '..');
let base: RunResult;
let run: RunSeries;
let alt: RunSeries;
let observations: Observation[];

beforeAll(() => {
  const reg = new ScenarioRegistry();
  base = runScenario(reg.resolve('baseline'));
  run = runSeriesOf(base);
  alt = runSeriesOf(runScenario(reg.resolve('closed-world')));
  observations = observationsFileSchema.parse(JSON.parse(readFileSync(join(root, 'data', 'observations.json'), 'utf8')));
});

describe('observations on the charts', () => {
  it('draw every point or rolling observation whose series is a line of some chart; the rest are counts or crossings', () => {
    const drawn = new Map<string, string>();
    for (const def of CHARTS) {
      const groups = chartGroups(def, { current: run });
      for (const r of observationRows(def, observations, groups)) drawn.set(r.id, def.id);
      for (const r of crossingRows(def, observations, groups)) drawn.set(r.id, def.id);
    }
    const notDrawn = observations.filter((o) => !drawn.has(o.id));
    // what is left: cumulative counts in real units (they need the calibration's fitted scale),
    // an unaffiliated share with no bloc in the model, and a lab-level share (no lab breakdown of derivatives)
    for (const o of notDrawn) expect(o.kind === 'cumulative' || o.group === 'International/Online' || o.group === 'alibaba', o.id).toBe(true);
    // the cards that say "comparable to Hugging Face / OpenRouter" show them
    expect([...drawn].filter(([, c]) => c === 'download-share').length).toBeGreaterThanOrEqual(4);
    expect([...drawn].filter(([, c]) => c === 'token-share').length).toBeGreaterThanOrEqual(3);
    const charts = new Set(drawn.values());
    for (const id of ['download-share', 'derivative-share', 'token-share', 'open-share', 'open-token-share', 'capability-gap', 'prices', 'compute-share']) expect(charts, id).toContain(id);
  });

  it('derived lines are the calibration operator\'s monthly values (share among groups, product with another series, share of the total)', () => {
    for (const o of observations) {
      if (o.kind !== 'point' && o.kind !== 'rolling') continue;
      for (const def of CHARTS) {
        const groups = chartGroups(def, { current: run });
        const row = observationRows(def, [o], groups)[0];
        if (!row) continue;
        const line = [...(def.lines ?? [])].find((l) => l.label === row.label) ?? { id: o.group };
        const v = lineValues(def, run, line.id)!;
        // a single-month observation: the line's value is the operator's modelled value (before the multiplier)
        const month = base.dates.indexOf(typeof o.period === 'string' ? o.period : '');
        if (month >= 0 && !o.multiplier) expect(v[month] as number, `${o.id} on ${def.id}`).toBeCloseTo(modelledRaw(o, { dates: base.dates, series: base.series }), 9);
      }
    }
    const dl = CHART_INDEX.get('download-share')!;
    const t = 30;
    const cn = base.series.find('downloads', 'CN')![t];
    const us = base.series.find('downloads', 'US')![t];
    expect(lineValues(dl, run, 'cn_of_cn_us')![t]).toBeCloseTo(cn / (cn + us), 12);
    const tok = CHART_INDEX.get('token-share')!;
    expect(lineValues(tok, run, 'cn_open_tokens')![t]).toBeCloseTo(base.series.find('open_token_share', 'CN')![t] * base.series.find('hosted_open_share', 'all')![t], 12);
    const cs = CHART_INDEX.get('compute-share')!;
    const total = ['US', 'CN', 'EU', 'RoW'].reduce((a, b) => a + base.series.find('compute', b)![t], 0);
    expect(lineValues(cs, run, 'CN')![t]).toBeCloseTo(base.series.find('compute', 'CN')![t] / total, 12);
  });

  it('undo a known multiplier, span the period, and carry figure, interval and source link for the hover', () => {
    const o = observations.find((x) => x.id === 'hf-download-share-cn-2024-25')!;
    const def = CHART_INDEX.get('download-share')!;
    const [row] = observationRows(def, [o], chartGroups(def, { current: run }));
    expect(row.value).toBeCloseTo(o.value / o.multiplier!.value, 12);
    expect(row.figure).toBe('CN: 17% (share of downloads)');
    expect(row.mapping).toMatch(/÷ 0\.762/);
    expect(row.period).toBe('2024-08 to 2025-08');
    expect(row.start.toISOString().slice(0, 7)).toBe('2024-08');
    expect(row.end.toISOString().slice(0, 7)).toBe('2025-08');
    expect(row.uncertainty).toMatch(/^±3\.9 points/);
    expect(row.url).toBe(o.source.url);
    expect(row.source).toMatch(/Longpre et al\. \(2025\)/);
    const svg = renderChartSvg(def, { current: run, observations });
    expect(svg).toContain(`href="${o.source.url}"`);
  });

  it('draw an observed crossing on the share chart of its metric, between its low and high dates', () => {
    const def = CHART_INDEX.get('download-share')!;
    const rows = crossingRows(def, observations, chartGroups(def, { current: run }));
    expect(rows.map((r) => r.id)).toEqual(['atom-cn-passes-us-downloads']);
    expect(rows[0].date.toISOString().slice(0, 7)).toBe('2025-07');
    expect(rows[0].low.getTime()).toBeLessThan(rows[0].high.getTime());
    expect(crossingRows(CHART_INDEX.get('usage-share')!, observations, ['US', 'CN'])).toEqual([]);
  });
});

describe('now marker, counterfactual label, difference view', () => {
  it('mark "now" and label counterfactual history in the figure', () => {
    const def = CHART_INDEX.get('usage-share')!;
    const svg = renderChartSvg(def, { current: run, now: '2026-04', counterfactual: true });
    expect(svg).toMatch(/>now</);
    expect(svg).toMatch(/>counterfactual history</);
    expect(svg).toMatch(/now \(2026-04\)/);
    expect(renderChartSvg(def, { current: run })).not.toMatch(/>now<|counterfactual/);
  });

  it('the difference view draws current − baseline (a ratio on log charts)', () => {
    const share = CHART_INDEX.get('usage-share')!;
    const groups = chartGroups(share, { current: alt, baseline: run });
    const rows = currentRows(share, { current: alt, baseline: run, view: 'difference' }, groups);
    const t = 80;
    const r = rows.find((x) => x.group === 'CN' && x.date.toISOString().startsWith(run.dates[t]))!;
    expect(r.value).toBeCloseTo((alt.series.find((s) => s.metric === 'usage_share' && s.group === 'CN')!.values[t] as number) - base.series.find('usage_share', 'CN')![t], 12);
    const prices = CHART_INDEX.get('prices')!;
    const pr = currentRows(prices, { current: run, baseline: run, view: 'difference' }, ['open']);
    expect(pr.every((x) => Math.abs(x.value - 1) < 1e-12)).toBe(true);
    const spec = chartSpec(share, { current: alt, baseline: run, view: 'difference' });
    expect((spec.y as { label: string }).label).toMatch(/difference \(points\)/);
    expect((spec.y as { domain?: unknown }).domain).toBeUndefined();
  });
});

describe('number formatting', () => {
  it('shows shares as percentages and other values to sensible precision', () => {
    expect(formatShare(0.932)).toBe('93%');
    expect(formatShare(0.045)).toBe('4.5%');
    expect(formatShare(0.0018)).toBe('0.18%');
    expect(formatShare(0)).toBe('0%');
    expect(formatSharePoints(0.042)).toBe('+4.2 pp');
    expect(formatSharePoints(-0.15)).toBe('−15 pp');
    expect(formatNumber(10535.1)).toBe('10,500');
    expect(formatNumber(0.04731)).toBe('0.0473');
    expect(formatParamValue(1.0017743886877346)).toBe('1.002');
    expect(formatParamValue(0.35)).toBe('0.35');
    expect(formatParamValue('closed')).toBe('closed');
  });
});
