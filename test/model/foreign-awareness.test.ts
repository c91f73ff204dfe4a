import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { considerationUtility, notabilityTarget, updateNotability } from '../../src/model/mechanisms/foreign-awareness.js';
import { at, run } from './helpers.js';

describe('foreign awareness (consideration sets)', () => {
  it('a bloc at the frontier is fully notable; one scale behind, e^−1; none before its first model', () => {
    expect(notabilityTarget(5, 5, 0.25)).toBe(1);
    expect(notabilityTarget(5, 6, 0.25)).toBe(1); // ahead of the best counts as at it
    expect(notabilityTarget(5, 4.75, 0.25)).toBeCloseTo(Math.exp(-1), 12);
    expect(notabilityTarget(5, NaN, 0.25)).toBe(0);
  });

  it('notability rises toward its target at 1 − e^{−1/months} a month and never falls', () => {
    expect(updateNotability(0.2, 1, 3)).toBeCloseTo(0.2 + (1 - Math.exp(-1 / 3)) * 0.8, 14);
    expect(updateNotability(0.6, 0.1, 3)).toBe(0.6);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 24, noNaN: true }), (n, target, months) => {
        const next = updateNotability(n, target, months);
        return next >= n && next <= Math.max(n, target) && next >= 0 && next <= 1;
      }),
    );
  });

  it('home models are always considered; foreign ones with probability floor + (1 − floor)·N', () => {
    expect(considerationUtility(true, 0, 0)).toBe(0);
    expect(considerationUtility(false, 1, 0)).toBe(0); // floor 1: the mechanism is off
    expect(considerationUtility(false, 0.2, 0.5)).toBeCloseTo(Math.log(0.6), 14);
    expect(considerationUtility(false, 0, 0)).toBe(-Infinity); // weight 0: never considered
  });

  // Directional: with every foreign model considered (floor 1) CN models are used more
  // abroad before they reach the frontier, so CN's share of open-weight downloads in 2024 is
  // higher than in the calibrated baseline.
  it('switching the mechanism off raises CN download and token shares before 2025', () => {
    const base = run('baseline');
    const off = run('baseline', { foreignConsideration: 1 });
    expect(at(off, 'download_share', 'CN', '2024-06')).toBeGreaterThan(at(base, 'download_share', 'CN', '2024-06') + 0.01);
    expect(at(off, 'token_share', 'CN', '2024-06')).toBeGreaterThan(at(base, 'token_share', 'CN', '2024-06'));
  });
});
