/**
 * Adoption choice: multinomial logit over the available models, with a switching cost.
 * Article: "companies are making pragmatic decisions based on cost and functionality" — the
 * utility is in utility.ts, the latent classes in demand-classes.ts; this file turns weights
 * w_o = e^{U_o} into choices. It is the one place where shares move: the meanfield solver
 * calls {@link reconsiderSegment} (reconsideration and entry), the agents solver draws single
 * adopters from the same probabilities ({@link stayProbability}).
 *
 * With a stay bonus κ for the current option j, a reconsidering adopter picks o with
 *   P(o | j) = e^{U_o + κ[o=j]} / (Z + (e^κ − 1) e^{U_j}),  Z = Σ_o e^{U_o},
 * that is: it stays with probability (e^κ − 1) w_j / D_j, D_j = Z + (e^κ − 1) w_j, and
 * otherwise draws from the plain logit w / Z (which may return j again).
 */

/**
 * How a class cell of a segment moves this month ({@link reconsiderSegment}):
 * reconsideration then entrants (the cell has adopters and something on offer), the first
 * adopters choosing by plain logit, or nothing on offer (nobody moves or enters).
 */
export const RECONSIDER = 0;
export const FIRST_ADOPTERS = 1;
export const FROZEN = 2;

/**
 * One month of reconsideration in one (segment, class) cell, in place. `x[off + o]` are the
 * shares of the listed options `act[0..n)`, `w[off + o]` their weights (0: unavailable, whose
 * users all reconsider), `rho` the fraction reconsidering, `ek` = e^κ:
 *
 *   x'_o = x_o (1 − r_o) + w_o (Σ_j x_j r_j / D_j + x_o r_o (e^κ − 1) / D_o),  r_j = rho or 1.
 *
 * O(n) (a test checks it against the O(n²) sum over current options). Returns Z. Evaluated
 * by {@link reconsiderSegment} on four copies of the cell.
 */
export function reconsiderShares(x: Float64Array, w: Float64Array, off: number, act: Int32Array, n: number, rho: number, ek: number): number {
  let z = 0;
  for (let i = 0; i < n; i++) z += w[off + act[i]];
  if (!(z > 0)) return 0;
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, act[i] + 1);
  const x4 = new Float64Array(top * 4);
  const w4 = new Float64Array(top * 4);
  for (let i = 0; i < n; i++) {
    const o = act[i];
    for (let c = 0; c < 4; c++) {
      x4[o * 4 + c] = x[off + o];
      w4[o * 4 + c] = w[off + o];
    }
  }
  const one = Float64Array.of(1, 1, 1, 1);
  reconsiderSegment(x4, w4, 0, act, n, rho, ek, new Float64Array(4 * n), Float64Array.of(z, z, z, z), one, new Float64Array(4), new Float64Array(4), new Uint8Array(4), new Float64Array(top), 0);
  for (let i = 0; i < n; i++) x[off + act[i]] = x4[act[i] * 4];
  return z;
}

/**
 * The month's move of the four class cells of one segment, in place: reconsideration (the
 * equation of {@link reconsiderShares}) and entry, the reconsidered shares x′ mixed with the
 * entrants' logit as x″ = a·x′ + b·w (a = F/(F + ΔF), b = ΔF/((F + ΔF)·Z)); a cell with
 * move FIRST_ADOPTERS takes the plain logit w/Z, a FROZEN one
 * keeps its shares. Per class c (arrays of length 4): `z` Z, `a`, `b`, the adopter mass `m`
 * and the `move` (0, 1 or 2: the constants above).
 *
 * Layout: option o of class c sits at `base + 4·o + c` (the four classes side by side), so one
 * pass over the options serves the whole segment: the arrays and option indices are read
 * once for four cells, and the four sums run in parallel. `inv` is scratch of length ≥ 4n.
 * Also sets `tally[row + o]` to Σ_c m_c·x″_{o,c} (the segment's adopters of each option).
 */
export function reconsiderSegment(x: Float64Array, w: Float64Array, base: number, act: Int32Array, n: number, rho: number, ek: number, inv: Float64Array, z: Float64Array, a: Float64Array, b: Float64Array, m: Float64Array, move: Uint8Array, tally: Float64Array, row: number): void {
  const k1 = ek - 1;
  const z0 = z[0], z1 = z[1], z2 = z[2], z3 = z[3];
  // Σ_j x_j r_j / D_j of each class
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0; i < n; i++) {
    const j = base + 4 * act[i];
    const q = 4 * i;
    s0 += leavingTerm(x[j], w[j], rho, (inv[q] = 1 / (z0 + k1 * w[j])));
    s1 += leavingTerm(x[j + 1], w[j + 1], rho, (inv[q + 1] = 1 / (z1 + k1 * w[j + 1])));
    s2 += leavingTerm(x[j + 2], w[j + 2], rho, (inv[q + 2] = 1 / (z2 + k1 * w[j + 2])));
    s3 += leavingTerm(x[j + 3], w[j + 3], rho, (inv[q + 3] = 1 / (z3 + k1 * w[j + 3])));
  }
  const keep = 1 - rho;
  const a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
  const b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
  const m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3];
  const v0 = move[0], v1 = move[1], v2 = move[2], v3 = move[3];
  for (let i = 0; i < n; i++) {
    const ao = act[i];
    const j = base + 4 * ao;
    const q = 4 * i;
    let t = 0;
    t += m0 * (x[j] = movedShare(v0, w[j], x[j], a0, b0, s0, keep, rho, k1, inv[q], z0));
    t += m1 * (x[j + 1] = movedShare(v1, w[j + 1], x[j + 1], a1, b1, s1, keep, rho, k1, inv[q + 1], z1));
    t += m2 * (x[j + 2] = movedShare(v2, w[j + 2], x[j + 2], a2, b2, s2, keep, rho, k1, inv[q + 2], z2));
    t += m3 * (x[j + 3] = movedShare(v3, w[j + 3], x[j + 3], a3, b3, s3, keep, rho, k1, inv[q + 3], z3));
    tally[row + ao] = t;
  }
}

/** x_j r_j / D_j of one option of one cell (0 when nobody uses it: its D_j may be infinite). */
function leavingTerm(xj: number, wj: number, rho: number, d: number): number {
  return xj !== 0 ? xj * (wj > 0 ? rho : 1) * d : 0;
}

/**
 * x″ of one option of one cell: reconsidered and mixed with entrants (move 0, RECONSIDER), the
 * plain logit (1, FIRST_ADOPTERS) or unchanged (2, FROZEN). Small enough for V8 to inline.
 */
function movedShare(move: number, wo: number, xo: number, a: number, b: number, s: number, keep: number, rho: number, k1: number, d: number, z: number): number {
  return move === 0 ? (wo > 0 ? a * (xo * keep + wo * (s + xo * rho * k1 * d)) + b * wo : 0) : move === 1 ? wo / z : xo;
}

/** Plain logit shares of the listed options (initial state, entrants), option o at off + stride·o. Returns Z. */
export function logitShares(x: Float64Array, w: Float64Array, off: number, act: Int32Array, n: number, stride = 1): number {
  let z = 0;
  for (let i = 0; i < n; i++) z += w[off + stride * act[i]];
  for (let i = 0; i < n; i++) {
    const o = off + stride * act[i];
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
