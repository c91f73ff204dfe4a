/**
 * The monthly loop shared by both solvers. Each month, in this order (docs/model.md §Loop):
 * compute → efficiency → strategies → capability and releases → prices → utilities →
 * adoption (solver-specific) → usage, downloads, tokens, derivatives, data → outputs →
 * stocks for next month.
 *
 * Everything lives in typed arrays allocated once per run (struct of arrays); the hot loops
 * allocate nothing. Only the adoption step differs between the solvers: the meanfield solver
 * moves expected shares, the agents solver moves individual adopters.
 */
import type { Compiled } from './compile.js';
import { pnum } from './compile.js';
import {
  effectiveSeverity,
  efficiencyRate,
  growCompute,
  labCompute,
  monthlyRate,
} from '../mechanisms/compute-and-export-controls.js';
import { capabilityIndex, gapMonths, isReleaseMonth, withSpillover } from '../mechanisms/capability.js';
import { apiPriceAt, efficiencyPriceFactor, hostedPriceAt, openCost, selfHostBaseNeed, selfHostFeasibility } from '../mechanisms/cost-efficiency.js';
import {
  breadthFactor,
  ecosystemSize,
  networkUtility,
  updateDerivativeStock,
} from '../mechanisms/ecosystem-derivatives.js';
import { foreignRisk } from '../mechanisms/governance-risk.js';
import { dataValueMultiplier, marketMultiplier } from '../mechanisms/embodied-shift.js';
import { feedbackFraction, updateDataStock } from '../mechanisms/data-feedback.js';
import { adaptStrategy, releasesOpen, sellsApi } from '../mechanisms/lab-strategy.js';
import { logitFromWeights } from '../mechanisms/adoption-choice.js';
import { SeriesSet } from '../outputs/series.js';
import { tableExp } from '../numerics/table-exp.js';
import { EngineKernel, type FactorConstants, type SegmentConstants } from './engine-kernel.js';
import { KernelSession } from './kernel-module.js';
import type { StepArrays } from './meanfield-kernel.js';

/** What the solvers see of a month: utilities and the rates of change. */
export interface MonthInputs {
  t: number;
  S: number;
  O: number;
  /** e^u at [s·O + j] (compact layout, as every (segment, option) array), 0 where unavailable. */
  w: Float64Array;
  /** Σ_j w[s·O + j] per segment. */
  zsum: Float64Array;
  /**
   * The month's option list: options available this month or last month, grouped by origin
   * bloc (first `nOpts` entries). Every (segment, option) array is compact: entry j of
   * segment s, at s·O + j, belongs to option opts[j]. Options not listed have no users.
   */
  opts: Int32Array;
  nOpts: number;
  /** Position of option o in `opts` (−1 if not listed). */
  optIndex: Int32Array;
  /**
   * Option groups: options of origin bloc b with openness v (0 API, 1 open weights) are
   * opts[groupStart[2b + v] .. groupStart[2b + v + 1]), so all of bloc b's options are
   * opts[groupStart[2b] .. groupStart[2b + 2]).
   */
  groupStart: Int32Array;
  /**
   * Taste components of the utility, at their own dimensions (filled only when the solver
   * needs them): the price term by (sector k, size z, listed option j) at [(k·Z + z)·O + j];
   * the open-weights term by (k, z) at [k·Z + z] (added to every open option); the risk
   * term by (adopter bloc a, sector k, origin bloc b) at [(a·K + k)·B + b].
   */
  uPriceKZ: Float64Array;
  uOpenKZ: Float64Array;
  uRiskAKB: Float64Array;
  /**
   * The factors of w (compact layout): w[s·O + j] = xy[(k,z)·O + j] · risk[(a,k)·B + b]
   * (· allowed[s·O + j] where `restricted[s]`), with (a, k, z) the segment's bloc, sector
   * and size and b the origin bloc of opts[j]. A solver that fuses the weights into its own
   * loop ({@link AdoptionSolver.fused}) reads these instead of w.
   */
  xy: Float64Array;
  risk: Float64Array;
  /** The restriction mask (1 or 0) of restricted segments; row S holds ones (for the others). */
  allowed: Float64Array;
  restricted: Uint8Array;
  /** Changes whenever `allowed` or `restricted` is rewritten (a solver may keep a copy until then). */
  maskVersion: number;
  /** What a fused solver tallies while it updates segment s (see {@link AdoptionTally}). */
  tally: AdoptionTally;
  /** Bass coefficients of market entry (per month). */
  p: number;
  q: number;
  /** Fraction of adopters reconsidering this month. */
  rho: number;
  /** Switching cost κ (utility) and e^κ. */
  kappa: number;
  ek: number;
}

/**
 * An adoption solver: owns the adopted fraction F[s] and the shares x[s·O + j] of the
 * listed options (compact layout, see {@link MonthInputs.opts}). When the option list
 * changes the engine moves x to the new layout before calling {@link AdoptionSolver.step}.
 */
export interface AdoptionSolver {
  readonly F: Float64Array;
  readonly x: Float64Array;
  /** Sets the state at t = 0 from the initial fractions and shares. */
  init(m: MonthInputs, F0: Float64Array, x0: Float64Array): void;
  /** Advances one month (t ≥ 1). */
  step(m: MonthInputs): void;
  /** Called once the run is over (a solver that opened its own kernel session releases it). */
  dispose?(): void;
  /**
   * Makes the solver's views of the kernel session's memory once the engine has laid it out;
   * `engine`: the engine's arrays in the session, for a solver that reads and writes them in place.
   */
  bindKernel?(engine?: StepArrays): void;
  /** Where F and x live in the engine's kernel session, if they do (the engine's kernel passes read them there). */
  readonly kernelState?: { F: number; x: number } | null;
  /** Whether the solver reads the taste components uPrice, uOpen, uRisk (skipped otherwise). */
  readonly needsTasteComponents: boolean;
  /**
   * Whether the engine computes the month's utility factors in the WebAssembly kernel where the
   * runtime has it (same bits as the TypeScript; only without taste components).
   */
  readonly kernelFactors: boolean;
  /**
   * A fused solver computes w from its factors (writing it to m.w) and fills m.tally in
   * step(), in the same loops that update the shares; the engine then skips those passes.
   * Both paths give the same outputs (tested).
   */
  readonly fused: boolean;
}

/**
 * Adopters by (sector, size, listed option) summed over adopter blocs. A fused solver fills
 * `adopt`, `visible` and `blocShare` for the month's new state; the engine sets `mass` and `platform`
 * before the step.
 */
export interface AdoptionTally {
  /** Potential adopters of each segment this month (mass × market multiplier). */
  mass: Float64Array;
  /** Platform visibility of each segment's adopters (presence × platform share). */
  platform: Float64Array;
  /** Σ over segments of mass · F · x at [(k,z)·O + j]. */
  adopt: Float64Array;
  /** The same weighted by platform visibility. */
  visible: Float64Array;
  /**
   * Σ of segment s's shares over origin bloc b's listed options, at s·B + b (made before the
   * solver's renormalisation against rounding drift, so off by less than 1e-12).
   */
  blocShare: Float64Array;
}

/**
 * Creates the solver once the run's dimensions are known. `session`: the run's WebAssembly
 * kernel session, where a solver may take space for its state (then laid out by the engine,
 * which calls {@link AdoptionSolver.bindKernel}).
 */
export type SolverFactory = (c: Compiled, session?: KernelSession) => AdoptionSolver;

/**
 * The ids of a list, as an array built by a plain loop (always the same element kind; see
 * SeriesSet.getAll on why not `map`).
 */
function idsOf(xs: readonly { id: string }[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < xs.length; i++) out.push(xs[i].id);
  return out;
}

/** The frontier groups, in output order: bloc id lower-cased + `_open` / `_closed`. */
export function frontierGroups(c: Compiled): string[] {
  const out: string[] = [];
  for (const b of c.world.blocs) out.push(`${b.id.toLowerCase()}_closed`, `${b.id.toLowerCase()}_open`);
  return out;
}

/** Runs the monthly loop and returns every output series. */
export function simulate(c: Compiled, makeSolver: SolverFactory, onProgress?: (done: number, total: number) => void): SeriesSet {
  // one WebAssembly kernel session per run (null where the runtime has no WebAssembly SIMD):
  // the solver and the engine take their arrays in its memory, which is then laid out once
  const session = KernelSession.open();
  const solver = makeSolver(c, session ?? undefined);
  const fc = factorConstants(c);
  const sc = segmentConstants(c);
  const ek = session && solver.kernelFactors && !solver.needsTasteComponents ? new EngineKernel(session, c) : null;
  try {
    if (session) {
      session.finish();
      const state = solver.kernelState ?? null;
      ek?.bind(fc, sc, state);
      // a solver whose state is in the session also uses the engine's arrays in place
      solver.bindKernel?.(ek && state ? ek.stepArrays() : undefined);
    }
    return monthlyLoop(c, solver, fc, sc, ek, onProgress);
  } finally {
    // the instance goes back to its pool for the next run
    session?.release();
    solver.dispose?.();
  }
}

/** Per-run constants of the per-segment pass. */
function segmentConstants(c: Compiled): SegmentConstants {
  const { sectors, sizes, blocs } = c.world;
  return {
    developerK: Uint8Array.from(sectors, (sec) => (sec.developer ? 1 : 0)),
    criticalK: Uint8Array.from(sectors, (sec) => (sec.critical ? 1 : 0)),
    industrialK: Uint8Array.from(sectors, (sec) => (sec.industrial ? 1 : 0)),
    volumeZ: Float64Array.from(sizes, (sz) => sz.volume),
    integration: Float64Array.from(blocs, (b) => pnum(c.params, `industrialIntegration.${b.id}`, 0.5)),
  };
}

/** Per-run constants of the utility factors (by sector, by size, volume by cell). */
function factorConstants(c: Compiled): FactorConstants {
  const { K, Z } = c;
  const { sectors, sizes } = c.world;
  const volKZ = new Float64Array(K * Z);
  for (let k = 0; k < K; k++) for (let z = 0; z < Z; z++) volKZ[k * Z + z] = sizes[z].volume;
  return {
    capNeedK: Float64Array.from(sectors, (sec) => sec.capabilityNeed),
    selfHostK: Float64Array.from(sectors, (sec) => sec.selfHost),
    // the first sector with each sector's self-hosting propensity (its open-cost entries are shared)
    sameSelfHostK: Int32Array.from(sectors, (sec) => sectors.findIndex((o) => o.selfHost === sec.selfHost)),
    priceSensK: Float64Array.from(sectors, (sec) => sec.priceSensitivity),
    priceSensZ: Float64Array.from(sizes, (sz) => sz.priceSensitivity),
    supportNeedZ: Float64Array.from(sizes, (sz) => sz.supportNeed),
    selfCostZ: Float64Array.from(sizes, (sz) => sz.selfHostCostFactor),
    volKZ,
    riskAversionK: Float64Array.from(sectors, (sec) => sec.riskAversion),
  };
}

/**
 * The monthly loop of {@link simulate}. `uk`: the engine's WebAssembly kernel passes (its
 * arrays are views of the session's memory; the TypeScript gives the same bits without it).
 */
function monthlyLoop(c: Compiled, solver: AdoptionSolver, factorConsts: FactorConstants, segConsts: SegmentConstants, uk: EngineKernel | null, onProgress?: (done: number, total: number) => void): SeriesSet {
  const { world, params: P, T, B, L, K, Z, S, O, m0 } = c;
  const { segBloc, segSector, segSize, labBloc, labEntry } = c;
  const labs = world.labs;
  const sectors = world.sectors;
  const sizes = world.sizes;

  // ---- parameters (read once) ----
  const capSens = pnum(P, 'capabilitySensitivity');
  const priceSens = pnum(P, 'priceSensitivity');
  const netEff = pnum(P, 'networkEffect');
  const custom = pnum(P, 'customizability');
  const supportW = pnum(P, 'supportWeight');
  const kappa = pnum(P, 'switchingCost');
  const rho0 = pnum(P, 'reconsiderRate');
  const rhoBoost = pnum(P, 'releaseReconsiderBoost');
  const homeBias = pnum(P, 'homeBias');
  const bassP = pnum(P, 'bassP');
  const bassQ = pnum(P, 'bassQ');
  const initialAdoption = pnum(P, 'initialAdoption');
  const riskWeight = pnum(P, 'riskWeight');
  const gK = monthlyRate(pnum(P, 'computeDoublingMonths', 9));
  const rE = monthlyRate(pnum(P, 'efficiencyHalvingMonths', 8));
  const eta = pnum(P, 'adaptiveInnovation');
  const dataReturns = pnum(P, 'dataReturns');
  const dataRef = pnum(P, 'dataRef', 1);
  const spill = pnum(P, 'openSpillover');
  const dataDep = pnum(P, 'dataDepreciation');
  const fbApi = pnum(P, 'dataFeedbackApi');
  const fbOpen = pnum(P, 'dataFeedbackOpen');
  const fbInd = pnum(P, 'dataFeedbackIndustrial');
  const derivData = pnum(P, 'derivativeData');
  const pass = pnum(P, 'pricePassThrough');
  const costPerB = pnum(P, 'hostingCostPerB');
  const derivRate = pnum(P, 'derivativeRate');
  const trialDl = pnum(P, 'trialDownloads');
  const lambdaDev = 1 - Math.exp(-1 / Math.max(0.1, pnum(P, 'derivativeLagMonths', 4)));
  const derivWeight = pnum(P, 'derivativeWeight');
  const derivDecay = pnum(P, 'derivativeDecay');
  const breadthBoost = pnum(P, 'breadthBoost');
  const marketGain = pnum(P, 'embodiedMarketGain');
  const dataGain = pnum(P, 'embodiedDataGain');
  const exportScale = pnum(P, 'exportControlScale', 1);
  const adaptOn = pnum(P, 'strategyAdaptation') >= 0.5;
  /** Expected frontier growth (points/month), to extrapolate histories before the start. */
  const slope = (gK + rE) / Math.LN10;

  const originRisk = new Float64Array(B);
  const concern = new Float64Array(B);
  const substitution = new Float64Array(B);
  const integration = segConsts.integration;
  const presence = new Float64Array(B);
  const capOffset = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const id = world.blocs[b].id;
    originRisk[b] = pnum(P, `originRisk.${id}`, 0.3);
    concern[b] = pnum(P, `adopterConcern.${id}`, 1);
    substitution[b] = pnum(P, `domesticSubstitution.${id}`, 0);
    presence[b] = pnum(P, `platformPresence.${id}`, 1);
    capOffset[b] = pnum(P, `capabilityOffset.${id}`, 0);
  }

  // segment masses at t = 0 (the embodied multiplier is applied monthly)
  const mass0 = c.segMass0;

  const KZ = K * Z;
  const { volKZ } = factorConsts;

  // ---- state ----
  const Kc = new Float64Array(B);
  const sevEff = new Float64Array(B);
  const logE = new Float64Array(L);
  const labK = new Float64Array(L);
  const D = new Float64Array(L);
  const R = new Float64Array(L).fill(NaN);
  const Ocap = new Float64Array(L).fill(NaN);
  const Rhist = new Float64Array(L * T).fill(NaN);
  const code = new Int8Array(c.strategy); // mutable copy (adaptation)
  const apiP = uk ? uk.apiP : new Float64Array(L);
  const hostP = uk ? uk.hostP : new Float64Array(L);
  const bf = uk ? uk.bf : new Float64Array(L);
  const feas = uk ? uk.feas : new Float64Array(Z * L);
  const optAvail = uk ? uk.optAvail : new Uint8Array(O);
  const optPrev = new Uint8Array(O);
  const opts = uk ? uk.opts : new Int32Array(O);
  const prevOpts = uk ? uk.prevOpts : new Int32Array(O);
  const optIndex = new Int32Array(O).fill(-1);
  const groupStart = uk ? uk.groupStart : new Int32Array(2 * B + 1);
  const remapTmp = new Float64Array(2 * O);
  const zsum = uk ? uk.zsum : new Float64Array(S);
  const capOpt = uk ? uk.capOpt : new Float64Array(O);
  const users = uk ? uk.users : new Float64Array(O);
  const derivStock = new Float64Array(O);
  const derivNew = new Float64Array(O);
  const eco = uk ? uk.eco : new Float64Array(O);
  const labUsage = uk ? uk.labUsage : new Float64Array(L);
  const labShareHist = new Float64Array(L * T);
  const inflow = uk ? uk.inflow : new Float64Array(L);
  const adoptKZO = uk ? uk.adoptKZO : new Float64Array(K * Z * O);
  /** Adopters weighted by their bloc's presence on international platforms (Hugging Face, OpenRouter). */
  const visKZO = uk ? uk.visKZO : new Float64Array(K * Z * O);
  const mktMult = new Float64Array(K);
  // per (sector, size) cell: adopters' volume, enterprise flag, download intensity; and the
  // month's data feedback per unit of volume
  const entKZ = uk ? uk.entKZ : new Float64Array(KZ);
  const dlKZ = uk ? uk.dlKZ : new Float64Array(KZ);
  const fbApiKZ = uk ? uk.fbApiKZ : new Float64Array(KZ);
  const fbOpenKZ = uk ? uk.fbOpenKZ : new Float64Array(KZ);
  for (let k = 0; k < K; k++)
    for (let z = 0; z < Z; z++) {
      const kz = k * Z + z;
      entKZ[kz] = sizes[z].enterprise ? 1 : 0;
      dlKZ[kz] = sectors[k].downloadIntensity;
    }
  const tally: AdoptionTally = { mass: uk ? uk.mass : new Float64Array(S), platform: uk ? uk.platform : new Float64Array(S), adopt: adoptKZO, visible: visKZO, blocShare: uk ? uk.blocShare : new Float64Array(S * B) };
  for (let s = 0; s < S; s++) tally.platform[s] = presence[segBloc[s]] * sizes[segSize[s]].platformShare;
  const fused = solver.fused;
  const dataVal = uk ? uk.dataVal : new Float64Array(K);

  const w = new Float64Array(S * O);
  const uPriceKZ = new Float64Array(K * Z * O);
  const uOpenKZ = new Float64Array(K * Z);
  const uRiskAKB = new Float64Array(B * K * B);
  const F0 = new Float64Array(S);
  const x0 = new Float64Array(S * O);

  const G2 = 2 * B;
  const frontier = new Float64Array(G2 * T).fill(NaN); // [(g)·T + t], g = 2b (closed), 2b+1 (open)
  const bestOpen = new Float64Array(T).fill(NaN);
  const bestClosed = new Float64Array(T).fill(NaN);
  const bestBloc = new Float64Array(B * T).fill(NaN);

  for (let l = 0; l < L; l++) bf[l] = breadthFactor(labs[l].breadth, breadthBoost);
  /** Self-hosting: each lab's requirement before efficiency gains, each size's capacity. */
  const baseNeed = Float64Array.from(labs, (lab) => selfHostBaseNeed(lab.activeParamsB, lab.breadth));
  const hostCapacityZ = Float64Array.from(sizes, (sz) => sz.hostCapacityLog10B);

  // ---- outputs ----
  const out = new SeriesSet(T);
  const blocIds = idsOf(world.blocs);
  const cnIdx = blocIds.indexOf('CN');
  const usIdx = blocIds.indexOf('US');
  const sUsage = out.getAll('usage_share', blocIds);
  const sOpen = out.get('open_share', 'all');
  const sDl = out.getAll('download_share', blocIds);
  const sDer = out.getAll('derivative_share', blocIds);
  const sTok = out.getAll('token_share', blocIds);
  const sOTok = out.getAll('open_token_share', blocIds);
  const sEnt = out.get('enterprise_open_share', 'all');
  const sHostedOpen = out.get('hosted_open_share', 'all');
  const sCap = out.getAll('capability', idsOf(labs));
  const fGroups = frontierGroups(c);
  const sFront = out.getAll('frontier_capability', fGroups);
  const sGapOC = out.get('capability_gap_months', 'open_vs_closed');
  const sGapCU = cnIdx >= 0 && usIdx >= 0 ? out.get('capability_gap_months', 'cn_vs_us') : undefined;
  // views of the US and CN rows of bestBloc, made once (they see the months as they are written)
  const bestUS = bestBloc.subarray(Math.max(usIdx, 0) * T, (Math.max(usIdx, 0) + 1) * T);
  const bestCN = bestBloc.subarray(Math.max(cnIdx, 0) * T, (Math.max(cnIdx, 0) + 1) * T);
  const sPriceOpen = out.get('avg_price', 'open');
  const sPriceClosed = out.get('avg_price', 'closed');
  const sCompute = out.getAll('compute', blocIds);
  const sData = out.getAll('data_stock', blocIds);
  const sHhi = out.get('hhi', 'all');
  const sAdopt = out.get('adoption', 'all');
  const sDownloads = out.getAll('downloads', blocIds);
  const sDerivs = out.getAll('derivatives', blocIds);
  const sEff = out.getAll('efficiency', blocIds);
  const sOpenLabs = out.getAll('open_labs', blocIds);
  const sCrit: Float64Array[] = [];
  for (let a = 0; a < B; a++) for (let b = 0; b < B; b++) sCrit.push(out.get('critical_usage_share', `${blocIds[a]}:${blocIds[b]}`));

  const byOrigin = uk ? uk.byOrigin : new Float64Array(B);
  const dlOrigin = uk ? uk.dlOrigin : new Float64Array(B);
  const derOrigin = new Float64Array(B);
  const derivVis = new Float64Array(B);
  const devFlow = uk ? uk.devFlow : new Float64Array(O);
  const devFlowVis = uk ? uk.devFlowVis : new Float64Array(O);
  const devInterest = new Float64Array(O);
  const devInterestVis = new Float64Array(O);
  const tokOrigin = uk ? uk.tokOrigin : new Float64Array(B);
  const oTokOrigin = uk ? uk.oTokOrigin : new Float64Array(B);
  const critVol = uk ? uk.critVol : new Float64Array(B * B);
  const critTot = uk ? uk.critTot : new Float64Array(B);


  // Per-month lookup tables. The utility separates into factors that depend on
  // (sector, size, option) and (adopter bloc, sector, origin), so w = e^U = XY·W needs
  // about 900 exponentials a month instead of one per (segment, option).
  // Capability is measured from the month's best model, which keeps every factor in range;
  // logit shares are unchanged by the shift.
  const netU = uk ? uk.netU : new Float64Array(O);
  const logApi = uk ? uk.logApi : new Float64Array(L);
  // per (lab, sector·size cell) at l·KZ + kz: the cost of open weights, its log, and the
  // volume-weighted share of that use served by hosts (1 − self-hosted share)
  const openCostLKZ = uk ? uk.openCostLKZ : new Float64Array(L * K * Z);
  const logOpenLKZ = uk ? uk.logOpenLKZ : new Float64Array(L * K * Z);
  const hostedLKZ = uk ? uk.hostedLKZ : new Float64Array(L * K * Z);
  const riskAB = uk ? uk.riskAB : new Float64Array(B * B);
  const X = new Float64Array(O);
  const XY = uk ? uk.XY : new Float64Array(K * Z * O);
  // options by group (origin bloc b, openness v) at groupOpts[groupOptStart[2b + v] ..], in
  // option order: the month's list keeps each group's options that are (or were) available
  const groupOptStart = new Int32Array(2 * B + 1);
  const groupOpts = new Int32Array(O);
  for (let g = 0, n = 0; g < 2 * B; g++) {
    groupOptStart[g] = n;
    for (let o = g & 1; o < O; o += 2) if (labBloc[o >> 1] === g >> 1) groupOpts[n++] = o;
    groupOptStart[g + 1] = n;
  }
  // labs by home bloc at blocLabs[blocLabStart[b] ..], in lab order (sums keep their order)
  const blocLabStart = new Int32Array(B + 1);
  const blocLabs = new Int32Array(L);
  for (let b = 0, n = 0; b < B; b++) {
    blocLabStart[b] = n;
    for (let l = 0; l < L; l++) if (labBloc[l] === b) blocLabs[n++] = l;
    blocLabStart[b + 1] = n;
  }
  const W = uk ? uk.W : new Float64Array(B * K * B);
  const needTastes = solver.needsTasteComponents;
  let nOpts = 0;

  /** Per restriction mask, the segments it bans some option for (only their rows are copied). */
  const maskTouches: Uint8Array[] = [];
  for (const mask of c.allowedMasks) maskTouches.push(touchedSegments(mask, S, O));
  /** The month's restriction mask in the compact layout (1 or 0), and which segments it touches. */
  const allowedC = (uk ? uk.allowedC : new Float64Array((S + 1) * O)).fill(1, S * O);
  const segRestricted = uk ? uk.segRestricted : new Uint8Array(S);

  const factorPass: FactorPass = {
    K, Z, L, B, O, T, KZ, netEff, capSens, custom, priceSens, supportW, riskWeight, homeBias, needTastes,
    ...factorConsts,
    originRisk, concern, incident: c.incident, kernel: uk,
    opts, groupStart, optAvail, eco, capOpt, apiP, hostP, feas,
    netU, logApi, openCostLKZ, logOpenLKZ, hostedLKZ, riskAB, X, XY, W, uPriceKZ, uOpenKZ, uRiskAKB,
  };
  const segSums = uk ? uk.segSums : new Float64Array(2);
  const segPass: SegmentPass = {
    segBloc, segSector, segSize,
    developerK: segConsts.developerK,
    criticalK: segConsts.criticalK,
    industrialK: segConsts.industrialK,
    volumeZ: segConsts.volumeZ,
    integration, dataVal, fbInd, tally, F: solver.F, x: solver.x, W, XY, allowedC, segRestricted, opts, groupStart,
    devFlow, devFlowVis, adoptKZO, visKZO, critVol, critTot, inflow, sums: segSums,
  };
  /** Totals of pass 2 (per option) that are scalars: price·volume and volume of closed options, enterprise volume, the same for open options, enterprise open volume. */
  const optSums = uk ? uk.optSums : new Float64Array(6);
  const optPass: OptionPass = { adoptKZO, visKZO, volKZ, fbApiKZ, fbOpenKZ, entKZ, dlKZ, openCostLKZ, hostedLKZ, apiP, bf, users, labUsage, inflow, byOrigin, tokOrigin, oTokOrigin, dlOrigin, opts, groupStart, sums: optSums };

  const month: MonthInputs = { t: 0, S, O, w, zsum, opts, nOpts: 0, optIndex, groupStart, uPriceKZ, uOpenKZ, uRiskAKB, xy: XY, risk: W, allowed: allowedC, restricted: segRestricted, maskVersion: 0, tally, p: bassP, q: bassQ, rho: rho0, kappa, ek: Math.exp(kappa) };
  const util: UtilityStep = { c, maskTouches, allowedC, segRestricted, maskFor: -1, factorPass, month, segBloc, segSector, segSize, K, Z, B };
  const market: MarketStep = { embodied: c.embodied, sectors, marketGain, dataGain, mktMult, dataVal, mass: tally.mass, mass0, segSector };

  for (let t = 0; t < T; t++) {
    const mAbs = m0 + t;
    month.t = t;

    // 1. compute (export controls cut growth)
    for (let b = 0; b < B; b++) {
      if (t === 0) {
        Kc[b] = world.blocs[b].computeShare0 * 10 * Math.exp(gK * (m0 - 2023 * 12)) ;
      } else {
        Kc[b] = growCompute(Kc[b], gK, sevEff[b]);
      }
    }
    // 2. efficiency grows faster while hardware access is cut (last month's felt severity)
    if (t > 0) {
      for (let l = 0; l < L; l++) logE[l] += efficiencyRate(rE, eta, gK, sevEff[labBloc[l]]);
    }
    for (let b = 0; b < B; b++) sevEff[b] = effectiveSeverity(c.severity[b * T + t], exportScale, substitution[b]);

    // 3. strategies (optional yearly adaptation)
    if (adaptOn && t >= 12 && t % 12 === 0) {
      for (let l = 0; l < L; l++) {
        if (c.strategyForced[l]) continue;
        const cur = code[l * T + t];
        const next = adaptStrategy(cur, labShareHist[l * T + t - 1], labShareHist[l * T + t - 12]);
        if (next !== cur) code.fill(next, l * T + t, (l + 1) * T);
      }
    }

    // 4. capability and releases
    let major = false;
    const prevBestOpen = t > 0 ? bestOpen[t - 1] : NaN;
    const prevBestClosed = t > 0 ? bestClosed[t - 1] : NaN;
    for (let l = 0; l < L; l++) {
      const lab = labs[l];
      const b = labBloc[l];
      const st = code[l * T + t];
      labK[l] = labCompute(Kc[b], lab.computeShare, releasesOpen(st), c.subsidy[b * T + t]);
      if (mAbs < labEntry[l]) continue;
      // the internal capability matters only in a lab's first month and its release months
      const first = Number.isNaN(R[l]);
      if (first || isReleaseMonth(mAbs, labEntry[l], lab.cadence)) {
        const cint = withSpillover(capabilityIndex(labK[l], logE[l], D[l], dataRef, dataReturns, lab.talent + capOffset[b]), prevBestOpen, spill);
        if (first) {
          // first month present: at t = 0 the last release happened some months ago
          R[l] = t === 0 ? cint - slope * ((mAbs - labEntry[l]) % Math.max(1, Math.round(lab.cadence))) : cint;
        } else if (cint > R[l]) {
          R[l] = cint;
          if (sellsApi(st) && !(R[l] <= prevBestClosed)) major = true;
          if (releasesOpen(st) && !(R[l] <= prevBestOpen)) major = true;
        }
      }
      Rhist[l * T + t] = R[l];
      // open capability: open labs release their frontier; mixed labs with a delay; closed labs keep what they released
      let oc = NaN;
      if (st === 0) oc = R[l];
      else if (st === 2) {
        const lag = t - Math.round(lab.openDelay);
        if (lag >= 0) oc = Rhist[l * T + lag];
        else if (mAbs - Math.round(lab.openDelay) >= labEntry[l]) oc = Rhist[l * T] - slope * -lag;
      }
      if (Number.isFinite(oc)) Ocap[l] = Number.isNaN(Ocap[l]) ? oc : Math.max(Ocap[l], oc);
    }
    // options available this month and frontiers
    for (let g = 0; g < G2; g++) frontier[g * T + t] = t > 0 ? frontier[g * T + t - 1] : NaN;
    bestOpen[t] = t > 0 ? bestOpen[t - 1] : NaN;
    bestClosed[t] = t > 0 ? bestClosed[t - 1] : NaN;
    for (let b = 0; b < B; b++) bestBloc[b * T + t] = t > 0 ? bestBloc[b * T + t - 1] : NaN;
    for (let l = 0; l < L; l++) {
      const st = code[l * T + t];
      const present = mAbs >= labEntry[l];
      const b = labBloc[l];
      const apiOk = present && sellsApi(st);
      const openOk = present && Number.isFinite(Ocap[l]);
      optAvail[2 * l] = apiOk ? 1 : 0;
      optAvail[2 * l + 1] = openOk ? 1 : 0;
      capOpt[2 * l] = apiOk ? R[l] : 0;
      capOpt[2 * l + 1] = openOk ? Ocap[l] : 0;
      if (apiOk) {
        const gi = 2 * b * T + t;
        if (!(frontier[gi] >= R[l])) frontier[gi] = R[l];
        if (!(bestClosed[t] >= R[l])) bestClosed[t] = R[l];
        if (!(bestBloc[b * T + t] >= R[l])) bestBloc[b * T + t] = R[l];
      }
      if (openOk) {
        const gi = (2 * b + 1) * T + t;
        if (!(frontier[gi] >= Ocap[l])) frontier[gi] = Ocap[l];
        if (!(bestOpen[t] >= Ocap[l])) bestOpen[t] = Ocap[l];
        if (!(bestBloc[b * T + t] >= Ocap[l])) bestBloc[b * T + t] = Ocap[l];
      }
    }

    // the month's option list, grouped by origin bloc; the solver's shares follow it
    const prevN = nOpts;
    prevOpts.set(opts);
    nOpts = 0;
    for (let g = 0; g < 2 * B; g++) {
      groupStart[g] = nOpts;
      for (let i = groupOptStart[g], e = groupOptStart[g + 1]; i < e; i++) {
        const o = groupOpts[i];
        if (optAvail[o] || optPrev[o]) opts[nOpts++] = o;
      }
    }
    groupStart[2 * B] = nOpts;
    for (let o = 0; o < O; o++) optPrev[o] = optAvail[o];
    let listChanged = nOpts !== prevN;
    for (let j = 0; j < nOpts && !listChanged; j++) listChanged = opts[j] !== prevOpts[j];
    if (listChanged) {
      optIndex.fill(-1);
      for (let j = 0; j < nOpts; j++) optIndex[opts[j]] = j;
      if (t > 0) {
        if (uk?.segments) uk.remapShares(prevN, nOpts);
        else remapShares(solver.x, S, O, prevOpts, prevN, opts, nOpts, remapTmp);
      }
    }
    month.nOpts = nOpts;

    // 5. prices
    for (let l = 0; l < L; l++) {
      const lab = labs[l];
      const cut = c.priceCut[l * T + t];
      const factor = efficiencyPriceFactor(logE[l], pass);
      apiP[l] = apiPriceAt(lab.price0, factor, cut);
      hostP[l] = hostedPriceAt(costPerB, lab.activeParamsB, factor, cut);
      for (let z = 0; z < Z; z++) feas[z * L + l] = selfHostFeasibility(hostCapacityZ[z], logE[l], baseNeed[l]);
    }

    // 6–7. utilities and adoption
    const emb = c.embodied[t];
    month.rho = Math.min(1, rho0 + (major ? rhoBoost : 0));
    if (t === 0) {
      // initial shares: logit with the ecosystem they imply (a short fixed point)
      F0.fill(initialAdoption);
      for (let it = 0; it < 3; it++) {
        fillUtilities(util, t, listChanged, true);
        for (let s = 0; s < S; s++) logitFromWeights(w, s * O, nOpts, x0, s * O);
        users.fill(0);
        for (let s = 0; s < S; s++) {
          const Ms = mass0[s] * marketMultiplier(sectors[segSector[s]].industrial, sectors[segSector[s]].embodied, emb, marketGain);
          for (let j = 0; j < nOpts; j++) users[opts[j]] += Ms * F0[s] * x0[s * O + j];
        }
        for (let o = 0; o < O; o++) eco[o] = ecosystemSize(users[o], derivStock[o], derivWeight, 1);
      }
      fillUtilities(util, t, listChanged, true);
      solver.init(month, F0, x0);
    } else {
      fillUtilities(util, t, listChanged, !fused);
      setMarket(market, t);
      solver.step(month);
    }

    // 8. usage, downloads, tokens, derivatives, data
    if (uk) uk.zeroMonthTotals();
    else {
      users.fill(0);
      labUsage.fill(0);
      inflow.fill(0);
      byOrigin.fill(0);
      dlOrigin.fill(0);
      devFlow.fill(0);
      devFlowVis.fill(0);
      tokOrigin.fill(0);
      oTokOrigin.fill(0);
      critVol.fill(0);
      critTot.fill(0);
    }
    derivNew.fill(0);
    derOrigin.fill(0);
    derivVis.fill(0);
    // Pass 1, per segment (segmentTotals), then pass 2, per listed option (optionTotals)
    const tallied = fused && t > 0;
    if (!tallied) {
      setMarket(market, t);
      adoptKZO.fill(0);
      visKZO.fill(0);
    }
    if (uk?.segments && tallied) uk.segmentTotals(fbInd);
    else segmentTotals(segPass, S, O, B, K, Z, nOpts, tallied);
    const massSum = segSums[0];
    const adoptSum = segSums[1];
    // Pass 2, per listed option: everything else, summed over (sector, size) cells in registers
    // (options come grouped by origin bloc and openness, so each group's loop has no branches).
    for (let kz = 0; kz < KZ; kz++) {
      const k = (kz / Z) | 0;
      fbApiKZ[kz] = dataVal[k] * feedbackFraction(false, false, fbApi, fbOpen, fbInd, 0);
      fbOpenKZ[kz] = dataVal[k] * feedbackFraction(true, false, fbApi, fbOpen, fbInd, 0);
    }
    if (uk) uk.optionTotals();
    else optionTotals(optPass, B, O, KZ);
    const priceClosed = optSums[0];
    const volClosed = optSums[1];
    const entVol = optSums[2];
    const priceOpen = optSums[3];
    const volOpen = optSums[4];
    const entOpen = optSums[5];
    const total = volClosed + volOpen;
    const openVol = volOpen;

    // Fine-tuning projects take months: derivatives follow developer interest, an
    // exponentially smoothed average of the choice flows (time constant derivativeLagMonths).
    for (let o = 1; o < O; o += 2) {
      if (t === 0) {
        devInterest[o] = devFlow[o];
        devInterestVis[o] = devFlowVis[o];
      } else {
        devInterest[o] += lambdaDev * (devFlow[o] - devInterest[o]);
        devInterestVis[o] += lambdaDev * (devFlowVis[o] - devInterestVis[o]);
      }
      if (devInterest[o] <= 0) continue;
      const l = o >> 1;
      const b = labBloc[l];
      derivNew[o] = derivRate * devInterest[o] * bf[l];
      derivVis[b] += derivRate * devInterestVis[o] * bf[l];
      dlOrigin[b] += trialDl * devInterestVis[o] * bf[l];
    }

    // 9. outputs
    shareOut(byOrigin, total, sUsage, t);
    shareOut(dlOrigin, sum(dlOrigin), sDl, t);
    for (let o = 1; o < O; o += 2) derOrigin[labBloc[o >> 1]] += derivNew[o];
    shareOut(derivVis, sum(derivVis), sDer, t);
    shareOut(tokOrigin, sum(tokOrigin), sTok, t);
    shareOut(oTokOrigin, sum(oTokOrigin), sOTok, t);
    const tokAll = sum(tokOrigin);
    if (tokAll > 0) sHostedOpen[t] = sum(oTokOrigin) / tokAll;
    if (total > 0) sOpen[t] = openVol / total;
    if (entVol > 0) sEnt[t] = entOpen / entVol;
    for (let l = 0; l < L; l++) sCap[l][t] = R[l];
    for (let g = 0; g < G2; g++) sFront[g][t] = frontier[g * T + t];
    sGapOC[t] = gapMonths(bestClosed, bestOpen, t, slope);
    if (sGapCU) sGapCU[t] = gapMonths(bestUS, bestCN, t, slope);
    if (volOpen > 0) sPriceOpen[t] = priceOpen / volOpen;
    if (volClosed > 0) sPriceClosed[t] = priceClosed / volClosed;
    let hhi = 0;
    for (let l = 0; l < L; l++) {
      const sh = total > 0 ? labUsage[l] / total : 0;
      labShareHist[l * T + t] = sh;
      hhi += sh * sh;
    }
    if (total > 0) sHhi[t] = hhi;
    sAdopt[t] = massSum > 0 ? adoptSum / massSum : 0;
    for (let b = 0; b < B; b++) {
      sCompute[b][t] = Kc[b];
      sDownloads[b][t] = dlOrigin[b];
      sDerivs[b][t] = derOrigin[b];
      let d = 0;
      let wsum = 0;
      let esum = 0;
      let nOpen = 0;
      for (let i = blocLabStart[b], e = blocLabStart[b + 1]; i < e; i++) {
        const l = blocLabs[i];
        d += D[l];
        if (mAbs >= labEntry[l]) {
          wsum += labK[l];
          esum += labK[l] * logE[l];
          if (releasesOpen(code[l * T + t])) nOpen++;
        }
      }
      sData[b][t] = d;
      sOpenLabs[b][t] = nOpen;
      sEff[b][t] = wsum > 0 ? Math.exp(esum / wsum) : 1;
      if (critTot[b] > 0) for (let o = 0; o < B; o++) sCrit[b * B + o][t] = critVol[b * B + o] / critTot[b];
    }

    // 10. stocks for next month: data, derivatives, ecosystem
    for (let l = 0; l < L; l++) D[l] = updateDataStock(D[l], inflow[l] + derivData * derivNew[2 * l + 1], dataDep);
    for (let o = 0; o < O; o++) {
      derivStock[o] = updateDerivativeStock(derivStock[o], derivNew[o], derivDecay);
      eco[o] = ecosystemSize(users[o], derivStock[o], derivWeight, 1);
    }
    if (onProgress && (t % 12 === 11 || t === T - 1)) onProgress(t + 1, T);
  }
  return out;
}

/**
 * Writes segment s's weights w[s·O + j] = xy[yo + j] · risk[ro + b(j)] (· allowed where the
 * segment is restricted) and returns their sum Z. yo = (sector, size)·O and ro = (bloc,
 * sector)·B locate the segment's factors. Options are grouped by origin bloc, so the risk
 * factor is constant over each run; unavailable options have xy = 0 and banned ones allowed = 0.
 */
export function segmentWeights(m: MonthInputs, s: number, yo: number, ro: number): number {
  const { w, xy, risk, allowed, groupStart } = m;
  const off = s * m.O;
  const B = (groupStart.length - 1) >> 1;
  let z = 0;
  if (m.restricted[s] === 1) {
    for (let b = 0; b < B; b++) {
      const wb = risk[ro + b];
      for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) {
        const wj = xy[yo + j] * wb * allowed[off + j];
        w[off + j] = wj;
        z += wj;
      }
    }
  } else {
    for (let b = 0; b < B; b++) {
      const wb = risk[ro + b];
      for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) {
        const wj = xy[yo + j] * wb;
        w[off + j] = wj;
        z += wj;
      }
    }
  }
  return z;
}

/**
 * Moves per-segment shares from one option list to the next (compact layout): option
 * opts[j] of the new list takes the share it had in the old list, 0 if it was not listed.
 * `tmp` needs room for 2·O numbers.
 */
export function remapShares(x: Float64Array, S: number, O: number, oldOpts: Int32Array, oldN: number, newOpts: Int32Array, newN: number, tmp: Float64Array): void {
  // from[j] = old position of new option j (−1: new); computed once for all segments
  const from = tmp.subarray(O, 2 * O);
  const pos = tmp.subarray(0, O);
  pos.fill(-1);
  for (let j = 0; j < oldN; j++) pos[oldOpts[j]] = j;
  for (let j = 0; j < newN; j++) from[j] = pos[newOpts[j]];
  // Options entering the list move the later ones up. When no option moves down and the list
  // does not shrink, a downward pass moves them in place; otherwise each segment is copied first.
  let upOnly = newN >= oldN;
  for (let j = 0; j < newN && upOnly; j++) upOnly = from[j] <= j;
  if (upOnly) {
    for (let s = 0; s < S; s++) {
      const base = s * O;
      for (let j = newN - 1; j >= 0; j--) {
        const f = from[j];
        x[base + j] = f >= 0 ? x[base + f] : 0;
      }
    }
    return;
  }
  const old = pos; // reused as the segment's copy of its old shares
  const n = Math.max(oldN, newN);
  for (let s = 0; s < S; s++) {
    const base = s * O;
    for (let j = 0; j < oldN; j++) old[j] = x[base + j];
    for (let j = 0; j < n; j++) x[base + j] = j < newN && from[j] >= 0 ? old[from[j]] : 0;
  }
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** The arrays of the engine's per-option pass ({@link optionTotals}), gathered once per run. */
interface OptionPass {
  adoptKZO: Float64Array;
  visKZO: Float64Array;
  volKZ: Float64Array;
  fbApiKZ: Float64Array;
  fbOpenKZ: Float64Array;
  entKZ: Float64Array;
  dlKZ: Float64Array;
  openCostLKZ: Float64Array;
  hostedLKZ: Float64Array;
  apiP: Float64Array;
  bf: Float64Array;
  users: Float64Array;
  labUsage: Float64Array;
  inflow: Float64Array;
  byOrigin: Float64Array;
  tokOrigin: Float64Array;
  oTokOrigin: Float64Array;
  dlOrigin: Float64Array;
  opts: Int32Array;
  groupStart: Int32Array;
  sums: Float64Array;
}

/**
 * Pass 2 of a month, per listed option: users, volume, tokens, downloads, data inflow and
 * prices, summed over (sector, size) cells in registers (options come grouped by origin bloc
 * and openness, so each group's loop has no branches). A function of its own so the JIT
 * optimises it on its own feedback.
 */
function optionTotals(p: OptionPass, B: number, O: number, KZ: number): void {
  const { adoptKZO, visKZO, volKZ, fbApiKZ, fbOpenKZ, entKZ, dlKZ, openCostLKZ, hostedLKZ, apiP, bf, users, labUsage, inflow, byOrigin, tokOrigin, oTokOrigin, dlOrigin, opts, groupStart } = p;
  let priceClosed = 0;
  let volClosed = 0;
  let entVol = 0;
  let priceOpen = 0;
  let volOpen = 0;
  let entOpen = 0;
  for (let b = 0; b < B; b++) {
    let byB = 0;
    let tokB = 0;
    let oTokB = 0;
    let dlB = 0;
    for (let j = groupStart[2 * b], e = groupStart[2 * b + 1]; j < e; j++) {
      const o = opts[j];
      const l = o >> 1;
      let ad = 0;
      let vol = 0;
      let tok = 0;
      let inf = 0;
      let ent = 0;
      for (let kz = 0, i = j; kz < KZ; kz++, i += O) {
        const a = adoptKZO[i];
        const v = a * volKZ[kz];
        ad += a;
        vol += v;
        tok += visKZO[i] * volKZ[kz];
        inf += v * fbApiKZ[kz];
        ent += v * entKZ[kz];
      }
      users[o] += ad;
      labUsage[l] += vol;
      byB += vol;
      priceClosed += vol * apiP[l];
      tokB += tok;
      inflow[l] += inf;
      volClosed += vol;
      entVol += ent;
    }
    for (let j = groupStart[2 * b + 1], e = groupStart[2 * b + 2]; j < e; j++) {
      const o = opts[j];
      const l = o >> 1;
      const lkz = l * KZ;
      let ad = 0;
      let vol = 0;
      let price = 0;
      let dl = 0;
      let hosted = 0;
      let inf = 0;
      let ent = 0;
      for (let kz = 0, i = j; kz < KZ; kz++, i += O) {
        const a = adoptKZO[i];
        const v = a * volKZ[kz];
        const visible = visKZO[i];
        ad += a;
        vol += v;
        price += v * openCostLKZ[lkz + kz];
        dl += visible * dlKZ[kz];
        hosted += visible * hostedLKZ[lkz + kz];
        inf += v * fbOpenKZ[kz];
        ent += v * entKZ[kz];
      }
      users[o] += ad;
      labUsage[l] += vol;
      byB += vol;
      priceOpen += price;
      dlB += dl * bf[l];
      tokB += hosted;
      oTokB += hosted;
      inflow[l] += inf;
      volOpen += vol;
      entVol += ent;
      entOpen += ent;
    }
    byOrigin[b] += byB;
    tokOrigin[b] += tokB;
    oTokOrigin[b] += oTokB;
    dlOrigin[b] += dlB;
  }
  const sums = p.sums;
  sums[0] = priceClosed;
  sums[1] = volClosed;
  sums[2] = entVol;
  sums[3] = priceOpen;
  sums[4] = volOpen;
  sums[5] = entOpen;
}

/** The arrays of the engine's per-segment pass ({@link segmentTotals}), gathered once per run. */
interface SegmentPass {
  segBloc: Int32Array;
  segSector: Int32Array;
  segSize: Int32Array;
  developerK: Uint8Array;
  criticalK: Uint8Array;
  industrialK: Uint8Array;
  volumeZ: Float64Array;
  integration: Float64Array;
  dataVal: Float64Array;
  fbInd: number;
  tally: AdoptionTally;
  F: Float64Array;
  x: Float64Array;
  W: Float64Array;
  XY: Float64Array;
  allowedC: Float64Array;
  segRestricted: Uint8Array;
  opts: Int32Array;
  groupStart: Int32Array;
  devFlow: Float64Array;
  devFlowVis: Float64Array;
  adoptKZO: Float64Array;
  visKZO: Float64Array;
  critVol: Float64Array;
  critTot: Float64Array;
  inflow: Float64Array;
  /** Out: potential adopters Σ mass, and adopters Σ mass · F. */
  sums: Float64Array;
}

/**
 * Pass 1 of a month, per segment: developers' choice flows among open models, the adopters'
 * tally by (sector, size, option) unless the solver made it (`tallied`), critical sectors'
 * use by origin, and the domestic industrial data channel: only the terms that depend on the
 * adopter's bloc. A function of its own so the JIT optimises it on its own feedback.
 */
function segmentTotals(p: SegmentPass, S: number, O: number, B: number, K: number, Z: number, nOpts: number, tallied: boolean): void {
  const { segBloc, segSector, segSize, developerK, criticalK, industrialK, volumeZ, integration, dataVal, fbInd, tally, F, x, W, XY, allowedC, segRestricted, opts, groupStart, devFlow, devFlowVis, adoptKZO, visKZO, critVol, critTot, inflow } = p;
  let massSum = 0;
  let adoptSum = 0;
  for (let s = 0; s < S; s++) {
    const a = segBloc[s];
    const k = segSector[s];
    const z = segSize[s];
    const Ms = tally.mass[s];
    massSum += Ms;
    const Fs = F[s];
    adoptSum += Ms * Fs;
    if (Fs <= 0) continue;
    const scale = Ms * Fs;
    const base = s * O;
    const kzo = (k * Z + z) * O;
    const vis = tally.platform[s];
    if (developerK[k] === 1) {
      // Developers pick a base model for new work by logit among open models now: derivatives
      // and trial downloads follow current choices, not the installed base. The weights of
      // the open options come from their factors (a fused solver leaves no w behind).
      const ro = (a * K + k) * B;
      const masked = segRestricted[s] === 1;
      let zOpen = 0;
      for (let b = 0; b < B; b++) {
        const wb = W[ro + b];
        for (let j = groupStart[2 * b + 1], e = groupStart[2 * b + 2]; j < e; j++) zOpen += masked ? XY[kzo + j] * wb * allowedC[base + j] : XY[kzo + j] * wb;
      }
      if (zOpen > 0) {
        for (let b = 0; b < B; b++) {
          const wb = W[ro + b];
          for (let j = groupStart[2 * b + 1], e = groupStart[2 * b + 2]; j < e; j++) {
            const o = opts[j];
            const flow = (scale * (masked ? XY[kzo + j] * wb * allowedC[base + j] : XY[kzo + j] * wb)) / zOpen;
            devFlow[o] += flow;
            devFlowVis[o] += flow * vis;
          }
        }
      }
    }
    const critical = criticalK[k] === 1;
    const domesticData = industrialK[k] === 1 ? fbInd * integration[a] * dataVal[k] : 0;
    const volume = volumeZ[z];
    if (!tallied) {
      const scaleVis = scale * vis;
      for (let j = 0; j < nOpts; j++) {
        const share = x[base + j];
        adoptKZO[kzo + j] += scale * share;
        visKZO[kzo + j] += scaleVis * share;
      }
    }
    if (critical || domesticData > 0) {
      const vs = scale * volume;
      if (critical) {
        for (let b = 0; b < B; b++) {
          let sb = 0;
          if (tallied) sb = tally.blocShare[s * B + b];
          else for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) sb += x[base + j];
          critVol[a * B + b] += vs * sb;
          critTot[a] += vs * sb;
        }
      }
      // domestic industrial integration: an extra data channel to the home lab
      if (domesticData > 0) for (let j = groupStart[2 * a], e = groupStart[2 * a + 2]; j < e; j++) inflow[opts[j] >> 1] += vs * x[base + j] * domesticData;
    }
  }
  p.sums[0] = massSum;
  p.sums[1] = adoptSum;
}

/** The inputs and outputs of {@link utilityFactors}, gathered once per run. */
interface FactorPass {
  K: number;
  Z: number;
  L: number;
  B: number;
  O: number;
  T: number;
  KZ: number;
  netEff: number;
  capSens: number;
  custom: number;
  priceSens: number;
  supportW: number;
  riskWeight: number;
  homeBias: number;
  needTastes: boolean;
  /** The engine's WebAssembly kernel, which then makes the factors ({@link utilityFactorsKernel}; null: {@link utilityFactors} does). */
  kernel: EngineKernel | null;
  capNeedK: Float64Array;
  selfHostK: Float64Array;
  /** Per sector, the first sector with the same self-hosting propensity. */
  sameSelfHostK: Int32Array;
  priceSensK: Float64Array;
  riskAversionK: Float64Array;
  priceSensZ: Float64Array;
  supportNeedZ: Float64Array;
  selfCostZ: Float64Array;
  volKZ: Float64Array;
  originRisk: Float64Array;
  concern: Float64Array;
  incident: Float64Array;
  opts: Int32Array;
  groupStart: Int32Array;
  optAvail: Uint8Array;
  eco: Float64Array;
  capOpt: Float64Array;
  apiP: Float64Array;
  hostP: Float64Array;
  feas: Float64Array;
  // outputs (and month-to-month state: riskAB)
  netU: Float64Array;
  logApi: Float64Array;
  openCostLKZ: Float64Array;
  logOpenLKZ: Float64Array;
  hostedLKZ: Float64Array;
  riskAB: Float64Array;
  X: Float64Array;
  XY: Float64Array;
  W: Float64Array;
  uPriceKZ: Float64Array;
  uOpenKZ: Float64Array;
  uRiskAKB: Float64Array;
}

/**
 * The month's utility factors: network utility, open-weights costs, governance risk by
 * (adopter bloc, origin), and the factors XY (by cell and option) and W (by adopter bloc,
 * sector and origin) of w = e^U, plus the taste components when the solver needs them.
 * Capability is measured from the month's best model, which keeps every factor in range
 * (logit shares are unchanged by the shift). A function of its own so the JIT optimises it on
 * its own feedback.
 */
function utilityFactors(p: FactorPass, t: number, nOpts: number): void {
  const { K, Z, L, B, O, T, KZ, netEff, capSens, custom, priceSens, supportW, riskWeight, homeBias, needTastes } = p;
  const { capNeedK, selfHostK, sameSelfHostK, priceSensK, riskAversionK, priceSensZ, supportNeedZ, selfCostZ, volKZ, originRisk, concern, incident } = p;
  const { opts, groupStart, optAvail, eco, capOpt, apiP, hostP, feas, netU, logApi, openCostLKZ, logOpenLKZ, hostedLKZ, riskAB, X, XY, W, uPriceKZ, uOpenKZ, uRiskAKB } = p;
  let capRef = -Infinity;
  for (let j = 0; j < nOpts; j++) {
    const o = opts[j];
    if (!optAvail[o]) continue;
    netU[o] = networkUtility(netEff, eco[o]);
    if (capOpt[o] > capRef) capRef = capOpt[o];
    const l = o >> 1;
    if ((o & 1) === 0) {
      logApi[l] = Math.log(apiP[l]);
      continue;
    }
    for (let k = 0, i = l * KZ; k < K; k++) {
      // sectors with the same self-hosting propensity have the same cost (and its log)
      const same = (l * K + sameSelfHostK[k]) * Z;
      for (let z = 0; z < Z; z++, i++) {
        const selfShare = selfHostK[k] * feas[z * L + l];
        if (same !== i - z) {
          openCostLKZ[i] = openCostLKZ[same + z];
          logOpenLKZ[i] = logOpenLKZ[same + z];
        } else {
          const v = openCost(hostP[l], selfShare, selfCostZ[z]);
          openCostLKZ[i] = v;
          logOpenLKZ[i] = Math.log(v);
        }
        hostedLKZ[i] = volKZ[i - l * KZ] * (1 - selfShare);
      }
    }
  }
  // governance risk changes only around incidents: W is recomputed only then
  const riskFresh = updateRisk(p, t);
  // XY[(k,z)·O + j] = e^{capability + network + openness + price terms} of option opts[j];
  // W(a, k, origin) = e^{home bias − risk} stays a separate factor
  for (let k = 0; k < K; k++) {
    const cs = capSens * capNeedK[k];
    const uOpenK = custom * (0.5 + selfHostK[k]);
    for (let j = 0; j < nOpts; j++) {
      const o = opts[j];
      X[j] = optAvail[o] ? cs * (capOpt[o] - capRef) + netU[o] + ((o & 1) === 1 ? uOpenK : 0) : 0;
    }
    for (let z = 0; z < Z; z++) {
      const ps = priceSens * priceSensK[k] * priceSensZ[z];
      const supportZ = supportW * supportNeedZ[z];
      const kz = k * Z + z;
      const yo = kz * O;
      // options come grouped by origin bloc and openness: API options, then open weights
      for (let b = 0; b < B; b++) {
        for (let j = groupStart[2 * b], e = groupStart[2 * b + 1]; j < e; j++) {
          const o = opts[j];
          const up = -ps * logApi[o >> 1];
          XY[yo + j] = optAvail[o] ? tableExp(X[j] + up) : 0;
          if (needTastes) uPriceKZ[yo + j] = up;
        }
        for (let j = groupStart[2 * b + 1], e = groupStart[2 * b + 2]; j < e; j++) {
          const o = opts[j];
          const up = -ps * logOpenLKZ[(o >> 1) * KZ + kz];
          XY[yo + j] = optAvail[o] ? tableExp(X[j] + up - supportZ) : 0;
          if (needTastes) uPriceKZ[yo + j] = up;
        }
      }
      if (needTastes) uOpenKZ[kz] = uOpenK - supportZ;
    }
    if (riskFresh) {
      const ra = riskWeight * riskAversionK[k];
      for (let a = 0; a < B; a++)
        for (let b = 0; b < B; b++) {
          const ur = -ra * riskAB[a * B + b];
          W[(a * K + k) * B + b] = tableExp((a === b ? homeBias : 0) + ur);
          uRiskAKB[(a * K + k) * B + b] = ur;
        }
    }
  }
}

/** Governance risk by (adopter bloc, origin) for month t; true if it changed (or t = 0). */
function updateRisk(p: FactorPass, t: number): boolean {
  const { B, T, originRisk, concern, incident, riskAB } = p;
  let fresh = t === 0;
  for (let a = 0; a < B; a++)
    for (let b = 0; b < B; b++) {
      const r = foreignRisk(a === b, originRisk[b], incident[b * T + t], concern[a]);
      if (r !== riskAB[a * B + b]) {
        riskAB[a * B + b] = r;
        fresh = true;
      }
    }
  return fresh;
}

/**
 * {@link utilityFactors} with the WebAssembly kernel: network utilities, the month's best
 * capability, the logs of prices, open costs and XY in the kernel (same bits: fdlibm's log and
 * log1p, as V8's), and the risk factors W (rarely recomputed) here.
 */
function utilityFactorsKernel(p: FactorPass, kernel: EngineKernel, t: number, nOpts: number): void {
  const { netEff, capSens, custom, priceSens, supportW, riskWeight, homeBias } = p;
  kernel.factors(nOpts, netEff, capSens, custom, priceSens, supportW);
  const riskFresh = updateRisk(p, t);
  // uRiskAKB (a taste component) is not needed: the kernel runs only without tastes
  if (riskFresh) kernel.riskFactors(riskWeight, homeBias);
}

/** Writes month t of per-bloc shares num[b] / den (left undefined when den is 0). */
function shareOut(num: Float64Array, den: number, series: Float64Array[], t: number): void {
  if (den > 0) for (let b = 0; b < num.length; b++) series[b][t] = num[b] / den;
}

/** Per segment, whether restriction mask `mask` (segment × option) bans any option for it. */
function touchedSegments(mask: ArrayLike<number>, S: number, O: number): Uint8Array {
  const touched = new Uint8Array(S);
  for (let i = 0; i < S * O; i++) if (mask[i] === 0) touched[(i / O) | 0] = 1;
  return touched;
}

/** What {@link fillUtilities} reads and keeps from month to month (the mask in use). */
interface UtilityStep {
  c: Compiled;
  maskTouches: Uint8Array[];
  allowedC: Float64Array;
  segRestricted: Uint8Array;
  /** Index of the restriction mask copied into allowedC (−1: none yet). */
  maskFor: number;
  factorPass: FactorPass;
  month: MonthInputs;
  segBloc: Int32Array;
  segSector: Int32Array;
  segSize: Int32Array;
  K: number;
  Z: number;
  B: number;
}

/**
 * The month's utilities: the compact restriction mask (when the option list or the mask
 * changed), the factors of w = e^U (and the taste components when the solver needs them), and
 * w and Z themselves unless the solver builds them from the factors (`weights` false).
 */
function fillUtilities(u: UtilityStep, t: number, listChanged: boolean, weights: boolean): void {
  const m = u.month;
  const { S, O, nOpts, opts, zsum } = m;
  const mi = u.c.allowedIndex[t];
  if (listChanged || mi !== u.maskFor) {
    compactMask(u.c.allowedMasks[mi], u.maskTouches[mi], S, O, nOpts, opts, u.allowedC, u.segRestricted);
    u.maskFor = mi;
    m.maskVersion++;
  }
  const fp = u.factorPass;
  if (fp.kernel) utilityFactorsKernel(fp, fp.kernel, t, nOpts);
  else utilityFactors(fp, t, nOpts);
  if (!weights) return;
  const { segBloc, segSector, segSize, K, Z, B } = u;
  for (let s = 0; s < S; s++) zsum[s] = segmentWeights(m, s, (segSector[s] * Z + segSize[s]) * O, (segBloc[s] * K + segSector[s]) * B);
}

/** Compact copy of a restriction mask for the current option list (rows of the segments it touches). */
function compactMask(allowed: ArrayLike<number>, touched: Uint8Array, S: number, O: number, nOpts: number, opts: Int32Array, allowedC: Float64Array, segRestricted: Uint8Array): void {
  for (let s = 0; s < S; s++) {
    let any = 0;
    if (touched[s] === 1) {
      for (let j = 0; j < nOpts; j++) {
        const v = allowed[s * O + opts[j]];
        allowedC[s * O + j] = v;
        if (v === 0) any = 1;
      }
    }
    segRestricted[s] = any;
  }
}

/** What {@link setMarket} reads and writes. */
interface MarketStep {
  embodied: Float64Array;
  sectors: readonly { industrial: boolean; embodied: boolean; dataRate: number }[];
  marketGain: number;
  dataGain: number;
  mktMult: Float64Array;
  dataVal: Float64Array;
  mass: Float64Array;
  mass0: Float64Array;
  segSector: Int32Array;
}

/** Market multipliers and data value of month t, and each segment's mass for the tally. */
function setMarket(p: MarketStep, t: number): void {
  const { sectors, marketGain, dataGain, mktMult, dataVal, mass, mass0, segSector } = p;
  const emb = p.embodied[t];
  for (let k = 0; k < sectors.length; k++) {
    const sec = sectors[k];
    mktMult[k] = marketMultiplier(sec.industrial, sec.embodied, emb, marketGain);
    dataVal[k] = sec.dataRate * dataValueMultiplier(sec.industrial, emb, dataGain);
  }
  for (let s = 0; s < mass.length; s++) mass[s] = mass0[s] * mktMult[segSector[s]];
}
