/** The table-driven exponential of the hot loops against Math.exp. */
import { describe, expect, it } from 'vitest';
import { tableExp } from '../../src/model/numerics/table-exp.js';
import { Rng } from '../../src/model/random.js';

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulps(a: number, b: number): number {
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  const d = i[0] - i[1];
  return Number(d < 0n ? -d : d);
}

describe('tableExp', () => {
  it('is within 2 ulp of Math.exp over (−708, 709) and on the utilities\' usual range', () => {
    const rng = new Rng(11);
    let worst = 0;
    for (let n = 0; n < 300_000; n++) {
      const wide = -708 + 1417 * rng.next();
      const usual = -40 + 45 * rng.next();
      worst = Math.max(worst, ulps(tableExp(wide), Math.exp(wide)), ulps(tableExp(usual), Math.exp(usual)));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('is exact where e^x is, and follows Math.exp outside its range and for NaN and infinities', () => {
    expect(tableExp(0)).toBe(1);
    expect(tableExp(-0)).toBe(1);
    for (const x of [Number.NaN, Infinity, -Infinity, 709, 709.78, 710, -708, -745, -746, -1e6, 1e6]) expect(Object.is(tableExp(x), Math.exp(x))).toBe(true);
  });

  it('is increasing across the table\'s steps (no seam at multiples of ln2/64)', () => {
    const step = Math.LN2 / 64;
    for (let n = -200; n <= 200; n++) {
      const x = n * step;
      const lo = tableExp(x - 1e-12);
      const hi = tableExp(x + 1e-12);
      expect(hi).toBeGreaterThan(lo);
    }
  });
});
