/**
 * Calibration: fits chosen numeric parameters of a scenario to observations by minimising the
 * weighted loss (Σ z², fit-loss.ts) on the meanfield solver, within each parameter's range.
 * Pure: the shell reads files and writes outputs.
 */
import { PARAM_DEFS, PARAM_INDEX, type ParamValues } from '../params/param-defs.js';
import { runScenario, type RunResult } from '../run.js';
import { withOverrides, type ResolvedScenario } from '../scenario/resolve.js';
import { ValidationError, type ValidationIssue } from '../scenario/validate.js';
import { nearestName } from '../scenario/nearest-name.js';
import { DEFAULT_FROM, DEFAULT_TO, isMonth, monthIndex, monthLabel } from '../time.js';
import { MODEL_VERSION } from '../version.js';
import { cmaEs, cmaEsBatch } from './cma-es.js';
import { nelderMead } from './nelder-mead.js';
import type { OptimizeResult } from './box.js';
import { evaluateFit, type FitEvaluation, type Residual } from './fit-loss.js';
import type { Observation } from './observation-schema.js';
import { modelledPath, periodBounds } from './operators.js';

/** Optimiser choice. */
export type Optimizer = 'cma-es' | 'nelder-mead';

/** What to calibrate. */
export interface CalibrationOptions {
  scenario: ResolvedScenario;
  /** Parameter names (validated with {@link checkCalibrationParams}). */
  params: readonly string[];
  observations: readonly Observation[];
  /** Maximum number of model runs. */
  budget: number;
  seed: number;
  /** Fit only observations ending before this month; report the later ones. */
  backtest?: string;
  optimizer?: Optimizer;
  /** Narrower search ranges than the parameters' own, by name (validated with {@link checkBounds}). */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  onProgress?: (evaluations: number, budget: number, bestLoss: number) => void;
}

/** One fitted parameter. */
export interface FittedParam {
  name: string;
  /** Starting value (the prior). */
  start: number;
  value: number;
  min: number;
  max: number;
  /** True when the value sits within 1% of the range of a bound (of the search range). */
  atBound: boolean;
  /** Soft prior: mean and standard deviation (sd null: no prior term), and (value − mean)/sd. */
  priorMean: number;
  priorSd: number | null;
  priorZ: number | null;
}

/** The result of a calibration (serialised as calibrated.json by the shell). */
export interface CalibrationResult {
  modelVersion: string;
  scenario: string;
  optimizer: Optimizer;
  seed: number;
  budget: number;
  backtest: string | null;
  params: FittedParam[];
  /** Loss Σz² at the start point and at the optimum (fitted observations only). */
  startLoss: number;
  loss: number;
  /** The prior penalty Σ((value − mean)/sd)² at the optimum; the optimiser minimises loss + penalty. */
  priorPenalty: number;
  evaluations: number;
  iterations: number;
  converged: boolean;
  stopReason: string;
  /** Every observation at the optimum (fitted ones flagged), then the held-out ones. */
  residuals: Residual[];
  /** Held-out observations (backtest), at the optimum. */
  backtest_residuals: Residual[];
  scales: Record<string, number>;
  /** Ids of observations counted in the loss. */
  fitted: string[];
  /** Best loss after each optimiser iteration. */
  history: number[];
}

/** The full-horizon run at the optimum and each observation's modelled path (for charts). */
export interface CalibrationPaths {
  dates: string[];
  /** Observation id → modelled path (scaled like the observation), NaN where undefined. */
  paths: Record<string, Float64Array>;
}

/** Checks parameter names for calibration: known, numeric, with a range. Throws ValidationError. */
export function checkCalibrationParams(names: readonly string[], source = '--params'): void {
  const issues: ValidationIssue[] = [];
  const numeric = PARAM_DEFS.filter((d) => typeof d.default === 'number').map((d) => d.name);
  if (names.length === 0) issues.push({ path: source, expected: 'at least one parameter name', found: 'an empty list' });
  const seen = new Set<string>();
  for (const n of names) {
    const d = PARAM_INDEX.get(n);
    if (!d) {
      const near = nearestName(n, numeric);
      issues.push({ path: source, expected: 'a numeric parameter name (see `momentum params`)', found: JSON.stringify(n), hint: near ? `did you mean "${near}"?` : undefined });
    } else if (typeof d.default !== 'number' || d.min === undefined || d.max === undefined) {
      issues.push({ path: source, expected: 'a numeric parameter with a range', found: `"${n}" (a choice parameter)` });
    } else if (seen.has(n)) {
      issues.push({ path: source, expected: 'each parameter once', found: `"${n}" twice` });
    }
    seen.add(n);
  }
  if (issues.length) throw new ValidationError(source, issues);
}

/**
 * Checks search ranges: each names a fitted parameter and lies inside its range with lo < hi.
 * Throws ValidationError.
 */
export function checkBounds(bounds: Readonly<Record<string, readonly [number, number]>>, params: readonly string[], source = '--bounds'): void {
  const issues: ValidationIssue[] = [];
  for (const [name, [lo, hi]] of Object.entries(bounds)) {
    const d = PARAM_INDEX.get(name);
    if (!params.includes(name)) {
      const near = nearestName(name, [...params]);
      issues.push({ path: source, expected: 'the name of a fitted parameter', found: JSON.stringify(name), hint: near ? `did you mean "${near}"?` : undefined });
    } else if (!d || d.min === undefined || d.max === undefined || !(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi && lo >= d.min && hi <= d.max)) {
      issues.push({ path: `${source} ${name}`, expected: `lo < hi within the parameter's range [${d?.min}, ${d?.max}]`, found: `${lo}:${hi}` });
    }
  }
  if (issues.length) throw new ValidationError(source, issues);
}

/** Last month an observation covers. */
export function observationEnd(o: Observation): string {
  return periodBounds(o.period).end;
}

/**
 * The scenario with every calibrated parameter it does not override set back to its prior,
 * so that a calibration starts from the same point whatever calibrated.ts holds (and its
 * command reproduces it exactly).
 */
export function withPriors(s: ResolvedScenario): ResolvedScenario {
  const ov: ParamValues = {};
  for (const d of PARAM_DEFS) if (d.prior !== undefined && s.params[d.name] === d.default) ov[d.name] = d.prior;
  return Object.keys(ov).length ? withOverrides(s, ov) : s;
}

/** The horizon a calibration runs: from the model start to the last month any observation needs. */
function horizon(obs: readonly Observation[]): { from: string; to: string } {
  let last = monthIndex(DEFAULT_FROM);
  for (const o of obs) last = Math.max(last, monthIndex(observationEnd(o)));
  return { from: DEFAULT_FROM, to: monthLabel(last) };
}

/** Runs the scenario with parameter values on the meanfield solver. */
export function runWith(s: ResolvedScenario, names: readonly string[], x: ArrayLike<number>, from = DEFAULT_FROM, to = DEFAULT_TO): RunResult {
  const ov: ParamValues = {};
  for (let i = 0; i < names.length; i++) ov[names[i]] = x[i];
  return runScenario(withOverrides(s, ov), { mode: 'meanfield', from, to });
}

/**
 * Everything a loss evaluation needs, as plain data (so worker threads can rebuild it): the
 * scenario at the priors, the parameter names, the observations, the ids counted in the loss
 * and the horizon.
 */
export interface LossSpec {
  scenario: ResolvedScenario;
  names: string[];
  /** Soft priors of the parameters (sd 0: none), in the order of `names`. */
  priorMean: number[];
  priorSd: number[];
  observations: Observation[];
  train: string[];
  from: string;
  to: string;
}

/** The prior penalty Σ((x − mean)/sd)² over the parameters that have a soft prior. */
export function priorPenalty(spec: Pick<LossSpec, 'priorMean' | 'priorSd'>, x: ArrayLike<number>): number {
  let pen = 0;
  for (let i = 0; i < spec.priorSd.length; i++) {
    const sd = spec.priorSd[i];
    if (sd > 0) pen += ((x[i] - spec.priorMean[i]) / sd) ** 2;
  }
  return pen;
}

/**
 * The objective at parameter values x: the data loss Σz² (one meanfield run and the
 * operators) plus the soft priors' penalty, so that the data move a parameter away from its
 * prior only as far as they need to (hard bounds stay as a guard).
 */
export function lossOf(spec: LossSpec, x: ArrayLike<number>, train: ReadonlySet<string> = new Set(spec.train)): number {
  return dataLossOf(spec, x, train) + priorPenalty(spec, x);
}

/** The data loss Σz² over the training observations at x (one meanfield run and the operators), without the priors. */
export function dataLossOf(spec: LossSpec, x: ArrayLike<number>, train: ReadonlySet<string> = new Set(spec.train)): number {
  const r = runWith(spec.scenario, spec.names, x, spec.from, spec.to);
  return evaluateFit(spec.observations, r, (o) => train.has(o.id)).loss;
}

/**
 * Every observation's modelled value at x, in the order of `spec.observations` (nuisance scales
 * fitted on the training observations, NaN where the run cannot evaluate a record): what a
 * posterior predictive check compares with the observed values.
 */
export function modelledOf(spec: LossSpec, x: ArrayLike<number>, train: ReadonlySet<string> = new Set(spec.train)): Float64Array {
  const r = runWith(spec.scenario, spec.names, x, spec.from, spec.to);
  return Float64Array.from(evaluateFit(spec.observations, r, (o) => train.has(o.id)).residuals, (res) => res.modelled);
}

/** A batch evaluator of the loss (e.g. a pool of worker threads), built from a {@link LossSpec}. */
export interface LossEvaluator {
  /** {@link lossOf} at each point. */
  evaluate(xs: Float64Array[]): Promise<ArrayLike<number>>;
  /** {@link dataLossOf} at each point (the posterior sampler's likelihood). */
  evaluateData?(xs: Float64Array[]): Promise<ArrayLike<number>>;
  /** {@link modelledOf} at each point, concatenated (observations.length values per point). */
  evaluateModelled?(xs: Float64Array[]): Promise<ArrayLike<number>>;
  close(): Promise<void>;
}

/** The loss of a calibration problem and its search box (see {@link prepareCalibration}). */
export interface Prepared {
  spec: LossSpec;
  lower: number[];
  upper: number[];
  x0: number[];
  isTrain: (o: Observation) => boolean;
  isHeldOut: (o: Observation) => boolean;
}

/** Validates the options and builds the loss specification (the budget is not needed). Throws ValidationError. */
export function prepareCalibration(opts: Omit<CalibrationOptions, 'budget' | 'optimizer' | 'onProgress'>): Prepared {
  return prepare({ ...opts, budget: 2 });
}

/** Validates the options and builds the loss specification. Throws ValidationError. */
function prepare(opts: CalibrationOptions): Prepared {
  checkCalibrationParams(opts.params);
  if (opts.bounds) checkBounds(opts.bounds, opts.params);
  if (opts.backtest !== undefined && !isMonth(opts.backtest)) {
    throw new ValidationError('--backtest', [{ path: '--backtest', expected: 'a month as YYYY-MM', found: JSON.stringify(opts.backtest) }]);
  }
  if (!(Number.isInteger(opts.budget) && opts.budget >= 2)) {
    throw new ValidationError('--budget', [{ path: '--budget', expected: 'an integer ≥ 2', found: String(opts.budget) }]);
  }
  const cut = opts.backtest ? monthIndex(opts.backtest) : Infinity;
  const isTrain = (o: Observation) => o.fit !== false && monthIndex(observationEnd(o)) < cut;
  const isHeldOut = (o: Observation) => o.fit !== false && monthIndex(observationEnd(o)) >= cut;
  const train = opts.observations.filter(isTrain);
  if (train.length === 0) {
    throw new ValidationError(opts.backtest ? '--backtest' : 'observations', [
      { path: opts.backtest ? '--backtest' : 'observations', expected: 'at least one fitted observation before the cut-off', found: 'none' },
    ]);
  }
  const scenario = withPriors(opts.scenario);
  const names = [...opts.params];
  const defs = names.map((n) => PARAM_INDEX.get(n)!);
  const lower = defs.map((d) => opts.bounds?.[d.name]?.[0] ?? d.min!);
  const upper = defs.map((d) => opts.bounds?.[d.name]?.[1] ?? d.max!);
  // the start point is the prior, moved inside a narrowed range if needed
  const x0 = names.map((n, i) => Math.min(upper[i], Math.max(lower[i], Number(scenario.params[n]))));
  const { from, to } = horizon(opts.observations);
  const priorMean = names.map((n) => Number(scenario.params[n]));
  const priorSd = defs.map((d) => d.priorSd ?? 0);
  return { spec: { scenario, names, priorMean, priorSd, observations: [...opts.observations], train: train.map((o) => o.id), from, to }, lower, upper, x0, isTrain, isHeldOut };
}

/** The result at the optimiser's best point (full-horizon run, residuals, paths). */
function finish(opts: CalibrationOptions, pr: Prepared, startLoss: number, best: OptimizeResult): { result: CalibrationResult; paths: CalibrationPaths } {
  const { spec, lower, upper, x0, isTrain, isHeldOut } = pr;
  const { scenario, names, to } = spec;
  const optimizer = opts.optimizer ?? 'cma-es';
  // never report a point worse than the start
  const useStart = startLoss <= best.f;
  const x = useStart ? Float64Array.from(x0) : best.x;
  // final evaluation on the full horizon (so charts extend to 2030)
  const full = runWith(scenario, names, x, DEFAULT_FROM, monthIndex(to) > monthIndex(DEFAULT_TO) ? to : DEFAULT_TO);
  const ev: FitEvaluation = evaluateFit(opts.observations, full, isTrain);
  const paths: Record<string, Float64Array> = {};
  for (const o of opts.observations) {
    const p = modelledPath(o, full);
    const sc = o.scale ? ev.scales[o.scale] : 1;
    if (sc !== 1) for (let t = 0; t < p.length; t++) p[t] *= sc;
    paths[o.id] = p;
  }
  const heldOut = new Set(opts.observations.filter(isHeldOut).map((o) => o.id));
  const fittedParams: FittedParam[] = names.map((n, i) => {
    const span = upper[i] - lower[i];
    const sd = spec.priorSd[i] > 0 ? spec.priorSd[i] : null;
    return {
      name: n,
      start: x0[i],
      value: x[i],
      min: lower[i],
      max: upper[i],
      atBound: x[i] - lower[i] < 0.01 * span || upper[i] - x[i] < 0.01 * span,
      priorMean: spec.priorMean[i],
      priorSd: sd,
      priorZ: sd === null ? null : (x[i] - spec.priorMean[i]) / sd,
    };
  });
  return {
    result: {
      modelVersion: MODEL_VERSION,
      scenario: opts.scenario.name,
      optimizer,
      seed: opts.seed,
      budget: opts.budget,
      backtest: opts.backtest ?? null,
      params: fittedParams,
      startLoss,
      loss: ev.loss,
      priorPenalty: priorPenalty(spec, x),
      evaluations: best.evaluations + 2,
      iterations: best.iterations,
      converged: best.converged,
      stopReason: useStart ? 'no point better than the start was found' : best.stopReason,
      residuals: ev.residuals.filter((r) => !heldOut.has(r.id)),
      backtest_residuals: ev.residuals.filter((r) => heldOut.has(r.id)),
      scales: ev.scales,
      fitted: spec.train,
      history: best.history,
    },
    paths: { dates: full.dates, paths },
  };
}

/** Fits the parameters on this thread. Throws ValidationError for bad names or a bad backtest month. */
export function calibrate(opts: CalibrationOptions): { result: CalibrationResult; paths: CalibrationPaths } {
  const pr = prepare(opts);
  const train = new Set(pr.spec.train);
  const lossAt = (x: ArrayLike<number>) => lossOf(pr.spec, x, train);
  const startLoss = lossAt(pr.x0);
  const problem = { lower: pr.lower, upper: pr.upper, f: (x: Float64Array) => lossAt(x) };
  const common = { x0: pr.x0, budget: opts.budget, seed: opts.seed, onIteration: (e: number, b: number) => opts.onProgress?.(e, opts.budget, b) };
  const best: OptimizeResult = (opts.optimizer ?? 'cma-es') === 'cma-es' ? cmaEs(problem, common) : nelderMead(problem, common);
  return finish(opts, pr, startLoss, best);
}

/**
 * Fits the parameters with each CMA-ES generation evaluated as one batch by `makeEvaluator`
 * (e.g. worker threads): the same result as {@link calibrate}, in less wall time on several
 * cores. Nelder–Mead is sequential and runs on this thread.
 */
export async function calibrateBatch(opts: CalibrationOptions, makeEvaluator: (spec: LossSpec) => LossEvaluator): Promise<{ result: CalibrationResult; paths: CalibrationPaths }> {
  if ((opts.optimizer ?? 'cma-es') !== 'cma-es') return calibrate(opts);
  const pr = prepare(opts);
  const ev = makeEvaluator(pr.spec);
  try {
    const startLoss = lossOf(pr.spec, pr.x0);
    const best = await cmaEsBatch(
      { lower: pr.lower, upper: pr.upper, fBatch: (xs) => ev.evaluate(xs) },
      { x0: pr.x0, budget: opts.budget, seed: opts.seed, onIteration: (e: number, b: number) => opts.onProgress?.(e, opts.budget, b) },
    );
    return finish(opts, pr, startLoss, best);
  } finally {
    await ev.close();
  }
}
