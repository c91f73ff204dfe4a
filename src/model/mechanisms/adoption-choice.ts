/**
 * Adoption choice: multinomial logit over the available models, with a switching cost.
 * Article: "companies are making pragmatic decisions based on cost and functionality" — the
 * utility is in utility.ts, the latent classes in demand-classes.ts; this file turns weights
 * w_o = e^{U_o} into choices. It is the one place where shares move: the meanfield solver
 * calls {@link reconsiderShares} and {@link addEntrants}, the agents solver draws single
 * adopters from the same probabilities ({@link stayProbability}).
 *
 * With a stay bonus κ for the current option j, a reconsidering adopter picks o with
 *   P(o | j) = e^{U_o + κ[o=j]} / (Z + (e^κ − 1) e^{U_j}),  Z = Σ_o e^{U_o},
 * that is: it stays with probability (e^κ − 1) w_j / D_j, D_j = Z + (e^κ − 1) w_j, and
 * otherwise draws from the plain logit w / Z (which may return j again).
 */

/**
 * One month of reconsideration in one (segment, class) cell, in place. `x[off + o]` are the
 * shares of the listed options `act[0..n)`, `w[off + o]` their weights (0: unavailable, whose
 * users all reconsider), `rho` the fraction reconsidering, `ek` = e^κ:
 *
 *   x'_o = x_o (1 − r_o) + w_o (Σ_j x_j r_j / D_j + x_o r_o (e^κ − 1) / D_o),  r_j = rho or 1.
 *
 * O(n) (a test checks it against the O(n²) sum over current options); `inv` is scratch of
 * length ≥ n for the 1/D_j. Returns Z.
 */
export function reconsiderShares(x: Float64Array, w: Float64Array, off: number, act: Int32Array, n: number, rho: number, ek: number, inv: Float64Array): number {
  let z = 0;
  for (let i = 0; i < n; i++) z += w[off + act[i]];
  return z > 0 ? reconsiderAndEnter(x, w, off, act, n, rho, ek, inv, z, 1, 0) : 0;
}

/**
 * {@link reconsiderShares} and {@link addEntrants} in one pass, given Z: the reconsidered
 * shares x′ are mixed with the entrants' logit as x″ = a·x′ + b·w (a = F/(F + ΔF),
 * b = ΔF/((F + ΔF)·Z); a = 1, b = 0 without entrants). Returns Z.
 *
 * With `tally` given, also adds m·x″_o to `tally[tallyRow + o]` while x″ is in a register
 * (the meanfield solver's adopters of the segment).
 */
export function reconsiderAndEnter(x: Float64Array, w: Float64Array, off: number, act: Int32Array, n: number, rho: number, ek: number, inv: Float64Array, z: number, a: number, b: number, tally?: Float64Array, tallyRow = 0, m = 0): number {
  const k1 = ek - 1;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const j = off + act[i];
    const wj = w[j];
    const d = 1 / (z + k1 * wj);
    inv[i] = d;
    const xj = x[j];
    if (xj !== 0) s += xj * (wj > 0 ? rho : 1) * d;
  }
  const keep = 1 - rho;
  for (let i = 0; i < n; i++) {
    const ao = act[i];
    const o = off + ao;
    const wo = w[o];
    const xo = x[o];
    const x2 = wo > 0 ? a * (xo * keep + wo * (s + xo * rho * k1 * inv[i])) + b * wo : 0;
    x[o] = x2;
    if (tally !== undefined) tally[tallyRow + ao] += m * x2;
  }
  return z;
}

/**
 * Entrants choose by plain logit. Mixes `dF` new adopters (share of the cell) into the
 * shares of `F` existing adopters: x'' = (F·x' + dF·w/Z) / (F + dF).
 */
export function addEntrants(x: Float64Array, w: Float64Array, off: number, act: Int32Array, n: number, z: number, F: number, dF: number): void {
  const tot = F + dF;
  if (!(tot > 0) || !(z > 0)) return;
  const a = F / tot;
  const b = dF / tot / z;
  for (let i = 0; i < n; i++) {
    const o = off + act[i];
    x[o] = a * x[o] + b * w[o];
  }
}

/** Plain logit shares of the listed options (initial state, entrants). Returns Z. */
export function logitShares(x: Float64Array, w: Float64Array, off: number, act: Int32Array, n: number): number {
  let z = 0;
  for (let i = 0; i < n; i++) z += w[off + act[i]];
  for (let i = 0; i < n; i++) {
    const o = off + act[i];
    x[o] = z > 0 ? w[o] / z : 0;
  }
  return z;
}

/** Probability that a reconsidering adopter of option j (weight wj) keeps it thanks to the switching cost. */
export function stayProbability(wj: number, z: number, ek: number): number {
  if (!(wj > 0)) return 0;
  const k = (ek - 1) * wj;
  return k / (z + k);
}

/** Switching cost of a segment: developers are tied to the base models their pipelines use. */
export function switchingCostOf(switchingCost: number, developerStickiness: number, developer: boolean): number {
  return switchingCost + (developer ? developerStickiness : 0);
}

/** Index drawn with probability proportional to `w[0..n)` (inverse CDF with one uniform). */
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
