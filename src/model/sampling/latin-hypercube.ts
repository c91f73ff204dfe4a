/**
 * Latin hypercube sampling (McKay, Beckman and Conover, Technometrics 21, 1979): n points in
 * [0, 1)^dims such that, in every dimension, each of the n equal strata holds exactly one
 * point. Strata are matched across dimensions by independent random permutations and each
 * point is jittered uniformly inside its stratum. Pure and seeded: same seed, same points.
 */
import { Rng } from '../random.js';

/** Random stream id of the sampler (distinct from the solvers' streams). */
const LHS_STREAM = 0x1a7;

/**
 * `n` Latin-hypercube points in `dims` dimensions, one Float64Array row per point, from the
 * given seed.
 */
export function latinHypercube(n: number, dims: number, seed: number): Float64Array[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`number of LHS points must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`LHS dimensions must be a positive integer, got ${dims}`);
  if (!Number.isInteger(seed)) throw new RangeError(`LHS seed must be an integer, got ${seed}`);
  const rng = new Rng(seed, LHS_STREAM);
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) rows.push(new Float64Array(dims));
  const perm = new Int32Array(n);
  for (let d = 0; d < dims; d++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    // Fisher–Yates shuffle
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    for (let i = 0; i < n; i++) {
      const u = (perm[i] + rng.next()) / n;
      // guard against rounding up to 1 at the top stratum
      rows[i][d] = u < 1 ? u : (perm[i] + 0.5) / n;
    }
  }
  return rows;
}
