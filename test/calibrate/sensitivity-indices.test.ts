import { describe, expect, it } from 'vitest';
import { saltelliDesign, sobolIndices } from '../../src/model/calibrate/sobol-indices.js';
import { morrisDesign, morrisIndices } from '../../src/model/calibrate/morris.js';

/** Ishigami function on [-π, π]³ with a = 7, b = 0.1. */
function ishigami(u: Float64Array, row: number): number {
  const x1 = -Math.PI + 2 * Math.PI * u[row * 3];
  const x2 = -Math.PI + 2 * Math.PI * u[row * 3 + 1];
  const x3 = -Math.PI + 2 * Math.PI * u[row * 3 + 2];
  return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
}

describe('Sobol indices (Saltelli sampling)', () => {
  it('recover the analytic Ishigami indices within 0.02 at N = 2^16 (seeded Monte Carlo, 327 680 evaluations)', () => {
    const N = 1 << 16;
    const d = saltelliDesign(N, 3, 2024);
    const y = new Float64Array(5 * N);
    for (let r = 0; r < y.length; r++) y[r] = ishigami(d.points, r);
    const { S1, ST } = sobolIndices(y, N, 3);
    const want = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] };
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(S1[i] - want.S1[i])).toBeLessThan(0.02);
      expect(Math.abs(ST[i] - want.ST[i])).toBeLessThan(0.02);
    }
  });
});

describe('Morris elementary effects', () => {
  it('rank factors of a known function by influence and flag the inert one', () => {
    // y = 10 x0 + 3 x1² + 1 x2 + 0 x3 + 5 x0 x1 (effects per unit range)
    const f = (x: Float64Array, r: number) => 10 * x[r * 4] + 3 * x[r * 4 + 1] ** 2 + x[r * 4 + 2] + 5 * x[r * 4] * x[r * 4 + 1];
    const d = morrisDesign(40, 4, 11);
    const y = new Float64Array(d.points.length / 4);
    for (let r = 0; r < y.length; r++) y[r] = f(d.points, r);
    const { muStar, sigma } = morrisIndices(y, d);
    const rank = [0, 1, 2, 3].sort((a, b) => muStar[b] - muStar[a]);
    expect(rank).toEqual([0, 1, 2, 3]);
    expect(muStar[3]).toBe(0);
    // a linear, non-interacting factor has σ = 0; an interacting one does not
    expect(sigma[2]).toBeLessThan(1e-12);
    expect(sigma[0]).toBeGreaterThan(0.1);
  });
});
