import { describe, expect, it } from 'vitest';
import { FIRST_ADOPTERS, FROZEN, RECONSIDER, logitShares, reconsiderSegment, reconsiderShares, sampleIndex, stayProbability } from '../../src/model/mechanisms/adoption-choice.js';
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

/** Four class rows side by side, as the solvers keep a segment (demand-classes.ts, cellBase). */
function interleave(...rows: number[][]): Float64Array {
  const out = new Float64Array(rows[0].length * 4);
  rows.forEach((r, c) => r.forEach((v, o) => (out[4 * o + c] = v)));
  return out;
}

describe('adoption choice', () => {
  const x0 = Float64Array.from([0.5, 0.2, 0.3, 0, 0]);
  const w = Float64Array.from([1, 2.5, 0, 0.7, 0.1]); // option 2 was banned: its users must move
  it('the O(n) reconsideration formula equals the brute-force switching-cost logit', () => {
    const x = Float64Array.from(x0);
    const z = reconsiderShares(x, w, 0, ALL, 5, 0.1, Math.exp(1.5));
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
    reconsiderShares(x, ww, 6, Int32Array.from([0, 1]), 2, 0.3, Math.E);
    const bf = bruteForce([0.5, 0.5], [1, 3], 0.3, 1);
    expect(x[6]).toBeCloseTo(bf[0], 12);
    expect(x[7]).toBeCloseTo(bf[1], 12);
    expect([...x.slice(0, 6), ...x.slice(8)]).toEqual(new Array(10).fill(7));
  });

  it('a higher switching cost keeps more adopters where they are', () => {
    const lo = Float64Array.from(x0);
    const hi = Float64Array.from(x0);
    reconsiderShares(lo, w, 0, ALL, 5, 0.5, Math.exp(0));
    reconsiderShares(hi, w, 0, ALL, 5, 0.5, Math.exp(3));
    expect(hi[0]).toBeGreaterThan(lo[0]);
    expect(hi[1]).toBeLessThan(lo[1] + 1e-12);
  });

  it('entrants choose by plain logit and mix in by mass', () => {
    // no reconsideration (rho 0) and no users on an unavailable option: x″ = a·x + b·w
    const xs = Float64Array.from([0.5, 0.2, 0, 0.3, 0]);
    const p = new Float64Array(5);
    const z = logitShares(p, w, 0, ALL, 5);
    expect(z).toBeCloseTo(4.3, 12);
    expect(p[1]).toBeCloseTo(2.5 / 4.3, 12);
    expect(p[2]).toBe(0);
    const [x4, w4] = [interleave([...xs], [...xs], [...xs], [...xs]), interleave([...w], [...w], [...w], [...w])];
    const a = 0.3 / 0.4;
    const b = 0.1 / 0.4 / z;
    const tally = new Float64Array(5);
    reconsiderSegment(x4, w4, 0, ALL, 5, 0, Math.E, new Float64Array(20), Float64Array.of(z, z, z, z), Float64Array.of(a, a, a, a), Float64Array.of(b, b, b, b), Float64Array.of(1, 0, 0, 0), new Uint8Array(4), tally, 0);
    for (let o = 0; o < 5; o++) expect(x4[4 * o]).toBeCloseTo((0.3 * xs[o] + 0.1 * p[o]) / 0.4, 12);
    expect(tally[0]).toBeCloseTo(x4[0], 15);
  });

  it('a segment moves its four class cells independently, each by its own move, and tallies them', () => {
    // class 0 reconsiders, 1 takes its first adopters, 2 has nothing on offer, 3 reconsiders with entrants
    const xs = [Float64Array.from(x0), new Float64Array(5), Float64Array.from([0.1, 0.2, 0.3, 0.4, 0]), Float64Array.from([0.2, 0.2, 0.2, 0.2, 0.2])];
    const ws = [Float64Array.from(w), Float64Array.from([0.5, 1, 1, 0, 2]), new Float64Array(5), Float64Array.from([3, 0.2, 0.1, 1, 1])];
    const zs = ws.map((r) => r.reduce((s, v) => s + v, 0));
    const x4 = interleave(...xs.map((r) => [...r]));
    const w4 = interleave(...ws.map((r) => [...r]));
    const m = Float64Array.of(2, 3, 5, 7);
    const tally = new Float64Array(5);
    const rho = 0.2;
    const ek = Math.exp(0.8);
    const a3 = 0.9;
    const b3 = 0.1 / zs[3];
    reconsiderSegment(x4, w4, 0, ALL, 5, rho, ek, new Float64Array(20), Float64Array.from(zs), Float64Array.of(1, 0, 0, a3), Float64Array.of(0, 0, 0, b3), m, Uint8Array.of(RECONSIDER, FIRST_ADOPTERS, FROZEN, RECONSIDER), tally, 0);
    const want0 = bruteForce([...xs[0]], [...ws[0]], rho, 0.8);
    const want3 = bruteForce([...xs[3]], [...ws[3]], rho, 0.8).map((v, o) => a3 * v + b3 * ws[3][o]);
    for (let o = 0; o < 5; o++) {
      expect(x4[4 * o]).toBeCloseTo(want0[o], 12);
      expect(x4[4 * o + 1]).toBeCloseTo(ws[1][o] / zs[1], 15);
      expect(x4[4 * o + 2]).toBe(xs[2][o]);
      expect(x4[4 * o + 3]).toBeCloseTo(want3[o], 12);
      expect(tally[o]).toBeCloseTo(2 * x4[4 * o] + 3 * x4[4 * o + 1] + 5 * x4[4 * o + 2] + 7 * x4[4 * o + 3], 12);
    }
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
