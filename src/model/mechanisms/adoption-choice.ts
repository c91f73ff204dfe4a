/**
 * Adoption choice: multinomial logit over the available models, with a switching cost.
 * Article: "companies are making pragmatic decisions based on cost and functionality" —
 * utility (assembled in solvers/utilities.ts) weighs capability, price, ecosystem,
 * customizability and governance risk; this file turns utilities into choices.
 *
 * With a stay bonus κ for the current option j, a reconsidering adopter picks o with
 *   P(o | j) = e^{U_o + κ[o=j]} / (Z + (e^κ − 1) e^{U_j}),  Z = Σ_o e^{U_o}.
 * Summed over current options this is O(n) per segment (see {@link reconsiderShares}).
 */

/** Logit probabilities from weights w_o = e^{U_o} (0 for unavailable options). Returns Z. */
export function logitFromWeights(w: Float64Array, off: number, n: number, out: Float64Array, outOff: number): number {
  let z = 0;
  for (let o = 0; o < n; o++) z += w[off + o];
  if (z > 0) {
    const inv = 1 / z;
    for (let o = 0; o < n; o++) out[outOff + o] = w[off + o] * inv;
  } else {
    for (let o = 0; o < n; o++) out[outOff + o] = 0;
  }
  return z;
}

/**
 * Shares after one month of reconsideration. `x` holds current shares (sum 1), `w` the
 * weights e^{U}, `rho` the fraction reconsidering (users of unavailable options, w = 0,
 * always reconsider), `ek` = e^κ. Writes the new shares into `out`.
 *
 *   x'_o = x_o (1 − r_o) + e^{U_o} (Σ_j x_j r_j / D_j + x_o r_o (e^κ − 1) / D_o),
 *   D_j = Z + (e^κ − 1) e^{U_j},  r_j = rho if w_j > 0 else 1.
 */
export function reconsiderShares(
  x: Float64Array,
  xOff: number,
  w: Float64Array,
  wOff: number,
  n: number,
  rho: number,
  ek: number,
  out: Float64Array,
  outOff: number,
): void {
  let z = 0;
  for (let o = 0; o < n; o++) z += w[wOff + o];
  if (z <= 0) {
    for (let o = 0; o < n; o++) out[outOff + o] = x[xOff + o];
    return;
  }
  const k1 = ek - 1;
  let s = 0;
  for (let j = 0; j < n; j++) {
    const xj = x[xOff + j];
    if (xj === 0) continue;
    const wj = w[wOff + j];
    const r = wj > 0 ? rho : 1;
    s += (xj * r) / (z + k1 * wj);
  }
  for (let o = 0; o < n; o++) {
    const wo = w[wOff + o];
    const xo = x[xOff + o];
    if (wo > 0) {
      out[outOff + o] = xo * (1 - rho) + wo * (s + (xo * rho * k1) / (z + k1 * wo));
    } else {
      out[outOff + o] = 0;
    }
  }
}

/** Index drawn with probability proportional to `w` (inverse CDF with one uniform). */
export function sampleIndex(w: Float64Array, n: number, total: number, u: number): number {
  let target = u * total;
  let last = -1;
  for (let o = 0; o < n; o++) {
    const wo = w[o];
    if (wo <= 0) continue;
    last = o;
    target -= wo;
    if (target < 0) return o;
  }
  return last;
}
