/**
 * The agents solver: N individual adopters, stochastic and seeded. Each agent belongs to a
 * (segment, class) cell for life (drawn by the cell's mass, largest remainder) and uses one
 * model or none. Each month every adopter reconsiders with probability ρ (at once if its
 * model was withdrawn or banned) and every non-adopter of segment s enters with its Bass
 * hazard h_s, as independent Bernoulli trials; a choosing agent draws from its cell's logit
 * (with the switching cost on its current model: it stays with probability
 * (e^κ − 1)w_j / D_j, otherwise it draws from w / Z).
 *
 * Agents of one cell using the same model are exchangeable (same tastes, same state), so the
 * solver stores how many agents of each cell use each model rather than one record per
 * agent, and draws each agent's events: the hits among the c agents on a model are found by
 * geometric skipping (⌊ln U / ln(1 − p)⌋ agents between events), so a month costs one step
 * per event, not per agent. The law is that of N individual agents; the meanfield solver is
 * its expectation (docs/model.md §4).
 */
import type { Compiled } from './compile.js';
import type { AdoptionSolver } from './engine.js';
import type { RunState } from './state.js';
import { stayProbability } from '../mechanisms/adoption-choice.js';
import { entryHazard } from '../mechanisms/market-entry.js';
import { CLASSES, cellBase } from '../mechanisms/demand-classes.js';
import { GeometricSkips, Rng, STREAM, geometricSkip } from '../random.js';

/** Options of the agents solver. */
export interface AgentsOptions {
  agents: number;
  seed: number;
}

export class AgentsSolver implements AdoptionSolver {
  private readonly rng: Rng;
  private readonly initRng: Rng;
  /** Agents of each cell, non-adopters of each cell, [g]. */
  private readonly n: Float64Array;
  private readonly idle: Float64Array;
  /** Agents of each cell on each option, [g·O + o]. */
  private readonly counts: Float64Array;
  /** Moves of the month, applied after every agent of the cell has drawn, [o]. */
  private readonly delta: Float64Array;
  /** Cumulative weights of the cell's listed options (the choice draw). */
  private readonly cdf: Float64Array;
  private readonly recon = new GeometricSkips();

  constructor(
    c: Compiled,
    private readonly o: AgentsOptions,
  ) {
    this.rng = new Rng(o.seed, STREAM.agentDynamics);
    this.initRng = new Rng(o.seed, STREAM.agentInit);
    const G = c.S * CLASSES;
    this.n = new Float64Array(G);
    this.idle = new Float64Array(G);
    this.counts = new Float64Array(G * c.O);
    this.delta = new Float64Array(c.O);
    this.cdf = new Float64Array(c.O);
  }

  /** Agents per cell by mass (largest remainder; at least one per cell when N ≥ cells). */
  private allocate(st: RunState): void {
    const { G, S } = st;
    const N = this.o.agents;
    const shares = new Float64Array(G);
    let tot = 0;
    for (let s = 0; s < S; s++) for (let c = 0; c < CLASSES; c++) tot += (shares[s * CLASSES + c] = st.mass0[s] * st.classShare[s * CLASSES + c]);
    const floor = N >= G ? 1 : 0;
    const rest = N - floor * G;
    const rem: { g: number; r: number }[] = [];
    let used = 0;
    for (let g = 0; g < G; g++) {
      const exact = (rest * shares[g]) / tot;
      const whole = Math.floor(exact);
      this.n[g] = floor + whole;
      used += floor + whole;
      rem.push({ g, r: exact - whole });
    }
    rem.sort((a, b) => b.r - a.r || a.g - b.g);
    for (let i = 0; used < N; i++, used++) this.n[rem[i].g]++;
  }

  init(st: RunState): void {
    this.allocate(st);
    const { G, O, nAct, act } = st;
    for (let g = 0; g < G; g++) {
      const ng = this.n[g];
      const off = g * O;
      const cb = cellBase(g, O);
      let z = 0;
      for (let i = 0; i < nAct; i++) z += st.w[cb + CLASSES * act[i]];
      // initial adopters: each of the cell's agents adopts with probability F(0)
      const adopters = z > 0 ? this.binomial(this.initRng, ng, st.F[g]) : 0;
      this.idle[g] = ng - adopters;
      this.prepareCdf(st, cb);
      for (let k = 0; k < adopters; k++) this.counts[off + this.draw(this.initRng, st, z)]++;
      this.publish(st, g);
    }
  }

  step(st: RunState): void {
    const { S, O, nAct, act } = st;
    const p = st.p;
    const rng = this.rng;
    this.recon.set(st.rho);
    for (let s = 0; s < S; s++) {
      // the segment's Bass hazard from its adopted fraction (all classes together)
      let adopted = 0;
      let agents = 0;
      for (let c = 0; c < CLASSES; c++) {
        const g = s * CLASSES + c;
        adopted += (this.n[g] - this.idle[g]) * (st.mass0[s] * st.classShare[g]) / Math.max(1, this.n[g]);
        agents += st.mass0[s] * st.classShare[g];
      }
      const h = entryHazard(agents > 0 ? adopted / agents : 0, p.bassP, p.bassQ);
      const logQ = h >= 1 ? -Infinity : h > 0 ? Math.log1p(-h) : 0;
      const ek = st.ek[s];
      for (let c = 0; c < CLASSES; c++) {
        const g = s * CLASSES + c;
        const off = g * O;
        const cb = cellBase(g, O);
        let z = 0;
        for (let i = 0; i < nAct; i++) z += st.w[cb + CLASSES * act[i]];
        if (!(z > 0)) continue;
        this.prepareCdf(st, cb);
        const delta = this.delta;
        for (let i = 0; i < nAct; i++) delta[act[i]] = 0;
        // reconsideration: hits among the agents on each model
        for (let i = 0; i < nAct; i++) {
          const o = act[i];
          const cnt = this.counts[off + o];
          if (cnt === 0) continue;
          const wo = st.w[cb + CLASSES * o];
          const forced = !(wo > 0);
          const stay = forced ? 0 : stayProbability(wo, z, ek);
          let pos = forced ? 0 : this.recon.draw(rng);
          while (pos < cnt) {
            if (!(stay > 0 && rng.next() < stay)) {
              const j = this.draw(rng, st, z);
              if (j !== o) {
                delta[o]--;
                delta[j]++;
              }
            }
            pos += 1 + (forced ? 0 : this.recon.draw(rng));
          }
        }
        // entry: hits among the cell's non-adopters
        const idle = this.idle[g];
        let entered = 0;
        let pos = idle > 0 ? geometricSkip(rng.nextOpen(), logQ) : Infinity;
        while (pos < idle) {
          entered++;
          delta[this.draw(rng, st, z)]++;
          pos += 1 + geometricSkip(rng.nextOpen(), logQ);
        }
        this.idle[g] = idle - entered;
        for (let i = 0; i < nAct; i++) this.counts[off + act[i]] += delta[act[i]];
        this.publish(st, g);
      }
    }
  }

  /** The cell's adopted fraction and shares, for the engine. */
  private publish(st: RunState, g: number): void {
    const { O, nAct, act } = st;
    const off = g * O;
    const cb = cellBase(g, O);
    const ng = this.n[g];
    const adopters = ng - this.idle[g];
    st.F[g] = ng > 0 ? adopters / ng : 0;
    for (let i = 0; i < nAct; i++) st.x[cb + CLASSES * act[i]] = adopters > 0 ? this.counts[off + act[i]] / adopters : 0;
  }

  /** Cumulative weights of the cell starting at `cb` (demand-classes.ts, cellBase). */
  private prepareCdf(st: RunState, cb: number): void {
    let acc = 0;
    for (let i = 0; i < st.nAct; i++) {
      acc += st.w[cb + CLASSES * st.act[i]];
      this.cdf[i] = acc;
    }
  }

  /** An option drawn from the cell's logit (binary search of the cumulative weights). */
  private draw(rng: Rng, st: RunState, z: number): number {
    const u = rng.next() * z;
    let lo = 0;
    let hi = st.nAct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    // skip options of zero weight at the end of a run of equal sums
    return st.act[lo];
  }

  /** Successes among n Bernoulli(p) trials, by geometric skipping. */
  private binomial(rng: Rng, n: number, p: number): number {
    if (!(p > 0) || n <= 0) return 0;
    if (p >= 1) return n;
    const logQ = Math.log1p(-p);
    let k = 0;
    let pos = geometricSkip(rng.nextOpen(), logQ);
    while (pos < n) {
      k++;
      pos += 1 + geometricSkip(rng.nextOpen(), logQ);
    }
    return k;
  }
}

/** Factory of {@link AgentsSolver} for `simulate`. */
export function agentsSolver(o: AgentsOptions): (c: Compiled) => AdoptionSolver {
  return (c) => new AgentsSolver(c, o);
}
