/**
 * The meanfield solver: deterministic expected shares per segment (the representative
 * adopter). Each month: market entry by the exact Bass step; existing adopters reconsider
 * with a switching cost (adoption-choice); entrants choose by plain logit.
 *   x'' = (F·x' + ΔF·P⁰) / (F + ΔF)
 * The update is {@link reconsiderShares} and {@link logitFromWeights} (adoption-choice.ts),
 * fused into two passes per segment, which also build the weights w from their factors and
 * tally the new adopters for the engine ({@link AdoptionSolver.fused}). Fast (no per-agent
 * state); calibration and the playground use it.
 */
import type { Compiled } from './compile.js';
import { segmentWeights, type AdoptionSolver, type MonthInputs } from './engine.js';
import { bassStep } from '../mechanisms/market-entry.js';
import type { reconsiderShares, logitFromWeights } from '../mechanisms/adoption-choice.js';

export class MeanfieldSolver implements AdoptionSolver {
  readonly F: Float64Array;
  readonly x: Float64Array;
  readonly needsTasteComponents = false;
  readonly fused = true;
  private readonly invD: Float64Array;
  /** Per segment: (sector, size) and (adopter bloc, sector) indices. */
  private readonly segKZ: Int32Array;
  private readonly segAK: Int32Array;
  constructor(private readonly c: Compiled) {
    this.F = new Float64Array(c.S);
    this.x = new Float64Array(c.S * c.O);
    this.invD = new Float64Array(c.O);
    this.segKZ = new Int32Array(c.S);
    this.segAK = new Int32Array(c.S);
    for (let s = 0; s < c.S; s++) {
      this.segKZ[s] = c.segSector[s] * c.Z + c.segSize[s];
      this.segAK[s] = c.segBloc[s] * c.K + c.segSector[s];
    }
  }

  init(_m: MonthInputs, F0: Float64Array, x0: Float64Array): void {
    this.F.set(F0);
    this.x.set(x0);
  }

  step(m: MonthInputs): void {
    const { S, O, B } = this.c;
    const { F, x, invD } = this;
    const { w, nOpts, rho, tally } = m;
    const { adopt, visible } = tally;
    const k1 = m.ek - 1;
    adopt.fill(0);
    visible.fill(0);
    for (let s = 0; s < S; s++) {
      const off = s * O;
      const f = F[s];
      const f1 = bassStep(f, m.p, m.q, 1);
      const df = f1 - f;
      const yo = this.segKZ[s] * O;
      const ro = this.segAK[s] * B;
      const z = segmentWeights(m, s, yo, ro);
      m.zsum[s] = z;
      // pass 1: the reconsideration sum Σ_j x_j r_j / D_j (see reconsiderShares)
      let sum = 0;
      for (let j = 0; j < nOpts; j++) {
        const i = off + j;
        const wj = w[i];
        const inv = 1 / (z + k1 * wj);
        invD[j] = inv;
        sum += x[i] * (wj > 0 ? rho : 1) * inv;
      }
      F[s] = f1;
      if (z <= 0 || f1 <= 0) {
        // nothing to choose (or nobody adopted): shares stay
        this.tallySegment(m, s, f1);
        continue;
      }
      // pass 2: new shares (reconsideration + entrants' logit), tallied as they are made
      const inv = 1 / f1;
      const pe = df > 0 ? df / z : 0;
      const stay = f * (1 - rho);
      const move = f * rho * k1;
      const kzo = yo;
      const scale = tally.mass[s] * f1;
      const scaleVis = scale * tally.platform[s];
      const a1 = f * sum + pe;
      let tot = 0;
      for (let j = 0; j < nOpts; j++) {
        const i = off + j;
        const wo = w[i];
        const xo = x[i];
        const v = wo > 0 ? (stay * xo + wo * (a1 + move * xo * invD[j])) * inv : 0;
        x[i] = v;
        tot += v;
        adopt[kzo + j] += scale * v;
        visible[kzo + j] += scaleVis * v;
      }
      // renormalise against rounding drift, rarely needed (shares sum to 1 within 1e-12; the
      // tally, made before this correction, is off by less than that)
      if (tot > 0 && Math.abs(tot - 1) > 1e-13) {
        const r = 1 / tot;
        for (let j = 0; j < nOpts; j++) x[off + j] *= r;
      }
    }
  }

  /** Tallies segment s with its shares unchanged. */
  private tallySegment(m: MonthInputs, s: number, f1: number): void {
    const { O } = this.c;
    const { x } = this;
    const { tally, nOpts } = m;
    const kzo = this.segKZ[s] * O;
    const scale = tally.mass[s] * f1;
    const scaleVis = scale * tally.platform[s];
    for (let j = 0; j < nOpts; j++) {
      const v = x[s * O + j];
      tally.adopt[kzo + j] += scale * v;
      tally.visible[kzo + j] += scaleVis * v;
    }
  }
}

/** Factory for {@link MeanfieldSolver}. */
export const meanfieldSolver = (c: Compiled): AdoptionSolver => new MeanfieldSolver(c);
