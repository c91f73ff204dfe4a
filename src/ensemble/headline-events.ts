/**
 * Headline events over a set of runs, as probabilities: the share of runs in which CN passes
 * US on a share (downloads, hosted tokens) by the end of each year, the share in which the
 * open-weight share of hosted tokens ends above a third, and the distribution of the final
 * month's headline values. Pure: the ensemble (outcomes.ts, which reads the runs from its
 * store) and the posterior comparison (compare-posterior.ts, which holds them in memory) feed
 * the same per-run facts to these functions, so both report the same definitions.
 */
import { monthIndex, monthLabel } from '../model/index.js';
import { quantileLinear } from './quantile-bands.js';

/** A probability with the count of runs behind it. */
export interface Probability {
  p: number | null;
  runs: number;
}

/** Quantile levels of outcome distributions (those of bands.csv). */
export const OUTCOME_LEVELS: readonly [string, number][] = [
  ['q05', 0.05],
  ['q25', 0.25],
  ['q50', 0.5],
  ['q75', 0.75],
  ['q95', 0.95],
];

/** Crossings reported by year: the first month CN's share exceeds US's. */
export const CROSSINGS = [
  { id: 'cn_overtakes_us_downloads', metric: 'download_share', what: 'open-weight downloads (download_share)' },
  { id: 'cn_overtakes_us_tokens', metric: 'token_share', what: 'hosted-API tokens (token_share)' },
] as const;

/** The open-weight share of hosted tokens that the threshold event compares with (a third). */
export const HOSTED_OPEN_THRESHOLD = 1 / 3;

/** Headline series whose final-month distribution is reported (metric, group). */
export const FINAL_HEADLINES: readonly [string, string][] = [
  ['usage_share', 'CN'],
  ['usage_share', 'US'],
  ['open_share', 'all'],
  ['download_share', 'CN'],
  ['download_share', 'US'],
  ['derivative_share', 'CN'],
  ['derivative_share', 'US'],
  ['token_share', 'CN'],
  ['token_share', 'US'],
  ['hosted_open_share', 'all'],
  ['enterprise_open_share', 'all'],
  ['capability_gap_months', 'cn_vs_us'],
  ['capability_gap_months', 'open_vs_closed'],
];

/** A share of n runs. */
export function probability(k: number, n: number): Probability {
  return { p: n > 0 ? k / n : null, runs: k };
}

/** Nearest-rank quantile of sorted integers (so that month quantiles are real months). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const k = Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
  return sorted[k];
}

/** Years whose December lies inside the horizon, from 2025 on when the horizon reaches it. */
export function outcomeYears(from: string, to: string): number[] {
  const a = monthIndex(from);
  const b = monthIndex(to);
  const years: number[] = [];
  for (let y = Math.floor(a / 12); y <= Math.floor(b / 12); y++) {
    const dec = y * 12 + 11;
    if (dec >= a && dec <= b) years.push(y);
  }
  const later = years.filter((y) => y >= 2025);
  return later.length ? later : years;
}

/** P(crossed by the end of each year), P(never), and the month's quantiles among runs that cross. */
export function crossingSummary(definition: string, firsts: readonly (string | null)[], years: readonly number[]) {
  const n = firsts.length;
  const pBy: Record<string, Probability> = {};
  for (const y of years) pBy[String(y)] = probability(firsts.filter((m) => m !== null && m <= `${y}-12`).length, n);
  const months = Int32Array.from(firsts.filter((m): m is string => m !== null).map(monthIndex)).sort();
  const quantiles: Record<string, string | null> = {};
  for (const [k, p] of OUTCOME_LEVELS) quantiles[k] = months.length ? monthLabel(nearestRank(months, p)) : null;
  return {
    definition,
    p_by_end_of_year: pBy,
    p_never: n > 0 ? (n - months.length) / n : null,
    runs_never: n - months.length,
    month_quantiles_among_runs_that_overtake: quantiles,
  };
}

/** Type-7 quantiles (those of bands.csv) of the finite values; null when there are none. */
export function quantilesOf(values: ArrayLike<number>): Record<string, number> | null {
  const v = Float64Array.from(Array.from(values).filter(Number.isFinite)).sort();
  if (v.length === 0) return null;
  return Object.fromEntries(OUTCOME_LEVELS.map(([k, p]) => [k, quantileLinear(v, p)]));
}

/** The hosted-token threshold event: P(hosted_open_share > 1/3 in the last month). */
export function hostedOpenEvent(end: string, finals: readonly number[]): { id: string; label: string } & Probability {
  return {
    id: `hosted_open_share_above_one_third_in_${end}`,
    label: `Open-weight models carry more than a third of hosted-API tokens (hosted_open_share) in ${end}`,
    ...probability(finals.filter((v) => v > HOSTED_OPEN_THRESHOLD).length, finals.length),
  };
}

/** The year of the headline token crossing ("by 2028"), when the horizon reports it. */
export const TOKEN_HEADLINE_YEAR = 2028;
