/**
 * The posterior's pure parts: deterministic thinning, the predictive check (its intervals cover
 * observations drawn from the observation model at their nominal rates), coverage counts, option
 * checks and mixing warnings; and a short posterior of the real model on one thread equals the
 * same run with the pool's contract (batch evaluation), draw for draw.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/model/random.js';
import { ScenarioRegistry, runScenario, ValidationError } from '../../src/model/index.js';
import { withPriors, dataLossOf, priorPenalty } from '../../src/model/calibrate/calibration.js';
import { checkPosteriorOptions, coverageOf, inThread, mixingWarnings, predictiveCheck, samplePosterior, thinIndices } from '../../src/model/calibrate/posterior.js';
import type { Observation } from '../../src/model/calibrate/observation-schema.js';
import { readObservationsFile, defaultObservationsFile } from '../../src/shell/calibration/observations-file.js';

const obs = (id: string, value: number, uncertainty: Observation['uncertainty']): Observation =>
  ({ id, metric: 'usage_share', group: 'CN', period: '2025-01', kind: 'point', value, unit: 'share', uncertainty, definition: 'test', source: { title: 't', author: 'a', year: 2025, url: 'https://example.org' } }) as unknown as Observation;

describe('deterministic thinning', () => {
  it('takes draws ⌊i·N/M⌋', () => {
    expect(thinIndices(10, 4)).toEqual([0, 2, 5, 7]);
    expect(thinIndices(3, 5)).toEqual([0, 1, 2]);
    expect(thinIndices(1000, 0)).toEqual([]);
  });
});

describe('predictive check', () => {
  it('covers observations drawn from the observation model at the nominal 50% and 90% rates (±5 points over 400 records)', () => {
    // 400 records: the model's value is known (no parameter uncertainty) and each observed value is
    // drawn from the observation model around it: symmetric SEs and asymmetric intervals
    const rng = new Rng(3, 1);
    const records: Observation[] = [];
    const m: number[] = [];
    for (let i = 0; i < 400; i++) {
      const truth = 0.3 + 0.001 * i;
      const z = rng.normal();
      if (i % 2 === 0) {
        const se = 0.02;
        records.push(obs(`r${i}`, truth + se * z, { se, note: 'test' }));
      } else {
        // interval [value − 0.01, value + 0.04]: residual modelled − observed = −z·σ(side)
        const lo = 0.01;
        const hi = 0.04;
        const v = truth - z * (z >= 0 ? hi : lo);
        records.push(obs(`r${i}`, v, { low: v - lo, high: v + hi, note: 'test' }));
      }
      m.push(truth);
    }
    const draws = 300;
    const modelled = new Float64Array(draws * records.length);
    for (let s = 0; s < draws; s++) for (let i = 0; i < records.length; i++) modelled[s * records.length + i] = m[i];
    const rows = predictiveCheck(records, modelled, draws, new Set(records.map((r) => r.id)), new Set(), 7);
    const c = coverageOf(rows, 'fitted');
    expect(c.n).toBe(400);
    expect(c.coverage50!).toBeGreaterThan(0.45);
    expect(c.coverage50!).toBeLessThan(0.55);
    expect(c.coverage90!).toBeGreaterThan(0.85);
    expect(c.coverage90!).toBeLessThan(0.95);
    // PIT of a calibrated model is uniform: mean ½
    const meanPit = rows.reduce((s, r) => s + r.pit, 0) / rows.length;
    expect(Math.abs(meanPit - 0.5)).toBeLessThan(0.05);
  });

  it('a model far off the observation is outside both intervals; draws the run cannot evaluate are left out', () => {
    const o = obs('x', 0.5, { se: 0.01, note: 't' });
    const [row] = predictiveCheck([o], Float64Array.from([0.8, 0.81, NaN, 0.79]), 4, new Set(['x']), new Set(), 1);
    expect(row.in50).toBe(false);
    expect(row.in90).toBe(false);
    expect(row.pit).toBe(0);
    expect(row.draws).toBe(3);
  });
});

describe('options and warnings', () => {
  it('bad sampler settings name their flag', () => {
    const ok = { samples: 40, chains: 4, burnIn: 0, thin: 1, checkDraws: 0 };
    expect(() => checkPosteriorOptions(ok)).not.toThrow();
    expect(() => checkPosteriorOptions({ ...ok, samples: 42 })).toThrow(ValidationError);
    expect(() => checkPosteriorOptions({ ...ok, samples: 42 })).toThrow(/--samples/);
    expect(() => checkPosteriorOptions({ ...ok, chains: 2 })).toThrow(/--chains/);
    expect(() => checkPosteriorOptions({ ...ok, thin: 0 })).toThrow(/--thin/);
  });
  it('a parameter over the thresholds gets one line saying why; NaN counts as failing', () => {
    const base = { mean: 0, sd: 1, q05: -1, q50: 0, q95: 1 };
    expect(mixingWarnings([{ name: 'a', ...base, rhat: 1.01, ess: 500, essTail: 400 }])).toEqual([]);
    expect(mixingWarnings([{ name: 'b', ...base, rhat: 1.2, ess: 50, essTail: 400 }])).toEqual(['b: R-hat 1.200 ≥ 1.05, bulk-ESS 50 < 100']);
    expect(mixingWarnings([{ name: 'c', ...base, rhat: NaN, ess: NaN, essTail: NaN }])[0]).toMatch(/^c: R-hat NaN ≥ 1.05, bulk-ESS NaN < 100, tail-ESS NaN < 100$/);
  });
});

describe('a short posterior of the real model', () => {
  it('log likelihood and prior of every draw are −Σz²/2 and −penalty/2 at that draw; same seed, same draws', async () => {
    const scenario = new ScenarioRegistry().resolve('baseline');
    const observations = readObservationsFile(defaultObservationsFile(), runScenario(withPriors(scenario), { mode: 'meanfield' }));
    const opts = { scenario, params: ['priceSensitivity', 'supportWeight', 'networkEffect'], observations, samples: 12, chains: 3, burnIn: 3, thin: 1, checkDraws: 3, seed: 4 };
    let spec: Parameters<typeof inThread>[0] | undefined;
    const a = await samplePosterior(opts, (s) => ((spec = s), inThread(s)));
    const b = await samplePosterior(opts, inThread);
    expect(Array.from(b.run.samples)).toEqual(Array.from(a.run.samples));
    for (const i of [0, 5, 11]) {
      const x = a.run.samples.slice(i * 3, i * 3 + 3);
      expect(a.run.logLik[i]).toBe(-dataLossOf(spec!, x) / 2);
      expect(a.run.logPrior[i]).toBe(-priorPenalty(spec!, x) / 2);
    }
    expect(a.predictive.filter((r) => r.set === 'fitted').length).toBe(18);
    expect(a.warnings.length).toBeGreaterThan(0); // three generations cannot mix
  });
});
