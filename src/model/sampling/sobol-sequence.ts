/**
 * Sobol low-discrepancy sequence (Bratley and Fox's construction with the Joe–Kuo direction
 * numbers), unscrambled, in Gray-code order: the same points as Joe and Kuo's reference
 * program `sobol.cc` and SciPy's `qmc.Sobol(d, scramble=False)`. Point 0 is the origin.
 *
 * Pure and isomorphic. Point i is computed directly from the Gray code of i, so `skip` costs
 * nothing and any slice of the sequence can be produced independently (e.g. by many workers).
 */
import { JOE_KUO_ROWS } from './joe-kuo-directions.js';

/** Bits of resolution: points are multiples of 2^-32. */
const BITS = 32;

/** Largest number of dimensions available (1 + rows of the Joe–Kuo table carried here). */
export const SOBOL_MAX_DIMS = 1 + JOE_KUO_ROWS.split('|').length;

/** Largest point index supported (the sequence has 2^32 points at 32 bits). */
export const SOBOL_MAX_INDEX = 2 ** 32 - 1;

let directions: Uint32Array[] | undefined;

/** Direction integers v[d][j] (scaled by 2^32) of every dimension, built once on first use. */
function directionTable(): Uint32Array[] {
  if (directions) return directions;
  const all: Uint32Array[] = [];
  const first = new Uint32Array(BITS);
  for (let j = 0; j < BITS; j++) first[j] = 2 ** (BITS - 1 - j);
  all.push(first);
  for (const row of JOE_KUO_ROWS.split('|')) {
    const [s, a, ...m] = row.split(' ').map(Number);
    const v = new Uint32Array(BITS);
    for (let j = 0; j < BITS; j++) {
      if (j < s) {
        v[j] = (m[j] * 2 ** (BITS - 1 - j)) >>> 0;
        continue;
      }
      // Bratley–Fox recurrence: v_j = v_{j-s} ^ (v_{j-s} >> s) ^ XOR_k a_k v_{j-k}
      let x = v[j - s] ^ (v[j - s] >>> s);
      for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x ^= v[j - k];
      v[j] = x >>> 0;
    }
    all.push(v);
  }
  directions = all;
  return all;
}

/**
 * Writes point `index` of the `dims`-dimensional sequence into `out` (length ≥ dims).
 * Coordinates are in [0, 1).
 */
export function sobolPointInto(index: number, dims: number, out: Float64Array): Float64Array {
  checkDims(dims);
  if (!Number.isInteger(index) || index < 0 || index > SOBOL_MAX_INDEX) {
    throw new RangeError(`Sobol point index must be an integer in [0, ${SOBOL_MAX_INDEX}], got ${index}`);
  }
  const table = directionTable();
  // Gray code of the index: bit j set ⇒ direction j enters the XOR.
  const gray = (index ^ Math.floor(index / 2)) >>> 0;
  for (let d = 0; d < dims; d++) {
    const v = table[d];
    let x = 0;
    for (let j = 0, g = gray; g !== 0; j++, g >>>= 1) if (g & 1) x ^= v[j];
    out[d] = (x >>> 0) * 2.3283064365386963e-10;
  }
  return out;
}

/**
 * The first `n` points after `skip` of the `dims`-dimensional Sobol sequence, one
 * Float64Array row per point, coordinates in [0, 1). Take n a power of two (and skip 0) to
 * keep the sequence's balance properties.
 */
export function sobolPoints(n: number, dims: number, skip = 0): Float64Array[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`number of Sobol points must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(skip) || skip < 0 || skip + n - 1 > SOBOL_MAX_INDEX) throw new RangeError(`Sobol skip must be a non-negative integer with skip + n ≤ 2^32, got ${skip}`);
  checkDims(dims);
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) rows.push(sobolPointInto(skip + i, dims, new Float64Array(dims)));
  return rows;
}

function checkDims(dims: number): void {
  if (!Number.isInteger(dims) || dims < 1 || dims > SOBOL_MAX_DIMS) {
    throw new RangeError(`Sobol dimensions must be an integer in [1, ${SOBOL_MAX_DIMS}], got ${dims}`);
  }
}
