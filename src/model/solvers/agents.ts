/**
 * The agents solver: N individual adopters with heterogeneous tastes, stochastic and seeded.
 * Agents are stored as a struct of typed arrays, grouped by segment (agents of segment s
 * occupy [start[s], start[s+1]), adopters first): current option and three taste classes.
 *
 * Each month every adopter reconsiders with probability ρ (and at once if its model was
 * withdrawn or banned) and every non-adopter enters with its segment's Bass hazard h, as
 * independent Bernoulli trials. The agents hit are found by geometric skipping, so a month
 * costs one step per event, not per agent. (This is the same law as cumulative-hazard clocks
 * with Exp(1) thresholds, which earlier versions used.)
 *
 * Choices are logit draws over the agent's own utilities:
 * U + (m_price − 1)·U_price + (m_open − 1)·U_open + (m_risk − 1)·U_risk, plus the switching
 * cost on its current model. Each taste multiplier takes one of {@link TASTE_CLASSES}
 * quantile classes of its distribution (8³ = 512 taste types). The weight of an option
 * factorises into a (segment, price class, option) table, a (bloc, sector, risk class,
 * origin) factor and a (sector, size, open class) factor, so a choice draws the origin bloc
 * from 4 weights, then API or open weights, then the model inside that group: no
 * exponential and no pass over all options. With tasteSpread = 0 the expected shares equal
 * the meanfield solver's (tested: error ∝ 1/√N).
 */
import type { Compiled } from './compile.js';
import { pnum } from './compile.js';
import type { AdoptionSolver, MonthInputs } from './engine.js';
import { entryHazard } from '../mechanisms/market-entry.js';
import { GeometricSkips, Rng, STREAM, geometricSkip } from '../random.js';
import { tableExp } from '../numerics/table-exp.js';

/** Number of quantile classes per taste dimension (2³: allocate() packs three classes into one 32-bit draw). */
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
  readonly fused = false;
  /** The taste components need the TypeScript utility factors. */
  readonly kernelFactors = false;
  private readonly N: number;
  private readonly start: Int32Array;
  /** Current option id of each agent (−1: not adopted). */
  private readonly choice: Int16Array;
  /** Taste classes of each agent, packed: price class in bits 0–2, open weights 3–5, risk 6–8. */
  private readonly taste: Uint16Array;
  /** Classes per taste dimension: {@link TASTE_CLASSES}, or 1 with homogeneous tastes. */
  private readonly C: number;
  /** Multiplier minus one of each class (price, risk); deviation of the open multiplier. */
  private readonly dPrice: Float64Array;
  private readonly dOpen: Float64Array;
  private readonly dRisk: Float64Array;
  /** Month tables: taste factors e^{(m−1)·U_term} by their own dimensions (see tabulate). */
  private readonly ePrice: Float64Array;
  private readonly eOpen: Float64Array;
  private readonly eRisk: Float64Array;
  /** Σ over each option group of w · e^{(m_price−1)·U_price}, by (segment, price class, group). */
  private readonly gsum: Float64Array;
  /** w · e^{(m_price−1)·U_price} by (segment, price class, listed option). */
  private readonly wp: Float64Array;
  /** Per segment: (sector, size) index and (adopter bloc, sector) index. */
  private readonly segKZ: Int32Array;
  private readonly segAK: Int32Array;
  /** Per-choice scratch: weight of each origin bloc. */
  private readonly bw: Float64Array;
  /** Adopters by (segment, option id). */
  private readonly counts: Float64Array;
  private readonly adopters: Float64Array;
  private readonly rng: Rng;
  /** Skips of the reconsideration stream (ρ changes rarely, so its table is reused). */
  private readonly reconSkips = new GeometricSkips();
  private readonly spread: number;

  constructor(
    private readonly c: Compiled,
    opts: AgentsOptions,
  ) {
    const { S, O, B, K, Z } = c;
    this.N = Math.max(S, Math.floor(opts.agents));
    this.F = new Float64Array(S);
    this.x = new Float64Array(S * O);
    this.counts = new Float64Array(S * O);
    this.adopters = new Float64Array(S);
    this.start = new Int32Array(S + 1);
    this.choice = new Int16Array(this.N).fill(-1);
    this.taste = new Uint16Array(this.N);
    this.spread = pnum(c.params, 'tasteSpread');
    const sp = this.spread;
    const C = sp > 0 ? TASTE_CLASSES : 1;
    this.C = C;
    this.dPrice = new Float64Array(C);
    this.dOpen = new Float64Array(C);
    this.dRisk = new Float64Array(C);
    if (sp > 0) {
      for (let i = 0; i < C; i++) {
        this.dPrice[i] = Math.exp(sp * Z8[i] - (sp * sp) / 2) - 1;
        this.dOpen[i] = sp * Z8[i];
        this.dRisk[i] = Math.exp(sp * Z8[i] - (sp * sp) / 2) - 1;
      }
    }
    // with homogeneous tastes every factor is 1 and stays 1
    this.ePrice = new Float64Array(K * Z * C * O).fill(1);
    this.eOpen = new Float64Array(K * Z * C).fill(1);
    this.eRisk = new Float64Array(B * K * C * B).fill(1);
    this.gsum = new Float64Array(S * C * 2 * B);
    this.bw = new Float64Array(B);
    this.wp = new Float64Array(S * C * O);
    this.segKZ = new Int32Array(S);
    this.segAK = new Int32Array(S);
    for (let s = 0; s < S; s++) {
      this.segKZ[s] = c.segSector[s] * Z + c.segSize[s];
      this.segAK[s] = c.segBloc[s] * K + c.segSector[s];
    }
    this.needsTasteComponents = sp > 0;
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
      // one 32-bit draw per agent: its three classes are three independent 3-bit fields
      for (let i = 0; i < this.N; i++) {
        const x = rng.nextUint32();
        this.taste[i] = (x >>> 29) | (((x >>> 26) & 7) << 3) | (((x >>> 23) & 7) << 6);
      }
    }
  }

  /**
   * Tabulates the month's choice weights. An agent's weight for option j of group g = (origin
   * bloc b, openness v) factorises as w[s,j] · ePrice[(k,z), c_price, j] · eRisk[(a,k), c_risk, b]
   * · eOpen[(k,z), c_open]^v, so the group sums Σ_{j∈g} w·ePrice by (segment, price class)
   * let a choice pick a group first and then an option inside it.
   */
  private tabulate(m: MonthInputs): void {
    const { S, O, B, K, Z } = this.c;
    const { segSector, segSize } = this.c;
    const C = this.C;
    const G = 2 * B;
    const { w, nOpts, groupStart } = m;
    if (this.spread > 0) {
      for (let kz = 0; kz < K * Z; kz++) {
        for (let c = 0; c < C; c++) {
          const dp = this.dPrice[c];
          const ep = (kz * C + c) * O;
          for (let j = 0; j < nOpts; j++) this.ePrice[ep + j] = tableExp(dp * m.uPriceKZ[kz * O + j]);
          this.eOpen[kz * C + c] = tableExp(this.dOpen[c] * m.uOpenKZ[kz]);
        }
      }
      for (let ak = 0; ak < B * K; ak++)
        for (let c = 0; c < C; c++) {
          const dr = this.dRisk[c];
          for (let b = 0; b < B; b++) this.eRisk[(ak * C + c) * B + b] = tableExp(dr * m.uRiskAKB[ak * B + b]);
        }
    }
    for (let s = 0; s < S; s++) {
      const off = s * O;
      const kz = segSector[s] * Z + segSize[s];
      for (let c = 0; c < C; c++) {
        const ep = (kz * C + c) * O;
        const gs = (s * C + c) * G;
        const wo = (s * C + c) * O;
        for (let g = 0; g < G; g++) {
          let sum = 0;
          for (let j = groupStart[g], e = groupStart[g + 1]; j < e; j++) {
            const v = w[off + j] * this.ePrice[ep + j];
            this.wp[wo + j] = v;
            sum += v;
          }
          this.gsum[gs + g] = sum;
        }
      }
    }
  }

  /**
   * Draws a model for agent i of segment s from the logit over its own utilities; `current`
   * (an option id, −1 for none) gets the switching cost. Picks a group by its total weight,
   * then an option inside the group by inverse CDF (one uniform for both).
   */
  private choose(m: MonthInputs, s: number, i: number, current: number): number {
    const { O, B } = this.c;
    const C = this.C;
    const G = 2 * B;
    const { opts, groupStart } = m;
    const wp = this.wp;
    const tt = this.taste[i];
    const cp = tt & 7;
    const wo = (s * C + cp) * O;
    const eo = this.eOpen[this.segKZ[s] * C + ((tt >> 3) & 7)];
    const er = (this.segAK[s] * C + (tt >> 6)) * B;
    const gs = (s * C + cp) * G;
    const bw = this.bw;
    const gsum = this.gsum;
    const eRisk = this.eRisk;
    // weight of each origin bloc: (API group + e^{open taste} · open group) · risk taste factor
    let total = 0;
    for (let b = 0; b < B; b++) {
      const v = (gsum[gs + 2 * b] + eo * gsum[gs + 2 * b + 1]) * eRisk[er + b];
      bw[b] = v;
      total += v;
    }
    // the switching cost: the current option weighs e^κ times its own weight
    let extra = 0;
    const jc = current >= 0 ? m.optIndex[current] : -1;
    if (jc >= 0 && wp[wo + jc] > 0) {
      extra = (m.ek - 1) * wp[wo + jc] * eRisk[er + this.c.labBloc[current >> 1]] * ((current & 1) === 1 ? eo : 1);
    }
    total += extra;
    if (!(total > 0)) return current;
    let r = this.rng.next() * total;
    if (r < extra) return current;
    r -= extra;
    let b = 0;
    let lastB = -1;
    for (; b < B; b++) {
      if (bw[b] <= 0) continue;
      lastB = b;
      if (r < bw[b]) break;
      r -= bw[b];
    }
    if (b === B) {
      // rounding at the very end of the distribution
      if (lastB < 0) return current;
      b = lastB;
      r = bw[b];
    }
    // inside the bloc, in units of w · ePrice: the API group, then the open group scaled by e^{open taste}
    let target = r / eRisk[er + b];
    const api = gsum[gs + 2 * b];
    let g = 2 * b;
    if (target >= api && gsum[gs + 2 * b + 1] > 0) {
      target = (target - api) / eo;
      g++;
    }
    let last = -1;
    for (let j = groupStart[g], e = groupStart[g + 1]; j < e; j++) {
      const v = wp[wo + j];
      if (v <= 0) continue;
      last = j;
      target -= v;
      if (target < 0) return opts[j];
    }
    return last >= 0 ? opts[last] : current;
  }

  init(m: MonthInputs, F0: Float64Array, _x0: Float64Array): void {
    const { S, O } = this.c;
    const rng = this.rng;
    this.tabulate(m);
    for (let s = 0; s < S; s++) {
      const a = this.start[s];
      let p = a; // adopters occupy [start[s], p)
      for (let i = a; i < this.start[s + 1]; i++) {
        if (rng.next() < F0[s]) {
          // with no model to choose (a run that starts before any lab exists) the agent stays
          // a non-adopter: an adopter without a model broke the counts (issue 17)
          const o = this.choose(m, s, i, -1);
          if (o < 0) continue;
          this.swap(i, p);
          this.choice[p] = o;
          this.counts[s * O + o]++;
          p++;
        }
      }
      this.adopters[s] = p - a;
    }
    this.publish(m);
  }

  /** Swaps the taste classes of two non-adopters (keeps adopters first in their segment). */
  private swap(i: number, j: number): void {
    if (i === j) return;
    const v = this.taste[i];
    this.taste[i] = this.taste[j];
    this.taste[j] = v;
  }

  /**
   * One month. Each adopter reconsiders with probability ρ (and at once if its model is no
   * longer available); each non-adopter enters with its segment's Bass hazard h. Events are
   * independent Bernoulli draws, so the agents hit are found by geometric skipping: the cost is
   * per event, not per agent. Adopters are kept first in their segment's range, so each stream
   * runs over its own contiguous block.
   */
  step(m: MonthInputs): void {
    const { S, O } = this.c;
    const rng = this.rng;
    this.tabulate(m);
    const rho = Math.min(m.rho, 1);
    const geo = this.reconSkips;
    geo.set(rho);
    const { choice, counts } = this;
    const { w, opts, nOpts, optIndex } = m;
    for (let s = 0; s < S; s++) {
      const a = this.start[s];
      const e = this.start[s + 1];
      const off = s * O;
      const ad0 = this.adopters[s];
      const h = entryHazard(ad0 / (e - a), m.p, m.q);
      // 1. reconsideration among this month's adopters [a, a + ad0)
      if (rho > 0) {
        for (let i = a + geo.draw(rng); i < a + ad0; i += 1 + geo.draw(rng)) this.reconsider(m, s, i);
      }
      // 2. users of a withdrawn or banned model who were not hit above reconsider now
      let stranded = false;
      for (let j = 0; j < nOpts && !stranded; j++) stranded = !(w[off + j] > 0) && counts[off + opts[j]] > 0;
      if (stranded) {
        for (let i = a; i < a + ad0; i++) {
          const cur = choice[i];
          const jc = optIndex[cur];
          if (!(jc >= 0 && w[off + jc] > 0)) this.reconsider(m, s, i);
        }
      }
      // 3. market entry among non-adopters [a + ad0, e); entrants move to the adopters' block
      let p = a + ad0;
      if (h > 0) {
        const lh = h < 1 ? Math.log1p(-h) : -Infinity;
        for (let i = p + geometricSkip(rng.nextOpen(), lh); i < e; i += 1 + geometricSkip(rng.nextOpen(), lh)) {
          const o = this.choose(m, s, i, -1);
          if (o < 0) continue;
          this.swap(i, p);
          choice[p] = o;
          counts[off + o]++;
          p++;
        }
      }
      this.adopters[s] = p - a;
    }
    this.publish(m);
  }

  /** Adopter i of segment s chooses again (its current model gets the switching cost). */
  private reconsider(m: MonthInputs, s: number, i: number): void {
    const cur = this.choice[i];
    const o = this.choose(m, s, i, cur);
    if (o !== cur && o >= 0) {
      const off = s * this.c.O;
      this.choice[i] = o;
      this.counts[off + cur]--;
      this.counts[off + o]++;
    }
  }

  /** Aggregates agents into F and the compact shares x for the engine. */
  private publish(m: MonthInputs): void {
    const { S, O } = this.c;
    const { opts, nOpts } = m;
    for (let s = 0; s < S; s++) {
      const n = this.start[s + 1] - this.start[s];
      const ad = this.adopters[s];
      this.F[s] = n > 0 ? ad / n : 0;
      const off = s * O;
      const inv = ad > 0 ? 1 / ad : 0;
      for (let j = 0; j < nOpts; j++) this.x[off + j] = this.counts[off + opts[j]] * inv;
      for (let j = nOpts; j < O; j++) this.x[off + j] = 0;
    }
  }
}

/** Factory for {@link AgentsSolver}. */
export const agentsSolver =
  (opts: AgentsOptions) =>
  (c: Compiled): AdoptionSolver =>
    new AgentsSolver(c, opts);
