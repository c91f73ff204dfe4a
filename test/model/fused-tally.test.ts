/**
 * The meanfield solver fuses the weights and the adopters' tally into its own loops
 * (AdoptionSolver.fused). The engine's unfused path — weights filled and adopters tallied by
 * the engine — must give the same outputs, to rounding.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, DEFAULT_WORLD, ScenarioRegistry } from '../../src/model/index.js';
import { compile } from '../../src/model/solvers/compile.js';
import { simulate, type AdoptionSolver } from '../../src/model/solvers/engine.js';
import { MeanfieldSolver, meanfieldSolver } from '../../src/model/solvers/meanfield.js';
import type { SeriesSet } from '../../src/model/outputs/series.js';

describe('fused meanfield tally', () => {
  const reg = new ScenarioRegistry();
  for (const name of ['baseline', 'foreign-model-restrictions', 'closed-world']) {
    it(`${name}: fused and unfused paths agree within 1e-12`, () => {
      expect(BUILTIN_SCENARIOS.some((s) => s.name === name)).toBe(true);
      const c = compile(DEFAULT_WORLD, reg.resolve(name), '2023-01', '2030-12');
      const fused = simulate(c, meanfieldSolver);
      const unfused = simulate(c, (cc) => {
        const inner = meanfieldSolver(cc);
        const s: AdoptionSolver = { F: inner.F, x: inner.x, needsTasteComponents: false, kernelFactors: inner.kernelFactors, fused: false, init: (m, F0, x0) => inner.init(m, F0, x0), step: (m) => inner.step(m) };
        return s;
      });
      const worst = worstDifference(fused, unfused);
      expect(worst).toBeLessThan(1e-12);
    });
  }
});

describe('grouped meanfield step', () => {
  const reg = new ScenarioRegistry();
  // foreign-model-restrictions restricts some segments of a cell and not others
  for (const name of ['baseline', 'foreign-model-restrictions', 'closed-world', 'export-controls-tighten']) {
    it(`${name}: four adopter blocs at a time and one segment at a time agree within 1e-12`, () => {
      const c = compile(DEFAULT_WORLD, reg.resolve(name), '2023-01', '2030-12');
      const grouped = simulate(c, (cc) => new MeanfieldSolver(cc, true));
      const single = simulate(c, (cc) => new MeanfieldSolver(cc, false));
      expect(worstDifference(grouped, single)).toBeLessThan(1e-12);
    });
  }
});

/** Largest relative difference between two runs' series (NaN where both are NaN is equal). */
function worstDifference(a: SeriesSet, b: SeriesSet): number {
  let worst = 0;
  for (const sa of a.list) {
    const vb = b.get(sa.metric, sa.group);
    for (let t = 0; t < sa.values.length; t++) {
      const x = sa.values[t];
      const y = vb[t];
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      worst = Math.max(worst, Math.abs(x - y) / Math.max(1e-300, Math.abs(x) + Math.abs(y)));
    }
  }
  return worst;
}
