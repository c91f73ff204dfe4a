/**
 * The t mixture behind the posterior sampler's independence proposal (src/model/calibrate/
 * t-mixture.ts), on cases with known answers: the density integrates to 1, EM recovers the
 * weights and locations of two well-separated normals, draws have the fitted moments, and a fit
 * is deterministic.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitTMixture, tMixtureDraw, tMixtureLogDensity } from '../../src/model/calibrate/t-mixture.js';
import { Rng } from '../../src/model/random.js';

/** n points of a 2-D mixture: weight w at (−5, 0) with sd 1, 1 − w at (5, 1) with sd 2 and correlation 0.5. */
function twoClusters(n: number, w: number, seed: number): Float64Array {
  const rng = new Rng(seed, 5);
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    if (rng.next() < w) {
      x[2 * i] = -5 + a;
      x[2 * i + 1] = b;
    } else {
      x[2 * i] = 5 + 2 * a;
      x[2 * i + 1] = 1 + 2 * (0.5 * a + Math.sqrt(0.75) * b);
    }
  }
  return x;
}

describe('t mixture', () => {
  it('integrates to 1 (2-D, 3 components, ν = 6; a 400 × 400 grid over ±60)', () => {
    const mix = fitTMixture(twoClusters(3000, 0.3, 1), 3000, 2, 3, 6)!;
    const h = 0.3;
    let s = 0;
    for (let i = -200; i < 200; i++) for (let j = -200; j < 200; j++) s += Math.exp(tMixtureLogDensity(mix, [(i + 0.5) * h, (j + 0.5) * h])) * h * h;
    // the t tails beyond ±60 hold well under 0.1% of the mass
    expect(s).toBeGreaterThan(0.995);
    expect(s).toBeLessThan(1.001);
  });

  it('EM recovers two well-separated normals: weights 0.3 / 0.7 within 0.03, locations within 0.15', () => {
    const mix = fitTMixture(twoClusters(4000, 0.3, 2), 4000, 2, 2, 6)!;
    const order = [0, 1].sort((a, b) => mix.means[a][0] - mix.means[b][0]);
    const [left, right] = order;
    expect(Math.abs(mix.weights[left] - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(mix.weights[right] - 0.7)).toBeLessThan(0.03);
    expect(Math.abs(mix.means[left][0] + 5)).toBeLessThan(0.15);
    expect(Math.abs(mix.means[left][1])).toBeLessThan(0.15);
    expect(Math.abs(mix.means[right][0] - 5)).toBeLessThan(0.15);
    expect(Math.abs(mix.means[right][1] - 1)).toBeLessThan(0.15);
  });

  it("one component: draws have the sample's mean and covariance (the t's scale is (ν − 2)/ν of it)", () => {
    const x = twoClusters(5000, 0, 3); // one cluster: mean (5, 1), sd 2 and 2, correlation 0.5
    const mix = fitTMixture(x, 5000, 2, 1, 6)!;
    const rng = new Rng(4, 1);
    const n = 40000;
    let m0 = 0;
    let m1 = 0;
    const ys: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      const y = tMixtureDraw(mix, rng);
      ys.push(y);
      m0 += y[0] / n;
      m1 += y[1] / n;
    }
    let v0 = 0;
    let v1 = 0;
    let c01 = 0;
    for (const y of ys) {
      v0 += (y[0] - m0) ** 2 / n;
      v1 += (y[1] - m1) ** 2 / n;
      c01 += ((y[0] - m0) * (y[1] - m1)) / n;
    }
    expect(Math.abs(m0 - 5)).toBeLessThan(0.1);
    expect(Math.abs(m1 - 1)).toBeLessThan(0.1);
    // variance 4 each, covariance 2; a t(6)'s sample variance converges slowly (kurtosis 6)
    expect(v0 / 4).toBeGreaterThan(0.93);
    expect(v0 / 4).toBeLessThan(1.07);
    expect(v1 / 4).toBeGreaterThan(0.93);
    expect(v1 / 4).toBeLessThan(1.07);
    expect(c01 / 2).toBeGreaterThan(0.9);
    expect(c01 / 2).toBeLessThan(1.1);
  });

  it('is deterministic, and gives up (null) with fewer points than K·(d + 1), a singular sample or ν not an integer above 2', () => {
    const x = twoClusters(500, 0.5, 6);
    const a = fitTMixture(x, 500, 2, 3, 6)!;
    const b = fitTMixture(x, 500, 2, 3, 6)!;
    expect(Array.from(a.logNorm)).toEqual(Array.from(b.logNorm));
    expect(a.means.map((m) => Array.from(m))).toEqual(b.means.map((m) => Array.from(m)));
    expect(fitTMixture(x, 8, 2, 3, 6)).toBeNull();
    expect(fitTMixture(new Float64Array(40).fill(1), 20, 2, 1, 6)).toBeNull();
    for (const nu of [2, 1.5, 0, Number.NaN]) expect(fitTMixture(x, 500, 2, 1, nu)).toBeNull();
  });

  it('the density is finite and the weights sum to 1 for any sample of distinct points (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 40, maxLength: 120 }), fc.integer({ min: 1, max: 3 }), (v, K) => {
        const n = Math.floor(v.length / 2);
        const mix = fitTMixture(Float64Array.from(v.slice(0, 2 * n)), n, 2, K, 6);
        if (!mix) return true; // a singular sample
        const sum = mix.weights.reduce((s, w) => s + w, 0);
        return Math.abs(sum - 1) < 1e-9 && Number.isFinite(tMixtureLogDensity(mix, [0, 0]));
      }),
      { numRuns: 100, seed: 21 },
    );
  });
});
