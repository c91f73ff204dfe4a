import { describe, expect, it } from 'vitest';
import { logitFromWeights, reconsiderShares, sampleIndex } from '../../src/model/mechanisms/adoption-choice.js';
import { MeanfieldSolver } from '../../src/model/solvers/meanfield.js';
import { bassStep } from '../../src/model/mechanisms/market-entry.js';
import { Rng } from '../../src/model/index.js';
import type { Compiled } from '../../src/model/solvers/compile.js';
import type { MonthInputs } from '../../src/model/solvers/engine.js';

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

describe('adoption choice', () => {
  const x = Float64Array.from([0.5, 0.2, 0.3, 0, 0]);
  const w = Float64Array.from([1, 2.5, 0, 0.7, 0.1]); // option 2 was banned: its users must move
  it('the O(n) reconsideration formula equals the brute-force switching-cost logit', () => {
    const out = new Float64Array(5);
    reconsiderShares(x, 0, w, 0, 5, 0.1, Math.exp(1.5), out, 0);
    const bf = bruteForce([...x], [...w], 0.1, 1.5);
    for (let o = 0; o < 5; o++) expect(out[o]).toBeCloseTo(bf[o], 12);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(out[2]).toBe(0);
  });

  it('a higher switching cost keeps more adopters where they are', () => {
    const lo = new Float64Array(5);
    const hi = new Float64Array(5);
    reconsiderShares(x, 0, w, 0, 5, 0.5, Math.exp(0), lo, 0);
    reconsiderShares(x, 0, w, 0, 5, 0.5, Math.exp(3), hi, 0);
    expect(hi[0]).toBeGreaterThan(lo[0]);
    expect(hi[1]).toBeLessThan(lo[1] + 1e-12);
  });

  it('logit probabilities follow the weights', () => {
    const p = new Float64Array(5);
    const z = logitFromWeights(w, 0, 5, p, 0);
    expect(z).toBeCloseTo(4.3, 12);
    expect(p[1]).toBeCloseTo(2.5 / 4.3, 12);
    expect(p[2]).toBe(0);
  });

  it('inverse-CDF sampling has the right frequencies and never picks a zero weight', () => {
    const rng = new Rng(1, 9);
    const counts = new Float64Array(5);
    for (let i = 0; i < 100_000; i++) counts[sampleIndex(w, 5, 4.3, rng.next())]++;
    expect(counts[2]).toBe(0);
    expect(counts[1] / 100_000).toBeCloseTo(2.5 / 4.3, 2);
  });

  it('the meanfield solver step is the reconsideration plus the entrants\' logit', () => {
    const S = 2;
    const O = 5;
    // one bloc, one sector, two sizes: segment s has its own (sector, size) cell, so the
    // weights are xy[s·O + j] times a risk factor of 1
    const c = { S, O, B: 1, K: 1, Z: 2, segBloc: Int32Array.from([0, 0]), segSector: Int32Array.from([0, 0]), segSize: Int32Array.from([0, 1]) } as unknown as Compiled;
    const solver = new MeanfieldSolver(c);
    const ww = new Float64Array(S * O);
    ww.set(w, 0);
    ww.set(Float64Array.from([0.3, 0, 1, 1, 2]), O);
    const zsum = Float64Array.from([4.3, 4.3]);
    const x0 = new Float64Array(S * O);
    x0.set(x, 0);
    x0.set(Float64Array.from([0.1, 0.4, 0.1, 0.2, 0.2]), O);
    const F0 = Float64Array.from([0.3, 0.6]);
    const tally = { mass: Float64Array.from([1, 1]), platform: Float64Array.from([1, 1]), adopt: new Float64Array(2 * O), visible: new Float64Array(2 * O), blocShare: new Float64Array(2) };
    const m = {
      t: 1, S, O, w: new Float64Array(S * O), zsum, opts: Int32Array.from([0, 1, 2, 3, 4]), nOpts: 5, p: 0.01, q: 0.2, rho: 0.2, kappa: 1, ek: Math.E,
      xy: ww, risk: Float64Array.from([1]), allowed: new Float64Array((S + 1) * O).fill(1, S * O), restricted: new Uint8Array(S), groupStart: Int32Array.from([0, 5, 5]), tally,
    } as unknown as MonthInputs;
    solver.init(m, F0, x0);
    solver.step(m);
    for (let s = 0; s < S; s++) {
      const f = F0[s];
      const f1 = bassStep(f, 0.01, 0.2, 1);
      const xr = new Float64Array(O);
      reconsiderShares(x0, s * O, ww, s * O, O, 0.2, Math.E, xr, 0);
      const p0 = new Float64Array(O);
      logitFromWeights(ww, s * O, O, p0, 0);
      expect(solver.F[s]).toBeCloseTo(f1, 14);
      for (let o = 0; o < O; o++) expect(solver.x[s * O + o]).toBeCloseTo((f * xr[o] + (f1 - f) * p0[o]) / f1, 12);
      // the tally: adopters by (sector, size, option) are mass · F · x
      for (let o = 0; o < O; o++) expect(tally.adopt[s * O + o]).toBeCloseTo(solver.F[s] * solver.x[s * O + o], 12);
    }
  });
});
