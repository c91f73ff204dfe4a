/**
 * Planning an ensemble: which runs, with which seed and which parameter values.
 *
 * Run i (0-based) gets the seed `replicationSeed(seed, i)` and, when parameters vary, the
 * i-th point of a Latin hypercube or of the Sobol sequence mapped onto the `--vary` ranges;
 * over a posterior sample, the parameter values of one of its draws (posterior-sample.ts).
 * A run's output depends only on the spec and its task, so the plan is the same whether the
 * runs execute on one thread, many threads or many machines.
 */
import {
  canonicalJson,
  hashString,
  mixSeed,
  MODEL_VERSION,
  replicationSeed,
  type Mode,
  type ResolvedScenario,
} from '../model/index.js';
import { latinHypercube } from '../model/sampling/latin-hypercube.js';
import { sobolPoints } from '../model/sampling/sobol-sequence.js';
import { assumptionDraw } from '../model/calibrate/prior-draws.js';
import { thinnedDrawIndices, type PosteriorSample } from './posterior-sample.js';

/** How parameter points are drawn: a design over `--vary` ranges, or the draws of a posterior sample. */
export type SampleDesign = 'lhs' | 'sobol' | 'posterior';

/**
 * The posterior sample an ensemble runs over. The draws themselves are not in the spec (it
 * goes to every worker thread with every run): each run's task carries its draw's values.
 */
export interface PosteriorRef {
  /** The folder as given (for people; not part of the ensemble's identity). */
  source: string;
  /** Hash of posterior.csv's text. */
  hash: string;
  /** Parameters of the sample that the runs take from their draw. */
  names: string[];
  /** Parameters of the sample that the scenario (or --set) fixes: their draws are not used. */
  pinned: string[];
  /** Draws in the sample (N). */
  total: number;
  /** Runs per draw (agents replications with their own seeds); runs / seedsPerDraw draws are used. */
  seedsPerDraw: number;
  /**
   * With `--assumptions prior`: the uncalibrated parameters drawn from their soft priors beside
   * each posterior draw (calibrate/prior-draws.ts); absent when they hold their values.
   */
  assumptions?: string[];
}

/** One varied parameter and its range (validated against PARAM_DEFS by the CLI). */
export interface VaryRange {
  name: string;
  lo: number;
  hi: number;
}

/** Everything that determines an ensemble's results. Plain data: structured-cloneable and JSON-safe. */
export interface EnsembleSpec {
  scenario: ResolvedScenario;
  runs: number;
  seed: number;
  mode: Mode;
  /** Adopters per run (agents mode); ignored by the meanfield solver. */
  agents: number;
  sample: SampleDesign;
  vary: VaryRange[];
  from: string;
  to: string;
  /** With `sample: 'posterior'`: the sample the runs' parameters come from. */
  posterior?: PosteriorRef;
}

/** One run of an ensemble. */
export interface RunTask {
  runId: number;
  seed: number;
  /** Values of the varied parameters for this run (empty without --vary), or of its posterior draw. */
  params: Record<string, number>;
}

/** Stream id mixed into the ensemble seed for the Latin hypercube (kept apart from run seeds). */
const LHS_SEED_STREAM = 0x1a7e;

/**
 * Identity of an ensemble: a hash of everything that determines its results, including the
 * model version. A store or a queue only mixes results of the same id.
 */
export function ensembleId(spec: EnsembleSpec): string {
  return hashString(
    canonicalJson({
      v: MODEL_VERSION,
      params: spec.scenario.params,
      events: spec.scenario.events,
      runs: spec.runs,
      seed: spec.seed,
      mode: spec.mode,
      agents: spec.mode === 'agents' ? spec.agents : null,
      sample: spec.vary.length ? spec.sample : null,
      vary: spec.vary,
      from: spec.from,
      to: spec.to,
      // only when present, so that the ids of other ensembles (and their stores) stay as they were
      ...(spec.posterior ? { posterior: { hash: spec.posterior.hash, names: spec.posterior.names, pinned: spec.posterior.pinned, total: spec.posterior.total, seedsPerDraw: spec.posterior.seedsPerDraw, ...(spec.posterior.assumptions ? { assumptions: spec.posterior.assumptions } : {}) } } : {}),
    }),
  );
}

/**
 * The sample draw each run of a posterior ensemble takes: runs i·K … i·K+K−1 (K = seeds per
 * draw) share draw ⌊i·N/M⌋ of the N in the sample, M = runs / K (the format's deterministic
 * thinning). Each run still has its own seed.
 */
export function posteriorDrawOfRun(ref: Pick<PosteriorRef, 'total' | 'seedsPerDraw'>, runs: number): number[] {
  const k = ref.seedsPerDraw;
  if (!Number.isInteger(k) || k < 1 || runs % k !== 0) throw new RangeError(`${runs} runs are not a multiple of ${k} seeds per draw`);
  const draws = thinnedDrawIndices(ref.total, runs / k);
  return Array.from({ length: runs }, (_, i) => draws[Math.floor(i / k)]);
}

/**
 * Every run of the ensemble, in run-id order. A posterior ensemble needs its sample (the one
 * whose hash the spec names).
 */
export function planRuns(spec: EnsembleSpec, sample?: Pick<PosteriorSample, 'hash' | 'names' | 'draws'>): RunTask[] {
  if (spec.sample === 'posterior') {
    const ref = spec.posterior;
    if (!ref || !sample || sample.hash !== ref.hash || sample.draws.length !== ref.total) {
      throw new Error('planRuns: a posterior ensemble needs the posterior sample its spec names');
    }
    const cols = ref.names.map((n) => sample.names.indexOf(n));
    if (cols.some((c) => c < 0)) throw new Error('planRuns: the spec names parameters the sample does not have');
    return posteriorDrawOfRun(ref, spec.runs).map((d, i) => {
      const params: Record<string, number> = {};
      cols.forEach((c, k) => (params[ref.names[k]] = sample.draws[d][c]));
      // the draw's assumptions: seeded by the sample's draw index, so every run of that draw shares them
      if (ref.assumptions) Object.assign(params, assumptionDraw(ref.assumptions, spec.scenario.params, spec.seed, d));
      return { runId: i, seed: replicationSeed(spec.seed, i), params };
    });
  }
  const dims = spec.vary.length;
  const points = dims === 0 ? [] : spec.sample === 'sobol' ? sobolPoints(spec.runs, dims) : latinHypercube(spec.runs, dims, mixSeed(spec.seed, LHS_SEED_STREAM));
  const tasks: RunTask[] = [];
  for (let i = 0; i < spec.runs; i++) {
    const params: Record<string, number> = {};
    for (let d = 0; d < dims; d++) {
      const { name, lo, hi } = spec.vary[d];
      params[name] = lo + points[i][d] * (hi - lo);
    }
    tasks.push({ runId: i, seed: replicationSeed(spec.seed, i), params });
  }
  return tasks;
}
