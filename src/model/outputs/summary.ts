/**
 * Key indicators of a run: the month CN overtakes US on downloads (and on derivatives and
 * usage), and the final-month value of every headline metric.
 */
import type { SeriesSet } from './series.js';

/** Metrics whose final values appear in the summary. */
export const SUMMARY_METRICS = [
  'usage_share',
  'open_share',
  'download_share',
  'derivative_share',
  'token_share',
  'open_token_share',
  'enterprise_open_share',
  'capability',
  'frontier_capability',
  'capability_gap_months',
  'avg_price',
  'compute',
  'data_stock',
  'hhi',
  'adoption',
] as const;

/** Key indicators. */
export interface Indicators {
  /** First month CN download_share exceeds US (null if never). */
  cn_overtakes_us_downloads: string | null;
  /** First month CN derivative_share exceeds US (null if never). */
  cn_overtakes_us_derivatives: string | null;
  /** First month CN usage_share exceeds US (null if never). */
  cn_overtakes_us_usage: string | null;
  /** Final-month values: metric → group → value. */
  final: Record<string, Record<string, number>>;
}

/** First month where series a exceeds series b, or null. */
export function firstCrossing(dates: readonly string[], a: Float64Array | undefined, b: Float64Array | undefined): string | null {
  if (!a || !b) return null;
  for (let t = 0; t < dates.length; t++) if (a[t] > b[t]) return dates[t];
  return null;
}

/** Computes the indicators of a run. */
export function indicators(dates: readonly string[], set: SeriesSet): Indicators {
  const T = dates.length;
  const final: Record<string, Record<string, number>> = {};
  for (const m of SUMMARY_METRICS) {
    for (const s of set.byMetric(m)) {
      const v = s.values[T - 1];
      if (!Number.isFinite(v)) continue;
      (final[m] ??= {})[s.group] = v;
    }
  }
  return {
    cn_overtakes_us_downloads: firstCrossing(dates, set.find('download_share', 'CN'), set.find('download_share', 'US')),
    cn_overtakes_us_derivatives: firstCrossing(dates, set.find('derivative_share', 'CN'), set.find('derivative_share', 'US')),
    cn_overtakes_us_usage: firstCrossing(dates, set.find('usage_share', 'CN'), set.find('usage_share', 'US')),
    final,
  };
}
