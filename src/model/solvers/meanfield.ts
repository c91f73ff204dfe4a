/**
 * The meanfield solver: deterministic expected shares per segment (the representative
 * adopter). Each month: market entry by the exact Bass step; existing adopters reconsider
 * with a switching cost (adoption-choice); entrants choose by plain logit.
 *   x'' = (F·x' + ΔF·P⁰) / (F + ΔF)
 * The update is {@link reconsiderShares} and {@link logitFromWeights} (adoption-choice.ts),
 * fused into two passes per segment. Fast (no per-agent state); calibration and the
 * playground use it.
 */
import type { Compiled } from './compile.js';
import type { AdoptionSolver, MonthInputs } from './engine.js';
import { bassStep } from '../mechanisms/market-entry.js';
import type { reconsiderShares, logitFromWeights } from '../mechanisms/adoption-choice.js';

export class MeanfieldSolver implements AdoptionSolver {
  readonly F: Float64Array;
  readonly x: Float64Array;
  readonly needsTasteComponents = false;
  private readonly invD: Float64Array;
  constructor(private readonly c: Compiled) {
    this.F = new Float64Array(c.S);
    this.x = new Float64Array(c.S * c.O);
    this.invD = new Float64Array(c.O);
  }

  init(_m: MonthInputs, F0: Float64Array, x0: Float64Array): void {
    this.F.set(F0);
    this.x.set(x0);
  }

  step(m: MonthInputs): void {
    const { S, O } = this.c;
    const { F, x } = this;
    const { w, nOpts, rho } = m;
    const k1 = m.ek - 1;
    for (let s = 0; s < S; s++) {
      const off = s * O;
      const f = F[s];
      const f1 = bassStep(f, m.p, m.q, 1);
      const df = f1 - f;
      const z = m.zsum[s];
      if (z <= 0 || f1 <= 0) {
        F[s] = f1;
        continue;
      }
      // adoption-choice: reconsideration with a switching cost (see reconsiderShares), fused
      // with the entrants' logit so each segment takes two passes over the options.
      let sum = 0;
      const invD = this.invD;
      for (let j = 0; j < nOpts; j++) {
        const i = off + j;
        const wj = w[i];
        const inv = 1 / (z + k1 * wj);
        invD[j] = inv;
        const xj = x[i];
        if (xj !== 0) sum += xj * (wj > 0 ? rho : 1) * inv;
      }
      const inv = 1 / f1;
      const pe = df > 0 ? df / z : 0;
      const stay = f * (1 - rho);
      const move = f * rho * k1;
      let tot = 0;
      for (let j = 0; j < nOpts; j++) {
        const i = off + j;
        const wo = w[i];
        const xo = x[i];
        const v = wo > 0 ? (stay * xo + wo * (f * sum + move * xo * invD[j] + pe)) * inv : 0;
        x[i] = v;
        tot += v;
      }
      // renormalise against rounding drift (shares sum to 1 within 1e-12)
      if (tot > 0 && Math.abs(tot - 1) > 1e-15) {
        const r = 1 / tot;
        for (let j = 0; j < nOpts; j++) x[off + j] *= r;
      }
      F[s] = f1;
    }
  }
}

/** Factory for {@link MeanfieldSolver}. */
export const meanfieldSolver = (c: Compiled): AdoptionSolver => new MeanfieldSolver(c);
