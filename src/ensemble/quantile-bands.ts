/**
 * Quantile bands of an ensemble (DIR/bands.csv): per date, metric and group, the 5th, 25th,
 * 50th, 75th and 95th percentiles over the finished runs. The store computes them with
 * DuckDB's `quantile_cont`; {@link quantileLinear} is the same definition in plain code.
 */
import { formatValue } from '../model/index.js';
import type { BandRow } from './results-store.js';
import { quantileSorted } from '../model/quantile.js';

/** Header of bands.csv. */
export const BANDS_HEADER = 'date,metric,group,q05,q25,q50,q75,q95';

/**
 * Quantile p of ascending `sorted` values by linear interpolation between order statistics
 * (Hyndman and Fan type 7, as R's default, NumPy's `linear` and DuckDB's `quantile_cont`).
 */
export const quantileLinear: (sorted: ArrayLike<number>, p: number) => number = quantileSorted;

/** bands.csv text: header, then one row per (date, metric, group) in the store's order. */
export function bandsToCsv(rows: readonly BandRow[]): string {
  const parts = [BANDS_HEADER + '\n'];
  for (const r of rows) parts.push(`${r.date},${r.metric},${r.group},${r.q.map(formatValue).join(',')}\n`);
  return parts.join('');
}
