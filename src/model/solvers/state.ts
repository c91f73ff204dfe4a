/**
 * The state of one run: every array the monthly passes read and write, allocated once
 * (struct of arrays; the hot loops allocate nothing), plus the constants derived from the
 * current parameter epoch. Layout:
 *
 * - segments s = (a·K + k)·Z + z (adopter bloc a, sector k, size z);
 * - cells g = s·C + c (segment s, latent class c; demand-classes.ts);
 * - options o = 2l (lab l's closed API), 2l + 1 (its open weights);
 * - per-(cell, option) arrays at cellBase(g, O) + C·o (a segment's classes side by side for
 *   each option: demand-classes.ts), per-(sector·size, option) at kz·O + o.
 *
 * The month's listed options `act[0..nAct)` are those available this month or holding users;
 * every per-option loop runs over them.
 */
import type { Compiled } from './compile.js';
import type { Params } from '../params/numeric.js';
import { perBloc } from '../params/numeric.js';
import { CLASSES, classShare, openLeaningShare } from '../mechanisms/demand-classes.js';
import { switchingCostOf } from '../mechanisms/adoption-choice.js';
import { breadthFactor, interestWeight } from '../mechanisms/ecosystem-derivatives.js';
import { monthlyRate } from '../mechanisms/compute-and-export-controls.js';
import { selfHostBaseNeed } from '../mechanisms/cost-efficiency.js';
import type { ProductTerms } from '../mechanisms/utility.js';

export class RunState {
  // ---- dimensions ----
  readonly B: number;
  readonly L: number;
  readonly K: number;
  readonly Z: number;
  readonly S: number;
  readonly C = CLASSES;
  readonly G: number;
  readonly O: number;
  readonly KZ: number;
  readonly T: number;

  // ---- epoch constants (set by setEpoch) ----
  p!: Params;
  /** Monthly log-growth of compute and of efficiency; expected frontier growth (points/month). */
  gK = 0;
  rE = 0;
  slope = 0;
  /** Class share of each cell within its segment, [g]. */
  readonly classShare: Float64Array;
  /** e^κ per segment (developers are stickier). */
  readonly ek: Float64Array;
  /** Potential adopters of each segment before the embodied shift (sum 1), [s]. */
  readonly mass0: Float64Array;
  /** Platform visibility of each segment's activity (presence × platform share), [s]. */
  readonly vis: Float64Array;
  /** Per bloc: origin risk, concern, domestic substitution in 2023, presence, capability offset, integration, procurement level. */
  readonly originRisk: Float64Array;
  readonly concern: Float64Array;
  readonly substitution0: Float64Array;
  readonly presence: Float64Array;
  readonly capOffset: Float64Array;
  readonly integration: Float64Array;
  readonly procurement: Float64Array;
  /** Breadth factor of each lab's installed-user downloads and derivatives, [l]. */
  readonly bf: Float64Array;
  /** Smoothing weight of developer interest. */
  lambdaDev = 0;
  /** Per (sector, size) cell: the product terms of the utility. */
  readonly terms: ProductTerms[];

  // ---- run constants ----
  readonly baseNeed: Float64Array;

  // ---- supply state ----
  readonly Kc: Float64Array;
  readonly sev: Float64Array;
  readonly shortfall: Float64Array;
  readonly logE: Float64Array;
  readonly labK: Float64Array;
  readonly D: Float64Array;
  /** Released capability of the API line and of the open line, [l] (NaN: none yet). */
  readonly R: Float64Array;
  readonly Ocap: Float64Array;
  readonly Rhist: Float64Array;
  readonly code: Int8Array;
  /** API price anchor (moved by launch prices), API and hosted prices, [l]. */
  readonly priceAnchor: Float64Array;
  readonly apiP: Float64Array;
  readonly hostP: Float64Array;
  /** Self-hosting feasibility, [z·L + l]. */
  readonly feas: Float64Array;
  /** Release attention and month of the last release, [l]. */
  readonly buzz: Float64Array;
  readonly lastRelease: Float64Array;
  /** 1 while a lab's open line is under a permissive licence, [l]. */
  readonly permissive: Uint8Array;
  /** Sizes of open weights released this month, [l]. */
  readonly releasedSizes: Float64Array;
  /** A release raised the open or the closed frontier this month. */
  major = false;

  // ---- options ----
  readonly avail: Uint8Array;
  readonly capOpt: Float64Array;
  readonly act: Int32Array;
  nAct = 0;
  /** Whether an option is listed this month (available or holding users). */
  readonly listed: Uint8Array;
  /** Frontiers: [(2b + v)·T + t] (v = 0 closed, 1 open), best open / closed / by bloc. */
  readonly frontier: Float64Array;
  readonly bestOpen: Float64Array;
  readonly bestClosed: Float64Array;
  readonly bestBloc: Float64Array;
  /** Notability of each origin bloc's models abroad (foreign-awareness.ts), [b]. */
  readonly notability: Float64Array;

  // ---- choice tables ----
  /** e^{product utility}, [kz·O + o]. */
  readonly xy: Float64Array;
  /** Log of the cost of each option to each (sector, size) cell, [kz·O + o]. */
  readonly logCost: Float64Array;
  readonly cost: Float64Array;
  /** Share of open-weight use served by hosts (not self-hosted), [kz·O + o]. */
  readonly hosted: Float64Array;
  /** Usage volume per adopter (size volume × agentic demand × price response), [kz·O + o]. */
  readonly volMult: Float64Array;
  /** e^{origin utility + class taste}, [(g·B + b)·2 + v]. */
  readonly ow: Float64Array;
  /** e^{origin utility}, [(s·B + b)·2 + v], and e^{class taste}, [(c·2 + v)·2 + home]. */
  readonly originW: Float64Array;
  readonly tasteW: Float64Array;
  /** Origin bloc × 2 + openness of each option (its column in `ow`), [o]. */
  readonly optGroup: Int32Array;
  /** e^{−gap/agenticGapScale} of each option this month (agentic demand), [o]. */
  readonly frontierness: Float64Array;
  /** The month's network utility of each option, [o], and log API price of each lab, [l]: shared by every cell. */
  readonly network: Float64Array;
  readonly logApi: Float64Array;
  /** The month's consideration term of each origin bloc for foreign adopters, [b]. */
  readonly consideration: Float64Array;
  /** Choice weights of each cell, [cellBase(g, O) + CLASSES·o] (listed options only), and their sum Z, [g]. */
  readonly w: Float64Array;
  readonly zw: Float64Array;
  /** Policy mask of the month (1 or 0), [s·O + o], and whether segment s has a banned option. */
  mask: Uint8Array;
  readonly restricted: Uint8Array;
  /** Perceived foreign risk, [a·B + b]. */
  readonly risk: Float64Array;

  // ---- adoption state (written by the solver) ----
  /** Adopted fraction of each cell, [g]. */
  readonly F: Float64Array;
  /** Shares of the listed options among each cell's adopters, [cellBase(g, O) + CLASSES·o] (demand-classes.ts). */
  readonly x: Float64Array;
  /** Reconsideration rate this month; Bass coefficients. */
  rho = 0;

  // ---- month aggregates ----
  /** Potential adopters of each segment this month, [s]. */
  readonly mass: Float64Array;
  /** Adopter mass per (segment, option), [s·O + o]. */
  readonly A: Float64Array;
  readonly users: Float64Array;
  readonly eco: Float64Array;
  readonly derivStock: Float64Array;
  readonly interest: Float64Array;
  readonly interestVis: Float64Array;
  readonly devChoice: Float64Array;
  readonly dataVal: Float64Array;

  constructor(readonly c: Compiled) {
    const { B, L, K, Z, S, O, T } = c;
    this.B = B;
    this.L = L;
    this.K = K;
    this.Z = Z;
    this.S = S;
    this.O = O;
    this.T = T;
    this.KZ = K * Z;
    this.G = S * CLASSES;
    const G = this.G;
    this.classShare = new Float64Array(G);
    this.ek = new Float64Array(S);
    this.mass0 = new Float64Array(S);
    this.vis = new Float64Array(S);
    this.originRisk = new Float64Array(B);
    this.concern = new Float64Array(B);
    this.substitution0 = new Float64Array(B);
    this.presence = new Float64Array(B);
    this.capOffset = new Float64Array(B);
    this.integration = new Float64Array(B);
    this.procurement = new Float64Array(B);
    this.bf = new Float64Array(L);
    this.terms = [];
    for (let k = 0; k < K; k++)
      for (let z = 0; z < Z; z++) {
        const sec = c.world.sectors[k];
        const sz = c.world.sizes[z];
        this.terms.push({ need: sec.capabilityNeed, priceSensK: sec.priceSensitivity, priceSensZ: sz.priceSensitivity, selfHostK: sec.selfHost, supportZ: sz.supportNeed });
      }
    this.baseNeed = Float64Array.from(c.world.labs, (lab) => selfHostBaseNeed(lab.activeParamsB, lab.breadth));

    this.Kc = new Float64Array(B);
    this.sev = new Float64Array(B);
    this.shortfall = new Float64Array(B);
    this.logE = new Float64Array(L);
    this.labK = new Float64Array(L);
    this.D = new Float64Array(L);
    this.R = new Float64Array(L).fill(NaN);
    this.Ocap = new Float64Array(L).fill(NaN);
    this.Rhist = new Float64Array(L * T).fill(NaN);
    this.code = new Int8Array(c.strategy);
    this.priceAnchor = Float64Array.from(c.world.labs, (l) => l.price0);
    this.apiP = new Float64Array(L);
    this.hostP = new Float64Array(L);
    this.feas = new Float64Array(Z * L);
    this.buzz = new Float64Array(L);
    this.lastRelease = new Float64Array(L).fill(-Infinity);
    this.releasedSizes = new Float64Array(L);
    this.permissive = Uint8Array.from(c.world.labs, (lab) => (lab.licence === 'permissive' ? 1 : 0));

    this.avail = new Uint8Array(O);
    this.capOpt = new Float64Array(O);
    this.act = new Int32Array(O);
    this.listed = new Uint8Array(O);
    this.frontier = new Float64Array(2 * B * T).fill(NaN);
    this.bestOpen = new Float64Array(T).fill(NaN);
    this.bestClosed = new Float64Array(T).fill(NaN);
    this.bestBloc = new Float64Array(B * T).fill(NaN);
    this.notability = new Float64Array(B);

    this.xy = new Float64Array(this.KZ * O);
    this.logCost = new Float64Array(this.KZ * O);
    this.cost = new Float64Array(this.KZ * O);
    this.hosted = new Float64Array(this.KZ * O);
    this.volMult = new Float64Array(this.KZ * O);
    this.ow = new Float64Array(G * B * 2);
    this.originW = new Float64Array(S * B * 2);
    this.tasteW = new Float64Array(CLASSES * 4);
    this.optGroup = new Int32Array(O);
    for (let o = 0; o < O; o++) this.optGroup[o] = c.labBloc[o >> 1] * 2 + (o & 1);
    this.frontierness = new Float64Array(O);
    this.network = new Float64Array(O);
    this.logApi = new Float64Array(L);
    this.consideration = new Float64Array(B);
    this.w = new Float64Array(G * O);
    this.zw = new Float64Array(G);
    this.mask = c.allowedMasks[0];
    this.restricted = new Uint8Array(S);
    this.risk = new Float64Array(B * B);

    this.F = new Float64Array(G);
    this.x = new Float64Array(G * O);

    this.mass = new Float64Array(S);
    this.A = new Float64Array(S * O);
    this.users = new Float64Array(O);
    this.eco = new Float64Array(O);
    this.derivStock = new Float64Array(O);
    this.interest = new Float64Array(O);
    this.interestVis = new Float64Array(O);
    this.devChoice = new Float64Array(O);
    this.dataVal = new Float64Array(K);
  }

  /**
   * A copy of this state for another compiled run of the same world and horizon (a
   * checkpoint resumed under a scenario that differs only from the checkpoint's month on):
   * every array and scalar is copied; what comes from the compiled timelines is read from `c`.
   */
  cloneFor(c: Compiled): RunState {
    const out = new RunState(c);
    const src = this as unknown as Record<string, unknown>;
    const dst = out as unknown as Record<string, unknown>;
    for (const k of Object.keys(src)) {
      if (k === 'c' || k === 'terms' || k === 'mask') continue;
      const v = src[k];
      if (ArrayBuffer.isView(v)) (dst[k] as Float64Array).set(v as Float64Array);
      else if (typeof v === 'number' || typeof v === 'boolean') dst[k] = v;
    }
    out.p = this.p;
    return out;
  }

  /** Derives the constants of a parameter epoch (at t = 0 and at each set-params month). */
  setEpoch(p: Params): void {
    const c = this.c;
    const { B, K, Z, L } = this;
    const { sectors, sizes, blocs, labs } = c.world;
    const ids = blocs.map((b) => b.id);
    this.p = p;
    this.gK = monthlyRate(p.computeDoublingMonths);
    this.rE = monthlyRate(p.efficiencyHalvingMonths);
    this.slope = (this.gK + this.rE) / Math.LN10;
    this.originRisk.set(perBloc(p, 'originRisk', ids, 0.3));
    this.concern.set(perBloc(p, 'adopterConcern', ids, 1));
    this.substitution0.set(perBloc(p, 'domesticSubstitution', ids, 0));
    this.presence.set(perBloc(p, 'platformPresence', ids, 1));
    this.capOffset.set(perBloc(p, 'capabilityOffset', ids, 0));
    this.integration.set(perBloc(p, 'industrialIntegration', ids, 0.5));
    this.procurement.set(perBloc(p, 'sovereignProcurement', ids, 0));
    const homeLoyal = perBloc(p, 'homeLoyalShare', ids, 0.3);
    const mix = perBloc(p, 'industrialMix', ids, 1);
    for (let l = 0; l < L; l++) this.bf[l] = breadthFactor(labs[l].breadth, p.breadthBoost);
    this.lambdaDev = interestWeight(p.derivativeLagMonths);
    // segment masses: bloc weight × sector weight (industrial sectors × industrialMix,
    // renormalised within the bloc) × size weight
    for (let a = 0; a < B; a++) {
      let norm = 0;
      for (const sec of sectors) norm += sec.weight * (sec.industrial ? mix[a] : 1);
      for (let k = 0; k < K; k++) {
        const sec = sectors[k];
        const wk = (sec.weight * (sec.industrial ? mix[a] : 1)) / norm;
        for (let z = 0; z < Z; z++) {
          const s = (a * K + k) * Z + z;
          this.mass0[s] = blocs[a].adopterWeight * wk * sizes[z].weight;
          this.vis[s] = this.presence[a] * sizes[z].platformShare;
          this.ek[s] = Math.exp(switchingCostOf(p.switchingCost, p.developerStickiness, sec.developer));
          const qOpen = openLeaningShare(p, sec.selfHost, sizes[z].supportNeed);
          for (let cl = 0; cl < CLASSES; cl++) this.classShare[s * CLASSES + cl] = classShare(cl, qOpen, homeLoyal[a]);
        }
      }
    }
  }
}
