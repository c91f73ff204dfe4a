/**
 * The meanfield solver fuses the weights and the adopters' tally into its own loops
 * (AdoptionSolver.fused). The engine's unfused path — weights filled and adopters tallied by
 * the engine — must give the same outputs, to rounding.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, DEFAULT_WORLD, ScenarioRegistry } from '../../src/model/index.js';
import { compile } from '../../src/model/solvers/compile.js';
import { simulate, type AdoptionSolver } from '../../src/model/solvers/engine.js';
import { meanfieldSolver } from '../../src/model/solvers/meanfield.js';

describe('fused meanfield tally', () => {
  const reg = new ScenarioRegistry();
  for (const name of ['baseline', 'foreign-model-restrictions', 'closed-world']) {
    it(`${name}: fused and unfused paths agree within 1e-12`, () => {
      expect(BUILTIN_SCENARIOS.some((s) => s.name === name)).toBe(true);
      const c = compile(DEFAULT_WORLD, reg.resolve(name), '2023-01', '2030-12');
      const fused = simulate(c, meanfieldSolver);
      const unfused = simulate(c, (cc) => {
        const inner = meanfieldSolver(cc);
        const s: AdoptionSolver = { F: inner.F, x: inner.x, needsTasteComponents: false, fused: false, init: (m, F0, x0) => inner.init(m, F0, x0), step: (m) => inner.step(m) };
        return s;
      });
      let worst = 0;
      for (const a of fused.list) {
        const b = unfused.get(a.metric, a.group);
        for (let t = 0; t < a.values.length; t++) {
          const x = a.values[t];
          const y = b[t];
          if (Number.isNaN(x) && Number.isNaN(y)) continue;
          worst = Math.max(worst, Math.abs(x - y) / Math.max(1e-300, Math.abs(x) + Math.abs(y)));
        }
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }
});
