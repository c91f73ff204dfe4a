/**
 * Nelder–Mead simplex search with the dimension-adaptive coefficients of Gao and Han
 * ("Implementing the Nelder-Mead simplex algorithm with adaptive parameters", Comput. Optim.
 * Appl. 51, 2012). Works in the unit cube of the box (see box.ts). Deterministic.
 */
import { UnitCube, type BoxProblem, type OptimizeOptions, type OptimizeResult } from './box.js';

/** Minimises `problem.f` over its box with Nelder–Mead. */
export function nelderMead(problem: BoxProblem, opts: OptimizeOptions): OptimizeResult {
  const cube = new UnitCube(problem);
  const n = cube.n;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  const step = opts.step ?? 0.1;
  const tolX = opts.tolX ?? 1e-10;
  const tolFun = opts.tolFun ?? 1e-12;

  // simplex: n + 1 vertices, each n coordinates
  const P = new Float64Array((n + 1) * n);
  const F = new Float64Array(n + 1);
  const x0 = cube.toUnit(opts.x0);
  for (let v = 0; v <= n; v++) {
    for (let i = 0; i < n; i++) P[v * n + i] = x0[i];
    if (v > 0) {
      const i = v - 1;
      P[v * n + i] += x0[i] + step <= 1 ? step : -step;
    }
    F[v] = cube.eval(P.subarray(v * n, (v + 1) * n));
  }
  const cen = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  const idx = Array.from({ length: n + 1 }, (_, i) => i);
  const history: number[] = [];
  let it = 0;
  let stopReason = 'budget exhausted';
  let converged = false;
  const swapIn = (v: number, x: Float64Array, f: number) => {
    P.set(x, v * n);
    F[v] = f;
  };
  while (cube.evaluations < opts.budget) {
    idx.sort((a, b) => F[a] - F[b] || a - b);
    const best = idx[0];
    const worst = idx[n];
    const second = idx[n - 1];
    // convergence: simplex size and spread of values
    let size = 0;
    for (let v = 0; v <= n; v++) for (let i = 0; i < n; i++) size = Math.max(size, Math.abs(P[v * n + i] - P[best * n + i]));
    if (size < tolX || F[worst] - F[best] <= tolFun * Math.max(1e-300, Math.abs(F[best])) + 1e-300) {
      stopReason = size < tolX ? `simplex below tolX (${tolX})` : 'values flat across the simplex';
      converged = true;
      break;
    }
    cen.fill(0);
    for (let r = 0; r < n; r++) for (let i = 0; i < n; i++) cen[i] += P[idx[r] * n + i] / n;
    for (let i = 0; i < n; i++) xr[i] = cen[i] + alpha * (cen[i] - P[worst * n + i]);
    const fr = cube.eval(xr);
    if (fr < F[best]) {
      for (let i = 0; i < n; i++) xe[i] = cen[i] + beta * (xr[i] - cen[i]);
      const fe = cube.eval(xe);
      if (fe < fr) swapIn(worst, xe, fe);
      else swapIn(worst, xr, fr);
    } else if (fr < F[second]) {
      swapIn(worst, xr, fr);
    } else {
      const outside = fr < F[worst];
      for (let i = 0; i < n; i++) xc[i] = outside ? cen[i] + gamma * (xr[i] - cen[i]) : cen[i] - gamma * (cen[i] - P[worst * n + i]);
      const fc = cube.eval(xc);
      if (fc < (outside ? fr : F[worst])) swapIn(worst, xc, fc);
      else {
        // shrink toward the best vertex
        for (let v = 0; v <= n; v++) {
          if (v === best) continue;
          for (let i = 0; i < n; i++) P[v * n + i] = P[best * n + i] + delta * (P[v * n + i] - P[best * n + i]);
          F[v] = cube.eval(P.subarray(v * n, (v + 1) * n));
        }
      }
    }
    it++;
    history.push(cube.bestF);
    opts.onIteration?.(cube.evaluations, cube.bestF);
  }
  return { x: cube.toProblem(cube.bestU), f: cube.bestF, evaluations: cube.evaluations, iterations: it, converged, stopReason, history };
}
