/**
 * Draws from the parameters' soft priors (src/model/calibrate/prior-draws.ts): the truncated
 * normal against its analytic moments, the set of assumptions an ensemble may draw, and the
 * seeding that keeps a draw's assumptions the same whichever runs, workers or other
 * parameters are involved.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARAM_INDEX, Rng } from '../../src/model/index.js';
import { assumptionDraw, priorDraw, uncertainAssumptions } from '../../src/model/calibrate/prior-draws.js';
import { normalCdf } from '../../src/model/calibrate/mcmc-diagnostics.js';
import { DEFAULT_CALIBRATION_PARAM_NAMES } from '../../src/model/calibrate/default-params.js';

const phi = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);

/** Mean and sd of N(μ, σ²) truncated to [a, b] (Johnson, Kotz & Balakrishnan 1994, §10.1). */
function truncatedMoments(mu: number, sd: number, a: number, b: number): { mean: number; sd: number } {
  const al = (a - mu) / sd;
  const be = (b - mu) / sd;
  const z = normalCdf(be) - normalCdf(al);
  const r = (phi(al) - phi(be)) / z;
  const v = 1 + (al * phi(al) - be * phi(be)) / z - r * r;
  return { mean: mu + sd * r, sd: sd * Math.sqrt(v) };
}

describe('priorDraw: a normal prior truncated to the range', () => {
  for (const [mu, sd, a, b] of [
    [0.6, 0.6, 0, 20], // trialDownloads: cut just below the mean
    [0.05, 0.08, 0, 1], // foreignConsideration: most of the left tail cut off
    [0.5, 0.2, 0, 1], // hardly truncated
  ] as const) {
    it(`N(${mu}, ${sd}²) on [${a}, ${b}]: mean and sd of 40,000 draws match the analytic moments`, () => {
      const rng = new Rng(7, 11);
      const n = 40_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const v = priorDraw(rng, mu, sd, a, b);
        expect(v >= a && v <= b).toBe(true);
        s += v;
        s2 += v * v;
      }
      const mean = s / n;
      const m = truncatedMoments(mu, sd, a, b);
      // 5 standard errors of the mean, and 5% on the sd
      expect(Math.abs(mean - m.mean)).toBeLessThan((5 * m.sd) / Math.sqrt(n));
      expect(Math.sqrt(s2 / n - mean * mean) / m.sd).toBeCloseTo(1, 1);
    });
  }

  it('falls back to uniform on the range without a prior spread', () => {
    const rng = new Rng(3, 1);
    const xs = Array.from({ length: 20_000 }, () => priorDraw(rng, 5, 0, 2, 4));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs)).toBeLessThan(4);
    expect(xs.reduce((p, x) => p + x, 0) / xs.length).toBeCloseTo(3, 1);
  });
});

describe('uncertainAssumptions', () => {
  it('are the parameters with a prior spread that calibration does not fit (17 of 34)', () => {
    const names = uncertainAssumptions(DEFAULT_CALIBRATION_PARAM_NAMES);
    expect(names).toHaveLength(17);
    for (const n of names) {
      expect(PARAM_INDEX.get(n)!.priorSd, n).toBeGreaterThan(0);
      expect(DEFAULT_CALIBRATION_PARAM_NAMES).not.toContain(n);
    }
    expect(names).toContain('adaptiveInnovation');
    expect(names).not.toContain('networkEffect');
    // policy levers have no prior: they are the scenario's, never drawn
    expect(names.every((n) => PARAM_INDEX.get(n)!.kind === 'world')).toBe(true);
    expect(uncertainAssumptions([...DEFAULT_CALIBRATION_PARAM_NAMES, 'adaptiveInnovation'])).toEqual(names.filter((n) => n !== 'adaptiveInnovation'));
    // a calibrated parameter is never an assumption, even when a sample leaves it out
    expect(uncertainAssumptions([])).toEqual(names);
    expect(uncertainAssumptions(['networkEffect'])).toEqual(names);
  });
});

describe('assumptionDraw', () => {
  const names = uncertainAssumptions(DEFAULT_CALIBRATION_PARAM_NAMES);
  const centre = Object.fromEntries(names.map((n) => [n, PARAM_INDEX.get(n)!.default as number]));

  it('is a function of (seed, draw, parameter): same values whatever else is drawn, within each range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(100_000), fc.subarray(names, { minLength: 1 }), (seed, draw, some) => {
        const all = assumptionDraw(names, centre, seed, draw);
        const part = assumptionDraw(some, centre, seed, draw);
        for (const n of some) if (part[n] !== all[n]) return false;
        return names.every((n) => all[n] >= PARAM_INDEX.get(n)!.min! && all[n] <= PARAM_INDEX.get(n)!.max!);
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('gives other values for another draw or seed, centred on the value the run would use', () => {
    const a = assumptionDraw(names, centre, 1, 0);
    expect(assumptionDraw(names, centre, 1, 0)).toEqual(a);
    expect(assumptionDraw(names, centre, 1, 1)).not.toEqual(a);
    expect(assumptionDraw(names, centre, 2, 0)).not.toEqual(a);
    // over many draws each parameter's median sits near its centre (priors truncated little)
    const n = 'adaptiveInnovation';
    const xs = Array.from({ length: 4001 }, (_, d) => assumptionDraw([n], centre, 1, d)[n]).sort((x, y) => x - y);
    const def = PARAM_INDEX.get(n)!;
    expect(Math.abs(xs[2000] - (def.default as number))).toBeLessThan(0.1 * def.priorSd!);
    expect(() => assumptionDraw(['openSubsidy.US'], centre, 1, 0)).toThrow(/no prior spread/);
  });
});
