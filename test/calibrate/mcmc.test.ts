/**
 * The DE-MC-z sampler on targets with known answers: correlated Gaussians (2-D and 5-D: means and
 * covariances), Haario's banana (a twisted Gaussian with known moments), a truncated Gaussian
 * and a uniform box (reflection at the bounds), and a well-separated bimodal target, where the
 * sampler must report poor mixing rather than a confident wrong answer. Seeded: every number is
 * deterministic; tolerances are stated as multiples of the Monte Carlo error or as fractions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chainsOf, cholesky, demcz, demczBatch, type DemczOptions, type DemczResult } from '../../src/model/calibrate/mcmc.js';
import { diagnose, type ParamDiagnostics } from '../../src/model/calibrate/mcmc-diagnostics.js';
import { mahalanobis } from '../../src/model/calibrate/t-mixture.js';
import { mixingWarnings, RHAT_MAX } from '../../src/model/calibrate/posterior.js';

/** Log density of N(μ, Σ) up to a constant. */
function gaussian(mu: number[], cov: number[][]) {
  const d = mu.length;
  const L = cholesky(cov.flatMap((r) => r), d)!;
  const z = new Float64Array(d);
  return (x: ArrayLike<number>) => ({ logLik: -mahalanobis(x, mu, L, d, z) / 2, logPrior: 0 });
}

/** Sample mean and covariance of the retained draws. */
function moments(r: DemczResult) {
  const { d } = r;
  const n = r.samples.length / d;
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += r.samples[i * d + j];
    return s / n;
  });
  const cov = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (r.samples[i * d + a] - mean[a]) * (r.samples[i * d + b] - mean[b]);
      return s / (n - 1);
    }),
  );
  return { mean, cov };
}

const diagnostics = (r: DemczResult): ParamDiagnostics[] => Array.from({ length: r.d }, (_, j) => diagnose(chainsOf(r, j)));
const named = (ds: ParamDiagnostics[]) => ds.map((p, j) => ({ name: `x${j}`, ...p }));

/** AR-structured covariance: Σ_ab = ρ^|a−b| s_a s_b. */
const arCov = (s: number[], rho: number) => s.map((sa, a) => s.map((sb, b) => rho ** Math.abs(a - b) * sa * sb));

function checkGaussian(r: DemczResult, mu: number[], cov: number[][]) {
  const ds = diagnostics(r);
  const { mean, cov: c } = moments(r);
  for (let a = 0; a < mu.length; a++) {
    const sd = Math.sqrt(cov[a][a]);
    // mean within 5 Monte Carlo standard errors (sd/√ESS) and within 0.1 sd
    expect(Math.abs(mean[a] - mu[a]), `mean of x${a}`).toBeLessThan(Math.min(5 * sd / Math.sqrt(ds[a].ess), 0.1 * sd));
    expect(c[a][a] / cov[a][a], `variance of x${a}`).toBeGreaterThan(0.9);
    expect(c[a][a] / cov[a][a], `variance of x${a}`).toBeLessThan(1.1);
    for (let b = 0; b < a; b++) {
      const rho = cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b]);
      const got = c[a][b] / Math.sqrt(c[a][a] * c[b][b]);
      expect(Math.abs(got - rho), `correlation of x${a}, x${b}`).toBeLessThan(0.03);
    }
    expect(ds[a].rhat).toBeLessThan(RHAT_MAX);
  }
  expect(mixingWarnings(named(ds))).toEqual([]);
  return ds;
}

describe('DE-MC-z on a correlated Gaussian', () => {
  it('2-D, correlation 0.95 and scales 1 and 10: means, variances and correlation recovered', () => {
    const mu = [1, -3];
    const cov = [
      [1, 0.95 * 10],
      [0.95 * 10, 100],
    ];
    const r = demcz({ lower: [-9, -83], upper: [11, 77], chains: 6, draws: 2000, burnIn: 500, seed: 1, initial: (rng) => [-9 + 20 * rng.next(), -83 + 160 * rng.next()] }, gaussian(mu, cov));
    const ds = checkGaussian(r, mu, cov);
    expect(Math.min(...ds.map((d) => d.ess))).toBeGreaterThan(2000);
  });

  // 5-D, AR correlation 0.9 and scales 1–5
  const s5 = [1, 2, 3, 4, 5];
  const mu5 = [0, 1, 2, 3, 4];
  const cov5 = arCov(s5, 0.9);
  const ar5: Omit<DemczOptions, 'seed'> = {
    lower: mu5.map((m, i) => m - 8 * s5[i]),
    upper: mu5.map((m, i) => m + 8 * s5[i]),
    chains: 8,
    draws: 2500,
    burnIn: 1000,
    initial: (rng) => mu5.map((m, i) => m + 3 * s5[i] * (2 * rng.next() - 1)),
  };

  it('5-D, AR correlation 0.9 and scales 1–5, plain DE-MC-z and with independence proposals', () => {
    const plain = demcz({ ...ar5, seed: 2, independence: 0 }, gaussian(mu5, cov5));
    const mixed = demcz({ ...ar5, seed: 2 }, gaussian(mu5, cov5));
    const dPlain = checkGaussian(plain, mu5, cov5);
    const dMixed = checkGaussian(mixed, mu5, cov5);
    // the independence proposals make draws much less correlated on a Gaussian target
    expect(Math.min(...dMixed.map((d) => d.ess))).toBeGreaterThan(2 * Math.min(...dPlain.map((d) => d.ess)));
    expect(plain.acceptance).toBeGreaterThan(0.15);
    expect(plain.acceptance).toBeLessThan(0.45);
  });

  it('5-D, the same target with a 3-component t mixture as the independence proposal: still the right moments', () => {
    const r = demcz({ ...ar5, seed: 2, components: 3 }, gaussian(mu5, cov5));
    checkGaussian(r, mu5, cov5);
    expect(r.acceptanceByMove.independence).toBeGreaterThan(0.1);
    expect(() => demcz({ ...ar5, draws: 10, burnIn: 10, seed: 2, components: 0 }, gaussian(mu5, cov5))).toThrow(/components/);
  });
});

describe('DE-MC-z on a banana-shaped target (the twisted Gaussian of Haario, Saksman and Tamminen 2001, b = 0.03, 8-D)', () => {
  // x1 ~ N(0, 100), x2 | x1 ~ N(100b − b·x1², 1), x3..x8 ~ N(0, 1):
  // E[x1] = E[x2] = 0, sd x1 = 10, Var x2 = 2·b²·100² + 1 = 19
  const b = 0.03;
  const d = 8;
  const logDensity = (x: ArrayLike<number>) => {
    let q = x[0] ** 2 / 100 + (x[1] + b * x[0] ** 2 - 100 * b) ** 2;
    for (let j = 2; j < d; j++) q += x[j] ** 2;
    return { logLik: -q / 2, logPrior: 0 };
  };
  // The curved arms are reached slowly. With the independence proposal fitted to the logits of
  // the coordinates (until model 0.3.0), sd x2 was 9–18% short after 200,000 evaluations (seeds
  // 3–5) and sd x1 within 6%; fitted to the coordinates themselves (as now: 2.5 times the effective
  // sample on the calibration posterior), sd x1 is 5–8% short and sd x2 15–22% at seeds 3–5, with
  // R-hat below 1.01. The bounds below hold that: a sampler that lost the arms would fail them.
  it('recovers the moments of the twisted Gaussian (sd x1 within 8%, sd x2 within 25%: after 200,000 evaluations the curved tails are still 15–22% short at R-hat below 1.01, and were 9–18% short with the logit fit)', () => {
    const lower = [-60, -120, ...Array(d - 2).fill(-8)];
    const upper = [60, 20, ...Array(d - 2).fill(8)];
    const r = demcz({ lower, upper, chains: 10, draws: 20000, burnIn: 1500, seed: 3, initial: (rng) => lower.map((l, j) => l + (upper[j] - l) * rng.next()) }, logDensity);
    const ds = diagnostics(r);
    expect(Math.abs(ds[0].mean)).toBeLessThan(1.5); // sd 10
    expect(Math.abs(ds[1].mean)).toBeLessThan(0.8); // sd 4.36
    expect(ds[0].sd / 10).toBeGreaterThan(0.92);
    expect(ds[0].sd / 10).toBeLessThan(1.08);
    expect(ds[1].sd / Math.sqrt(19)).toBeGreaterThan(0.75);
    expect(ds[1].sd / Math.sqrt(19)).toBeLessThan(1.25);
    // the conditional of x2 given x1 is N(100b − b x1², 1)
    const n = r.samples.length / d;
    let m = 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const e = r.samples[i * d + 1] + b * r.samples[i * d] ** 2 - 100 * b;
      m += e / n;
      v += (e * e) / n;
    }
    expect(Math.abs(m)).toBeLessThan(0.1);
    expect(v).toBeGreaterThan(0.9);
    expect(v).toBeLessThan(1.1);
    for (const p of ds) expect(p.rhat).toBeLessThan(RHAT_MAX);
    expect(Math.min(...ds.map((p) => p.ess))).toBeGreaterThan(1000);
  });
});

describe('DE-MC-z at the bounds of the box', () => {
  it('a Gaussian truncated at its mean, N(0, 1) on [0, 3]: mean (φ(0) − φ(3))/(Φ(3) − Φ(0)) = 0.7912', () => {
    const r = demcz({ lower: [0, -5], upper: [3, 5], chains: 6, draws: 3000, burnIn: 500, seed: 4, initial: (rng) => [3 * rng.next(), -5 + 10 * rng.next()] }, (x) => ({ logLik: -(x[0] ** 2 + x[1] ** 2) / 2, logPrior: 0 }));
    const { mean } = moments(r);
    expect(mean[0]).toBeGreaterThan(0.7912 - 0.03);
    expect(mean[0]).toBeLessThan(0.7912 + 0.03);
    for (let i = 0; i < r.samples.length; i += 2) {
      expect(r.samples[i]).toBeGreaterThanOrEqual(0);
      expect(r.samples[i]).toBeLessThanOrEqual(3);
    }
  });

  it('a flat target on a box: uniform marginals (mean at the centre, variance span²/12)', () => {
    const lower = [0, -2, 10];
    const upper = [1, 5, 11];
    const r = demcz({ lower, upper, chains: 6, draws: 3000, burnIn: 300, seed: 5, initial: (rng) => lower.map((l, j) => l + (upper[j] - l) * rng.next()) }, () => ({ logLik: 0, logPrior: 0 }));
    const { mean, cov } = moments(r);
    for (let j = 0; j < 3; j++) {
      const span = upper[j] - lower[j];
      expect(Math.abs(mean[j] - (lower[j] + upper[j]) / 2) / span).toBeLessThan(0.02);
      expect(cov[j][j] / (span * span / 12)).toBeGreaterThan(0.93);
      expect(cov[j][j] / (span * span / 12)).toBeLessThan(1.07);
    }
  });

  it('every retained draw lies in the box, whatever the seed and the box (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), (seed, lo, span) => {
        const r = demcz({ lower: [lo, 0], upper: [lo + span, 1], chains: 4, draws: 50, burnIn: 20, seed, initial: (rng) => [lo + span * rng.next(), rng.next()] }, (x) => ({ logLik: -((x[0] - lo) ** 2) - x[1], logPrior: 0 }));
        for (let i = 0; i < r.samples.length; i += 2) {
          if (!(r.samples[i] >= lo && r.samples[i] <= lo + span && r.samples[i + 1] >= 0 && r.samples[i + 1] <= 1)) return false;
        }
        return true;
      }),
      { numRuns: 40, seed: 16 },
    );
  });
});

describe('DE-MC-z on a well-separated bimodal target (modes 25 sd apart)', () => {
  // ½ N(−4·1, I) + ½ N(+4·1, I) in 10 dimensions: the modes are 25 sd apart, the true mean is 0
  const d = 10;
  const logDensity = (x: ArrayLike<number>) => {
    let a = 0;
    let b = 0;
    for (let j = 0; j < d; j++) {
      a += (x[j] + 4) ** 2;
      b += (x[j] - 4) ** 2;
    }
    const m = Math.max(-a / 2, -b / 2);
    return { logLik: m + Math.log(Math.exp(-a / 2 - m) + Math.exp(-b / 2 - m)), logPrior: 0 };
  };
  const run = (seed: number) =>
    demcz({ lower: Array(d).fill(-10), upper: Array(d).fill(10), chains: 8, draws: 1000, burnIn: 500, seed, initial: (rng) => Array.from({ length: d }, () => -10 + 20 * rng.next()) }, logDensity);

  it('reports poor mixing with seeds 1 to 6: R-hat above 1.05 and warnings, whatever the mean', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const ds = diagnostics(run(seed));
      expect(Math.max(...ds.map((p) => p.rhat)), `seed ${seed}`).toBeGreaterThan(RHAT_MAX);
      expect(mixingWarnings(named(ds)).length, `seed ${seed}`).toBeGreaterThan(0);
    }
    // seed 1: few chains cross between the modes, so the effective sample is small too
    expect(Math.min(...diagnostics(run(1)).map((p) => p.ess))).toBeLessThan(100);
  });

  it('never gives a confident wrong answer: for every seed, either the warnings flag it or the mean is right', () => {
    for (const seed of [7, 8, 9]) {
      const r = run(seed);
      const ds = diagnostics(r);
      const flagged = mixingWarnings(named(ds)).length > 0;
      const right = ds.every((p) => Math.abs(p.mean) < 0.5);
      expect(flagged || right, `seed ${seed}: means ${ds.map((p) => p.mean.toFixed(2)).join(', ')}, R-hat ${ds.map((p) => p.rhat.toFixed(2)).join(', ')}`).toBe(true);
    }
  });
});

describe('determinism', () => {
  const opts: DemczOptions = { lower: [-5, -5, -5], upper: [5, 5, 5], chains: 5, draws: 200, burnIn: 100, seed: 9, initial: (rng) => [0, 1, 2].map(() => -5 + 10 * rng.next()) };
  const f = gaussian([0, 1, -1], arCov([1, 1, 1], 0.5));
  it('the batch driver gives the same draws as the synchronous one; same seed, same draws; another seed, others', async () => {
    let calls = 0;
    const a = demcz(opts, (x) => (calls++, f(x)));
    const b = await demczBatch(opts, async (xs) => {
      const v = xs.map(f);
      return { logLik: v.map((e) => e.logLik), logPrior: v.map((e) => e.logPrior) };
    });
    expect(Buffer.from(b.samples.buffer).equals(Buffer.from(a.samples.buffer))).toBe(true);
    expect(Array.from(b.logLik)).toEqual(Array.from(a.logLik));
    expect(Array.from(demcz(opts, f).samples)).toEqual(Array.from(a.samples));
    expect(Array.from(demcz({ ...opts, seed: 10 }, f).samples)).not.toEqual(Array.from(a.samples));
    // one run per chain and generation, less the proposals rejected outright (out of the box), which are not run
    expect(a.evaluations).toBe(calls);
    expect(b.evaluations).toBe(calls);
    expect(calls).toBeLessThanOrEqual(5 * (1 + 100 + 200));
    expect(calls).toBeGreaterThan(0.8 * 5 * (1 + 100 + 200));
    expect(Array.from(a.iterations.slice(0, 3))).toEqual([101, 102, 103]);
  });

  it('thinning keeps every k-th generation', () => {
    const r = demcz({ ...opts, thin: 3, draws: 10 }, f);
    expect(Array.from(r.iterations)).toEqual([103, 106, 109, 112, 115, 118, 121, 124, 127, 130]);
  });
});
