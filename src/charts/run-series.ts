/**
 * The run data that charts read: a month axis and (metric, group) series. It is the
 * serialisable shape of a model run — what the Web Worker posts to the page, what the JSON
 * API returns, and what the HTML reports render — so every renderer shares one input type.
 */
import type { RunResult } from '../model/index.js';

/** One monthly series; `null` or NaN marks a month where the metric is undefined. */
export interface SeriesLike {
  metric: string;
  group: string;
  values: ArrayLike<number | null>;
}

/** A run as charts see it. */
export interface RunSeries {
  dates: readonly string[];
  series: readonly SeriesLike[];
}

/** Converts a model run into chart input (shares the typed arrays; no copy). */
export function runSeriesOf(result: Pick<RunResult, 'dates' | 'series'>): RunSeries {
  return { dates: result.dates, series: result.series.list };
}

/** JSON-safe copy of a run: NaN becomes null (JSON has no NaN). */
export function runSeriesToJson(run: RunSeries): { dates: string[]; series: { metric: string; group: string; values: (number | null)[] }[] } {
  return {
    dates: [...run.dates],
    series: run.series.map((s) => ({ metric: s.metric, group: s.group, values: Array.from(s.values, (v) => (v === null || !Number.isFinite(v) ? null : v)) })),
  };
}

/** The values of (metric, group), or undefined. */
export function findSeries(run: RunSeries, metric: string, group: string): ArrayLike<number | null> | undefined {
  for (const s of run.series) if (s.metric === metric && s.group === group) return s.values;
  return undefined;
}

/** Value at month t as a number (NaN when undefined). */
export function valueAt(values: ArrayLike<number | null> | undefined, t: number): number {
  const v = values?.[t];
  return v === null || v === undefined ? NaN : v;
}

/** Groups of a metric in series order. */
export function groupsOf(run: RunSeries, metric: string): string[] {
  const out: string[] = [];
  for (const s of run.series) if (s.metric === metric) out.push(s.group);
  return out;
}
