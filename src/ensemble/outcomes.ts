/**
 * Headline outcomes of an ensemble (DIR/outcomes.json): probabilities over the finished runs
 * that CN open-weight models overtake US ones on downloads by given years, the distribution
 * of the month it happens, and a few more headline events. Probabilities are shares of runs
 * (counts are given too); with parameter samples they are shares of the sampled design, not
 * calibrated probabilities.
 */
import { monthIndex, monthLabel, MODEL_VERSION } from '../model/index.js';
import type { EnsembleSpec } from './ensemble-plan.js';
import type { ResultsStore } from './results-store.js';

/** Nearest-rank quantile of sorted integers (so that month quantiles are real months). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const k = Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
  return sorted[k];
}

const Q_LEVELS: [string, number][] = [
  ['q05', 0.05],
  ['q25', 0.25],
  ['q50', 0.5],
  ['q75', 0.75],
  ['q95', 0.95],
];

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

function share(k: number, n: number): number | null {
  return n > 0 ? k / n : null;
}

function ratio(k: number, n: number): { p: number | null; runs: number } {
  return { p: share(k, n), runs: k };
}

/** Computes outcomes.json from the store. Deterministic: no timings, rows ordered by run id. */
export async function computeOutcomes(store: ResultsStore, spec: EnsembleSpec, id: string): Promise<Record<string, unknown>> {
  const runs = (await store.query(
    `SELECT run_id, cn_overtakes_us_downloads, cn_overtakes_us_derivatives, cn_overtakes_us_usage FROM runs WHERE status = 'done' ORDER BY run_id`,
  )) as [number, string | null, string | null, string | null][];
  const n = runs.length;
  const years = outcomeYears(spec.from, spec.to);
  const end = spec.to;
  const decembers = years.map((y) => monthLabel(y * 12 + 11));

  // --- CN vs US on downloads -------------------------------------------------------------
  const overtake = runs.map((r) => r[1]);
  const pBy: Record<string, { p: number | null; runs: number }> = {};
  for (let i = 0; i < years.length; i++) pBy[String(years[i])] = ratio(overtake.filter((m) => m !== null && m <= decembers[i]).length, n);

  const ahead = (await store.query(
    `SELECT date, count(*) FROM (
       SELECT run_id, date, max(value) FILTER (WHERE "group" = 'CN') AS cn, max(value) FILTER (WHERE "group" = 'US') AS us
         FROM series WHERE metric = 'download_share' AND "group" IN ('CN', 'US') AND date IN (${decembers.map((d) => `'${d}'`).join(',') || "''"})
        GROUP BY run_id, date)
      WHERE cn > us GROUP BY date`,
  )) as [string, bigint][];
  const aheadBy = new Map(ahead.map(([d, c]) => [d, Number(c)]));
  const pAhead: Record<string, { p: number | null; runs: number }> = {};
  for (let i = 0; i < years.length; i++) pAhead[String(years[i])] = ratio(aheadBy.get(decembers[i]) ?? 0, n);

  const months = Int32Array.from(overtake.filter((m): m is string => m !== null).map(monthIndex)).sort();
  const never = n - months.length;
  const monthQuantiles: Record<string, string | null> = {};
  for (const [k, p] of Q_LEVELS) monthQuantiles[k] = months.length ? monthLabel(nearestRank(months, p)) : null;
  // median over all runs, counting "never" as later than any month
  const allSorted = months.length;
  const medianAll = n > 0 && allSorted >= Math.ceil(0.5 * n) ? monthLabel(months[Math.ceil(0.5 * n) - 1]) : null;
  const byYear = new Map<number, number>();
  const byMonth = new Map<number, number>();
  for (const m of months) {
    byYear.set(Math.floor(m / 12), (byYear.get(Math.floor(m / 12)) ?? 0) + 1);
    byMonth.set(m, (byMonth.get(m) ?? 0) + 1);
  }

  // --- other headline events -------------------------------------------------------------
  const firstAbove = async (metric: string, group: string, threshold: number): Promise<(string | null)[]> => {
    const rows = (await store.query(
      `SELECT run_id, min(date) FILTER (WHERE value > ${threshold}) FROM series WHERE metric = '${metric}' AND "group" = '${group}' GROUP BY run_id ORDER BY run_id`,
    )) as [number, string | null][];
    return rows.map((r) => r[1]);
  };
  const cn50 = await firstAbove('download_share', 'CN', 0.5);
  const open50 = await firstAbove('open_share', 'all', 0.5);
  const byYearOf = (firsts: (string | null)[], y: number) => firsts.filter((m) => m !== null && m <= `${y}-12`).length;
  const headline: Record<string, unknown>[] = [];
  for (const y of years.filter((y) => y === 2027 || y === years[years.length - 1])) {
    headline.push({ id: `cn_download_share_above_50pct_by_${y}`, label: `CN open-weight models exceed 50% of open-weight downloads in some month by the end of ${y}`, ...ratio(byYearOf(cn50, y), n) });
  }
  headline.push({ id: `cn_overtakes_us_derivatives_by_${end}`, label: `CN share of new derivatives exceeds US by ${end}`, ...ratio(runs.filter((r) => r[2] !== null).length, n) });
  headline.push({ id: `cn_overtakes_us_usage_by_${end}`, label: `CN models' usage share exceeds US by ${end}`, ...ratio(runs.filter((r) => r[3] !== null).length, n) });
  headline.push({ id: `open_share_above_50pct_by_${end}`, label: `Open-weight models exceed 50% of all usage in some month by ${end}`, ...ratio(open50.filter((m) => m !== null).length, n) });

  // --- final-month distribution of a few headline series ----------------------------------
  const finals = (await store.query(
    `SELECT metric, "group", quantile_cont(value, [0.05, 0.25, 0.5, 0.75, 0.95]) FROM series
      WHERE date = '${end}' AND ((metric = 'download_share' AND "group" IN ('CN', 'US')) OR (metric = 'open_share' AND "group" = 'all')
         OR (metric = 'usage_share' AND "group" IN ('CN', 'US')) OR (metric = 'capability_gap_months' AND "group" = 'cn_vs_us'))
      GROUP BY metric, "group" ORDER BY metric, "group"`,
  )) as [string, string, number[]][];
  const final: Record<string, Record<string, number>> = {};
  for (const [m, g, q] of finals) {
    final[`${m}|${g}`] = Object.fromEntries(Q_LEVELS.map(([k], i) => [k, Number(q[i])]));
  }

  return {
    ensemble: {
      id,
      scenario: spec.scenario.name,
      model_version: MODEL_VERSION,
      runs_planned: spec.runs,
      runs_done: n,
      seed: spec.seed,
      mode: spec.mode,
      agents: spec.mode === 'agents' ? spec.agents : null,
      sample: spec.vary.length ? spec.sample : null,
      vary: spec.vary,
      from: spec.from,
      to: spec.to,
    },
    note: 'p = share of finished runs (runs = count). With --vary these are shares of the sampled parameter design, not calibrated probabilities.',
    cn_overtakes_us_downloads: {
      definition: 'first month in which CN download_share exceeds US download_share',
      p_by_end_of_year: pBy,
      p_cn_ahead_in_december: pAhead,
      p_never: share(never, n),
      runs_never: never,
      month_quantiles_among_runs_that_overtake: monthQuantiles,
      median_month_all_runs: medianAll,
      histogram_by_year: [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([y, k]) => ({ year: y, runs: k, p: share(k, n) })),
      histogram_by_month: [...byMonth.entries()].sort((a, b) => a[0] - b[0]).map(([m, k]) => ({ month: monthLabel(m), runs: k })),
    },
    headline,
    final_month_quantiles: final,
  };
}
