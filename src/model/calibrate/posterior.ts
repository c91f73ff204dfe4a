/**
 * The posterior over calibrated parameters (issue 16): the observation model of
 * data/observations.json as likelihood, the parameters' soft priors truncated to their ranges as
 * prior, sampled with DE-MC-z (mcmc.ts) on the meanfield solver, with convergence diagnostics
 * (mcmc-diagnostics.ts) and posterior predictive checks of the observations.
 *
 *   log likelihood = −Σz²/2 over the fitted observations (z as in fit-loss.ts, nuisance scales
 *                    fitted in closed form at every point, as the calibration does)
 *   log prior      = −Σ((θ − μ)/sd)²/2 over parameters with a soft prior, θ inside its range
 *
 * so the posterior mode is the calibration's optimum (CMA-ES minimises Σz² + penalty). Pure: the
 * shell evaluates batches on worker threads and writes the files.
 */
import { MODEL_VERSION } from '../version.js';
import { Rng } from '../random.js';
import { prepareCalibration, dataLossOf, modelledOf, priorPenalty, type CalibrationOptions, type LossEvaluator, type LossSpec, type Prepared } from './calibration.js';
import { chainsOf, demczBatch, type DemczResult } from './mcmc.js';
import { diagnose, quantileSorted, type ParamDiagnostics } from './mcmc-diagnostics.js';
import { sideSigma } from './fit-loss.js';
import { ValidationError, type ValidationIssue } from '../scenario/validate.js';
import type { Observation } from './observation-schema.js';
import { thinIndices } from './thinning.js';
import { assumptionDraw, assumptionsFor, priorDraw } from './prior-draws.js';
import { withOverrides } from '../scenario/resolve.js';

/** Usual thresholds: R-hat below 1.05 (Vehtari et al. 2021 recommend 1.01 for final results) and a bulk-ESS of at least 100 per parameter. */
export const RHAT_MAX = 1.05;
export const ESS_MIN = 100;

/** What to sample. */
export interface PosteriorOptions extends Omit<CalibrationOptions, 'budget' | 'optimizer' | 'onProgress'> {
  /** Draws to keep (a multiple of `chains`). */
  samples: number;
  chains: number;
  /** Generations discarded as burn-in. */
  burnIn: number;
  /** Keep one generation in `thin`. */
  thin: number;
  /** Draws run through the model for the predictive check (deterministic thinning of the draws). */
  checkDraws: number;
  onProgress?: (done: number, total: number) => void;
}

/** One parameter's summary and diagnostics. */
export interface PosteriorParam extends ParamDiagnostics {
  name: string;
}

/** One observation's posterior predictive interval (observation noise included). */
export interface PredictiveRow {
  id: string;
  /** `fitted` (in the likelihood), `held-out` (a backtest's later records) or `reported` (fit: false). */
  set: 'fitted' | 'held-out' | 'reported';
  observed: number;
  /** Quantiles of the replicated observation y_rep = modelled(θ) + noise. */
  q05: number;
  q25: number;
  q50: number;
  q75: number;
  q95: number;
  /** Fraction of replicated values at or below the observed one (probability integral transform). */
  pit: number;
  in50: boolean;
  in90: boolean;
  /** Draws whose run could evaluate the record. */
  draws: number;
}

/** Coverage of the predictive intervals over a set of observations. */
export interface Coverage {
  n: number;
  in50: number;
  in90: number;
  /** Fractions in50/n and in90/n (null when n = 0). */
  coverage50: number | null;
  coverage90: number | null;
}

/** A sampled posterior. */
export interface PosteriorResult {
  modelVersion: string;
  scenario: string;
  seed: number;
  backtest: string | null;
  names: string[];
  chains: number;
  /** Generations per chain after burn-in. */
  iterations: number;
  burnIn: number;
  thin: number;
  /** Retained draws (chains × iterations / thin). */
  draws: number;
  run: DemczResult;
  params: PosteriorParam[];
  minEss: number;
  maxRhat: number;
  acceptance: number;
  /** Plain-language verdict on mixing: empty when every parameter passes, else one line per problem. */
  warnings: string[];
  predictive: PredictiveRow[];
  coverage: { fitted: Coverage; heldOut: Coverage };
  /** Training observation ids (the likelihood). */
  fitted: string[];
}

/** The log likelihood −Σz²/2 and log prior −penalty/2 at a batch of points (on this thread). */
export function logPosteriorParts(spec: LossSpec, xs: readonly Float64Array[], train: ReadonlySet<string> = new Set(spec.train)): { logLik: Float64Array; logPrior: Float64Array } {
  return {
    logLik: Float64Array.from(xs, (x) => -dataLossOf(spec, x, train) / 2),
    logPrior: Float64Array.from(xs, (x) => -priorPenalty(spec, x) / 2),
  };
}

export { thinIndices };

/**
 * Posterior predictive intervals: for each observation and each draw, y_rep = modelled − z·σ with
 * z standard normal and σ the uncertainty on that side (fit-loss.ts: the interval end on the
 * side of the residual), so that the replicated z-scores follow the likelihood's observation
 * model. `modelled` holds observations.length values per draw. Seeded.
 */
export function predictiveCheck(observations: readonly Observation[], modelled: ArrayLike<number>, draws: number, fitted: ReadonlySet<string>, heldOut: ReadonlySet<string>, seed: number): PredictiveRow[] {
  const width = observations.length;
  const rng = new Rng(seed, 0x99c);
  return observations.map((o, i) => {
    const up = sideSigma(o, Infinity); // y_rep below the modelled value: observed under modelled
    const down = sideSigma(o, -Infinity);
    const reps: number[] = [];
    for (let s = 0; s < draws; s++) {
      const m = modelled[s * width + i];
      const z = rng.normal();
      if (Number.isFinite(m)) reps.push(m - z * (z >= 0 ? up : down));
    }
    reps.sort((a, b) => a - b);
    const q = (p: number) => quantileSorted(reps, p);
    const below = reps.filter((v) => v <= o.value).length;
    const row = { q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95) };
    return {
      id: o.id,
      set: fitted.has(o.id) ? 'fitted' : heldOut.has(o.id) ? 'held-out' : 'reported',
      observed: o.value,
      ...row,
      pit: reps.length ? below / reps.length : NaN,
      in50: reps.length > 0 && o.value >= row.q25 && o.value <= row.q75,
      in90: reps.length > 0 && o.value >= row.q05 && o.value <= row.q95,
      draws: reps.length,
    };
  });
}

/**
 * The predictive check with the uncalibrated assumptions drawn from their priors beside each
 * draw (prior-draws.ts, the draw's index in the sample as its key): what `--assumptions prior`
 * adds to a projection's band, checked against the records. `draws[r]` is draw `index[r]` of
 * the sample. Returns the rows and the assumptions drawn.
 */
export function assumptionPredictive(pr: Prepared, draws: readonly ArrayLike<number>[], index: readonly number[], seed: number): { rows: PredictiveRow[]; assumptions: string[] } {
  const { spec } = pr;
  const train = new Set(spec.train);
  const assumptions = assumptionsFor(spec.scenario, spec.names);
  const modelled = concat(draws.map((x, r) => modelledOf({ ...spec, scenario: withOverrides(spec.scenario, assumptionDraw(assumptions, spec.scenario.params, seed, index[r])) }, x, train)));
  const heldOut = new Set(spec.observations.filter((o) => pr.isHeldOut(o)).map((o) => o.id));
  return { rows: predictiveCheck(spec.observations, modelled, draws.length, train, heldOut, seed), assumptions };
}

/** Coverage of the 50% and 90% intervals over rows of one set. */
export function coverageOf(rows: readonly PredictiveRow[], set: PredictiveRow['set']): Coverage {
  const of = rows.filter((r) => r.set === set);
  const in50 = of.filter((r) => r.in50).length;
  const in90 = of.filter((r) => r.in90).length;
  return { n: of.length, in50, in90, coverage50: of.length ? in50 / of.length : null, coverage90: of.length ? in90 / of.length : null };
}

/** Validates the sampler settings. Throws ValidationError naming the flag. */
export function checkPosteriorOptions(o: Pick<PosteriorOptions, 'samples' | 'chains' | 'burnIn' | 'thin' | 'checkDraws'>): void {
  const bad = (flag: string, expected: string, found: unknown) => ({ path: flag, expected, found: String(found) });
  const issues: ValidationIssue[] = [];
  if (!(Number.isInteger(o.chains) && o.chains >= 3)) issues.push(bad('--chains', 'an integer ≥ 3 (DE-MC-z needs at least 3 chains)', o.chains));
  if (!(Number.isInteger(o.samples) && o.samples >= 1)) issues.push(bad('--samples', 'an integer ≥ 1', o.samples));
  else if (issues.length === 0 && (o.samples % o.chains !== 0 || o.samples / o.chains < 4)) {
    issues.push(bad('--samples', `a multiple of --chains (${o.chains}) with at least 4 draws per chain, e.g. ${Math.max(4, Math.ceil(o.samples / o.chains)) * o.chains}`, o.samples));
  }
  if (!(Number.isInteger(o.burnIn) && o.burnIn >= 0)) issues.push(bad('--burn-in', 'an integer ≥ 0', o.burnIn));
  if (!(Number.isInteger(o.thin) && o.thin >= 1)) issues.push(bad('--thin', 'an integer ≥ 1', o.thin));
  if (!(Number.isInteger(o.checkDraws) && o.checkDraws >= 0)) issues.push(bad('--check-draws', 'an integer ≥ 0', o.checkDraws));
  if (issues.length) throw new ValidationError(issues[0].path, issues);
}

/**
 * Samples the posterior with each generation evaluated as one batch by `makeEvaluator` (worker
 * threads, or {@link inThread}): the same draws for any evaluator. Throws ValidationError for bad
 * options.
 */
export async function samplePosterior(opts: PosteriorOptions, makeEvaluator: (spec: LossSpec) => LossEvaluator): Promise<PosteriorResult> {
  checkPosteriorOptions(opts);
  const pr: Prepared = prepareCalibration(opts);
  const { spec } = pr;
  const ev = makeEvaluator(spec);
  const train = new Set(spec.train);
  try {
    const data = ev.evaluateData ? (xs: Float64Array[]) => ev.evaluateData!(xs) : async (xs: Float64Array[]) => xs.map((x) => dataLossOf(spec, x, train));
    const perChain = opts.samples / opts.chains;
    const run = await demczBatch(
      {
        lower: pr.lower,
        upper: pr.upper,
        chains: opts.chains,
        draws: perChain,
        burnIn: opts.burnIn,
        thin: opts.thin,
        seed: opts.seed,
        initial: (rng) => spec.names.map((_, j) => priorDraw(rng, spec.priorMean[j], spec.priorSd[j], pr.lower[j], pr.upper[j])),
        onGeneration: opts.onProgress,
      },
      async (xs) => {
        const losses = await data(xs);
        return { logLik: Float64Array.from(losses, (l) => -l / 2), logPrior: Float64Array.from(xs, (x) => -priorPenalty(spec, x) / 2) };
      },
    );
    const params = spec.names.map((name, j) => ({ name, ...diagnose(chainsOf(run, j)) }));
    // predictive check on a deterministic thinning of the draws
    const idx = thinIndices(opts.samples, opts.checkDraws);
    const pts = idx.map((r) => run.samples.slice(r * run.d, (r + 1) * run.d));
    const modelled = ev.evaluateModelled && pts.length ? await ev.evaluateModelled(pts) : concat(pts.map((x) => modelledOf(spec, x, train)));
    const heldOut = new Set(spec.observations.filter((o) => pr.isHeldOut(o)).map((o) => o.id));
    const predictive = pts.length ? predictiveCheck(spec.observations, modelled, pts.length, train, heldOut, opts.seed) : [];
    return {
      modelVersion: MODEL_VERSION,
      scenario: opts.scenario.name,
      seed: opts.seed,
      backtest: opts.backtest ?? null,
      names: spec.names,
      chains: opts.chains,
      iterations: perChain * opts.thin,
      burnIn: opts.burnIn,
      thin: opts.thin,
      draws: opts.samples,
      run,
      params,
      minEss: Math.min(...params.map((p) => (Number.isNaN(p.ess) ? 0 : p.ess))),
      maxRhat: Math.max(...params.map((p) => (Number.isNaN(p.rhat) ? Infinity : p.rhat))),
      acceptance: run.acceptance,
      warnings: mixingWarnings(params),
      predictive,
      coverage: { fitted: coverageOf(predictive, 'fitted'), heldOut: coverageOf(predictive, 'held-out') },
      fitted: spec.train,
    };
  } finally {
    await ev.close();
  }
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

/** One line per parameter that fails the usual thresholds (R-hat < 1.05, bulk- and tail-ESS ≥ 100). */
export function mixingWarnings(params: readonly PosteriorParam[]): string[] {
  const out: string[] = [];
  for (const p of params) {
    const why: string[] = [];
    if (!(p.rhat < RHAT_MAX)) why.push(`R-hat ${Number.isFinite(p.rhat) ? p.rhat.toFixed(3) : String(p.rhat)} ≥ ${RHAT_MAX}`);
    if (!(p.ess >= ESS_MIN)) why.push(`bulk-ESS ${Number.isFinite(p.ess) ? p.ess.toFixed(0) : String(p.ess)} < ${ESS_MIN}`);
    if (!(p.essTail >= ESS_MIN)) why.push(`tail-ESS ${Number.isFinite(p.essTail) ? p.essTail.toFixed(0) : String(p.essTail)} < ${ESS_MIN}`);
    if (why.length) out.push(`${p.name}: ${why.join(', ')}`);
  }
  return out;
}

/** An evaluator on this thread (tests, one worker). */
export function inThread(spec: LossSpec): LossEvaluator {
  const train = new Set(spec.train);
  return {
    evaluate: async (xs) => xs.map((x) => dataLossOf(spec, x, train) + priorPenalty(spec, x)),
    evaluateData: async (xs) => xs.map((x) => dataLossOf(spec, x, train)),
    evaluateModelled: async (xs) => concat(xs.map((x) => modelledOf(spec, x, train))),
    close: async () => {},
  };
}

/** Per-draw summaries for callers that need the raw chains. */
export { chainsOf };
