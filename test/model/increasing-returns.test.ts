import { describe, expect, it } from 'vitest';
import { runSequentialAdoption } from '../../src/model/mechanisms/sequential-adoption.js';
import { Rng } from '../../src/model/index.js';

describe("Arthur's (1989) increasing-returns model", () => {
  // Two technologies A (0) and B (1); R-agents prefer A by a_R − b_R = 4.5, S-agents prefer B
  // by b_S − a_S = 2.5; linear returns r = s = 1; deterministic choice. Before lock-in the
  // lead d = n_A − n_B is a symmetric random walk; A locks in when d reaches U = 3 (> Δ_S),
  // B when d reaches −L = −5 (< −Δ_R). P(A) = L/(U+L) = 0.625, mean time U·L = 15.
  it('locks in to A with probability L/(U+L) = 0.625 after 15 arrivals on average', () => {
    const rng = new Rng(2026, 11);
    const reps = 20000;
    let lockA = 0;
    let totalTime = 0;
    for (let i = 0; i < reps; i++) {
      let locked: 'A' | 'B' | null = null;
      const res = runSequentialAdoption(
        {
          prior: new Float64Array([0, 0]),
          tastes: new Float64Array([4.5, 0, 0, 2.5]),
          typeProbs: new Float64Array([0.5, 0.5]),
          network: 'linear',
          networkCoef: 1,
          temperature: 0,
          arrivals: 10_000,
          stop: (c) => {
            const d = c[0] - c[1];
            if (d > 2.5) locked = 'A';
            else if (d < -4.5) locked = 'B';
            return locked !== null;
          },
        },
        rng,
      );
      if (locked === 'A') lockA++;
      totalTime += res.arrivals;
    }
    const pA = lockA / reps;
    // standard error sqrt(0.625·0.375/20000) = 0.0034
    expect(Math.abs(pA - 0.625)).toBeLessThan(0.015);
    expect(Math.abs(totalTime / reps - 15)).toBeLessThan(0.6);
  });

  it('after lock-in every adopter of either type chooses the locked-in technology', () => {
    const rng = new Rng(5, 1);
    const res = runSequentialAdoption(
      { prior: new Float64Array([3, 0]), tastes: new Float64Array([4.5, 0, 0, 2.5]), typeProbs: new Float64Array([0.5, 0.5]), network: 'linear', networkCoef: 1, temperature: 0, arrivals: 500 },
      rng,
    );
    expect(res.counts[0]).toBe(503);
    expect(res.counts[1]).toBe(0);
  });
});

describe('Pólya urn', () => {
  /** Regularised incomplete beta I_x(a, b) for integer a, b (binomial sum). */
  function betaCdf(x: number, a: number, b: number): number {
    const n = a + b - 1;
    let s = 0;
    let c = 1;
    for (let j = 0; j <= n; j++) {
      if (j > 0) c = (c * (n - j + 1)) / j;
      if (j >= a) s += c * Math.pow(x, j) * Math.pow(1 - x, n - j);
    }
    return s;
  }

  it('share tends to Beta(α, β) with network utility ln(n) at temperature 1', () => {
    const alpha = 2;
    const beta = 3;
    const rng = new Rng(7, 3);
    const reps = 2000;
    const shares: number[] = [];
    for (let i = 0; i < reps; i++) {
      const res = runSequentialAdoption(
        { prior: new Float64Array([alpha, beta]), tastes: new Float64Array([0, 0]), typeProbs: new Float64Array([1]), network: 'log', networkCoef: 1, temperature: 1, arrivals: 2000 },
        rng,
      );
      shares.push(res.counts[0] / (res.counts[0] + res.counts[1]));
    }
    const mean = shares.reduce((a, b) => a + b, 0) / reps;
    const variance = shares.reduce((a, b) => a + (b - mean) ** 2, 0) / (reps - 1);
    expect(Math.abs(mean - 0.4)).toBeLessThan(0.015); // Beta mean α/(α+β); SE 0.0045
    expect(Math.abs(variance - 0.04)).toBeLessThan(0.006); // αβ/((α+β)²(α+β+1))
    // Kolmogorov–Smirnov distance against the Beta(2, 3) CDF; 5% critical value 1.36/√2000 = 0.030
    shares.sort((a, b) => a - b);
    let ks = 0;
    for (let i = 0; i < reps; i++) {
      const F = betaCdf(shares[i], alpha, beta);
      ks = Math.max(ks, Math.abs(F - i / reps), Math.abs(F - (i + 1) / reps));
    }
    expect(ks).toBeLessThan(0.04);
  });
});
