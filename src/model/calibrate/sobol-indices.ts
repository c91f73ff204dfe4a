/**
 * Variance-based sensitivity: Saltelli sampling and first-order (S1) and total (ST) Sobol
 * indices, with the estimators of Saltelli et al. (2010, "Variance based sensitivity analysis
 * of model output", Comput. Phys. Commun. 181) for S1 and Jansen (1999) for ST.
 *
 * Points are plain seeded Monte Carlo in the unit cube (no quasi-random sequence is available
 * in the model core yet); accuracy grows as 1/√N.
 */
import { Rng } from '../random.js';

/** A Saltelli design: rows A (N), B (N), then AB_1 … AB_k (N each), every row k coordinates in [0, 1). */
export interface SaltelliDesign {
  N: number;
  k: number;
  /** (k + 2)·N rows × k columns, row-major. */
  points: Float64Array;
}

/** Number of model evaluations of a Saltelli design. */
export function saltelliEvaluations(N: number, k: number): number {
  return (k + 2) * N;
}

/** Builds a Saltelli design of base size N for k factors. */
export function saltelliDesign(N: number, k: number, seed: number): SaltelliDesign {
  if (!(Number.isInteger(N) && N >= 2)) throw new Error(`base sample size must be an integer ≥ 2, found ${N}`);
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`factor count must be a positive integer, found ${k}`);
  const rng = new Rng(seed, 0x5a17);
  const points = new Float64Array((k + 2) * N * k);
  for (let r = 0; r < 2 * N; r++) for (let j = 0; j < k; j++) points[r * k + j] = rng.next();
  for (let i = 0; i < k; i++) {
    for (let r = 0; r < N; r++) {
      const row = (2 + i) * N + r;
      for (let j = 0; j < k; j++) points[row * k + j] = j === i ? points[(N + r) * k + j] : points[r * k + j];
    }
  }
  return { N, k, points };
}

/** Sobol indices of one output. */
export interface SobolIndices {
  S1: Float64Array;
  ST: Float64Array;
  /** Total variance of the output. */
  variance: number;
}

/** Computes S1 and ST from the outputs y (one per design row, in design order). */
export function sobolIndices(y: ArrayLike<number>, N: number, k: number): SobolIndices {
  let mean = 0;
  for (let r = 0; r < 2 * N; r++) mean += y[r];
  mean /= 2 * N;
  let variance = 0;
  for (let r = 0; r < 2 * N; r++) variance += (y[r] - mean) ** 2;
  variance /= 2 * N - 1;
  const S1 = new Float64Array(k);
  const ST = new Float64Array(k);
  if (!(variance > 0)) return { S1, ST, variance: 0 };
  for (let i = 0; i < k; i++) {
    let s1 = 0;
    let st = 0;
    for (let r = 0; r < N; r++) {
      const fA = y[r];
      const fB = y[N + r];
      const fAB = y[(2 + i) * N + r];
      s1 += fB * (fAB - fA);
      st += (fA - fAB) ** 2;
    }
    S1[i] = s1 / N / variance;
    ST[i] = st / (2 * N) / variance;
  }
  return { S1, ST, variance };
}
