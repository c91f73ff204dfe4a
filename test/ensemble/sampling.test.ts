import { describe, expect, it } from 'vitest';
import { sobolPoints, sobolPointInto, SOBOL_MAX_DIMS } from '../../src/model/sampling/sobol-sequence.js';
import { latinHypercube } from '../../src/model/sampling/latin-hypercube.js';

describe('Sobol sequence (Joe–Kuo direction numbers)', () => {
  it('matches the published first points', () => {
    // Joe and Kuo's reference program sobol.cc with new-joe-kuo-6.21201, N = 10, D = 3
    // (https://web.maths.unsw.edu.au/~fkuo/sobol/); the first two columns are also SciPy's
    // documented qmc.Sobol(d=2, scramble=False).random_base2(3) output.
    const published = [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
      [0.1875, 0.3125, 0.9375],
      [0.6875, 0.8125, 0.4375],
    ];
    expect(sobolPoints(10, 3).map((r) => [...r])).toEqual(published);
  });

  it('skip gives the same points as the tail of a longer run', () => {
    const all = sobolPoints(40, 7);
    const tail = sobolPoints(8, 7, 32);
    expect(tail.map((r) => [...r])).toEqual(all.slice(32).map((r) => [...r]));
    expect([...sobolPointInto(33, 7, new Float64Array(7))]).toEqual([...all[33]]);
  });

  it('is balanced: the first 2^m points put one point in each 1/2^m interval of every dimension', () => {
    const m = 7;
    const n = 2 ** m;
    const pts = sobolPoints(n, SOBOL_MAX_DIMS);
    for (let d = 0; d < SOBOL_MAX_DIMS; d++) {
      const cells = new Set(pts.map((p) => Math.floor(p[d] * n)));
      expect(cells.size, `dimension ${d + 1}`).toBe(n);
    }
  });

  it('is a (0, m, 2)-net in its first two dimensions', () => {
    // every elementary box of area 2^-m holds exactly one of the first 2^m points
    const m = 6;
    const n = 2 ** m;
    const pts = sobolPoints(n, 2);
    for (let a = 0; a <= m; a++) {
      const cells = new Set(pts.map((p) => `${Math.floor(p[0] * 2 ** a)},${Math.floor(p[1] * 2 ** (m - a))}`));
      expect(cells.size).toBe(n);
    }
  });

  it('rejects bad arguments', () => {
    expect(() => sobolPoints(4, 0)).toThrow(/dimensions/);
    expect(() => sobolPoints(4, SOBOL_MAX_DIMS + 1)).toThrow(/dimensions/);
    expect(() => sobolPoints(-1, 2)).toThrow(/number/);
    expect(() => sobolPoints(2, 2, 1.5)).toThrow(/skip/);
  });
});

describe('Latin hypercube', () => {
  it('puts exactly one point in each stratum of every dimension', () => {
    const n = 50;
    const pts = latinHypercube(n, 6, 42);
    expect(pts).toHaveLength(n);
    for (let d = 0; d < 6; d++) {
      const strata = pts.map((p) => Math.floor(p[d] * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const p of pts) expect(p[d] >= 0 && p[d] < 1).toBe(true);
    }
  });

  it('is deterministic in its seed and differs across seeds', () => {
    const a = latinHypercube(20, 3, 7).map((r) => [...r]);
    const b = latinHypercube(20, 3, 7).map((r) => [...r]);
    const c = latinHypercube(20, 3, 8).map((r) => [...r]);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('pairs strata independently across dimensions (not the diagonal)', () => {
    const pts = latinHypercube(200, 2, 3);
    const same = pts.filter((p) => Math.floor(p[0] * 200) === Math.floor(p[1] * 200)).length;
    expect(same).toBeLessThan(10); // about 1 expected for random pairings
  });
});
