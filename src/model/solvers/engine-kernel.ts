/**
 * The engine's passes in the WebAssembly kernel: the month's utility factors
 * (wasm/utility-factors.ts: open-weights costs and their logs, hosted shares and the factors
 * XY of every listed option), the per-segment totals (wasm/segment-totals.ts) and the
 * per-option totals (wasm/option-totals.ts), with the same bits as the TypeScript
 * utilityFactors, segmentTotals and optionTotals (engine.ts; tested on every built-in
 * scenario). The engine's arrays for their inputs and outputs are views of the run's
 * {@link KernelSession}, so nothing is copied; the per-segment pass also reads the solver's
 * state there. Used when the solver needs no taste components (the meanfield solver).
 */
import type { Compiled } from './compile.js';
import { POW2_J64 } from '../numerics/table-exp.js';
import type { KernelSession } from './kernel-module.js';
import type { StepArrays } from './meanfield-kernel.js';

/** Per-run constants of the factors, by sector (K) and by size (Z), and volume by (sector, size). */
export interface FactorConstants {
  capNeedK: Float64Array;
  selfHostK: Float64Array;
  sameSelfHostK: Int32Array;
  priceSensK: Float64Array;
  priceSensZ: Float64Array;
  supportNeedZ: Float64Array;
  selfCostZ: Float64Array;
  volKZ: Float64Array;
  riskAversionK: Float64Array;
}

/** Per-run constants of the per-segment pass. */
export interface SegmentConstants {
  developerK: Uint8Array;
  criticalK: Uint8Array;
  industrialK: Uint8Array;
  volumeZ: Float64Array;
  integration: Float64Array;
}

type Name =
  | 'opts' | 'gs' | 'avail' | 'eco' | 'cap' | 'netU' | 'logApi' | 'hostP' | 'feas' | 'openCost' | 'logOpen' | 'hosted' | 'xy' | 'x' | 'jScratch' | 'logAt'
  | 'capNeedK' | 'selfHostK' | 'sameK' | 'priceSensK' | 'priceSensZ' | 'supportZ' | 'selfCostZ' | 'volKZ' | 'pow2j'
  | 'adopt' | 'vis' | 'fbApi' | 'fbOpen' | 'ent' | 'dl' | 'apiP' | 'bf' | 'users' | 'labUsage' | 'inflow' | 'byOrigin' | 'tok' | 'oTok' | 'dlOrigin' | 'sums'
  | 'segBloc' | 'segSector' | 'segSize' | 'devK' | 'critK' | 'indK' | 'volumeZ' | 'integration' | 'dataVal' | 'mass' | 'plat' | 'bsh'
  | 'W' | 'riskAB' | 'riskAvK' | 'argW' | 'allow' | 'restr' | 'devFlow' | 'devFlowVis' | 'critVol' | 'critTot' | 'segSums' | 'zsum' | 'prevOpts' | 'pos' | 'from' | 'row';

/** The engine's arrays in the kernel's memory. */
export class EngineKernel {
  /** Utility factors' inputs: the option list and groups, availability, ecosystem size, capability and network utility by option id, log API price and hosted price by lab, self-hosting feasibility [z·L + l]. */
  opts!: Int32Array;
  groupStart!: Int32Array;
  optAvail!: Uint8Array;
  eco!: Float64Array;
  capOpt!: Float64Array;
  netU!: Float64Array;
  logApi!: Float64Array;
  hostP!: Float64Array;
  feas!: Float64Array;
  /** Utility factors' outputs [l·KZ + kz]: cost of open weights, its log, hosted share of volume; XY [(k,z)·O + j]; the risk factors W [(a·K + k)·B + b] (written by the engine). */
  openCostLKZ!: Float64Array;
  logOpenLKZ!: Float64Array;
  hostedLKZ!: Float64Array;
  XY!: Float64Array;
  W!: Float64Array;
  /** Governance risk by (adopter bloc, origin) [a·B + b] (written by the engine). */
  riskAB!: Float64Array;
  /** The compact restriction mask ((S + 1)·O, last row ones) and restricted flags. */
  allowedC!: Float64Array;
  segRestricted!: Uint8Array;
  /** The tally: mass, platform [s], adopters and visible adopters [(k,z)·O + j], bloc shares [s·B + b]. */
  mass!: Float64Array;
  platform!: Float64Array;
  adoptKZO!: Float64Array;
  visKZO!: Float64Array;
  blocShare!: Float64Array;
  /** Per cell: data feedback of API and open use, enterprise flag, download intensity; by sector: data value; by lab: API price, breadth factor. */
  fbApiKZ!: Float64Array;
  fbOpenKZ!: Float64Array;
  entKZ!: Float64Array;
  dlKZ!: Float64Array;
  dataVal!: Float64Array;
  apiP!: Float64Array;
  bf!: Float64Array;
  /** Totals (added to): users by option id, volume and data inflow by lab, volume, tokens, open tokens and downloads by origin bloc, developer flows by option id, critical use [a·B + b] and totals [a]; the sums of the two passes. */
  users!: Float64Array;
  labUsage!: Float64Array;
  inflow!: Float64Array;
  byOrigin!: Float64Array;
  tokOrigin!: Float64Array;
  oTokOrigin!: Float64Array;
  dlOrigin!: Float64Array;
  devFlow!: Float64Array;
  devFlowVis!: Float64Array;
  critVol!: Float64Array;
  critTot!: Float64Array;
  optSums!: Float64Array;
  segSums!: Float64Array;
  /** Z of each segment (MonthInputs.zsum). */
  zsum!: Float64Array;
  /** Last month's option list (for the shares' remap). */
  prevOpts!: Int32Array;
  private monthTotals: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
  /** Whether the per-segment pass and the remap run here (the solver's state is in the session). */
  segments = false;
  private readonly at: Record<Name, number>;

  /** Takes the space of the engine's arrays in the session (before it is laid out). */
  constructor(
    private readonly session: KernelSession,
    private readonly c: Compiled,
  ) {
    const { S, O, B, K, Z, L } = c;
    const KZ = K * Z;
    const t = (bytes: number) => session.take(bytes);
    this.at = {
      opts: t(O * 4), gs: t((2 * B + 1) * 4), avail: t(O), eco: t(O * 8), cap: t(O * 8), netU: t(O * 8), logApi: t(L * 8), hostP: t(L * 8), feas: t(Z * L * 8),
      openCost: t(L * KZ * 8), logOpen: t(L * KZ * 8), hosted: t(L * KZ * 8), xy: t(KZ * O * 8), x: t((O + 2) * 8), jScratch: t(6 * Math.ceil(((O + 2) * 8) / 16) * 16), logAt: t(L * KZ * 4),
      capNeedK: t(K * 8), selfHostK: t(K * 8), sameK: t(K * 4), priceSensK: t(K * 8), priceSensZ: t(Z * 8), supportZ: t(Z * 8), selfCostZ: t(Z * 8), volKZ: t(KZ * 8), pow2j: t(64 * 8),
      adopt: t(KZ * O * 8), vis: t(KZ * O * 8), fbApi: t(KZ * 8), fbOpen: t(KZ * 8), ent: t(KZ * 8), dl: t(KZ * 8), apiP: t(L * 8), bf: t(L * 8),
      // users … dlOrigin and devFlow … critTot are taken one after the other: the month zeroes each run at once
      users: t(O * 8), labUsage: t(L * 8), inflow: t(L * 8), byOrigin: t(B * 8), tok: t(B * 8), oTok: t(B * 8), dlOrigin: t(B * 8), sums: t(6 * 8),
      segBloc: t(S * 4), segSector: t(S * 4), segSize: t(S * 4), devK: t(K * 4), critK: t(K * 4), indK: t(K * 4), volumeZ: t(Z * 8), integration: t(B * 8), dataVal: t(K * 8),
      mass: t(S * 8), plat: t(S * 8), bsh: t(S * B * 8), W: t(B * K * B * 8), riskAB: t(B * B * 8), riskAvK: t(K * 8), argW: t(B * K * B * 8), allow: t((S + 1) * O * 8), restr: t(S),
      devFlow: t(O * 8), devFlowVis: t(O * 8), critVol: t(B * B * 8), critTot: t(B * 8), segSums: t(2 * 8), zsum: t(S * 8), prevOpts: t(O * 4), pos: t(O * 4), from: t(O * 4), row: t(O * 8),
    };
  }

  /**
   * Makes the views once the session is laid out, writes the constants and configures the
   * kernel. `state`: where the solver's F and x live in the session (null: the per-segment
   * pass stays in TypeScript).
   */
  bind(fc: FactorConstants, sc: SegmentConstants, state: { F: number; x: number } | null): void {
    const { S, O, B, K, Z, L } = this.c;
    const KZ = K * Z;
    const m = this.session;
    const a = this.at;
    this.opts = m.i32(a.opts, O);
    this.groupStart = m.i32(a.gs, 2 * B + 1);
    this.optAvail = m.u8(a.avail, O);
    this.eco = m.f64(a.eco, O);
    this.capOpt = m.f64(a.cap, O);
    this.netU = m.f64(a.netU, O);
    this.logApi = m.f64(a.logApi, L);
    this.hostP = m.f64(a.hostP, L);
    this.feas = m.f64(a.feas, Z * L);
    this.openCostLKZ = m.f64(a.openCost, L * KZ);
    this.logOpenLKZ = m.f64(a.logOpen, L * KZ);
    this.hostedLKZ = m.f64(a.hosted, L * KZ);
    this.XY = m.f64(a.xy, KZ * O);
    this.W = m.f64(a.W, B * K * B);
    this.riskAB = m.f64(a.riskAB, B * B);
    m.f64(a.riskAvK, K).set(fc.riskAversionK);
    this.allowedC = m.f64(a.allow, (S + 1) * O);
    this.segRestricted = m.u8(a.restr, S);
    this.mass = m.f64(a.mass, S);
    this.platform = m.f64(a.plat, S);
    this.adoptKZO = m.f64(a.adopt, KZ * O);
    this.visKZO = m.f64(a.vis, KZ * O);
    this.blocShare = m.f64(a.bsh, S * B);
    this.fbApiKZ = m.f64(a.fbApi, KZ);
    this.fbOpenKZ = m.f64(a.fbOpen, KZ);
    this.entKZ = m.f64(a.ent, KZ);
    this.dlKZ = m.f64(a.dl, KZ);
    this.dataVal = m.f64(a.dataVal, K);
    this.apiP = m.f64(a.apiP, L);
    this.bf = m.f64(a.bf, L);
    this.users = m.f64(a.users, O);
    this.labUsage = m.f64(a.labUsage, L);
    this.inflow = m.f64(a.inflow, L);
    this.byOrigin = m.f64(a.byOrigin, B);
    this.tokOrigin = m.f64(a.tok, B);
    this.oTokOrigin = m.f64(a.oTok, B);
    this.dlOrigin = m.f64(a.dlOrigin, B);
    this.devFlow = m.f64(a.devFlow, O);
    this.devFlowVis = m.f64(a.devFlowVis, O);
    this.critVol = m.f64(a.critVol, B * B);
    this.critTot = m.f64(a.critTot, B);
    this.optSums = m.f64(a.sums, 6);
    this.monthTotals = [m.u8(a.users, a.sums - a.users), m.u8(a.devFlow, a.segSums - a.devFlow)];
    this.segSums = m.f64(a.segSums, 2);
    this.zsum = m.f64(a.zsum, S);
    this.prevOpts = m.i32(a.prevOpts, O);
    m.f64(a.capNeedK, K).set(fc.capNeedK);
    m.f64(a.selfHostK, K).set(fc.selfHostK);
    m.i32(a.sameK, K).set(fc.sameSelfHostK);
    m.f64(a.priceSensK, K).set(fc.priceSensK);
    m.f64(a.priceSensZ, Z).set(fc.priceSensZ);
    m.f64(a.supportZ, Z).set(fc.supportNeedZ);
    m.f64(a.selfCostZ, Z).set(fc.selfCostZ);
    m.f64(a.volKZ, KZ).set(fc.volKZ);
    m.f64(a.pow2j, 64).set(POW2_J64);
    m.i32(a.segBloc, S).set(this.c.segBloc);
    m.i32(a.segSector, S).set(this.c.segSector);
    m.i32(a.segSize, S).set(this.c.segSize);
    m.i32(a.devK, K).set(sc.developerK);
    m.i32(a.critK, K).set(sc.criticalK);
    m.i32(a.indK, K).set(sc.industrialK);
    m.f64(a.volumeZ, Z).set(sc.volumeZ);
    m.f64(a.integration, B).set(sc.integration);
    const k = m.exports;
    k.configureFactors(K, Z, L, B, O, a.opts, a.avail, a.eco, a.apiP, a.cap, a.netU, a.logApi, a.hostP, a.feas, a.openCost, a.logOpen, a.hosted, a.xy, a.x, a.jScratch, a.logAt, a.capNeedK, a.selfHostK, a.sameK, a.priceSensK, a.priceSensZ, a.supportZ, a.selfCostZ, a.volKZ, a.pow2j, a.riskAB, a.riskAvK, a.W, a.argW);
    k.configureTotals(B, O, KZ, a.opts, a.gs, a.adopt, a.vis, a.volKZ, a.fbApi, a.fbOpen, a.ent, a.dl, a.openCost, a.hosted, a.apiP, a.bf, a.users, a.labUsage, a.inflow, a.byOrigin, a.tok, a.oTok, a.dlOrigin, a.sums);
    if (state) {
      k.configureSegments(S, O, B, K, Z, a.segBloc, a.segSector, a.segSize, a.devK, a.critK, a.indK, a.volumeZ, a.integration, a.dataVal, a.mass, a.plat, a.bsh, state.F, state.x, a.W, a.xy, a.allow, a.restr, a.opts, a.gs, a.devFlow, a.devFlowVis, a.critVol, a.critTot, a.inflow, a.segSums);
      k.configureRemap(S, O, state.x, a.prevOpts, a.opts, a.pos, a.from, a.row);
      this.segments = true;
    }
  }

  /** Addresses of the arrays the meanfield step reads and writes in place (see StepArrays). */
  stepArrays(): StepArrays {
    const a = this.at;
    return { xy: a.xy, risk: a.W, allow: a.allow, restr: a.restr, mass: a.mass, plat: a.plat, adopt: a.adopt, vis: a.vis, bsh: a.bsh, z: a.zsum, gs: a.gs };
  }

  /**
   * Zeroes the month's totals in the session (users, labUsage, inflow, byOrigin, tokOrigin,
   * oTokOrigin, dlOrigin, devFlow, devFlowVis, critVol, critTot): two fills, not eleven.
   */
  zeroMonthTotals(): void {
    this.monthTotals[0].fill(0);
    this.monthTotals[1].fill(0);
  }

  /** The risk factors W from riskAB (see wasm/utility-factors.ts riskFactors). */
  riskFactors(riskWeight: number, homeBias: number): void {
    this.session.exports.riskFactors(riskWeight, homeBias);
  }

  /** The month's network utilities, log API prices, open costs, hosted shares and XY for the first nOpts listed options. */
  factors(nOpts: number, netEff: number, capSens: number, custom: number, priceSens: number, supportW: number): void {
    this.session.exports.factors(nOpts, netEff, capSens, custom, priceSens, supportW);
  }

  /** segmentTotals (engine.ts, tallied path) on the arrays above: adds to the outputs, writes segSums. */
  segmentTotals(fbInd: number): void {
    this.session.exports.segmentTotals(fbInd);
  }

  /** remapShares (engine.ts) on the solver's shares, from prevOpts (oldN entries) to opts (newN). */
  remapShares(oldN: number, newN: number): void {
    this.session.exports.remapShares(oldN, newN);
  }

  /** optionTotals (engine.ts) on the arrays above: adds to the outputs, writes optSums. */
  optionTotals(): void {
    this.session.exports.optionTotals();
  }
}
