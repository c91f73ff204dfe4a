/**
 * The meanfield solver: deterministic expected shares per segment (the representative
 * adopter). Each month: market entry by the exact Bass step; existing adopters reconsider
 * with a switching cost (adoption-choice); entrants choose by plain logit.
 *   x'' = (F·x' + ΔF·P⁰) / (F + ΔF)
 * Fast (no per-agent state); calibration and the playground use it.
 */
import type { Compiled } from './compile.js';
import type { AdoptionSolver, MonthInputs } from './engine.js';
import { bassStep } from '../mechanisms/market-entry.js';
import { logitFromWeights, reconsiderShares } from '../mechanisms/adoption-choice.js';

export class MeanfieldSolver implements AdoptionSolver {
  readonly F: Float64Array;
  readonly x: Float64Array;
  private readonly xr: Float64Array;
  private readonly p0: Float64Array;
  constructor(private readonly c: Compiled) {
    this.F = new Float64Array(c.S);
    this.x = new Float64Array(c.S * c.O);
    this.xr = new Float64Array(c.O);
    this.p0 = new Float64Array(c.O);
  }

  init(_m: MonthInputs, F0: Float64Array, x0: Float64Array): void {
    this.F.set(F0);
    this.x.set(x0);
  }

  step(m: MonthInputs): void {
    const { S, O } = this.c;
    const { F, x, xr, p0 } = this;
    for (let s = 0; s < S; s++) {
      const off = s * O;
      const f = F[s];
      const f1 = bassStep(f, m.p, m.q, 1);
      const df = f1 - f;
      if (f > 0) reconsiderShares(x, off, m.w, off, O, m.rho, m.ek, xr, 0);
      else xr.fill(0);
      if (df > 0) logitFromWeights(m.w, off, O, p0, 0);
      const inv = f1 > 0 ? 1 / f1 : 0;
      let tot = 0;
      for (let o = 0; o < O; o++) {
        const v = (f * xr[o] + (df > 0 ? df * p0[o] : 0)) * inv;
        x[off + o] = v;
        tot += v;
      }
      // renormalise against rounding drift (shares sum to 1 within 1e-12)
      if (tot > 0 && tot !== 1) for (let o = 0; o < O; o++) x[off + o] /= tot;
      F[s] = f1;
    }
  }
}

/** Factory for {@link MeanfieldSolver}. */
export const meanfieldSolver = (c: Compiled): AdoptionSolver => new MeanfieldSolver(c);
