/**
 * Fan charts: the quantile bands of an ensemble (its bands.csv) drawn around a run, the 90%
 * interval (5–95%) lightly and the 50% interval (25–75%) darker. Only lines that are series of
 * the model are fanned: a derived line (a share among groups, a product of two series) is not
 * the same function of quantiles as of runs, so bands.csv cannot give its quantiles.
 * Browser-safe and pure, like the chart specifications.
 */
import { monthIndex, monthLabel, ValidationError, type ValidationIssue } from '../model/index.js';
import type { ChartDef } from './chart-defs.js';
import { groupLabel } from './chart-defs.js';
import { findSeries, valueAt, type RunSeries, type SeriesLike } from './run-series.js';

/** The quantiles of an ensemble, each as a run (one series per metric and group). */
export interface FanBands {
  q05: RunSeries;
  q25: RunSeries;
  q50: RunSeries;
  q75: RunSeries;
  q95: RunSeries;
  /** What the bands are, for the caption (e.g. "50% and 90% intervals of 200 posterior draws"). */
  label: string;
}

/** A row of one interval of a fan. */
export interface FanRow {
  date: Date;
  label: string;
  low: number;
  high: number;
}

const LEVELS = ['q05', 'q25', 'q50', 'q75', 'q95'] as const;

/** Header of bands.csv (ensemble/quantile-bands.ts writes it). */
const HEADER = 'date,metric,group,q05,q25,q50,q75,q95';

/** The (metric, group) a chart line reads directly, or undefined for a derived line. */
export function fanSeriesOf(def: ChartDef, id: string): { metric: string; group: string } | undefined {
  const line = def.lines?.find((l) => l.id === id);
  if (!line) return { metric: def.metric, group: id };
  return line.times || line.share ? undefined : { metric: line.metric, group: line.group };
}

function monthDate(m: string): Date {
  return new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1));
}

/** The 90% (outer) and 50% (inner) intervals of the chart's lines (`groups`) that are model series. */
export function fanRows(def: ChartDef, fan: FanBands, groups: readonly string[], ok: (v: number) => boolean = Number.isFinite): { outer: FanRow[]; inner: FanRow[] } {
  const dates = fan.q05.dates.map(monthDate);
  const outer: FanRow[] = [];
  const inner: FanRow[] = [];
  for (const g of groups) {
    const s = fanSeriesOf(def, g);
    if (!s) continue;
    const v = LEVELS.map((k) => findSeries(fan[k], s.metric, s.group));
    if (v.some((x) => !x)) continue;
    const label = groupLabel(g);
    for (let t = 0; t < dates.length; t++) {
      const [q05, q25, , q75, q95] = v.map((x) => valueAt(x, t));
      if (ok(q05) && ok(q95)) outer.push({ date: dates[t], label, low: q05, high: q95 });
      if (ok(q25) && ok(q75)) inner.push({ date: dates[t], label, low: q25, high: q75 });
    }
  }
  return { outer, inner };
}

/**
 * Parses bands.csv (header `date,metric,group,q05,q25,q50,q75,q95`) into a fan over the months
 * `from`..`to`; `file` names it in messages. Rows must be inside the horizon, with finite,
 * ordered quantiles.
 */
export function parseBandsCsv(text: string, file: string, from: string, to: string, label: string): FanBands {
  const lines = text.split(/\r?\n/).filter((l, i, a) => l !== '' || i < a.length - 1);
  const issues: ValidationIssue[] = [];
  if (lines[0] !== HEADER) {
    throw new ValidationError(file, [{ path: 'line 1 (header)', expected: HEADER, found: JSON.stringify((lines[0] ?? '').slice(0, 80)) }]);
  }
  const a = monthIndex(from);
  const T = monthIndex(to) - a + 1;
  const dates = Array.from({ length: T }, (_, t) => monthLabel(a + t));
  const series = new Map<string, { metric: string; group: string; values: Float64Array[] }>();
  for (let r = 1; r < lines.length && issues.length < 20; r++) {
    const c = lines[r].split(',');
    if (c.length !== 8) {
      issues.push({ path: `line ${r + 1}`, expected: '8 comma-separated fields', found: `${c.length} fields` });
      continue;
    }
    const t = /^\d{4}-(0[1-9]|1[0-2])$/.test(c[0]) ? monthIndex(c[0]) - a : -1;
    if (t < 0 || t >= T) {
      issues.push({ path: `line ${r + 1}: date`, expected: `a month from ${from} to ${to} (the ensemble's horizon)`, found: JSON.stringify(c[0]) });
      continue;
    }
    const q = c.slice(3).map((x) => (x.trim() === '' ? NaN : Number(x)));
    // (DuckDB's interpolated quantiles of near-equal values can be out of order by a rounding error)
    if (!q.every(Number.isFinite) || q.some((x, i) => i > 0 && x < q[i - 1] - 1e-12 * Math.max(Math.abs(x), Math.abs(q[i - 1])))) {
      issues.push({ path: `line ${r + 1}`, expected: 'finite quantiles q05 ≤ q25 ≤ q50 ≤ q75 ≤ q95', found: JSON.stringify(c.slice(3).join(',')) });
      continue;
    }
    const key = `${c[1]}|${c[2]}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { metric: c[1], group: c[2], values: LEVELS.map(() => new Float64Array(T).fill(NaN)) }));
    q.forEach((x, i) => (s.values[i][t] = x));
  }
  if (issues.length) throw new ValidationError(file, issues);
  const level = (i: number): RunSeries => ({ dates, series: [...series.values()].map((s): SeriesLike => ({ metric: s.metric, group: s.group, values: s.values[i] })) });
  return { q05: level(0), q25: level(1), q50: level(2), q75: level(3), q95: level(4), label };
}
