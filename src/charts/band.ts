/**
 * Uncertainty bands from an ensemble of runs: per month and series, the empirical 5% and
 * 95% quantiles (linear interpolation between order statistics, type 7 as in R / NumPy).
 */
import { findSeries, valueAt, type RunSeries, type SeriesLike } from './run-series.js';
import { CHARTS, type ChartDef } from './chart-defs.js';
import { bandLineMetric, chartLines, lineValues } from './chart-lines.js';
import { quantileSorted } from '../model/quantile.js';

/** Quantile q of sorted finite values (type 7), written once in the model core. */
export { quantileSorted };

/**
 * The low and high quantile runs of an ensemble (every run on the same months). A month
 * where fewer than half the runs define a value is undefined (NaN) in the band.
 */
export function ensembleBand(runs: readonly RunSeries[], low = 0.05, high = 0.95): { low: RunSeries; high: RunSeries } {
  if (runs.length === 0) throw new Error('ensembleBand: no runs');
  const first = runs[0];
  const T = first.dates.length;
  const lowS: SeriesLike[] = [];
  const highS: SeriesLike[] = [];
  const buf = new Float64Array(runs.length);
  for (const s of first.series) {
    const cols = runs.map((r) => findSeries(r, s.metric, s.group));
    const lo = new Float64Array(T);
    const hi = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      let n = 0;
      for (const c of cols) {
        const v = valueAt(c, t);
        if (Number.isFinite(v)) buf[n++] = v;
      }
      if (n * 2 < runs.length || n === 0) {
        lo[t] = NaN;
        hi[t] = NaN;
        continue;
      }
      const sorted = buf.subarray(0, n).sort();
      lo[t] = quantileSorted(sorted, low);
      hi[t] = quantileSorted(sorted, high);
    }
    lowS.push({ metric: s.metric, group: s.group, values: lo });
    highS.push({ metric: s.metric, group: s.group, values: hi });
  }
  return { low: { dates: first.dates, series: lowS }, high: { dates: first.dates, series: highS } };
}

/**
 * A run reduced to the lines the charts draw: one series per chart line, metric
 * `bandLineMetric(chart)` and the line's id as group. A derived line (a share among groups, a
 * product of two series) is computed in each run before quantiles are taken, so its band is the
 * quantile of the derived quantity, not the derived quantity of two quantiles.
 */
export function chartLinesOf(run: RunSeries, charts: readonly ChartDef[] = CHARTS): RunSeries {
  const series: SeriesLike[] = [];
  for (const def of charts) {
    for (const line of chartLines(def, { current: run })) {
      const values = lineValues(def, run, line.id);
      if (values) series.push({ metric: bandLineMetric(def), group: line.id, values });
    }
  }
  return { dates: run.dates, series };
}

/**
 * The band of an ensemble on every chart line ({@link chartLinesOf} of each run, then
 * {@link ensembleBand}); `bandRows` reads these lines.
 */
export function chartLineBand(runs: readonly RunSeries[], low = 0.05, high = 0.95, charts: readonly ChartDef[] = CHARTS): { low: RunSeries; high: RunSeries } {
  return ensembleBand(
    runs.map((r) => chartLinesOf(r, charts)),
    low,
    high,
  );
}
