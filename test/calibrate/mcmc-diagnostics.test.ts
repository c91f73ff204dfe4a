/**
 * Convergence diagnostics on sequences with known answers: iid draws (ESS ≈ N), AR(1) chains
 * (ESS = N(1 − φ)/(1 + φ)), identical vs shifted chains (R-hat ≈ 1 vs ≫ 1), chains that differ
 * only in scale (caught by the folded, tail R-hat), and the normal quantile.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/model/random.js';
import { autocovariance, basicRhat, diagnose, essBulk, essOfChains, essTail, normalCdf, normalQuantile, quantileSorted, rankNormalise, rhat } from '../../src/model/calibrate/mcmc-diagnostics.js';

const iidChains = (seed: number, m: number, n: number, shift: (c: number) => number = () => 0, scale: (c: number) => number = () => 1) => {
  const rng = new Rng(seed, 7);
  return Array.from({ length: m }, (_, c) => Float64Array.from({ length: n }, () => shift(c) + scale(c) * rng.normal()));
};

/** AR(1) chains x_t = φ x_{t−1} + √(1 − φ²) ε_t started from the stationary distribution. */
const ar1Chains = (seed: number, m: number, n: number, phi: number) => {
  const rng = new Rng(seed, 11);
  return Array.from({ length: m }, () => {
    const x = new Float64Array(n);
    x[0] = rng.normal();
    for (let t = 1; t < n; t++) x[t] = phi * x[t - 1] + Math.sqrt(1 - phi * phi) * rng.normal();
    return x;
  });
};

describe('normal quantile and CDF', () => {
  it('match tabulated values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 6);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514729, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 6);
    expect(normalQuantile(1 - 1e-9)).toBeCloseTo(5.997807015007686, 4);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true);
  });
});

describe('autocovariance by FFT', () => {
  it('equals the direct sum at every lag', () => {
    const [x] = ar1Chains(1, 1, 301, 0.7);
    const ac = autocovariance(x);
    const n = x.length;
    const m = x.reduce((s, v) => s + v, 0) / n;
    for (const lag of [0, 1, 2, 5, 17, 150, 300]) {
      let s = 0;
      for (let t = 0; t + lag < n; t++) s += (x[t] - m) * (x[t + lag] - m);
      expect(ac[lag]).toBeCloseTo(s / n, 10);
    }
  });
});

describe('effective sample size', () => {
  it('iid draws: ESS ≈ N (bulk and tail within 15%)', () => {
    const chains = iidChains(3, 4, 1000);
    const n = 4000;
    expect(essBulk(chains) / n).toBeGreaterThan(0.85);
    expect(essBulk(chains) / n).toBeLessThan(1.15);
    expect(essTail(chains) / n).toBeGreaterThan(0.85);
    expect(essTail(chains) / n).toBeLessThan(1.15);
  });

  it('AR(1) with φ = 0.9: ESS ≈ N(1 − φ)/(1 + φ) = N/19 (within 20%)', () => {
    const phi = 0.9;
    const chains = ar1Chains(5, 4, 5000, phi);
    const expected = (20000 * (1 - phi)) / (1 + phi);
    expect(essOfChains(chains) / expected).toBeGreaterThan(0.8);
    expect(essOfChains(chains) / expected).toBeLessThan(1.2);
    expect(essBulk(chains) / expected).toBeGreaterThan(0.8);
    expect(essBulk(chains) / expected).toBeLessThan(1.2);
  });

  it('AR(1) with φ = 0.5: ESS ≈ N/3 (within 15%)', () => {
    const chains = ar1Chains(6, 4, 2000, 0.5);
    const expected = 8000 / 3;
    expect(essBulk(chains) / expected).toBeGreaterThan(0.85);
    expect(essBulk(chains) / expected).toBeLessThan(1.15);
  });

  it('constant draws have no ESS (NaN), never a confident number', () => {
    const chains = [new Float64Array(100).fill(2), new Float64Array(100).fill(2)];
    expect(Number.isNaN(essBulk(chains))).toBe(true);
    expect(rhat(chains)).toBe(1);
  });
});

describe('R-hat (rank-normalised split-R-hat, bulk and tail)', () => {
  it('chains from the same distribution: R-hat < 1.01', () => {
    expect(rhat(iidChains(7, 4, 1000))).toBeLessThan(1.01);
  });

  it('one chain shifted by 2 sd: R-hat ≫ 1.05', () => {
    const chains = iidChains(8, 4, 1000, (c) => (c === 0 ? 2 : 0));
    expect(rhat(chains)).toBeGreaterThan(1.2);
    expect(basicRhat(chains)).toBeGreaterThan(1.2);
  });

  it('chains with equal means but different scales: the folded (tail) R-hat catches what the classic one misses', () => {
    const chains = iidChains(9, 4, 1000, () => 0, (c) => (c < 2 ? 1 : 3));
    expect(basicRhat(chains)).toBeLessThan(1.01);
    expect(rhat(chains)).toBeGreaterThan(1.05);
  });

  it('a chain that drifts (non-stationary within the chain) is caught by splitting', () => {
    const rng = new Rng(10, 1);
    const chains = Array.from({ length: 4 }, () => Float64Array.from({ length: 1000 }, (_, t) => (t / 1000) * 3 + rng.normal()));
    expect(basicRhat(chains)).toBeLessThan(1.01);
    expect(rhat(chains)).toBeGreaterThan(1.1);
  });

  it('identical chains: R-hat ≈ 1', () => {
    const [c] = iidChains(11, 1, 1000);
    expect(rhat([c, c, c, c])).toBeLessThan(1.01);
  });
});

describe('rank normalisation and summaries', () => {
  it('ties share their average rank; values are normal scores', () => {
    const [z] = rankNormalise([Float64Array.from([3, 1, 3, 2])]);
    expect(z[0]).toBe(z[2]);
    expect(z[1]).toBeLessThan(z[3]);
    expect(z[3]).toBeLessThan(z[0]);
    expect(z[1]).toBeCloseTo(normalQuantile((1 - 0.375) / 4.25), 12);
  });

  it('diagnose gives mean, sd and quantiles of iid draws', () => {
    const d = diagnose(iidChains(12, 4, 2500, () => 5, () => 2));
    expect(d.mean).toBeCloseTo(5, 1);
    expect(d.sd).toBeCloseTo(2, 1);
    expect(d.q05).toBeCloseTo(5 - 2 * 1.645, 0);
    expect(d.q95).toBeCloseTo(5 + 2 * 1.645, 0);
    expect(d.rhat).toBeLessThan(1.01);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});
