/**
 * The lines of a chart and their monthly values in a run (a group of the chart's metric, or a
 * derived line: a share among groups, a product of two series). Free of Observable Plot, so the
 * model worker can take an ensemble's quantiles per chart line without loading the renderer.
 */
import type { ChartDef, LineDef } from './chart-defs.js';
import { groupLabel } from './chart-defs.js';
import { findSeries, valueAt, type RunSeries } from './run-series.js';

/** The lines of a chart: its metric's groups (as lines of that metric), then its extra lines. */
export function chartLines(def: ChartDef, input: { current: RunSeries; baseline?: RunSeries }): LineDef[] {
  const runs = [input.current, input.baseline].filter((r): r is RunSeries => !!r);
  const groups = def.groups ? [...def.groups] : [...new Set(runs.flatMap((r) => r.series.filter((s) => s.metric === def.metric).map((s) => s.group)))];
  return [...groups.map((g) => ({ id: g, label: groupLabel(g), metric: def.metric, group: g })), ...(def.lines ?? [])];
}

const derivedCache = new WeakMap<RunSeries, Map<string, Float64Array>>();

/** A line's monthly values in a run (derived lines are computed once per run and cached). */
export function lineValues(def: ChartDef, run: RunSeries, id: string): ArrayLike<number | null> | undefined {
  const line = def.lines?.find((l) => l.id === id);
  if (!line) return findSeries(run, def.metric, id);
  if (!line.times && !line.share) return findSeries(run, line.metric, line.group);
  let cache = derivedCache.get(run);
  if (!cache) derivedCache.set(run, (cache = new Map()));
  const key = `${def.id}:${id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const v = findSeries(run, line.metric, line.group);
  if (!v) return undefined;
  const T = run.dates.length;
  const out = new Float64Array(T);
  if (line.times) {
    const w = findSeries(run, line.times.metric, line.times.group);
    if (!w) return undefined;
    for (let t = 0; t < T; t++) out[t] = valueAt(v, t) * valueAt(w, t);
  } else {
    const among = Array.isArray(line.share) ? (line.share as readonly string[]) : null;
    const parts = run.series.filter((s) => s.metric === line.metric && (!among || among.includes(s.group)) && s.group !== 'all').map((s) => s.values);
    for (let t = 0; t < T; t++) {
      let tot = 0;
      for (const p of parts) {
        const x = valueAt(p, t);
        if (Number.isFinite(x)) tot += x;
      }
      out[t] = tot > 0 ? valueAt(v, t) / tot : NaN;
    }
  }
  cache.set(key, out);
  return out;
}

/**
 * Metric name of a chart line in a band made by `chartLineBand` (band.ts): the quantiles of the
 * line itself, which for a derived line differ from the line derived from quantiles.
 */
export function bandLineMetric(def: ChartDef): string {
  return `chart:${def.id}`;
}

