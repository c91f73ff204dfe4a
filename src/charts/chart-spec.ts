/**
 * Chart specifications: pure functions from run series (plus an optional baseline run, an
 * uncertainty band and observations) to Observable Plot options. The browser renderer and
 * the server renderer (Plot + linkedom, for HTML reports) both call `Plot.plot` on these
 * options, so there is one set of chart definitions for the playground and the reports.
 */
import * as Plot from '@observablehq/plot';
import { METRIC_INDEX } from '../model/index.js';
import type { ChartDef } from './chart-defs.js';
import { GROUP_COLORS, groupLabel } from './chart-defs.js';
import { findSeries, valueAt, type RunSeries } from './run-series.js';

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
  uncertainty?: { se: number } | { low: number; high: number } | Record<string, unknown>;
  source?: { title?: string; author?: string; year?: number };
  /** Calibration transforms (share of selected groups, a product with another metric, a multiplier): such values are not on the series' scale. */
  share?: unknown;
  times?: unknown;
  multiplier?: unknown;
}

/** Everything a chart may draw. */
export interface ChartInput {
  /** The scenario being explored (solid lines). */
  current: RunSeries;
  /** The reference run (dashed lines), usually the calibrated baseline. */
  baseline?: RunSeries;
  /** 5–95% band of the current scenario (e.g. from an agents ensemble). */
  band?: { low: RunSeries; high: RunSeries };
  /** Observations; only those matching the chart's metric and groups are drawn. */
  observations?: readonly ObservationPoint[];
  /** Names shown in the caption (default "scenario" and "baseline"). */
  labels?: { current?: string; baseline?: string };
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
  date: Date;
  label: string;
  value: number;
  low: number;
  high: number;
  title: string;
}

/** Class of the scenario (solid) line mark's `<g>`: the fast redraw (fast-lines.ts) rewrites its paths. */
export const SCENARIO_LINE_CLASS = 'momentum-scenario-line';

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

/** Groups the chart draws: the def's list, or every group with data, minus groups that are empty in every run. */
export function chartGroups(def: ChartDef, input: ChartInput): string[] {
  const runs = [input.current, input.baseline].filter((r): r is RunSeries => !!r);
  const candidates = def.groups ? [...def.groups] : [...new Set(runs.flatMap((r) => r.series.filter((s) => s.metric === def.metric).map((s) => s.group)))];
  return candidates.filter((g) =>
    runs.some((r) => {
      const v = findSeries(r, def.metric, g);
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
    const v = findSeries(run, def.metric, g);
    if (!v) continue;
    const label = groupLabel(g);
    for (let t = 0; t < dates.length; t++) {
      const x = valueAt(v, t);
      if (usable(def, x)) rows.push({ date: dates[t], group: g, label, value: x });
    }
  }
  return rows;
}

/** Band rows (low/high) for a chart. */
export function bandRows(def: ChartDef, band: { low: RunSeries; high: RunSeries }, groups: readonly string[]): BandRow[] {
  const dates = datesOf(band.low);
  const rows: BandRow[] = [];
  for (const g of groups) {
    const lo = findSeries(band.low, def.metric, g);
    const hi = findSeries(band.high, def.metric, g);
    if (!lo || !hi) continue;
    const label = groupLabel(g);
    for (let t = 0; t < dates.length; t++) {
      const a = valueAt(lo, t);
      const b = valueAt(hi, t);
      if (usable(def, a) && usable(def, b)) rows.push({ date: dates[t], label, low: a, high: b });
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

/**
 * True when an observation is a value of the chart's series: a point or rolling value in
 * the chart's unit (shares: any "share of …" unit). Cumulative totals, crossing dates and
 * values in other units (e.g. compute as a share of the world, on the compute-index chart)
 * are left to the calibration report, which maps them with observation operators.
 */
export function comparable(def: ChartDef, o: ObservationPoint): boolean {
  if (o.kind !== undefined && o.kind !== 'point' && o.kind !== 'rolling') return false;
  if (o.share !== undefined || o.times !== undefined || o.multiplier !== undefined) return false;
  if (o.unit === undefined) return true;
  if (def.yKind === 'share') return /^share\b/i.test(o.unit);
  return o.unit === METRIC_INDEX.get(def.metric)?.unit;
}

/** Observation rows that belong on a chart (same metric, a drawn group). Intervals: low/high, or ±1.96 se. */
export function observationRows(def: ChartDef, observations: readonly ObservationPoint[] | undefined, groups: readonly string[]): ObservationRow[] {
  if (!observations) return [];
  const rows: ObservationRow[] = [];
  for (const o of observations) {
    if (o.metric !== def.metric || !groups.includes(o.group) || !Number.isFinite(o.value)) continue;
    if (!comparable(def, o)) continue;
    if (!usable(def, o.value)) continue;
    const u = o.uncertainty as { se?: unknown; low?: unknown; high?: unknown } | undefined;
    let low = o.value;
    let high = o.value;
    if (u && typeof u.se === 'number') {
      low = o.value - 1.96 * u.se;
      high = o.value + 1.96 * u.se;
    } else if (u && typeof u.low === 'number' && typeof u.high === 'number') {
      low = u.low;
      high = u.high;
    }
    if (def.yKind === 'log') low = Math.max(low, o.value / 100);
    const src = o.source ? ` — ${o.source.author ?? ''}${o.source.year ? ` (${o.source.year})` : ''}` : '';
    rows.push({ date: monthDate(periodMid(o.period)), label: groupLabel(o.group), value: o.value, low, high, title: `${o.id ?? 'observation'}: ${o.value}${src}` });
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
export function chartCaption(input: ChartInput, drawn: { baseline: boolean; band: boolean; observations: boolean }): string {
  const curName = input.labels?.current ?? 'scenario';
  const baseName = input.labels?.baseline ?? 'baseline';
  return `Solid: ${curName}${drawn.baseline ? ` · dashed: ${baseName}` : ''}${drawn.band ? ' · band: 5–95% of an agents ensemble' : ''}${drawn.observations ? ' · ◇ observed (95% interval)' : ''}`;
}

function logTicks(values: readonly number[]): { ticks?: number[]; tickFormat: string } {
  const t = powersOfTen(values);
  // fewer than two decades inside the data: let Plot choose (it then labels 2, 5, …)
  return t.length >= 2 ? { ticks: t, tickFormat: '~g' } : { tickFormat: '~g' };
}

/**
 * The Observable Plot options of one chart: baseline dashed, current solid, optional 5–95%
 * band and observed points with intervals. Pure: the same input gives the same options.
 */
export function chartSpec(def: ChartDef, input: ChartInput, size: ChartSize = {}): Plot.PlotOptions {
  const groups = chartGroups(def, input);
  const labels = groups.map(groupLabel);
  const colors = groups.map((g) => GROUP_COLORS[g] ?? '#333333');
  const current = chartRows(def, input.current, groups);
  const baseline = input.baseline ? chartRows(def, input.baseline, groups) : [];
  const band = input.band ? bandRows(def, input.band, groups) : [];
  const obs = observationRows(def, input.observations, groups);
  const curName = input.labels?.current ?? 'scenario';
  const baseName = input.labels?.baseline ?? 'baseline';
  const marks: Plot.Markish[] = [];
  if (def.yKind === 'share') marks.push(Plot.ruleY([0]));
  if (band.length) marks.push(Plot.areaY(band, { x: 'date', y1: 'low', y2: 'high', z: 'label', fill: 'label', fillOpacity: 0.18 }));
  if (baseline.length) marks.push(Plot.lineY(baseline, { x: 'date', y: 'value', z: 'label', stroke: 'label', strokeWidth: 1.5, strokeDasharray: '5,4', strokeOpacity: 0.75, ariaDescription: baseName }));
  marks.push(Plot.lineY(current, { x: 'date', y: 'value', z: 'label', stroke: 'label', strokeWidth: 2.2, ariaDescription: curName, className: SCENARIO_LINE_CLASS, tip: size.document ? undefined : { format: { x: (d: Date) => d.toISOString().slice(0, 7) } } }));
  if (obs.length) {
    marks.push(Plot.ruleX(obs, { x: 'date', y1: 'low', y2: 'high', stroke: 'label', strokeWidth: 1.2 }));
    marks.push(Plot.dot(obs, { x: 'date', y: 'value', stroke: 'label', fill: 'white', r: 3.5, strokeWidth: 1.5, symbol: 'diamond', title: 'title' }));
  }
  const caption = chartCaption(input, { baseline: baseline.length > 0, band: band.length > 0, observations: obs.length > 0 });
  const decorations = size.decorations ?? true;
  return {
    width: size.width ?? 640,
    height: size.height ?? 300,
    marginLeft: 52,
    marginRight: 16,
    style: { fontSize: '12px', overflow: 'visible' },
    ariaLabel: def.title,
    ariaDescription: def.description,
    caption: decorations ? caption : undefined,
    document: size.document,
    x: { type: 'utc', label: null },
    y: {
      type: def.yKind === 'log' ? 'log' : 'linear',
      label: def.yLabel,
      grid: true,
      ...(def.yKind === 'log' ? logTicks([...current, ...baseline].map((r) => r.value).concat(band.flatMap((b) => [b.low, b.high]), obs.flatMap((o) => [o.low, o.high]))) : {}),
      ...(def.yKind === 'share' ? { domain: [0, 1], tickFormat: '.0%' } : {}),
      ...(def.yKind === 'linear' && def.metric !== 'capability_gap_months' ? { zero: true } : {}),
    },
    color: { type: 'categorical', domain: labels, range: colors, legend: decorations },
    marks,
  };
}
