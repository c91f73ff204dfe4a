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

/** Minimises `problem.f` over its box with CMA-ES. */
export function cmaEs(problem: BoxProblem, opts: CmaEsOptions): OptimizeResult {
  const cube = new UnitCube(problem);
  const n = cube.n;
  const rng = new Rng(opts.seed ?? 1, 0xc3a);
  const lambda = Math.max(4, opts.popSize ?? 4 + Math.floor(3 * Math.log(n)));
  const mu = Math.floor(lambda / 2);
  const weights = new Float64Array(mu);
  let wsum = 0;
  for (let i = 0; i < mu; i++) wsum += weights[i] = Math.log(mu + 0.5) - Math.log(i + 1);
  let w2 = 0;
  for (let i = 0; i < mu; i++) {
    weights[i] /= wsum;
    w2 += weights[i] * weights[i];
  }
  const mueff = 1 / w2;
  const cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
  const cs = (mueff + 2) / (n + mueff + 5);
  const c1 = 2 / ((n + 1.3) ** 2 + mueff);
  const cmu = Math.min(1 - c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
  const damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  const tolX = opts.tolX ?? 1e-9;
  const tolFun = opts.tolFun ?? 1e-10;

  const m = cube.toUnit(opts.x0);
  let sigma = opts.step ?? 0.2;
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) C[i * n + i] = 1;
  const B = new Float64Array(n * n);
  const D = new Float64Array(n);
  const pc = new Float64Array(n);
  const ps = new Float64Array(n);
  const xs = new Float64Array(lambda * n);
  const zs = new Float64Array(n);
  const fit = new Float64Array(lambda);
  const order = new Int32Array(lambda);
  const mold = new Float64Array(n);
  const tmp = new Float64Array(n);
  const history: number[] = [];
  const stall = 10 + Math.ceil((30 * n) / lambda);

  let gen = 0;
  let stopReason = 'budget exhausted';
  let converged = false;
  // initial point counts as an evaluation so the best is never worse than the start
  cube.eval(m);
  while (cube.evaluations + lambda <= opts.budget) {
    symmetricEigen(C, n, D, B);
    for (let i = 0; i < n; i++) D[i] = Math.sqrt(Math.max(D[i], 1e-30));
    for (let k = 0; k < lambda; k++) {
      for (let i = 0; i < n; i++) zs[i] = D[i] * rng.normal();
      for (let i = 0; i < n; i++) {
        let y = 0;
        for (let j = 0; j < n; j++) y += B[i * n + j] * zs[j];
        xs[k * n + i] = m[i] + sigma * y;
      }
      fit[k] = cube.eval(xs.subarray(k * n, (k + 1) * n));
      order[k] = k;
    }
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
    const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (gen + 1))) / chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const ccn = Math.sqrt(cc * (2 - cc) * mueff);
    for (let i = 0; i < n; i++) pc[i] = (1 - cc) * pc[i] + (hsig * ccn * (m[i] - mold[i])) / sigma;
    const keep = 1 - c1 - cmu;
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
    sigma *= Math.exp((cs / damps) * (psNorm / chiN - 1));
    sigma = Math.min(sigma, 1); // never wider than the box
    gen++;
    history.push(cube.bestF);
    opts.onIteration?.(cube.evaluations, cube.bestF);
    let maxD = 0;
    for (let i = 0; i < n; i++) maxD = Math.max(maxD, D[i]);
    if (sigma * maxD < tolX) {
      stopReason = `step below tolX (${tolX})`;
      converged = true;
      break;
    }
    if (gen > stall && history[gen - 1 - stall] - cube.bestF <= tolFun * Math.max(1, Math.abs(cube.bestF))) {
      const spread = fit[order[lambda - 1]] - fit[order[0]];
      if (spread <= tolFun * Math.max(1, Math.abs(cube.bestF)) || sigma * maxD < 1e-6) {
        stopReason = `no improvement over ${stall} generations`;
        converged = true;
        break;
      }
    }
  }
  return { x: cube.toProblem(cube.bestU), f: cube.bestF, evaluations: cube.evaluations, iterations: gen, converged, stopReason, history };
}
