/**
 * Morris elementary effects (one-at-a-time trajectories on a p-level grid), with the μ* of
 * Campolongo, Cariboni and Saltelli (2007): the mean absolute elementary effect ranks
 * factors by influence; σ flags interactions and non-linearity. Effects are per unit of the
 * unit cube (a step across a parameter's whole range).
 */
import { Rng } from '../random.js';

/** A Morris design: r trajectories of k + 1 points each. */
export interface MorrisDesign {
  r: number;
  k: number;
  levels: number;
  delta: number;
  /** r·(k + 1) rows × k columns, row-major, in [0, 1]. */
  points: Float64Array;
  /** For step s of trajectory t (s = 1…k): the factor moved (index t·k + s − 1). */
  factor: Int32Array;
  /** The signed step of that move. */
  step: Float64Array;
}

/** Builds r random trajectories on a grid of `levels` levels (default 4; Δ = p / (2(p − 1))). */
export function morrisDesign(r: number, k: number, seed: number, levels = 4): MorrisDesign {
  if (!(Number.isInteger(r) && r >= 2)) throw new Error(`trajectory count must be an integer ≥ 2, found ${r}`);
  if (!(Number.isInteger(levels) && levels >= 2 && levels % 2 === 0)) throw new Error(`levels must be an even integer ≥ 2, found ${levels}`);
  const rng = new Rng(seed, 0x3055);
  const delta = levels / (2 * (levels - 1));
  const points = new Float64Array(r * (k + 1) * k);
  const factor = new Int32Array(r * k);
  const step = new Float64Array(r * k);
  const x = new Float64Array(k);
  const perm = new Int32Array(k);
  for (let t = 0; t < r; t++) {
    for (let j = 0; j < k; j++) x[j] = rng.int(levels) / (levels - 1);
    for (let j = 0; j < k; j++) perm[j] = j;
    for (let j = k - 1; j > 0; j--) {
      const q = rng.int(j + 1);
      const tmp = perm[j];
      perm[j] = perm[q];
      perm[q] = tmp;
    }
    const base = t * (k + 1);
    points.set(x, base * k);
    for (let s = 0; s < k; s++) {
      const i = perm[s];
      const up = x[i] + delta <= 1 + 1e-12 && (x[i] - delta < -1e-12 || rng.next() < 0.5);
      const d = up ? delta : -delta;
      x[i] += d;
      factor[t * k + s] = i;
      step[t * k + s] = d;
      points.set(x, (base + s + 1) * k);
    }
  }
  return { r, k, levels, delta, points, factor, step };
}

/** Morris statistics of one output. */
export interface MorrisIndices {
  /** Mean elementary effect. */
  mu: Float64Array;
  /** Mean absolute elementary effect (the ranking measure). */
  muStar: Float64Array;
  /** Standard deviation of the elementary effects. */
  sigma: Float64Array;
}

/** Computes μ, μ* and σ from outputs y (one per design row, in design order). */
export function morrisIndices(y: ArrayLike<number>, d: MorrisDesign): MorrisIndices {
  const { r, k } = d;
  const mu = new Float64Array(k);
  const muStar = new Float64Array(k);
  const sq = new Float64Array(k);
  for (let t = 0; t < r; t++) {
    const base = t * (k + 1);
    for (let s = 0; s < k; s++) {
      const i = d.factor[t * k + s];
      const ee = (y[base + s + 1] - y[base + s]) / d.step[t * k + s];
      mu[i] += ee / r;
      muStar[i] += Math.abs(ee) / r;
      sq[i] += ee * ee;
    }
  }
  const sigma = new Float64Array(k);
  for (let i = 0; i < k; i++) sigma[i] = r > 1 ? Math.sqrt(Math.max(0, (sq[i] - r * mu[i] * mu[i]) / (r - 1))) : 0;
  return { mu, muStar, sigma };
}
