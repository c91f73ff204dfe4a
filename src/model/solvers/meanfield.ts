/**
 * The meanfield solver: the expected adopted fraction and shares of every (segment, class)
 * cell, moved by the equations of mechanisms/adoption-choice.ts and market-entry.ts. It is
 * the exact expectation of the agents solver's individual moves given the month's weights
 * (docs/model.md §4): the latent classes the agents sample are the cells it tracks.
 */
import type { Compiled } from './compile.js';
import type { AdoptionSolver } from './engine.js';
import type { RunState } from './state.js';
import { FIRST_ADOPTERS, FROZEN, RECONSIDER, reconsiderSegment } from '../mechanisms/adoption-choice.js';
import { bassAdvance, bassDecay } from '../mechanisms/market-entry.js';
import { CLASSES, cellBase } from '../mechanisms/demand-classes.js';

export class MeanfieldSolver implements AdoptionSolver {
  /** Scratch for the 1/D_j of a segment's cells. */
  private readonly inv: Float64Array;
  /** Per class of the segment being moved: Z, a, b, adopter mass, move. */
  private readonly z = new Float64Array(CLASSES);
  private readonly a = new Float64Array(CLASSES);
  private readonly b = new Float64Array(CLASSES);
  private readonly m = new Float64Array(CLASSES);
  private readonly move = new Uint8Array(CLASSES);
  constructor(c: Compiled) {
    this.inv = new Float64Array(CLASSES * c.O);
  }

  init(st: RunState): void {
    // nobody can use a model before one is on offer to them
    const { G, O, nAct, act } = st;
    for (let g = 0; g < G; g++) {
      const base = cellBase(g, O);
      let z = 0;
      for (let i = 0; i < nAct; i++) z += st.w[base + CLASSES * act[i]];
      if (!(z > 0)) {
        st.F[g] = 0;
        for (let i = 0; i < nAct; i++) st.x[base + CLASSES * act[i]] = 0;
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
    const { inv, z: zc, a, b, m, move } = this;
    const bassP = p.bassP;
    const bassQ = p.bassQ;
    const decay = bassDecay(bassP, bassQ, 1);
    users.fill(0);
    for (let s = 0; s < S; s++) {
      const row = s * O;
      for (let c = 0; c < CLASSES; c++) {
        const g = s * CLASSES + c;
        const z = zw[g];
        const F = Fs[g];
        const F1 = z > 0 ? bassAdvance(F, bassP, bassQ, 1, decay) : F;
        zc[c] = z;
        // (nothing on offer: nobody moves or enters; the cell's adopters still count)
        m[c] = mass[s] * classShare[g] * F1;
        move[c] = !(z > 0) ? FROZEN : F !== 0 ? RECONSIDER : FIRST_ADOPTERS;
        a[c] = F / F1;
        b[c] = (F1 - F) / (F1 * z);
        Fs[g] = F1;
      }
      reconsiderSegment(x, w, s * CLASSES * O, act, nAct, st.rho, eks[s], inv, zc, a, b, m, move, A, row);
      for (let i = 0; i < nAct; i++) users[act[i]] += A[row + act[i]];
    }
    return true;
  }
}

/** Factory of {@link MeanfieldSolver} for `simulate`. */
export function meanfieldSolver(c: Compiled): AdoptionSolver {
  return new MeanfieldSolver(c);
}
