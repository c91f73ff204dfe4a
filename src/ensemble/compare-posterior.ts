/**
 * `momentum compare A B --sample posterior`: the distribution of the difference B − A over
 * posterior draws, not two points. Run i of A and run i of B take the same draw and the same
 * seed (paired: the difference is the effect of the scenario under one set of parameters, and
 * common random numbers in agents mode), so the quantiles and P(B − A > 0) are those of the
 * paired differences. Runs go to a worker-thread pool; results are reduced as soon as both
 * runs of a pair are in, so memory does not grow with the number of draws.
 */
import { firstCrossing, monthRange, type Mode, type ResolvedScenario } from '../model/index.js';
import { compareRuns, type ComparableRun, type CompareRow } from '../model/outputs/compare.js';
import { planRuns, type EnsembleSpec, type PosteriorRef } from './ensemble-plan.js';
import type { PosteriorSample } from './posterior-sample.js';
import type { RunPayload } from './run-task.js';
import { RunPool } from './worker-pool.js';
import { CROSSINGS, hostedOpenEvent, OUTCOME_LEVELS, outcomeYears, probability, quantilesOf, type Probability } from './headline-events.js';

/** A comparison row with the distribution of B − A over the paired runs. */
export interface PosteriorCompareRow extends CompareRow {
  /** Quantiles of B − A over the pairs where both values are defined (null when none is). */
  difference_quantiles: Record<string, number> | null;
  /** P(B − A > 0) over those pairs. */
  p_difference_positive: number | null;
  /** Pairs with both values defined (a crossing row counts the pairs where both cross). */
  pairs: number;
}

/** An outcome probability under A and under B, over the same draws. */
export interface PairedOutcome {
  id: string;
  label: string;
  a: Probability;
  b: Probability;
}

/** What {@link comparePosterior} returns. */
export interface PosteriorComparison {
  rows: PosteriorCompareRow[];
  outcomes: PairedOutcome[];
  runs: number;
  seconds: number;
}

/** Options of {@link comparePosterior}. */
export interface PosteriorCompareOptions {
  a: ResolvedScenario;
  b: ResolvedScenario;
  refA: PosteriorRef;
  refB: PosteriorRef;
  sample: PosteriorSample;
  runs: number;
  seed: number;
  mode: Mode;
  agents: number;
  from: string;
  to: string;
  /** The comparison at the calibrated parameters (the plain `compare` rows): a, b, difference. */
  point: CompareRow[];
  workers: number;
  onProgress?: (done: number, total: number) => void;
}

/** A run's compact result as a comparison reads it. */
export function comparableOf(p: RunPayload, dates: readonly string[]): ComparableRun {
  const index = new Map<string, number>();
  for (let s = 0; s < p.metrics.length; s++) index.set(`${p.metrics[s]}|${p.groups[s]}`, s);
  return {
    dates,
    series: {
      find: (m, g) => {
        const s = index.get(`${m}|${g}`);
        return s === undefined ? undefined : p.values.subarray(s * p.T, (s + 1) * p.T);
      },
    },
    summary: { indicators: p.indicators },
  };
}

/** What the outcome probabilities need of one run. */
interface RunFacts {
  crossings: (string | null)[];
  hostedFinal: number;
}

function factsOf(run: ComparableRun): RunFacts {
  const T = run.dates.length;
  const f = (m: string, g: string) => run.series.find(m, g) as Float64Array | undefined;
  return {
    crossings: CROSSINGS.map((c) => firstCrossing(run.dates, f(c.metric, 'CN'), f(c.metric, 'US'))),
    hostedFinal: f('hosted_open_share', 'all')?.[T - 1] ?? NaN,
  };
}

/** Runs A and B over the posterior draws and reduces the pairs. */
export async function comparePosterior(o: PosteriorCompareOptions): Promise<PosteriorComparison> {
  const t0 = performance.now();
  const base = { runs: o.runs, seed: o.seed, mode: o.mode, agents: o.agents, sample: 'posterior' as const, vary: [], from: o.from, to: o.to };
  const specA: EnsembleSpec = { ...base, scenario: o.a, posterior: o.refA };
  const specB: EnsembleSpec = { ...base, scenario: o.b, posterior: o.refB };
  const tasksA = planRuns(specA, o.sample);
  const tasksB = planRuns(specB, o.sample);
  const dates = monthRange(o.from, o.to);
  const n = o.runs;
  // per pair: each row's B − A, and both runs' facts
  const diffs = o.point.map(() => new Float64Array(n).fill(NaN));
  const facts: { a: RunFacts; b: RunFacts }[] = new Array(n);
  const waiting = new Map<number, { side: 'a' | 'b'; payload: RunPayload }>();
  let done = 0;
  const receive = (side: 'a' | 'b', payload: RunPayload) => {
    const other = waiting.get(payload.runId);
    if (!other) {
      waiting.set(payload.runId, { side, payload });
      return;
    }
    waiting.delete(payload.runId);
    const ra = comparableOf(side === 'a' ? payload : other.payload, dates);
    const rb = comparableOf(side === 'b' ? payload : other.payload, dates);
    compareRuns(ra, rb).forEach((r, k) => {
      if (r.difference !== null) diffs[k][payload.runId] = r.difference;
    });
    facts[payload.runId] = { a: factsOf(ra), b: factsOf(rb) };
    o.onProgress?.(++done, n);
  };
  const pool = new RunPool(o.workers);
  try {
    await Promise.all([...tasksA.map((t) => pool.run(specA, t).then((p) => receive('a', p))), ...tasksB.map((t) => pool.run(specB, t).then((p) => receive('b', p)))]);
  } finally {
    await pool.close();
  }
  const rows: PosteriorCompareRow[] = o.point.map((r, k) => {
    const d = Array.from(diffs[k]).filter(Number.isFinite);
    return { ...r, difference_quantiles: quantilesOf(d), p_difference_positive: d.length ? d.filter((x) => x > 0).length / d.length : null, pairs: d.length };
  });
  return { rows, outcomes: pairedOutcomes(facts, o.from, o.to), runs: n, seconds: (performance.now() - t0) / 1000 };
}

/** P(event) under A and under B: CN passes US on downloads and on hosted tokens by each year's end, and the hosted open share above a third at the end. */
function pairedOutcomes(facts: { a: RunFacts; b: RunFacts }[], from: string, to: string): PairedOutcome[] {
  const n = facts.length;
  const out: PairedOutcome[] = [];
  CROSSINGS.forEach((c, k) => {
    for (const y of outcomeYears(from, to)) {
      const by = (side: 'a' | 'b') => probability(facts.filter((f) => (f[side].crossings[k] ?? '9999') <= `${y}-12`).length, n);
      out.push({ id: `${c.id}_by_${y}`, label: `CN passes US in ${c.what} by the end of ${y}`, a: by('a'), b: by('b') });
    }
  });
  const ha = hostedOpenEvent(to, facts.map((f) => f.a.hostedFinal));
  const hb = hostedOpenEvent(to, facts.map((f) => f.b.hostedFinal));
  out.push({ id: ha.id, label: ha.label, a: { p: ha.p, runs: ha.runs }, b: { p: hb.p, runs: hb.runs } });
  return out;
}

const cell = (v: number | string | null) => (v === null ? '' : String(v));

/** Columns compare.csv gains over posterior draws (after the plain command's columns). */
export const POSTERIOR_COMPARE_COLUMNS = [...OUTCOME_LEVELS.map(([k]) => `difference_${k}`), 'p_difference_positive', 'pairs'];

/**
 * compare.csv over posterior draws: the plain command's columns (a, b and difference at the
 * calibrated parameters) and then the distribution of B − A over the paired runs.
 */
export function posteriorCompareCsv(rows: readonly PosteriorCompareRow[]): string {
  const header = ['metric', 'group', 'date', 'a', 'b', 'difference', ...POSTERIOR_COMPARE_COLUMNS].join(',');
  const lines = rows.map((r) =>
    [r.metric, r.group, r.date, cell(r.a), cell(r.b), cell(r.difference), ...OUTCOME_LEVELS.map(([k]) => cell(r.difference_quantiles?.[k] ?? null)), cell(r.p_difference_positive), String(r.pairs)].join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}
