import { describe, expect, it } from 'vitest';
import { addEntrants, logitShares, reconsiderShares, sampleIndex, stayProbability } from '../../src/model/mechanisms/adoption-choice.js';
import { Rng } from '../../src/model/index.js';

/** Brute force: Σ_j x_j [ (1 − r_j)·δ_oj + r_j·P(o | j) ] with P(o | j) ∝ e^{U_o + κ[o=j]}. */
function bruteForce(x: number[], w: number[], rho: number, kappa: number): number[] {
  const n = x.length;
  const out = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) {
    const r = w[j] > 0 ? rho : 1;
    out[j] += x[j] * (1 - r);
    let z = 0;
    for (let o = 0; o < n; o++) z += w[o] * (o === j ? Math.exp(kappa) : 1);
    for (let o = 0; o < n; o++) out[o] += (x[j] * r * w[o] * (o === j ? Math.exp(kappa) : 1)) / z;
  }
  return out;
}

const ALL = Int32Array.from([0, 1, 2, 3, 4]);

describe('adoption choice', () => {
  const x0 = Float64Array.from([0.5, 0.2, 0.3, 0, 0]);
  const w = Float64Array.from([1, 2.5, 0, 0.7, 0.1]); // option 2 was banned: its users must move
  const inv = new Float64Array(5);
  it('the O(n) reconsideration formula equals the brute-force switching-cost logit', () => {
    const x = Float64Array.from(x0);
    const z = reconsiderShares(x, w, 0, ALL, 5, 0.1, Math.exp(1.5), inv);
    expect(z).toBeCloseTo(4.3, 12);
    const bf = bruteForce([...x0], [...w], 0.1, 1.5);
    for (let o = 0; o < 5; o++) expect(x[o]).toBeCloseTo(bf[o], 12);
    expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(x[2]).toBe(0);
  });

  it('works on a row of a larger array and touches only the listed options', () => {
    const x = new Float64Array(12).fill(7);
    const ww = new Float64Array(12).fill(9);
    x.set([0.5, 0.5], 6);
    ww.set([1, 3], 6);
    // the listed options are 0 and 1 of the row starting at 6; the rest stays as it was
    reconsiderShares(x, ww, 6, Int32Array.from([0, 1]), 2, 0.3, Math.E, inv);
    const bf = bruteForce([0.5, 0.5], [1, 3], 0.3, 1);
    expect(x[6]).toBeCloseTo(bf[0], 12);
    expect(x[7]).toBeCloseTo(bf[1], 12);
    expect([...x.slice(0, 6), ...x.slice(8)]).toEqual(new Array(10).fill(7));
  });

  it('a higher switching cost keeps more adopters where they are', () => {
    const lo = Float64Array.from(x0);
    const hi = Float64Array.from(x0);
    reconsiderShares(lo, w, 0, ALL, 5, 0.5, Math.exp(0), inv);
    reconsiderShares(hi, w, 0, ALL, 5, 0.5, Math.exp(3), inv);
    expect(hi[0]).toBeGreaterThan(lo[0]);
    expect(hi[1]).toBeLessThan(lo[1] + 1e-12);
  });

  it('entrants choose by plain logit and mix in by mass', () => {
    const x = Float64Array.from(x0);
    const p = new Float64Array(5);
    const z = logitShares(p, w, 0, ALL, 5);
    expect(z).toBeCloseTo(4.3, 12);
    expect(p[1]).toBeCloseTo(2.5 / 4.3, 12);
    expect(p[2]).toBe(0);
    addEntrants(x, w, 0, ALL, 5, z, 0.3, 0.1);
    for (let o = 0; o < 5; o++) expect(x[o]).toBeCloseTo((0.3 * x0[o] + 0.1 * p[o]) / 0.4, 12);
  });

  it('staying with the current model, then drawing from the plain logit, is the switching-cost logit', () => {
    // P(o | j) = stay·[o = j] + (1 − stay)·w_o / Z
    const ek = Math.exp(1.2);
    const z = 4.3;
    for (const j of [0, 1, 3, 4]) {
      const stay = stayProbability(w[j], z, ek);
      const bf = bruteForce([0, 0, 0, 0, 0].map((_, i) => (i === j ? 1 : 0)), [...w], 1, 1.2);
      for (let o = 0; o < 5; o++) expect(stay * (o === j ? 1 : 0) + (1 - stay) * (w[o] / z)).toBeCloseTo(bf[o], 12);
    }
    expect(stayProbability(0, z, ek)).toBe(0);
  });

  it('inverse-CDF sampling has the right frequencies and never picks a zero weight', () => {
    const rng = new Rng(1, 9);
    const counts = new Float64Array(5);
    for (let i = 0; i < 100_000; i++) counts[sampleIndex(w, 5, 4.3, rng.next())]++;
    expect(counts[2]).toBe(0);
    expect(counts[1] / 100_000).toBeCloseTo(2.5 / 4.3, 2);
  });
});
