/**
 * The meanfield solver: the expected adopted fraction and shares of every (segment, class)
 * cell, moved by the equations of mechanisms/adoption-choice.ts and market-entry.ts. It is
 * the exact expectation of the agents solver's individual moves given the month's weights
 * (docs/model.md §4): the latent classes the agents sample are the cells it tracks.
 */
import type { Compiled } from './compile.js';
import type { AdoptionSolver } from './engine.js';
import type { RunState } from './state.js';
import { reconsiderAndEnter } from '../mechanisms/adoption-choice.js';
import { bassStep } from '../mechanisms/market-entry.js';
import { CLASSES } from '../mechanisms/demand-classes.js';

export class MeanfieldSolver implements AdoptionSolver {
  /** Scratch for the 1/D_j of a cell. */
  private readonly inv: Float64Array;
  constructor(c: Compiled) {
    this.inv = new Float64Array(c.O);
  }

  init(st: RunState): void {
    // nobody can use a model before one is on offer to them
    const { G, O, nAct, act } = st;
    for (let g = 0; g < G; g++) {
      let z = 0;
      for (let i = 0; i < nAct; i++) z += st.w[g * O + act[i]];
      if (!(z > 0)) {
        st.F[g] = 0;
        for (let i = 0; i < nAct; i++) st.x[g * O + act[i]] = 0;
      }
    }
  }

  /**
   * One month: reconsideration and entry in every cell, and the adopters' tally of each
   * segment (`st.A`, `st.users`) from the new shares while they are in cache (returns true: the
   * engine then skips its own tally, which gives the same numbers).
   */
  step(st: RunState): boolean {
    const { S, O, nAct, act, x, w, zw, F: Fs, ek: eks, A, users, mass, classShare } = st;
    const p = st.p;
    const rho = st.rho;
    const inv = this.inv;
    users.fill(0);
    for (let s = 0; s < S; s++) {
      const ek = eks[s];
      const row = s * O;
      for (let i = 0; i < nAct; i++) A[row + act[i]] = 0;
      for (let c = 0; c < CLASSES; c++) {
        const g = s * CLASSES + c;
        const off = g * O;
        const z = zw[g];
        const F = Fs[g];
        const F1 = z > 0 ? bassStep(F, p.bassP, p.bassQ, 1) : F;
        // (nothing on offer: nobody moves or enters; the cell's adopters still count)
        const m = mass[s] * classShare[g] * F1;
        if (z > 0 && F !== 0) {
          // reconsideration and entry, tallying the segment's adopters on the way
          reconsiderAndEnter(x, w, off, act, nAct, rho, ek, inv, z, F / F1, (F1 - F) / (F1 * z), A, row, m);
        } else {
          // the first adopters of a cell choose by plain logit
          if (z > 0) for (let i = 0; i < nAct; i++) x[off + act[i]] = w[off + act[i]] / z;
          if (m !== 0)
            for (let i = 0; i < nAct; i++) {
              const o = act[i];
              A[row + o] += m * x[off + o];
            }
        }
        Fs[g] = F1;
      }
      for (let i = 0; i < nAct; i++) users[act[i]] += A[row + act[i]];
    }
    return true;
  }
}

/** Factory of {@link MeanfieldSolver} for `simulate`. */
export function meanfieldSolver(c: Compiled): AdoptionSolver {
  return new MeanfieldSolver(c);
}
