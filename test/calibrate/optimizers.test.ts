import { describe, expect, it } from 'vitest';
import { cmaEs } from '../../src/model/calibrate/cma-es.js';
import { nelderMead } from '../../src/model/calibrate/nelder-mead.js';
import type { BoxProblem } from '../../src/model/calibrate/box.js';

const sphere = (n: number, shift = 0.3): BoxProblem => ({
  lower: Array(n).fill(-5),
  upper: Array(n).fill(5),
  f: (x) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += (x[i] - shift) ** 2;
    return s;
  },
});

const rosenbrock = (n: number): BoxProblem => ({
  lower: Array(n).fill(-2),
  upper: Array(n).fill(3),
  f: (x) => {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
    return s;
  },
});

describe('CMA-ES', () => {
  it('converges on a 10-D sphere to the known optimum (seeded)', () => {
    const r = cmaEs(sphere(10), { x0: Array(10).fill(-3), budget: 20_000, seed: 42 });
    expect(r.f).toBeLessThan(1e-10);
    for (const v of r.x) expect(v).toBeCloseTo(0.3, 4);
    expect(r.converged).toBe(true);
  });
  it('converges on 2-D and 5-D Rosenbrock to (1, …, 1)', () => {
    for (const n of [2, 5]) {
      const r = cmaEs(rosenbrock(n), { x0: Array(n).fill(-1.5), budget: 40_000, seed: 7 });
      expect(r.f).toBeLessThan(1e-8);
      for (const v of r.x) expect(v).toBeCloseTo(1, 3);
    }
  });
  it('is reproducible for a seed and respects the box', () => {
    const p: BoxProblem = { lower: [0, 0], upper: [1, 1], f: (x) => (x[0] + 1) ** 2 + (x[1] - 2) ** 2 };
    const a = cmaEs(p, { x0: [0.5, 0.5], budget: 2000, seed: 3 });
    const b = cmaEs(p, { x0: [0.5, 0.5], budget: 2000, seed: 3 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.f).toBe(b.f);
    // optimum of the box-constrained problem is the corner (0, 1)
    expect(a.x[0]).toBeCloseTo(0, 6);
    expect(a.x[1]).toBeCloseTo(1, 6);
    expect(a.evaluations).toBeLessThanOrEqual(2000);
  });
});

describe('Nelder–Mead', () => {
  it('converges on a 5-D sphere', () => {
    const r = nelderMead(sphere(5), { x0: Array(5).fill(2), budget: 20_000 });
    expect(r.f).toBeLessThan(1e-10);
    for (const v of r.x) expect(v).toBeCloseTo(0.3, 4);
  });
  it('converges on 2-D Rosenbrock to (1, 1)', () => {
    const r = nelderMead(rosenbrock(2), { x0: [-1.2, 1], budget: 20_000 });
    expect(r.f).toBeLessThan(1e-10);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
  it('respects the box', () => {
    const p: BoxProblem = { lower: [0, 0], upper: [1, 1], f: (x) => (x[0] + 1) ** 2 + (x[1] - 2) ** 2 };
    const r = nelderMead(p, { x0: [0.5, 0.5], budget: 5000 });
    expect(r.x[0]).toBeGreaterThanOrEqual(0);
    expect(r.x[1]).toBeLessThanOrEqual(1);
    expect(r.x[0]).toBeCloseTo(0, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });
});
