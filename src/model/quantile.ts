/**
 * Sample quantile with linear interpolation between order statistics (Hyndman and Fan type 7, as
 * R's default, NumPy's `linear`, d3's `quantileSorted` and DuckDB's `quantile_cont`), written once
 * for the MCMC diagnostics, the ensembles' bands and the playground's bands.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
