/**
 * A mixture of multivariate t distributions fitted to a sample: the independence proposal of the
 * posterior sampler (mcmc.ts). The components' locations, covariances and weights are fitted by
 * EM for a mixture of normals (Dempster, Laird and Rubin 1977), each covariance shrunk a tenth of
 * the way towards the sample's own (so that a component fitted to few points stays positive
 * definite); each component then becomes a t with ν degrees of freedom and the same covariance,
 * heavier-tailed than the fit so that the importance weights π/q of an independence
 * Metropolis–Hastings move stay bounded (P. Giordani and R. Kohn, "Adaptive independent
 * Metropolis–Hastings by fast estimation of mixtures of normals", J. Comput. Graph. Stat. 19
 * (2010) 243–259, use mixtures of normals and t's in the same role).
 *
 * Deterministic: EM starts from K points evenly spaced through the sample (one component: the
 * sample mean and covariance, no EM). Pure and isomorphic.
 */
import type { Rng } from '../random.js';

/** Lower Cholesky factor of a symmetric matrix given by its lower triangle (row-major d×d), or null when not positive definite. */
export function cholesky(a: ArrayLike<number>, d: number): Float64Array | null {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      if (i === j) {
        if (!(s > 1e-300)) return null;
        L[i * d + i] = Math.sqrt(s);
      } else {
        L[i * d + j] = s / L[j * d + j];
      }
    }
  }
  return L;
}

/** A fitted mixture: weights, locations and Cholesky factors of the t scale matrices. */
export interface TMixture {
  d: number;
  nu: number;
  weights: Float64Array;
  means: Float64Array[];
  chol: Float64Array[];
  /** ln weight − ln det L + the t's normalising constant, per component. */
  logNorm: Float64Array;
}

/** Shrinkage of each component's covariance towards the sample covariance. */
const SHRINK = 0.1;

/** Log-gamma (Lanczos, g = 7), for the t's normalising constant. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Squared Mahalanobis distance of y from m under the lower Cholesky factor L (`z`: scratch of length d). */
export function mahalanobis(y: ArrayLike<number>, m: ArrayLike<number>, L: Float64Array, d: number, z: Float64Array): number {
  let q = 0;
  for (let a = 0; a < d; a++) {
    let s = y[a] - m[a];
    for (let b = 0; b < a; b++) s -= L[a * d + b] * z[b];
    z[a] = s / L[a * d + a];
    q += z[a] * z[a];
  }
  return q;
}

function logDetL(L: Float64Array, d: number): number {
  let s = 0;
  for (let a = 0; a < d; a++) s += Math.log(L[a * d + a]);
  return s;
}

/**
 * Fits a K-component mixture to the n points in `x` (row-major n×d). Returns null when the sample
 * covariance is singular, n < K·(d + 1) (too few points for K covariances), or ν is not an
 * integer above 2.
 */
export function fitTMixture(x: Float64Array, n: number, d: number, K: number, nu: number, iterations = 50): TMixture | null {
  // ν an integer above 2: the t has a covariance, and a draw sums ν squared normals
  if (!(Number.isInteger(K) && K >= 1) || !(Number.isInteger(nu) && nu > 2) || n < K * (d + 1) || n < 2) return null;
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += x[r * d + j] / n;
  const total = new Float64Array(d * d);
  for (let r = 0; r < n; r++)
    for (let a = 0; a < d; a++) {
      const da = x[r * d + a] - mean[a];
      for (let b = 0; b <= a; b++) total[a * d + b] += (da * (x[r * d + b] - mean[b])) / (n - 1);
    }
  const L0 = cholesky(total, d);
  if (!L0) return null;
  const weights = new Float64Array(K).fill(1 / K);
  // one component is the sample's mean and covariance; more start at evenly spaced points
  const means = K === 1 ? [mean] : Array.from({ length: K }, (_, k) => Float64Array.from({ length: d }, (_, j) => x[Math.floor(((k + 0.5) * n) / K) * d + j]));
  let chol: Float64Array[] = Array.from({ length: K }, () => L0.slice());
  const resp = new Float64Array(n * K);
  const z = new Float64Array(d);
  const lp = new Float64Array(K);
  for (let it = 0; it < (K > 1 ? iterations : 0); it++) {
    // E step: responsibilities under the current normals
    const ld = chol.map((L) => logDetL(L, d));
    for (let r = 0; r < n; r++) {
      const y = x.subarray(r * d, (r + 1) * d);
      let mx = -Infinity;
      for (let k = 0; k < K; k++) {
        lp[k] = Math.log(weights[k]) - ld[k] - mahalanobis(y, means[k], chol[k], d, z) / 2;
        if (lp[k] > mx) mx = lp[k];
      }
      let s = 0;
      for (let k = 0; k < K; k++) s += (resp[r * K + k] = Math.exp(lp[k] - mx));
      for (let k = 0; k < K; k++) resp[r * K + k] /= s;
    }
    // M step, each covariance shrunk towards the sample's
    const next: Float64Array[] = [];
    for (let k = 0; k < K; k++) {
      let nk = 0;
      const m = new Float64Array(d);
      for (let r = 0; r < n; r++) {
        const g = resp[r * K + k];
        nk += g;
        for (let j = 0; j < d; j++) m[j] += g * x[r * d + j];
      }
      if (!(nk > d)) return null;
      for (let j = 0; j < d; j++) m[j] /= nk;
      const c = new Float64Array(d * d);
      for (let r = 0; r < n; r++) {
        const g = resp[r * K + k];
        for (let a = 0; a < d; a++) {
          const da = g * (x[r * d + a] - m[a]);
          for (let b = 0; b <= a; b++) c[a * d + b] += (da * (x[r * d + b] - m[b])) / nk;
        }
      }
      for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) c[a * d + b] = (1 - SHRINK) * c[a * d + b] + SHRINK * total[a * d + b];
      const L = cholesky(c, d);
      if (!L) return null;
      weights[k] = nk / n;
      means[k] = m;
      next.push(L);
    }
    chol = next;
  }
  // t components with the fitted covariances: scale matrix (ν − 2)/ν × covariance
  const f = Math.sqrt((nu - 2) / nu);
  chol = chol.map((L) => L.map((v) => v * f));
  const c0 = logGamma((nu + d) / 2) - logGamma(nu / 2) - (d / 2) * Math.log(nu * Math.PI);
  const logNorm = Float64Array.from(chol, (L, k) => Math.log(weights[k]) - logDetL(L, d) + c0);
  return { d, nu, weights, means, chol, logNorm };
}

/** Log density of the mixture at y. */
export function tMixtureLogDensity(mix: TMixture, y: ArrayLike<number>): number {
  const { d, nu } = mix;
  const z = new Float64Array(d);
  let mx = -Infinity;
  const lp = new Float64Array(mix.weights.length);
  for (let k = 0; k < lp.length; k++) {
    lp[k] = mix.logNorm[k] - ((nu + d) / 2) * Math.log1p(mahalanobis(y, mix.means[k], mix.chol[k], d, z) / nu);
    if (lp[k] > mx) mx = lp[k];
  }
  let s = 0;
  for (let k = 0; k < lp.length; k++) s += Math.exp(lp[k] - mx);
  return mx + Math.log(s);
}

/** A draw of the mixture: a component by its weight, then a t draw (normal / √(χ²_ν/ν)). */
export function tMixtureDraw(mix: TMixture, rng: Rng): Float64Array {
  const { d, nu } = mix;
  let u = rng.next();
  let k = 0;
  while (k < mix.weights.length - 1 && u >= mix.weights[k]) u -= mix.weights[k++];
  const L = mix.chol[k];
  const z = new Float64Array(d);
  for (let j = 0; j < d; j++) z[j] = rng.normal();
  let chi2 = 0;
  for (let i = 0; i < nu; i++) chi2 += rng.normal() ** 2;
  const w = Math.sqrt(nu / chi2);
  const y = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let v = 0;
    for (let b = 0; b <= a; b++) v += L[a * d + b] * z[b];
    y[a] = mix.means[k][a] + w * v;
  }
  return y;
}
