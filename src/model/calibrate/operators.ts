/**
 * Observation operators: how one observation's modelled value is computed from a run's
 * monthly series (docs/calibration.md §Operators). Pure; no scale is applied here (nuisance
 * scales are fitted across observations in fit-loss.ts).
 */
import type { SeriesSet } from '../outputs/series.js';
import { monthIndex } from '../time.js';
import type { Observation, Period } from './observation-schema.js';

/** The series of a run that operators read. */
export interface RunSeries {
  dates: readonly string[];
  series: SeriesSet;
}

/**
 * Share metrics whose rolling value is volume-weighted: the metric whose monthly values are
 * the numerators of the share (so a rolling share is Σ numerator[g] / Σ Σ numerator).
 */
export const VOLUME_OF: Readonly<Record<string, string>> = {
  download_share: 'downloads',
  derivative_share: 'derivatives',
};

/** First and last month of a period (a single month is both). */
export function periodBounds(p: Period): { start: string; end: string } {
  return typeof p === 'string' ? { start: p, end: p } : { start: p.start, end: p.end };
}

/** `YYYY-MM` or `YYYY-MM..YYYY-MM`, for CSV and reports. */
export function periodLabel(p: Period): string {
  const { start, end } = periodBounds(p);
  return start === end ? start : `${start}..${end}`;
}

/** Decimal year of a month index (2025-07 → 2025.5): the unit of crossing observations. */
export function decimalYear(monthIdx: number): number {
  return monthIdx / 12;
}

/** Groups named by a crossing observation's group `A>B`, or null when malformed. */
export function crossingGroups(group: string): [string, string] | null {
  const m = /^([^>]+)>([^>]+)$/.exec(group);
  return m ? [m[1], m[2]] : null;
}

/** Month indices [t0, t1] of the period inside the run, or null when it lies outside. */
function runWindow(dates: readonly string[], p: Period): [number, number] | null {
  if (dates.length === 0) return null;
  const { start, end } = periodBounds(p);
  const first = monthIndex(dates[0]);
  const t0 = monthIndex(start) - first;
  const t1 = monthIndex(end) - first;
  if (t0 < 0 || t1 >= dates.length || t1 < t0) return null;
  return [t0, t1];
}

/**
 * The values of (metric, group) each month: the stored series, or for group `all` of a
 * broken-down metric the sum over its groups. Undefined when the run has no such series.
 */
export function seriesOf(run: RunSeries, metric: string, group: string): Float64Array | undefined {
  const s = run.series.find(metric, group);
  if (s) return s;
  if (group !== 'all') return undefined;
  const parts = run.series.byMetric(metric);
  if (parts.length === 0) return undefined;
  const out = new Float64Array(run.dates.length);
  for (const p of parts) for (let t = 0; t < out.length; t++) out[t] += Number.isFinite(p.values[t]) ? p.values[t] : 0;
  return out;
}

/** The observation's monthly series: (metric, group), times the `times` series when given. */
function valuesOf(obs: Observation, run: RunSeries): Float64Array | undefined {
  const v = seriesOf(run, obs.metric, obs.group);
  if (!v || !obs.times) return v;
  const w = seriesOf(run, obs.times.metric, obs.times.group);
  if (!w) return undefined;
  const out = new Float64Array(v.length);
  for (let t = 0; t < v.length; t++) out[t] = v[t] * w[t];
  return out;
}

/** Groups the run reports for a metric. */
export function groupsOf(run: RunSeries, metric: string): string[] {
  return run.series.byMetric(metric).map((s) => s.group);
}

/** The series a share is taken over: every group of the metric, or the listed ones. */
function shareBase(run: RunSeries, metric: string, among?: readonly string[]): Float64Array[] {
  if (!among) return run.series.byMetric(metric).map((s) => s.values);
  const out: Float64Array[] = [];
  for (const g of among) {
    const v = run.series.find(metric, g);
    if (v) out.push(v);
  }
  return out;
}

/** Σ over t0..t1 of the metric summed over its groups (or the listed ones; NaN-safe). */
function totalOver(run: RunSeries, metric: string, t0: number, t1: number, among?: readonly string[]): number {
  let tot = 0;
  for (const v of shareBase(run, metric, among)) for (let t = t0; t <= t1; t++) if (Number.isFinite(v[t])) tot += v[t];
  return tot;
}

/** The groups a share observation is taken over (undefined: all groups). */
function shareAmong(obs: Observation): readonly string[] | undefined {
  return Array.isArray(obs.share) ? obs.share : undefined;
}

/** Mean of v over t0..t1, ignoring undefined months; NaN when none is defined. */
function meanOver(v: Float64Array, t0: number, t1: number): number {
  let s = 0;
  let n = 0;
  for (let t = t0; t <= t1; t++) {
    if (Number.isFinite(v[t])) {
      s += v[t];
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

/** Σ of v over t0..t1, ignoring undefined months. */
function sumOver(v: Float64Array, t0: number, t1: number): number {
  let s = 0;
  for (let t = t0; t <= t1; t++) if (Number.isFinite(v[t])) s += v[t];
  return s;
}

/**
 * The first time (decimal year) at which a exceeds b inside [t0, t1], linearly interpolated
 * between months so the loss is continuous in the parameters. When a already leads at t0 the
 * start month is returned; when it never leads, the month after the window (a finite penalty).
 */
export function crossingTime(a: Float64Array, b: Float64Array, t0: number, t1: number, firstMonthIdx: number): number {
  let prev = NaN;
  for (let t = t0; t <= t1; t++) {
    const d = a[t] - b[t];
    if (!Number.isFinite(d)) continue;
    if (d > 0) {
      if (t === t0 || !Number.isFinite(prev)) return decimalYear(firstMonthIdx + t);
      const f = -prev / (d - prev);
      return decimalYear(firstMonthIdx + t - 1 + f);
    }
    prev = d;
  }
  return decimalYear(firstMonthIdx + t1 + 1);
}

/**
 * The modelled value of an observation before any nuisance scale (but after its known
 * multiplier). NaN when the run does not cover the period or lacks the series; callers treat
 * that as a failed fit for the observation.
 */
export function modelledRaw(obs: Observation, run: RunSeries): number {
  const w = runWindow(run.dates, obs.period);
  if (!w) return NaN;
  const [t0, t1] = w;
  const mult = obs.multiplier?.value ?? 1;
  if (obs.kind === 'crossing') {
    const g = crossingGroups(obs.group);
    if (!g) return NaN;
    const a = seriesOf(run, obs.metric, g[0]);
    const b = seriesOf(run, obs.metric, g[1]);
    if (!a || !b) return NaN;
    return crossingTime(a, b, t0, t1, monthIndex(run.dates[0]));
  }
  const v = valuesOf(obs, run);
  if (!v) return NaN;
  if (obs.kind === 'cumulative') return mult * sumOver(v, t0, t1);
  if (obs.share) {
    // the group's share of the metric summed over groups, volume-weighted over the window
    const tot = totalOver(run, obs.metric, t0, t1, shareAmong(obs));
    return tot > 0 ? (mult * sumOver(v, t0, t1)) / tot : NaN;
  }
  if (obs.kind === 'rolling') {
    const vol = obs.times ? undefined : VOLUME_OF[obs.metric];
    if (vol) {
      const num = seriesOf(run, vol, obs.group);
      const tot = totalOver(run, vol, t0, t1);
      if (num && tot > 0) return (mult * sumOver(num, t0, t1)) / tot;
    }
  }
  return mult * meanOver(v, t0, t1);
}

/** The full modelled monthly path of an observation's metric (for charts): share-aware, unscaled. */
export function modelledPath(obs: Observation, run: RunSeries): Float64Array {
  const T = run.dates.length;
  const out = new Float64Array(T).fill(NaN);
  const mult = obs.multiplier?.value ?? 1;
  if (obs.kind === 'crossing') {
    const g = crossingGroups(obs.group);
    const a = g && seriesOf(run, obs.metric, g[0]);
    const b = g && seriesOf(run, obs.metric, g[1]);
    if (a && b) for (let t = 0; t < T; t++) out[t] = a[t] - b[t];
    return out;
  }
  const v = valuesOf(obs, run);
  if (!v) return out;
  if (obs.kind === 'cumulative') {
    const { start } = periodBounds(obs.period);
    const t0 = Math.max(0, monthIndex(start) - monthIndex(run.dates[0]));
    let acc = 0;
    for (let t = t0; t < T; t++) {
      if (Number.isFinite(v[t])) acc += v[t];
      out[t] = mult * acc;
    }
    return out;
  }
  if (obs.share) {
    const base = shareBase(run, obs.metric, shareAmong(obs));
    for (let t = 0; t < T; t++) {
      let tot = 0;
      for (const b of base) if (Number.isFinite(b[t])) tot += b[t];
      out[t] = tot > 0 ? (mult * v[t]) / tot : NaN;
    }
    return out;
  }
  for (let t = 0; t < T; t++) out[t] = mult * v[t];
  return out;
}
