/**
 * Chart specifications: pure functions from run series (plus an optional baseline run, an
 * uncertainty band and observations) to Observable Plot options. The browser renderer and
 * the server renderer (Plot + linkedom, for HTML reports) both call `Plot.plot` on these
 * options, so there is one set of chart definitions for the playground and the reports.
 */
import * as Plot from '@observablehq/plot';
import { METRIC_INDEX } from '../model/index.js';
import type { ChartDef, LineDef } from './chart-defs.js';
import { GROUP_COLORS, groupLabel } from './chart-defs.js';
import { findSeries, valueAt, type RunSeries } from './run-series.js';
import { bandLineMetric, chartLines, lineValues } from './chart-lines.js';

export { bandLineMetric, chartLines, lineValues };
import { formatMetricValue, formatNumber, formatShare, formatSharePoints } from './format.js';
import { fanRows, type FanBands } from './fan.js';

/** An observed data point (the fields of data/observations.json records that charts use). */
export interface ObservationPoint {
  id?: string;
  metric: string;
  group: string;
  period: string | { start: string; end: string };
  value: number;
  /** Unit of the value; an observation is drawn only when it is in the chart's unit. */
  unit?: string;
  /** point | rolling are drawn; cumulative totals and crossing dates are not values of the series. */
  kind?: string;
  uncertainty?: { se: number; note?: string } | { low: number; high: number; note?: string } | Record<string, unknown>;
  source?: { title?: string; author?: string; year?: number; url?: string };
  definition?: string;
  notes?: string;
  /** Calibration transforms (share of selected groups, a product with another metric, a multiplier): such values are not on the series' scale. */
  share?: unknown;
  times?: unknown;
  multiplier?: unknown;
}

/** How the chart draws its lines: the runs themselves, or the scenario minus the reference. */
export type ChartView = 'lines' | 'difference';

/** Everything a chart may draw. */
export interface ChartInput {
  /** The scenario being explored (solid lines). */
  current: RunSeries;
  /** The reference run (dashed lines), usually the calibrated baseline. */
  baseline?: RunSeries;
  /** A band around the current scenario (e.g. quantiles of an agents ensemble); `label` says what it is. */
  band?: { low: RunSeries; high: RunSeries; label?: string };
  /** Observations; only those matching the chart's metric and groups are drawn. */
  observations?: readonly ObservationPoint[];
  /** Names shown in the caption (default "scenario" and "baseline"). */
  labels?: { current?: string; baseline?: string };
  /** The last recorded month's successor, where projections begin: a "now" marker is drawn there. */
  now?: string;
  /** The scenario rewrites history (changes apply from the first month): labelled on the chart. */
  counterfactual?: boolean;
  /** `difference`: one line per group, current minus baseline (current ÷ baseline on log charts). */
  view?: ChartView;
  /** A fan around the current run: an ensemble's 50% and 90% intervals (fan.ts; not in the difference view). */
  fan?: FanBands;
  /** The reference run's ensemble: its 90% interval drawn as dotted edges. */
  baselineFan?: FanBands;
}

/** Size and rendering options. */
export interface ChartSize {
  width?: number;
  height?: number;
  /** Document to render into (linkedom on the server; default: the global document). */
  document?: Document;
  /**
   * Draw the colour legend and the caption inside the figure (default true). The playground
   * draws them once in its own markup instead, which makes each redraw about a fifth cheaper.
   */
  decorations?: boolean;
}

/** One row of chart data (long format). */
export interface ChartRow {
  date: Date;
  group: string;
  label: string;
  value: number;
}

/** A band row. */
export interface BandRow {
  date: Date;
  label: string;
  low: number;
  high: number;
}

/** An observation row with its interval (low = high = value when none is given). */
export interface ObservationRow {
  /** Middle of the period (where the diamond is drawn). */
  date: Date;
  /** First and last month of the period (a horizontal stroke spans it). */
  start: Date;
  end: Date;
  label: string;
  /** On the chart's scale (after undoing a known multiplier). */
  value: number;
  low: number;
  high: number;
  /** One-line text: id, figure, period, interval, source. */
  title: string;
  /** For the hover card and the data table. */
  id: string;
  figure: string;
  period: string;
  uncertainty: string;
  source: string;
  url?: string;
  /** How the value was mapped onto the chart, when it was (e.g. divided by a known multiplier). */
  mapping?: string;
}

/** An observed crossing (e.g. CN downloads passing US), drawn as a period along the top of the chart. */
export interface CrossingRow {
  date: Date;
  low: Date;
  high: Date;
  title: string;
  id: string;
  figure: string;
  uncertainty: string;
  source: string;
  url?: string;
}

/** Class of the scenario (solid) line mark's `<g>`: the fast redraw (fast-lines.ts) rewrites its paths. */
export const SCENARIO_LINE_CLASS = 'momentum-scenario-line';

/** Class of the band's area mark `<g>`: the fast redraw rewrites its paths when only the band changed. */
export const BAND_CLASS = 'momentum-band';

const dateCache = new WeakMap<readonly string[], Date[]>();

/** `YYYY-MM` → Date (UTC, first of the month). */
export function monthDate(m: string): Date {
  return new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1));
}

function datesOf(run: RunSeries): Date[] {
  let d = dateCache.get(run.dates);
  if (!d) {
    d = run.dates.map(monthDate);
    dateCache.set(run.dates, d);
  }
  return d;
}

/** Groups (line ids) the chart draws: its lines, minus those that are empty in every run. */
export function chartGroups(def: ChartDef, input: ChartInput | { current: RunSeries; baseline?: RunSeries }): string[] {
  const runs = [input.current, input.baseline].filter((r): r is RunSeries => !!r);
  return chartLines(def, input)
    .map((l) => l.id)
    .filter((g) =>
      runs.some((r) => {
        const v = lineValues(def, r, g);
        if (!v) return false;
        for (let t = 0; t < v.length; t++) if (usable(def, valueAt(v, t))) return true;
        return false;
      }),
    );
}

function usable(def: ChartDef, v: number): boolean {
  return Number.isFinite(v) && (def.yKind !== 'log' || v > 0);
}

/** Long-format rows of one run for a chart (undefined months and non-positive log values are left out). */
export function chartRows(def: ChartDef, run: RunSeries, groups: readonly string[]): ChartRow[] {
  const dates = datesOf(run);
  const rows: ChartRow[] = [];
  for (const g of groups) {
    const v = lineValues(def, run, g);
    if (!v) continue;
    const label = groupLabel(g);
    for (let t = 0; t < dates.length; t++) {
      const x = valueAt(v, t);
      if (usable(def, x)) rows.push({ date: dates[t], group: g, label, value: x });
    }
  }
  return rows;
}

/** The y axis of a chart in a view: the difference view of a log chart is a ratio, of others a difference. */
export function viewKind(def: ChartDef, view: ChartView | undefined): 'share' | 'linear' | 'log' | 'share-difference' | 'difference' | 'ratio' {
  if (view !== 'difference') return def.yKind;
  return def.yKind === 'share' ? 'share-difference' : def.yKind === 'log' ? 'ratio' : 'difference';
}

/**
 * Rows of the solid lines: the current run's, or in the difference view current − baseline
 * (current ÷ baseline on log charts), month by month, line by line.
 */
export function currentRows(def: ChartDef, input: Pick<ChartInput, 'current' | 'baseline' | 'view'>, groups: readonly string[]): ChartRow[] {
  if (input.view !== 'difference' || !input.baseline) return chartRows(def, input.current, groups);
  const ratio = def.yKind === 'log';
  const dates = datesOf(input.current);
  const rows: ChartRow[] = [];
  for (const g of groups) {
    const a = lineValues(def, input.current, g);
    const b = lineValues(def, input.baseline, g);
    if (!a || !b) continue;
    const label = groupLabel(g);
    for (let t = 0; t < dates.length; t++) {
      const x = valueAt(a, t);
      const y = valueAt(b, t);
      const d = ratio ? (x > 0 && y > 0 ? x / y : NaN) : x - y;
      if (Number.isFinite(d)) rows.push({ date: dates[t], group: g, label, value: d });
    }
  }
  return rows;
}

/** A line's values in a band: its own quantiles when the band has them (`chartLineBand`), else derived from the band's series. */
function bandLineValues(def: ChartDef, band: RunSeries, g: string): ArrayLike<number | null> | undefined {
  return findSeries(band, bandLineMetric(def), g) ?? lineValues(def, band, g);
}

/** Band rows (low/high) for a chart. */
export function bandRows(def: ChartDef, band: { low: RunSeries; high: RunSeries }, groups: readonly string[]): BandRow[] {
  const dates = datesOf(band.low);
  const rows: BandRow[] = [];
  for (const g of groups) {
    const lo = bandLineValues(def, band.low, g);
    const hi = bandLineValues(def, band.high, g);
    if (!lo || !hi) continue;
    const label = groupLabel(g);
    for (let t = 0; t < dates.length; t++) {
      const a = valueAt(lo, t);
      const b = valueAt(hi, t);
      if (usable(def, a) && usable(def, b)) rows.push({ date: dates[t], label, low: Math.min(a, b), high: Math.max(a, b) });
    }
  }
  return rows;
}

function periodMid(p: ObservationPoint['period']): string {
  if (typeof p === 'string') return p;
  // middle month of the range (rounded down), in month arithmetic
  const idx = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const mid = Math.floor((idx(p.start) + idx(p.end)) / 2);
  return `${Math.floor(mid / 12)}-${String((mid % 12) + 1).padStart(2, '0')}`;
}

/** The unit in which a chart's values are shown to people. */
export function valueUnit(def: ChartDef): 'share' | 'price' | 'months' | 'number' {
  if (def.yKind === 'share') return 'share';
  if (def.metric === 'avg_price') return 'price';
  if (def.metric === 'capability_gap_months') return 'months';
  return 'number';
}

/** A value of a chart for people ("93%", "$0.27", "3.5"). */
export function formatChartValue(def: ChartDef, v: number, view?: ChartView): string {
  const k = viewKind(def, view);
  if (k === 'share-difference') return formatSharePoints(v);
  if (k === 'ratio') return Number.isFinite(v) ? `×${formatNumber(v)}` : 'n/a';
  if (k === 'difference') return Number.isFinite(v) ? `${v > 0 ? '+' : ''}${formatMetricValue(valueUnit(def), v)}` : 'n/a';
  return formatMetricValue(valueUnit(def), v);
}

function sameShare(a: unknown, b: LineDef['share']): boolean {
  if (a === undefined || a === false) return b === undefined;
  if (a === true) return b === true;
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  return a.length === b.length && a.every((g) => (b as readonly string[]).includes(g as string));
}

/**
 * The line of a chart an observation is a value of: same metric and group, same transform
 * (`times`, `share`), and a point or rolling kind. Observations without a transform must be
 * in the chart's unit (shares: any "share of …" unit): cumulative totals in real counts,
 * crossing dates and values in other units are left to the calibration report.
 */
export function observationLine(def: ChartDef, o: ObservationPoint, lines: readonly LineDef[]): LineDef | undefined {
  if (o.kind !== undefined && o.kind !== 'point' && o.kind !== 'rolling') return undefined;
  const times = o.times as { metric?: string; group?: string } | undefined;
  for (const l of lines) {
    if (l.metric !== o.metric || l.group !== o.group) continue;
    if (!sameShare(o.share, l.share)) continue;
    if ((times?.metric ?? undefined) !== l.times?.metric || (times?.group ?? undefined) !== l.times?.group) continue;
    if (o.unit !== undefined && !l.share && !l.times) {
      if (def.yKind === 'share' ? !/^share\b/i.test(o.unit) : o.unit !== METRIC_INDEX.get(def.metric)?.unit) continue;
    }
    return l;
  }
  return undefined;
}

/** True when an observation is a value of one of the chart's lines (see {@link observationLine}). */
export function comparable(def: ChartDef, o: ObservationPoint): boolean {
  const lines = chartLines(def, { current: { dates: [], series: [] } });
  return !!observationLine(def, { ...o }, lines.length ? lines : (def.groups ?? []).map((g) => ({ id: g, label: g, metric: def.metric, group: g })));
}

function monthText(p: ObservationPoint['period']): string {
  return typeof p === 'string' ? p : p.start === p.end ? p.start : `${p.start} to ${p.end}`;
}

function sourceText(o: ObservationPoint): string {
  const s = o.source;
  if (!s) return 'no source given';
  return [s.author, s.year ? `(${s.year})` : '', s.title ? `“${s.title}”` : ''].filter(Boolean).join(' ');
}

/** Observation rows that belong on a chart (a drawn line's value; see {@link observationLine}). Intervals: low/high, or ±1.96 se. */
export function observationRows(def: ChartDef, observations: readonly ObservationPoint[] | undefined, groups: readonly string[]): ObservationRow[] {
  if (!observations) return [];
  const lines = chartLines(def, { current: { dates: [], series: [] } }).filter((l) => groups.includes(l.id));
  const fallback = lines.length ? lines : groups.map((g) => ({ id: g, label: groupLabel(g), metric: def.metric, group: g }));
  const rows: ObservationRow[] = [];
  for (const o of observations) {
    if (!Number.isFinite(o.value)) continue;
    const line = observationLine(def, o, fallback);
    if (!line) continue;
    const mult = (o.multiplier as { value?: number } | undefined)?.value;
    const m = typeof mult === 'number' && mult > 0 ? mult : 1;
    const u = o.uncertainty as { se?: unknown; low?: unknown; high?: unknown } | undefined;
    let low = o.value;
    let high = o.value;
    let uncertainty = 'none given';
    const fmt = (v: number) => formatChartValue(def, v);
    if (u && typeof u.se === 'number') {
      low = o.value - 1.96 * u.se;
      high = o.value + 1.96 * u.se;
      uncertainty = `±${def.yKind === 'share' ? formatShare(1.96 * u.se).replace('%', ' points') : formatNumber(1.96 * u.se)} (95%: 1.96 × standard error ${def.yKind === 'share' ? formatShare(u.se) : formatNumber(u.se)})`;
    } else if (u && typeof u.low === 'number' && typeof u.high === 'number') {
      low = u.low;
      high = u.high;
      uncertainty = `${fmt(u.low)} to ${fmt(u.high)} (given interval)`;
    }
    const value = o.value / m;
    low /= m;
    high /= m;
    if (def.yKind === 'log') low = Math.max(low, value / 100);
    const { start, end } = typeof o.period === 'string' ? { start: o.period, end: o.period } : o.period;
    const figure = `${line.label}: ${fmt(o.value)}${o.unit ? ` (${o.unit})` : ''}`;
    const mapping = m !== 1 ? `shown as ${fmt(value)}: the observed ${fmt(o.value)} ÷ ${formatNumber(m)} (${(o.multiplier as { note?: string }).note ?? 'a known factor'})` : undefined;
    const period = monthText(o.period);
    const source = sourceText(o);
    rows.push({
      date: monthDate(periodMid(o.period)),
      start: monthDate(start),
      end: monthDate(end),
      label: line.label,
      value,
      low,
      high,
      id: o.id ?? 'observation',
      figure,
      period,
      uncertainty,
      source,
      url: o.source?.url,
      mapping,
      title: `${o.id ?? 'observation'}: ${figure}, ${period}${mapping ? `; ${mapping}` : ''}; uncertainty ${uncertainty}; source: ${source}${o.source?.url ? ` ${o.source.url}` : ''}`,
    });
  }
  return rows;
}

/** Metrics whose crossing is the same as that of their volume (a share crosses when its numerator does). */
const SHARE_OF: Readonly<Record<string, string>> = { downloads: 'download_share', derivatives: 'derivative_share' };

function decimalYearDate(y: number): Date {
  const months = Math.round(y * 12 * 100) / 100;
  const whole = Math.floor(months);
  const d = new Date(Date.UTC(Math.floor(whole / 12), whole % 12, 1));
  d.setUTCDate(1 + Math.round((months - whole) * 30));
  return d;
}

/** Observed crossings (kind "crossing", group "A>B") of two lines of the chart's metric. */
export function crossingRows(def: ChartDef, observations: readonly ObservationPoint[] | undefined, groups: readonly string[]): CrossingRow[] {
  if (!observations) return [];
  const rows: CrossingRow[] = [];
  for (const o of observations) {
    if (o.kind !== 'crossing' || !Number.isFinite(o.value)) continue;
    if (o.metric !== def.metric && SHARE_OF[o.metric] !== def.metric) continue;
    const m = /^([^>]+)>([^>]+)$/.exec(o.group);
    if (!m || !groups.includes(m[1]) || !groups.includes(m[2])) continue;
    const u = o.uncertainty as { low?: unknown; high?: unknown; se?: unknown } | undefined;
    const lo = typeof u?.low === 'number' ? u.low : typeof u?.se === 'number' ? o.value - 1.96 * u.se : o.value;
    const hi = typeof u?.high === 'number' ? u.high : typeof u?.se === 'number' ? o.value + 1.96 * u.se : o.value;
    const when = (y: number) => decimalYearDate(y).toISOString().slice(0, 7);
    const figure = `${m[1]} passes ${m[2]}: ${when(o.value)}`;
    const uncertainty = `${when(lo)} to ${when(hi)}`;
    const source = sourceText(o);
    rows.push({ date: decimalYearDate(o.value), low: decimalYearDate(lo), high: decimalYearDate(hi), id: o.id ?? 'crossing', figure, uncertainty, source, url: o.source?.url, title: `${o.id ?? 'crossing'}: observed, ${figure} (between ${uncertainty}); source: ${source}${o.source?.url ? ` ${o.source.url}` : ''}` });
  }
  return rows;
}

/** Powers of ten within the range of the values (log-axis ticks: one gridline per decade). */
export function powersOfTen(values: readonly number[]): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [];
  const out: number[] = [];
  for (let k = Math.ceil(Math.log10(lo) - 1e-9); k <= Math.floor(Math.log10(hi) + 1e-9); k++) out.push(Number(`1e${k}`));
  return out;
}

/** The caption under a chart: which line is which, and what the band and the points are. */
export function chartCaption(input: ChartInput, drawn: { baseline: boolean; band: boolean; observations: boolean; fan?: boolean; baselineFan?: boolean }): string {
  const curName = input.labels?.current ?? 'scenario';
  const baseName = input.labels?.baseline ?? 'baseline';
  const parts =
    input.view === 'difference' && input.baseline
      ? [`Difference: ${curName} − ${baseName} (÷ on log charts)`]
      : [`Solid: ${curName}`, ...(drawn.baseline ? [`dashed: ${baseName}`] : [])];
  if (drawn.band) parts.push(`band: ${input.band?.label ?? 'ensemble quantiles'}`);
  if (drawn.fan) parts.push(`shaded: ${input.fan?.label ?? 'ensemble quantiles'}`);
  if (drawn.baselineFan) parts.push(`dotted: ${input.baselineFan?.label ?? 'ensemble quantiles'} (${baseName})`);
  if (drawn.observations) parts.push('◇ observed (95% interval; a stroke spans the period)');
  if (input.now) parts.push(`┆ now (${input.now})`);
  if (input.counterfactual) parts.push('counterfactual history: the changes apply from the first month');
  return parts.join(' · ');
}

function logTicks(values: readonly number[]): { ticks?: number[]; tickFormat: string } {
  const t = powersOfTen(values);
  // fewer than two decades inside the data: let Plot choose (it then labels 2, 5, …)
  return t.length >= 2 ? { ticks: t, tickFormat: '~g' } : { tickFormat: '~g' };
}

/**
 * The Observable Plot options of one chart: baseline dashed, current solid, optional band,
 * observed points with intervals and periods, observed crossings, a "now" marker and the
 * counterfactual label. Pure: the same input gives the same options.
 */
export function chartSpec(def: ChartDef, input: ChartInput, size: ChartSize = {}): Plot.PlotOptions {
  const groups = chartGroups(def, input);
  const labels = groups.map(groupLabel);
  const colors = groups.map((g) => GROUP_COLORS[g] ?? '#333333');
  const kind = viewKind(def, input.view);
  const difference = kind === 'share-difference' || kind === 'difference' || kind === 'ratio';
  const current = currentRows(def, input, groups);
  const baseline = input.baseline && !difference ? chartRows(def, input.baseline, groups) : [];
  const band = input.band && !difference ? bandRows(def, input.band, groups) : [];
  const obs = difference ? [] : observationRows(def, input.observations, groups);
  const crossings = difference || kind !== 'share' ? [] : crossingRows(def, input.observations, groups);
  const curName = input.labels?.current ?? 'scenario';
  const baseName = input.labels?.baseline ?? 'baseline';
  const browser = !size.document;
  const fmtY = (v: number) => formatChartValue(def, v, input.view);
  const marks: Plot.Markish[] = [];
  if (kind === 'share' || difference) marks.push(Plot.ruleY([kind === 'ratio' ? 1 : 0]));
  if (input.now) {
    const now = monthDate(input.now);
    marks.push(Plot.ruleX([now], { stroke: '#6b6b75', strokeDasharray: '2,3', strokeWidth: 1 }));
    marks.push(Plot.text([now], { x: (d: Date) => d, frameAnchor: 'top', text: () => 'now', dy: 2, dx: 3, textAnchor: 'start', fill: '#55555d', fontSize: 10 }));
  }
  if (input.counterfactual) marks.push(Plot.text(['counterfactual history'], { frameAnchor: 'top-right', dy: -13, textAnchor: 'end', fill: '#a04a00', fontWeight: 700, fontSize: 10, text: (d: string) => d }));
  if (band.length) marks.push(Plot.areaY(band, { x: 'date', y1: 'low', y2: 'high', z: 'label', fill: 'label', fillOpacity: 0.18, className: BAND_CLASS }));
  if (baseline.length) marks.push(Plot.lineY(baseline, { x: 'date', y: 'value', z: 'label', stroke: 'label', strokeWidth: 1.5, strokeDasharray: '5,4', strokeOpacity: 0.75, ariaDescription: baseName }));
  // fans: the reference's 90% interval as dotted edges, the scenario's 90% and 50% intervals shaded
  const fanOk = (v: number) => Number.isFinite(v) && (kind !== 'log' || v > 0);
  const fan = input.fan && !difference ? fanRows(def, input.fan, groups, fanOk) : { outer: [], inner: [] };
  const baseFan = input.baselineFan && !difference && input.baseline ? fanRows(def, input.baselineFan, groups, fanOk) : { outer: [], inner: [] };
  for (const edge of ['low', 'high'] as const) {
    if (baseFan.outer.length) marks.push(Plot.lineY(baseFan.outer, { x: 'date', y: edge, z: 'label', stroke: 'label', strokeWidth: 1, strokeDasharray: '1,3', strokeOpacity: 0.8, ariaDescription: `${baseName}: 90% interval, ${edge === 'low' ? '5%' : '95%'}` }));
  }
  if (fan.outer.length) marks.push(Plot.areaY(fan.outer, { x: 'date', y1: 'low', y2: 'high', z: 'label', fill: 'label', fillOpacity: 0.13, ariaDescription: `${curName}: 90% interval` }));
  if (fan.inner.length) marks.push(Plot.areaY(fan.inner, { x: 'date', y1: 'low', y2: 'high', z: 'label', fill: 'label', fillOpacity: 0.28, ariaDescription: `${curName}: 50% interval` }));
  marks.push(
    Plot.lineY(current, {
      x: 'date',
      y: 'value',
      z: 'label',
      stroke: 'label',
      strokeWidth: 2.2,
      ariaDescription: difference ? `${curName} minus ${baseName}` : curName,
      className: SCENARIO_LINE_CLASS,
      tip: browser ? { format: { x: (d: Date) => d.toISOString().slice(0, 7), y: fmtY, stroke: true } } : undefined,
    }),
  );
  if (obs.length) {
    marks.push(Plot.ruleY(obs, { y: 'value', x1: 'start', x2: 'end', stroke: 'label', strokeWidth: 2, strokeOpacity: 0.6 }));
    marks.push(Plot.ruleX(obs, { x: 'date', y1: 'low', y2: 'high', stroke: 'label', strokeWidth: 1.2 }));
    marks.push(
      Plot.dot(obs, {
        x: 'date',
        y: 'value',
        stroke: 'label',
        fill: 'white',
        r: 4,
        strokeWidth: 1.6,
        symbol: 'diamond',
        className: 'momentum-observation',
        href: 'url',
        target: '_blank',
        ariaLabel: (d: ObservationRow) => `observed ${d.figure}, ${d.period}`,
        ...(browser
          ? {
              tip: { format: { x: false, y: false, stroke: false, href: false }, lineWidth: 40 },
              channels: { observed: 'figure', period: 'period', uncertainty: 'uncertainty', source: 'source', link: (d: ObservationRow) => (d.url ? `${d.url} (click the ◇)` : 'none') },
            }
          : { title: 'title' }),
      }),
    );
  }
  if (crossings.length) {
    marks.push(Plot.ruleY(crossings, { y: () => 0.97, x1: 'low', x2: 'high', stroke: '#444', strokeWidth: 3, strokeOpacity: 0.5 }));
    marks.push(
      Plot.dot(crossings, {
        x: 'date',
        y: () => 0.97,
        symbol: 'diamond',
        r: 4,
        stroke: '#222',
        fill: 'white',
        strokeWidth: 1.6,
        className: 'momentum-observation',
        href: 'url',
        target: '_blank',
        ariaLabel: (d: CrossingRow) => `observed crossing: ${d.figure}`,
        ...(browser ? { tip: { format: { x: false, y: false, href: false }, lineWidth: 40 }, channels: { observed: 'figure', between: 'uncertainty', source: 'source' } } : { title: 'title' }),
      }),
    );
  }
  const caption = chartCaption(input, { baseline: baseline.length > 0, band: band.length > 0, observations: obs.length > 0 || crossings.length > 0, fan: fan.outer.length > 0, baselineFan: baseFan.outer.length > 0 });
  const decorations = size.decorations ?? true;
  const yValues = () => [...current, ...baseline].map((r) => r.value).concat([...band, ...fan.outer, ...baseFan.outer].flatMap((b) => [b.low, b.high]), obs.flatMap((o) => [o.low, o.high]));
  return {
    width: size.width ?? 640,
    height: size.height ?? 300,
    marginLeft: 52,
    marginRight: 16,
    marginTop: 22,
    style: { fontSize: '12px', overflow: 'visible' },
    ariaLabel: def.title,
    ariaDescription: def.description,
    caption: decorations ? caption : undefined,
    document: size.document,
    x: { type: 'utc', label: null },
    y: {
      type: kind === 'log' ? 'log' : 'linear',
      label: kind === 'share-difference' ? `${def.yLabel}: difference (points)` : kind === 'ratio' ? `${def.yLabel.replace(/ \(log\)$/, '')}: ratio` : kind === 'difference' ? `${def.yLabel}: difference` : def.yLabel,
      grid: true,
      ...(kind === 'log' ? logTicks(yValues()) : {}),
      ...(kind === 'share' ? { domain: [0, 1], tickFormat: '.0%' } : {}),
      ...(kind === 'share-difference' ? { tickFormat: '+.0%' } : {}),
      ...(kind === 'linear' && def.metric !== 'capability_gap_months' ? { zero: true } : {}),
    },
    color: { type: 'categorical', domain: labels, range: colors, legend: decorations },
    marks,
  };
}

/** A chart as a table: every January and the last month, one column per drawn line (and reference line). */
export interface ChartTable {
  columns: string[];
  rows: { date: string; cells: string[] }[];
  observations: ObservationRow[];
  crossings: CrossingRow[];
}

/** The data-table alternative of a chart (the same values the chart draws, formatted for people). */
export function chartTable(def: ChartDef, input: ChartInput): ChartTable {
  const groups = chartGroups(def, input);
  const curName = input.labels?.current ?? 'scenario';
  const baseName = input.labels?.baseline ?? 'baseline';
  const difference = input.view === 'difference' && !!input.baseline;
  const dates = input.current.dates;
  const months = dates.map((d, t) => ({ d, t })).filter(({ d, t }) => d.endsWith('-01') || t === dates.length - 1);
  const columns: string[] = [];
  const cols: ((t: number) => string)[] = [];
  for (const g of groups) {
    const a = lineValues(def, input.current, g);
    const b = input.baseline ? lineValues(def, input.baseline, g) : undefined;
    if (difference) {
      columns.push(`${groupLabel(g)}: ${curName} − ${baseName}`);
      cols.push((t) => {
        const x = valueAt(a, t);
        const y = valueAt(b, t);
        return formatChartValue(def, def.yKind === 'log' ? x / y : x - y, 'difference');
      });
      continue;
    }
    columns.push(`${groupLabel(g)}: ${curName}`);
    cols.push((t) => formatChartValue(def, valueAt(a, t)));
    if (input.band) {
      // the band's values too (low–high), for readers who cannot see the shaded area
      const lo = bandLineValues(def, input.band.low, g);
      const hi = bandLineValues(def, input.band.high, g);
      if (lo && hi) {
        columns.push(`${groupLabel(g)}: ${curName}, band`);
        cols.push((t) => {
          const x = valueAt(lo, t);
          const y = valueAt(hi, t);
          return Number.isFinite(x) && Number.isFinite(y) ? `${formatChartValue(def, x)}–${formatChartValue(def, y)}` : formatChartValue(def, NaN);
        });
      }
    }
    if (b) {
      columns.push(`${groupLabel(g)}: ${baseName}`);
      cols.push((t) => formatChartValue(def, valueAt(b, t)));
    }
  }
  return {
    columns,
    rows: months.map(({ d, t }) => ({ date: d, cells: cols.map((c) => c(t)) })),
    observations: difference ? [] : observationRows(def, input.observations, groups),
    crossings: difference || def.yKind !== 'share' ? [] : crossingRows(def, input.observations, groups),
  };
}
