/**
 * The agents solver: N individual adopters with heterogeneous tastes, stochastic and seeded.
 * Agents are stored as a struct of typed arrays, grouped by segment (agents of segment s
 * occupy [start[s], start[s+1])): current option, next-event threshold, taste multipliers.
 *
 * Event times use cumulative-hazard clocks, so a month costs one comparison per idle agent
 * and no random draw: a non-adopter enters when its segment's Bass entry clock passes its
 * Exp(1) threshold; an adopter reconsiders when the global reconsideration clock passes its
 * threshold (or at once if its model was banned). Choices are logit draws over the agent's
 * own utilities: U + (m_price − 1)·U_price + (m_open − 1)·U_open + (m_risk − 1)·U_risk,
 * plus the switching cost on its current model (drawn by inverse CDF,
 * {@link sampleIndexOver}). Each taste multiplier takes one of {@link TASTE_CLASSES} quantile
 * classes of its distribution (8³ = 512 taste types), so the month's choice weights are
 * tabulated per (segment, class) and a choice needs no exponential. With tasteSpread = 0 the
 * expected shares equal the meanfield solver's (tested: error ∝ 1/√N).
 */
import type { Compiled } from './compile.js';
import { pnum } from './compile.js';
import type { AdoptionSolver, MonthInputs } from './engine.js';
import { entryHazard } from '../mechanisms/market-entry.js';
import { sampleIndexOver } from '../mechanisms/adoption-choice.js';
import { Rng, STREAM } from '../random.js';

/** Number of quantile classes per taste dimension. */
export const TASTE_CLASSES = 8;
/** Standard-normal quantiles at (i + 0.5) / 8. */
const Z8 = [-1.5341205443525463, -0.887146559018876, -0.4887764111146695, -0.15731068461017067, 0.15731068461017067, 0.4887764111146695, 0.887146559018876, 1.5341205443525463];

/** Options of the agents solver. */
export interface AgentsOptions {
  agents: number;
  seed: number;
}

export class AgentsSolver implements AdoptionSolver {
  readonly F: Float64Array;
  readonly x: Float64Array;
  readonly needsTasteComponents: boolean;
  private readonly N: number;
  private readonly start: Int32Array;
  private readonly choice: Int16Array;
  private readonly thr: Float64Array;
  /** Taste classes of each agent (price, open weights, risk). */
  private readonly cPrice: Uint8Array;
  private readonly cOpen: Uint8Array;
  private readonly cRisk: Uint8Array;
  /** Multiplier minus one of each class. */
  private readonly dPrice = new Float64Array(TASTE_CLASSES);
  private readonly dOpen = new Float64Array(TASTE_CLASSES);
  private readonly dRisk = new Float64Array(TASTE_CLASSES);
  /** Month tables: w·e^{(m_price−1)·U_price} by (segment, class, option); open and risk factors. */
  private readonly tPrice: Float64Array;
  private readonly tOpen: Float64Array;
  private readonly tRisk: Float64Array;
  private readonly counts: Float64Array;
  private readonly adopters: Float64Array;
  private readonly entryClock: Float64Array;
  private reconClock = 0;
  private readonly scratch: Float64Array;
  private readonly rng: Rng;
  private readonly spread: number;

  constructor(
    private readonly c: Compiled,
    opts: AgentsOptions,
  ) {
    const { S, O } = c;
    this.N = Math.max(S, Math.floor(opts.agents));
    this.F = new Float64Array(S);
    this.x = new Float64Array(S * O);
    this.counts = new Float64Array(S * O);
    this.adopters = new Float64Array(S);
    this.entryClock = new Float64Array(S);
    this.scratch = new Float64Array(O);
    this.start = new Int32Array(S + 1);
    this.choice = new Int16Array(this.N).fill(-1);
    this.thr = new Float64Array(this.N);
    this.cPrice = new Uint8Array(this.N);
    this.cOpen = new Uint8Array(this.N);
    this.cRisk = new Uint8Array(this.N);
    this.spread = pnum(c.params, 'tasteSpread');
    const sp = this.spread;
    for (let i = 0; i < TASTE_CLASSES; i++) {
      this.dPrice[i] = Math.exp(sp * Z8[i] - (sp * sp) / 2) - 1;
      this.dOpen[i] = sp * Z8[i];
      this.dRisk[i] = Math.exp(sp * Z8[i] - (sp * sp) / 2) - 1;
    }
    const tabulated = sp > 0;
    this.tPrice = new Float64Array(tabulated ? S * TASTE_CLASSES * O : 0);
    this.tOpen = new Float64Array(tabulated ? S * TASTE_CLASSES : 0);
    this.tRisk = new Float64Array(tabulated ? S * TASTE_CLASSES * c.B : 0);
    this.needsTasteComponents = this.spread > 0;
    this.rng = new Rng(opts.seed, STREAM.agentDynamics);
    this.allocate(new Rng(opts.seed, STREAM.agentInit));
  }

  /** Splits N agents over segments in proportion to their mass (largest remainder), draws tastes. */
  private allocate(rng: Rng): void {
    const { S } = this.c;
    const mass = this.c.segMass0;
    let tot = 0;
    for (let s = 0; s < S; s++) tot += mass[s];
    // at least one agent per segment, the rest by largest remainder
    const n = new Int32Array(S).fill(1);
    const rest = this.N - S;
    const rem: { s: number; r: number }[] = [];
    let used = 0;
    for (let s = 0; s < S; s++) {
      const exact = (rest * mass[s]) / tot;
      const fl = Math.floor(exact);
      n[s] += fl;
      used += fl;
      rem.push({ s, r: exact - fl });
    }
    rem.sort((a, b) => b.r - a.r || a.s - b.s);
    for (let i = 0; i < rest - used; i++) n[rem[i].s]++;
    for (let s = 0; s < S; s++) this.start[s + 1] = this.start[s] + n[s];
    if (this.spread > 0) {
      for (let i = 0; i < this.N; i++) {
        this.cPrice[i] = rng.int(TASTE_CLASSES);
        this.cOpen[i] = rng.int(TASTE_CLASSES);
        this.cRisk[i] = rng.int(TASTE_CLASSES);
      }
    }
  }

  /** Tabulates the month's choice weights by (segment, taste class) (heterogeneous tastes only). */
  private tabulate(m: MonthInputs): void {
    if (this.spread === 0) return;
    const { S, O, B } = this.c;
    const C = TASTE_CLASSES;
    const { opts, nOpts } = m;
    const labBloc = this.c.labBloc;
    for (let s = 0; s < S; s++) {
      const off = s * O;
      let uOpenS = 0;
      for (let j = 0; j < nOpts; j++) {
        const o = opts[j];
        if (o & 1 && m.avail[off + o]) {
          uOpenS = m.uOpen[off + o];
          break;
        }
      }
      for (let c = 0; c < C; c++) {
        const dp = this.dPrice[c];
        const tp = (s * C + c) * O;
        for (let j = 0; j < nOpts; j++) {
          const o = opts[j];
          const i = off + o;
          this.tPrice[tp + o] = m.avail[i] ? m.w[i] * Math.exp(dp * m.uPrice[i]) : 0;
        }
        this.tOpen[s * C + c] = Math.exp(this.dOpen[c] * uOpenS);
        for (let b = 0; b < B; b++) this.tRisk[(s * C + c) * B + b] = 1;
      }
      // the risk term depends only on the model's origin bloc
      for (let j = 0; j < nOpts; j++) {
        const o = opts[j];
        if (!m.avail[off + o]) continue;
        const b = labBloc[o >> 1];
        const ur = m.uRisk[off + o];
        for (let c = 0; c < C; c++) this.tRisk[(s * C + c) * B + b] = Math.exp(this.dRisk[c] * ur);
      }
    }
  }

  /** Draws a model for agent i of segment s; `current` gets the switching cost (−1: none). */
  private choose(m: MonthInputs, s: number, i: number, current: number): number {
    const O = this.c.O;
    const { opts, nOpts } = m;
    const sc = this.scratch;
    let total = 0;
    if (this.spread === 0) {
      const off = s * O;
      for (let j = 0; j < nOpts; j++) {
        const o = opts[j];
        let wo = m.w[off + o];
        if (o === current) wo *= m.ek;
        sc[o] = wo;
        total += wo;
      }
    } else {
      const C = TASTE_CLASSES;
      const B = this.c.B;
      const labBloc = this.c.labBloc;
      const tp = (s * C + this.cPrice[i]) * O;
      const eOpen = this.tOpen[s * C + this.cOpen[i]];
      const tr = (s * C + this.cRisk[i]) * B;
      for (let j = 0; j < nOpts; j++) {
        const o = opts[j];
        let wo = this.tPrice[tp + o] * this.tRisk[tr + labBloc[o >> 1]];
        if (o & 1) wo *= eOpen;
        if (o === current) wo *= m.ek;
        sc[o] = wo;
        total += wo;
      }
    }
    if (total <= 0) return current;
    return sampleIndexOver(sc, opts, nOpts, total, this.rng.next(), current);
  }

  init(m: MonthInputs, F0: Float64Array, _x0: Float64Array): void {
    const { S, O } = this.c;
    const rng = this.rng;
    this.tabulate(m);
    for (let s = 0; s < S; s++) {
      let ad = 0;
      for (let i = this.start[s]; i < this.start[s + 1]; i++) {
        this.thr[i] = rng.exp();
        if (rng.next() < F0[s]) {
          const o = this.choose(m, s, i, -1);
          if (o >= 0) {
            this.choice[i] = o;
            this.counts[s * O + o]++;
            ad++;
          }
        }
      }
      this.adopters[s] = ad;
    }
    this.publish();
  }

  step(m: MonthInputs): void {
    const { S, O } = this.c;
    const rng = this.rng;
    this.tabulate(m);
    this.reconClock += -Math.log(1 - Math.min(m.rho, 0.999999));
    const rc = this.reconClock;
    const { choice, thr, counts } = this;
    for (let s = 0; s < S; s++) {
      const a = this.start[s];
      const e = this.start[s + 1];
      const n = e - a;
      const h = entryHazard(this.adopters[s] / n, m.p, m.q);
      this.entryClock[s] += -Math.log(1 - Math.min(h, 0.999999));
      const ec = this.entryClock[s];
      const off = s * O;
      let ad = this.adopters[s];
      for (let i = a; i < e; i++) {
        const cur = choice[i];
        if (cur < 0) {
          if (ec >= thr[i]) {
            const o = this.choose(m, s, i, -1);
            if (o >= 0) {
              choice[i] = o;
              counts[off + o]++;
              ad++;
              thr[i] = rc + rng.exp();
            }
          }
        } else if (rc >= thr[i] || !m.avail[off + cur]) {
          const o = this.choose(m, s, i, cur);
          thr[i] = rc + rng.exp();
          if (o !== cur && o >= 0) {
            choice[i] = o;
            counts[off + cur]--;
            counts[off + o]++;
          }
        }
      }
      this.adopters[s] = ad;
    }
    this.publish();
  }

  /** Aggregates agents into F and x for the engine. */
  private publish(): void {
    const { S, O } = this.c;
    for (let s = 0; s < S; s++) {
      const n = this.start[s + 1] - this.start[s];
      const ad = this.adopters[s];
      this.F[s] = n > 0 ? ad / n : 0;
      const off = s * O;
      for (let o = 0; o < O; o++) this.x[off + o] = ad > 0 ? this.counts[off + o] / ad : 0;
    }
  }
}

/** Factory for {@link AgentsSolver}. */
export const agentsSolver =
  (opts: AgentsOptions) =>
  (c: Compiled): AdoptionSolver =>
    new AgentsSolver(c, opts);
