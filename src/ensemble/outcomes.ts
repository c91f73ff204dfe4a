/**
 * Headline outcomes of an ensemble (DIR/outcomes.json): probabilities over the finished runs
 * that CN open-weight models overtake US ones on downloads (and CN models on hosted tokens) by
 * given years, the distribution of the month it happens, and a few more headline events.
 * Probabilities are shares of runs (counts are given too); with parameter samples they are
 * shares of the sampled design, not calibrated probabilities; over a posterior sample they are
 * posterior predictive probabilities under the model.
 */
import { monthIndex, monthLabel, MODEL_VERSION } from '../model/index.js';
import type { EnsembleSpec } from './ensemble-plan.js';
import type { ResultsStore } from './results-store.js';
import type { PosteriorSample } from './posterior-sample.js';
import { crossingSummary, FINAL_HEADLINES, hostedOpenEvent, nearestRank, outcomeYears, TOKEN_HEADLINE_YEAR } from './headline-events.js';

export { nearestRank, outcomeYears } from './headline-events.js';

const Q_LEVELS: [string, number][] = [
  ['q05', 0.05],
  ['q25', 0.25],
  ['q50', 0.5],
  ['q75', 0.75],
  ['q95', 0.95],
];

function share(k: number, n: number): number | null {
  return n > 0 ? k / n : null;
}

function ratio(k: number, n: number): { p: number | null; runs: number } {
  return { p: share(k, n), runs: k };
}

/** What outcomes.json says the probabilities are. */
function noteOf(spec: EnsembleSpec): string {
  if (spec.sample === 'posterior') {
    const assumptions = spec.posterior?.assumptions ? `, and its ${spec.posterior.assumptions.length} uncalibrated assumptions from their soft priors (assumptions_from_priors)` : '';
    return `p = share of finished runs (runs = count). Each run takes its parameters from a draw of the posterior over the calibrated parameters${assumptions}${spec.mode === 'agents' ? ' and has its own agents seed' : ''}: posterior predictive probabilities under the model, given the observations and priors it was calibrated to; conditional on the model's structure and on the scenario.`;
  }
  return 'p = share of finished runs (runs = count). With --vary these are shares of the sampled parameter design, not calibrated probabilities.';
}

/** The posterior block of outcomes.json: what was sampled, and the sample's diagnostics. */
function posteriorBlock(spec: EnsembleSpec, sample: PosteriorSample | undefined): Record<string, unknown> | undefined {
  const ref = spec.posterior;
  if (spec.sample !== 'posterior' || !ref) return undefined;
  const d = sample?.diagnostics;
  return {
    source: ref.source,
    hash: ref.hash,
    draws_in_sample: ref.total,
    draws_used: spec.runs / ref.seedsPerDraw,
    thinning: 'draw floor(i * N / M) for i = 0..M-1 (N draws in the sample, M used)',
    seeds_per_draw: ref.seedsPerDraw,
    params: ref.names,
    pinned_by_scenario: ref.pinned,
    // only with --assumptions prior, so that other ensembles' outcomes stay as they were
    ...(ref.assumptions ? { assumptions_from_priors: ref.assumptions } : {}),
    sampler: d?.sampler ?? null,
    model_version: d?.modelVersion ?? null,
    max_rhat: d?.maxRhat ?? null,
    min_ess: d?.minEss ?? null,
    warnings: sample?.warnings ?? [],
  };
}

/** Computes outcomes.json from the store. Deterministic: no timings, rows ordered by run id. */
export async function computeOutcomes(store: ResultsStore, spec: EnsembleSpec, id: string, posterior?: PosteriorSample): Promise<Record<string, unknown>> {
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

  // --- CN vs US on hosted tokens, and the open share of hosted tokens ----------------------
  const tokenFirst = new Map(
    ((await store.query(
      `SELECT run_id, min(date) FILTER (WHERE cn > us) FROM (
         SELECT run_id, date, max(value) FILTER (WHERE "group" = 'CN') AS cn, max(value) FILTER (WHERE "group" = 'US') AS us
           FROM series WHERE metric = 'token_share' AND "group" IN ('CN', 'US') GROUP BY run_id, date)
        GROUP BY run_id`,
    )) as [number, string | null][]).map(([r, m]) => [Number(r), m]),
  );
  // a run without token rows never crosses
  const tokens = crossingSummary('first month in which CN token_share (hosted-API tokens) exceeds US token_share', runs.map((r) => tokenFirst.get(Number(r[0])) ?? null), years);
  if (years.includes(TOKEN_HEADLINE_YEAR)) {
    headline.push({ id: `cn_overtakes_us_tokens_by_${TOKEN_HEADLINE_YEAR}`, label: `CN models' share of hosted-API tokens (token_share) exceeds US in some month by the end of ${TOKEN_HEADLINE_YEAR}`, ...tokens.p_by_end_of_year[String(TOKEN_HEADLINE_YEAR)] });
  }
  const hostedFinal = new Map(
    ((await store.query(`SELECT run_id, value FROM series WHERE metric = 'hosted_open_share' AND "group" = 'all' AND date = '${end}'`)) as [number, number][]).map(([r, v]) => [Number(r), Number(v)]),
  );
  headline.push({ ...hostedOpenEvent(end, runs.map((r) => hostedFinal.get(Number(r[0])) ?? NaN)) });

  // --- final-month distribution of a few headline series ----------------------------------
  const finals = (await store.query(
    `SELECT metric, "group", quantile_cont(value, [0.05, 0.25, 0.5, 0.75, 0.95]) FROM series
      WHERE date = '${end}' AND (${FINAL_HEADLINES.map(([m, g]) => `(metric = '${m}' AND "group" = '${g}')`).join(' OR ')})
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
      sample: spec.sample === 'posterior' || spec.vary.length ? spec.sample : null,
      vary: spec.vary,
      from: spec.from,
      to: spec.to,
    },
    ...(spec.sample === 'posterior' ? { posterior: posteriorBlock(spec, posterior) } : {}),
    note: noteOf(spec),
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
    cn_overtakes_us_tokens: tokens,
    headline,
    final_month_quantiles: final,
  };
}
