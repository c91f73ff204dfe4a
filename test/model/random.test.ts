/**
 * Seeded randomness: GeometricSkips (the agents solver's event skipping) must give exactly
 * the inverse-CDF formula ⌊ln U / ln(1 − p)⌋ for every draw, and the geometric law.
 */
import { describe, expect, it } from 'vitest';
import { GeometricSkips, Rng } from '../../src/model/random.js';

describe('GeometricSkips', () => {
  it('equals the log formula draw for draw (table hits and misses alike)', () => {
    for (const p of [0.01, 0.149, 0.5, 0.93]) {
      const geo = new GeometricSkips();
      geo.set(p);
      const a = new Rng(42, 3);
      const b = new Rng(42, 3);
      const lq = Math.log1p(-p);
      let mismatches = 0;
      for (let i = 0; i < 50_000; i++) if (geo.draw(a) !== Math.floor(Math.log(b.nextOpen()) / lq)) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it('has the geometric law: mean (1 − p)/p and P(0) = p', () => {
    const p = 0.149;
    const geo = new GeometricSkips();
    geo.set(p);
    const rng = new Rng(7, 1);
    const n = 200_000;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < n; i++) {
      const k = geo.draw(rng);
      sum += k;
      if (k === 0) zeros++;
    }
    const mean = (1 - p) / p;
    const sd = Math.sqrt(1 - p) / p / Math.sqrt(n); // standard error of the mean
    expect(Math.abs(sum / n - mean)).toBeLessThan(4 * sd);
    expect(Math.abs(zeros / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it('handles p = 1 (every trial succeeds) and p = 0 (none does)', () => {
    const rng = new Rng(1, 1);
    const one = new GeometricSkips();
    one.set(1);
    for (let i = 0; i < 100; i++) expect(one.draw(rng)).toBe(0);
    const zero = new GeometricSkips();
    zero.set(0);
    expect(zero.draw(rng)).toBe(Infinity);
  });
});
