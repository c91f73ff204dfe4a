/**
 * CMA-ES (covariance matrix adaptation evolution strategy), (μ/μ_w, λ) with rank-one and
 * rank-μ updates and cumulative step-size adaptation, after N. Hansen, "The CMA Evolution
 * Strategy: A Tutorial" (arXiv:1604.00772), with the default strategy parameters given there.
 * Works in the unit cube of the box (see box.ts); seeded, so a run is reproducible.
 */
import { Rng } from '../random.js';
import { UnitCube, type BoxProblem, type OptimizeOptions, type OptimizeResult } from './box.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Extra CMA-ES options. */
export interface CmaEsOptions extends OptimizeOptions {
  /** Population size λ (default 4 + ⌊3 ln n⌋). */
  popSize?: number;
}

/**
 * The CMA-ES state in ask/tell form: `ask` samples a generation of λ unit-cube points, `tell`
 * takes their (penalised) objective values and updates mean, step size and covariance. The
 * synchronous {@link cmaEs} and the batch {@link cmaEsBatch} drivers share it, so evaluating
 * a generation in parallel gives the same numbers as evaluating it in turn.
 */
export class CmaEsEngine {
  readonly n: number;
  readonly lambda: number;
  readonly mean: Float64Array;
  sigma: number;
  generation = 0;
  readonly history: number[] = [];
  stopReason = 'budget exhausted';
  converged = false;
  private readonly rng: Rng;
  private readonly mu: number;
  private readonly weights: Float64Array;
  private readonly mueff: number;
  private readonly cc: number;
  private readonly cs: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly damps: number;
  private readonly chiN: number;
  private readonly tolX: number;
  private readonly tolFun: number;
  private readonly stall: number;
  private readonly C: Float64Array;
  private readonly B: Float64Array;
  private readonly D: Float64Array;
  private readonly pc: Float64Array;
  private readonly ps: Float64Array;
  private readonly xs: Float64Array;
  private readonly zs: Float64Array;
  private readonly order: Int32Array;
  private readonly mold: Float64Array;
  private readonly tmp: Float64Array;

  constructor(n: number, start: Float64Array, opts: { seed?: number; step?: number; popSize?: number; tolX?: number; tolFun?: number }) {
    this.n = n;
    this.rng = new Rng(opts.seed ?? 1, 0xc3a);
    const lambda = Math.max(4, opts.popSize ?? 4 + Math.floor(3 * Math.log(n)));
    this.lambda = lambda;
    const mu = Math.floor(lambda / 2);
    this.mu = mu;
    const weights = new Float64Array(mu);
    let wsum = 0;
    for (let i = 0; i < mu; i++) wsum += weights[i] = Math.log(mu + 0.5) - Math.log(i + 1);
    let w2 = 0;
    for (let i = 0; i < mu; i++) {
      weights[i] /= wsum;
      w2 += weights[i] * weights[i];
    }
    this.weights = weights;
    const mueff = 1 / w2;
    this.mueff = mueff;
    this.cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
    this.cs = (mueff + 2) / (n + mueff + 5);
    this.c1 = 2 / ((n + 1.3) ** 2 + mueff);
    this.cmu = Math.min(1 - this.c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
    this.damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + this.cs;
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.tolX = opts.tolX ?? 1e-9;
    this.tolFun = opts.tolFun ?? 1e-10;
    this.mean = Float64Array.from(start);
    this.sigma = opts.step ?? 0.2;
    this.C = new Float64Array(n * n);
    for (let i = 0; i < n; i++) this.C[i * n + i] = 1;
    this.B = new Float64Array(n * n);
    this.D = new Float64Array(n);
    this.pc = new Float64Array(n);
    this.ps = new Float64Array(n);
    this.xs = new Float64Array(lambda * n);
    this.zs = new Float64Array(n);
    this.order = new Int32Array(lambda);
    this.mold = new Float64Array(n);
    this.tmp = new Float64Array(n);
    this.stall = 10 + Math.ceil((30 * n) / lambda);
  }

  /** Samples the next generation: λ points of n unit-cube coordinates, row-major (a view; do not keep). */
  ask(): Float64Array {
    const { n, B, D, zs, xs, mean: m } = this;
    symmetricEigen(this.C, n, D, B);
    for (let i = 0; i < n; i++) D[i] = Math.sqrt(Math.max(D[i], 1e-30));
    for (let k = 0; k < this.lambda; k++) {
      for (let i = 0; i < n; i++) zs[i] = D[i] * this.rng.normal();
      for (let i = 0; i < n; i++) {
        let y = 0;
        for (let j = 0; j < n; j++) y += B[i * n + j] * zs[j];
        xs[k * n + i] = m[i] + this.sigma * y;
      }
    }
    return xs;
  }

  /**
   * Updates the state from the objective values of the last `ask` (same order) and the best
   * value found so far; returns true when a convergence criterion stops the search.
   */
  tell(fit: ArrayLike<number>, bestF: number): boolean {
    const { n, lambda, mu, weights, mueff, cs, cc, c1, cmu, B, D, pc, ps, xs, order, mold, tmp, mean: m } = this;
    const sigma = this.sigma;
    for (let k = 0; k < lambda; k++) order[k] = k;
    order.sort((a, b) => fit[a] - fit[b] || a - b);
    mold.set(m);
    m.fill(0);
    for (let r = 0; r < mu; r++) {
      const k = order[r];
      for (let i = 0; i < n; i++) m[i] += weights[r] * xs[k * n + i];
    }
    // C^{-1/2} (m − mold) / σ = B D^{-1} Bᵀ (m − mold) / σ
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += B[i * n + j] * (m[i] - mold[i]);
      tmp[j] = s / D[j] / sigma;
    }
    const csn = Math.sqrt(cs * (2 - cs) * mueff);
    let psNorm = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += B[i * n + j] * tmp[j];
      ps[i] = (1 - cs) * ps[i] + csn * s;
      psNorm += ps[i] * ps[i];
    }
    psNorm = Math.sqrt(psNorm);
    const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (this.generation + 1))) / this.chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const ccn = Math.sqrt(cc * (2 - cc) * mueff);
    for (let i = 0; i < n; i++) pc[i] = (1 - cc) * pc[i] + (hsig * ccn * (m[i] - mold[i])) / sigma;
    const keep = 1 - c1 - cmu;
    const C = this.C;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        for (let r = 0; r < mu; r++) {
          const k = order[r];
          rankMu += (weights[r] * (xs[k * n + i] - mold[i]) * (xs[k * n + j] - mold[j])) / (sigma * sigma);
        }
        const v = keep * C[i * n + j] + c1 * (pc[i] * pc[j] + (1 - hsig) * cc * (2 - cc) * C[i * n + j]) + cmu * rankMu;
        C[i * n + j] = v;
        C[j * n + i] = v;
      }
    }
    this.sigma = Math.min(sigma * Math.exp((cs / this.damps) * (psNorm / this.chiN - 1)), 1); // never wider than the box
    this.generation++;
    const gen = this.generation;
    this.history.push(bestF);
    let maxD = 0;
    for (let i = 0; i < n; i++) maxD = Math.max(maxD, D[i]);
    if (this.sigma * maxD < this.tolX) {
      this.stopReason = `step below tolX (${this.tolX})`;
      this.converged = true;
      return true;
    }
    if (gen > this.stall && this.history[gen - 1 - this.stall] - bestF <= this.tolFun * Math.max(1, Math.abs(bestF))) {
      const spread = fit[order[lambda - 1]] - fit[order[0]];
      if (spread <= this.tolFun * Math.max(1, Math.abs(bestF)) || this.sigma * maxD < 1e-6) {
        this.stopReason = `no improvement over ${this.stall} generations`;
        this.converged = true;
        return true;
      }
    }
    return false;
  }
}

/** Minimises `problem.f` over its box with CMA-ES. */
export function cmaEs(problem: BoxProblem, opts: CmaEsOptions): OptimizeResult {
  const cube = new UnitCube(problem);
  const n = cube.n;
  const es = new CmaEsEngine(n, cube.toUnit(opts.x0), opts);
  const fit = new Float64Array(es.lambda);
  // the start point counts as an evaluation so the best is never worse than the start
  cube.eval(es.mean);
  while (cube.evaluations + es.lambda <= opts.budget) {
    const xs = es.ask();
    for (let k = 0; k < es.lambda; k++) fit[k] = cube.eval(xs.subarray(k * n, (k + 1) * n));
    const stop = es.tell(fit, cube.bestF);
    opts.onIteration?.(cube.evaluations, cube.bestF);
    if (stop) break;
  }
  return { x: cube.toProblem(cube.bestU), f: cube.bestF, evaluations: cube.evaluations, iterations: es.generation, converged: es.converged, stopReason: es.stopReason, history: es.history };
}

/** A box problem whose objective is evaluated a batch at a time (e.g. by worker threads). */
export interface BatchBoxProblem {
  lower: readonly number[];
  upper: readonly number[];
  /** Objective values at the points (problem coordinates, inside the box), in order. */
  fBatch: (xs: Float64Array[]) => Promise<ArrayLike<number>>;
}

/**
 * CMA-ES with each generation evaluated as one batch: the same numbers as {@link cmaEs} with
 * the same seed (the objective must be deterministic), in less wall time when the batch is
 * spread over threads.
 */
export async function cmaEsBatch(problem: BatchBoxProblem, opts: CmaEsOptions): Promise<OptimizeResult> {
  const cube = new UnitCube({ lower: problem.lower, upper: problem.upper, f: () => NaN });
  const n = cube.n;
  const es = new CmaEsEngine(n, cube.toUnit(opts.x0), opts);
  const fit = new Float64Array(es.lambda);
  const evalAll = async (us: Float64Array[]) => {
    const xs = us.map(() => new Float64Array(n));
    const pens = us.map((u, k) => cube.clampInto(u, xs[k]));
    const f = await problem.fBatch(xs);
    return us.map((u, k) => cube.record(u, f[k], pens[k]));
  };
  await evalAll([Float64Array.from(es.mean)]);
  while (cube.evaluations + es.lambda <= opts.budget) {
    const xs = es.ask();
    const us = Array.from({ length: es.lambda }, (_, k) => xs.slice(k * n, (k + 1) * n));
    const vals = await evalAll(us);
    for (let k = 0; k < es.lambda; k++) fit[k] = vals[k];
    const stop = es.tell(fit, cube.bestF);
    opts.onIteration?.(cube.evaluations, cube.bestF);
    if (stop) break;
  }
  return { x: cube.toProblem(cube.bestU), f: cube.bestF, evaluations: cube.evaluations, iterations: es.generation, converged: es.converged, stopReason: es.stopReason, history: es.history };
}
