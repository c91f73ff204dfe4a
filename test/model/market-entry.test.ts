import { describe, expect, it } from 'vitest';
import { bassClosedForm, bassPeakTime, bassStep, entryHazard } from '../../src/model/mechanisms/market-entry.js';
import { ScenarioRegistry, runScenario, withOverrides } from '../../src/model/index.js';
import { tinyWorld } from './helpers.js';

describe('market entry (Bass diffusion)', () => {
  it('closed form has the textbook peak for p = 0.03, q = 0.38', () => {
    const p = 0.03;
    const q = 0.38;
    const tStar = bassPeakTime(p, q);
    expect(tStar).toBeCloseTo(6.1926, 4);
    expect(bassClosedForm(tStar, p, q)).toBeCloseTo(0.4605, 4);
  });

  it('the exact step composes: n monthly steps equal the closed form', () => {
    let F = 0;
    for (let t = 1; t <= 30; t++) {
      F = bassStep(F, 0.03, 0.38, 1);
      expect(Math.abs(F - bassClosedForm(t, 0.03, 0.38))).toBeLessThan(1e-12);
    }
  });

  it('the entry hazard reproduces the expected step', () => {
    const F0 = 0.2;
    const h = entryHazard(F0, 0.03, 0.38);
    expect(F0 + (1 - F0) * h).toBeCloseTo(bassStep(F0, 0.03, 0.38, 1), 12);
  });

  it('the meanfield solver configured as a Bass model matches F(t) within 1e-3', () => {
    const reg = new ScenarioRegistry(tinyWorld(), []);
    reg.add({ name: 'bass', description: '', params: {}, events: [] });
    const scenario = withOverrides(reg.resolve('bass'), { bassP: 0.03, bassQ: 0.38, initialAdoption: 0 });
    const r = runScenario(scenario, { world: tinyWorld(), from: '2023-01', to: '2025-12' });
    const F = r.series.find('adoption', 'all')!;
    let maxErr = 0;
    let peakStep = 0;
    let peakInc = 0;
    for (let t = 0; t < r.dates.length; t++) {
      maxErr = Math.max(maxErr, Math.abs(F[t] - bassClosedForm(t, 0.03, 0.38)));
      if (t > 0 && F[t] - F[t - 1] > peakInc) {
        peakInc = F[t] - F[t - 1];
        peakStep = t;
      }
    }
    expect(maxErr).toBeLessThan(1e-3);
    // adoption speed peaks at t* = 6.19: the largest monthly increment is the step into month 6 or 7
    expect([6, 7]).toContain(peakStep);
  });
});
