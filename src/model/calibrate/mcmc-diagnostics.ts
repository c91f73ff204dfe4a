/**
 * Convergence diagnostics of MCMC draws, after Vehtari, Gelman, Simpson, Carpenter and Bürkner,
 * "Rank-normalization, folding, and localization: an improved R-hat for assessing convergence of
 * MCMC", Bayesian Analysis 16 (2021) 667–718, as implemented by Stan and the R package
 * `posterior` (`rhat`, `ess_bulk`, `ess_tail`):
 *
 * - split-R-hat on rank-normalised draws (bulk) and on the rank-normalised folded draws
 *   |x − median| (tail); R-hat is the larger of the two;
 * - effective sample size from the chains' autocovariances (FFT) combined across chains, with
 *   Geyer's initial positive and initial monotone sequence estimators; bulk-ESS on the
 *   rank-normalised split chains, tail-ESS as the smaller ESS of the 5% and 95% quantile
 *   indicators.
 *
 * Draws are given per chain: `chains[c][i]` is iteration i of chain c (equal lengths).
 * Pure and isomorphic.
 */
import FFT from 'fft.js';
import { quantileSorted } from '../quantile.js';

/**
 * Standard normal quantile Φ⁻¹(p), 0 < p < 1: Acklam's rational approximation (relative error
 * below 1.15e-9; ample for rank normalisation).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

/** Complementary error function (Numerical Recipes' erfcc, fractional error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Sample quantile, type 7 (src/model/quantile.ts). */
export { quantileSorted };

/** Splits each chain into its first and second half (an odd middle draw is dropped), doubling the chains. */
export function splitChains(chains: readonly ArrayLike<number>[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of chains) {
    const half = Math.floor(c.length / 2);
    out.push(Float64Array.from({ length: half }, (_, i) => c[i]));
    out.push(Float64Array.from({ length: half }, (_, i) => c[c.length - half + i]));
  }
  return out;
}

/**
 * Rank-normalises draws pooled over chains: z = Φ⁻¹((r − 3/8)/(S + 1/4)) with r the average rank
 * (ties share their mean rank) and S the number of draws (Blom's offset, as Vehtari et al.).
 */
export function rankNormalise(chains: readonly ArrayLike<number>[]): Float64Array[] {
  const n = chains.reduce((s, c) => s + c.length, 0);
  const vals = new Float64Array(n);
  let k = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++) vals[k++] = c[i];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => vals[a] - vals[b] || a - b);
  const z = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && vals[order[j + 1]] === vals[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // average of ranks i+1 … j+1
    const v = normalQuantile((rank - 0.375) / (n + 0.25));
    for (let t = i; t <= j; t++) z[order[t]] = v;
    i = j + 1;
  }
  const out: Float64Array[] = [];
  k = 0;
  for (const c of chains) {
    out.push(z.slice(k, k + c.length));
    k += c.length;
  }
  return out;
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}

/** Gelman–Rubin R-hat of chains as given (no splitting, no ranks): √(var⁺/W). NaN for constant draws. */
export function basicRhat(chains: readonly ArrayLike<number>[]): number {
  const m = chains.length;
  const n = chains[0]?.length ?? 0;
  if (m < 2 || n < 2) return NaN;
  const means = chains.map(mean);
  const w = mean(chains.map(variance));
  const bOverN = variance(means);
  const varPlus = ((n - 1) / n) * w + bOverN;
  if (!(w > 0)) return bOverN > 0 ? Infinity : NaN;
  return Math.sqrt(varPlus / w);
}

/**
 * Rank-normalised split-R-hat (Vehtari et al. 2021, eq. 4–5): the larger of the bulk R-hat
 * (rank-normalised split chains) and the tail R-hat (the same on |x − median|). 1 when every
 * draw is equal; Infinity when chains are constant at different values.
 */
export function rhat(chains: readonly ArrayLike<number>[]): number {
  const split = splitChains(chains);
  if (split.length < 2 || split[0].length < 2) return NaN;
  const all = Float64Array.from(split.flatMap((c) => Array.from(c))).sort();
  if (all[0] === all[all.length - 1]) return 1;
  const bulk = basicRhat(rankNormalise(split));
  const med = quantileSorted(all, 0.5);
  const folded = split.map((c) => Float64Array.from(c, (v) => Math.abs(v - med)));
  const tail = basicRhat(rankNormalise(folded));
  return Math.max(bulk, Number.isNaN(tail) ? bulk : tail);
}

/** Autocovariances (divided by n) of one chain at lags 0..n−1, by FFT with zero padding. */
export function autocovariance(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let size = 2;
  while (size < 2 * n) size *= 2;
  const f = new FFT(size);
  const m = mean(x);
  const input = new Array<number>(size).fill(0);
  for (let i = 0; i < n; i++) input[i] = x[i] - m;
  const spec = f.createComplexArray() as number[];
  f.realTransform(spec, input);
  f.completeSpectrum(spec);
  for (let i = 0; i < size; i++) {
    const re = spec[2 * i];
    const im = spec[2 * i + 1];
    spec[2 * i] = re * re + im * im;
    spec[2 * i + 1] = 0;
  }
  const back = f.createComplexArray() as number[];
  f.inverseTransform(back, spec);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = back[2 * t] / n; // inverseTransform already divides by size
  return out;
}

/**
 * Effective sample size of chains as given (Vehtari et al. 2021 §3.2; Stan's algorithm): the
 * autocorrelation ρ_t = 1 − (W − mean of the chains' autocovariances at t)/var⁺, summed with
 * Geyer's initial positive sequence (pairs ρ_{2k} + ρ_{2k+1} until one is negative) made
 * monotone. NaN for fewer than 4 draws per chain or constant draws.
 */
export function essOfChains(chains: readonly ArrayLike<number>[]): number {
  const m = chains.length;
  const n = chains[0]?.length ?? 0;
  if (m < 1 || n < 4) return NaN;
  const acov = chains.map(autocovariance);
  const acovMean = new Float64Array(n);
  for (const a of acov) for (let t = 0; t < n; t++) acovMean[t] += a[t] / m;
  const chainMeans = chains.map(mean);
  const w = (acovMean[0] * n) / (n - 1);
  let varPlus = (w * (n - 1)) / n;
  if (m > 1) varPlus += variance(chainMeans);
  if (!(varPlus > 0)) return NaN;
  const rho = new Float64Array(n);
  rho[0] = 1;
  let even = 1;
  let odd = 1 - (w - acovMean[1]) / varPlus;
  rho[1] = odd;
  let t = 1;
  while (t < n - 5 && even + odd > 0) {
    even = 1 - (w - acovMean[t + 1]) / varPlus;
    odd = 1 - (w - acovMean[t + 2]) / varPlus;
    if (even + odd >= 0) {
      rho[t + 1] = even;
      rho[t + 2] = odd;
    }
    t += 2;
  }
  const maxT = t;
  if (even > 0) rho[maxT + 1] = even;
  // initial monotone sequence
  for (let s = 1; s <= maxT - 4; s += 2) {
    if (rho[s + 1] + rho[s + 2] > rho[s - 1] + rho[s]) {
      rho[s + 1] = (rho[s - 1] + rho[s]) / 2;
      rho[s + 2] = rho[s + 1];
    }
  }
  const total = m * n;
  let sum = 0;
  for (let s = 0; s <= maxT; s++) sum += rho[s];
  let tau = -1 + 2 * sum + (maxT + 1 < n ? rho[maxT + 1] : 0);
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/** Bulk effective sample size: ESS of the rank-normalised split chains. */
export function essBulk(chains: readonly ArrayLike<number>[]): number {
  const split = splitChains(chains);
  if (isConstant(split)) return NaN;
  return essOfChains(rankNormalise(split));
}

/** Tail effective sample size: the smaller ESS of the indicators x ≤ q05 and x ≤ q95 on split chains. */
export function essTail(chains: readonly ArrayLike<number>[]): number {
  const split = splitChains(chains);
  if (isConstant(split)) return NaN;
  const all = Float64Array.from(split.flatMap((c) => Array.from(c))).sort();
  const ess = [0.05, 0.95].map((p) => {
    const q = quantileSorted(all, p);
    const ind = split.map((c) => Float64Array.from(c, (v) => (v <= q ? 1 : 0)));
    return isConstant(ind) ? NaN : essOfChains(ind);
  });
  return Math.min(...ess.filter((e) => !Number.isNaN(e)));
}

function isConstant(chains: readonly ArrayLike<number>[]): boolean {
  const first = chains[0]?.[0];
  return chains.every((c) => Array.prototype.every.call(c, (v: number) => v === first));
}

/** The diagnostics of one parameter. */
export interface ParamDiagnostics {
  mean: number;
  sd: number;
  q05: number;
  q50: number;
  q95: number;
  /** Rank-normalised split-R-hat (max of bulk and tail). */
  rhat: number;
  /** Bulk effective sample size. */
  ess: number;
  /** Tail effective sample size (5% and 95% quantiles). */
  essTail: number;
}

/** Summary and diagnostics of one parameter's draws, per chain. */
export function diagnose(chains: readonly ArrayLike<number>[]): ParamDiagnostics {
  const all = Float64Array.from(chains.flatMap((c) => Array.from(c)));
  const sorted = all.slice().sort();
  return {
    mean: mean(all),
    sd: Math.sqrt(variance(all)),
    q05: quantileSorted(sorted, 0.05),
    q50: quantileSorted(sorted, 0.5),
    q95: quantileSorted(sorted, 0.95),
    rhat: rhat(chains),
    ess: essBulk(chains),
    essTail: essTail(chains),
  };
}
