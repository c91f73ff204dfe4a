/**
 * The engine's passes in the WebAssembly kernel: the month's utility factors
 * (wasm/utility-factors.ts: open-weights costs and their logs, hosted shares and the factors
 * XY of every listed option) and the per-option totals (wasm/option-totals.ts), with the same
 * bits as the TypeScript utilityFactors and optionTotals (engine.ts; tested on every built-in
 * scenario). The engine's arrays for their inputs and outputs are views of the instance's
 * memory, so nothing is copied. Used when the solver needs no taste components (meanfield).
 */
import type { Compiled } from './compile.js';
import { POW2_J64 } from '../numerics/table-exp.js';
import { MemoryLayout, acquireKernelInstance, releaseKernelInstance, type KernelExports } from './kernel-module.js';

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
}

/** One instance of the kernel holding the engine's factor arrays (views of its memory). */
export class EngineKernel {
  /** Inputs: the option list and groups, availability, capability and network utility by option id, log API price and hosted price by lab, self-hosting feasibility [z·L + l]. */
  readonly opts: Int32Array;
  readonly groupStart: Int32Array;
  readonly optAvail: Uint8Array;
  readonly capOpt: Float64Array;
  readonly netU: Float64Array;
  readonly logApi: Float64Array;
  readonly hostP: Float64Array;
  readonly feas: Float64Array;
  /** Outputs [l·KZ + kz]: cost of open weights, its log, hosted share of volume; XY [(k,z)·O + j]. */
  readonly openCostLKZ: Float64Array;
  readonly logOpenLKZ: Float64Array;
  readonly hostedLKZ: Float64Array;
  readonly XY: Float64Array;
  /** Option totals' inputs: adopters and visible adopters [(k,z)·O + j], data feedback of API and open use, enterprise flag and download intensity by cell, API price and breadth factor by lab. */
  readonly adoptKZO: Float64Array;
  readonly visKZO: Float64Array;
  readonly fbApiKZ: Float64Array;
  readonly fbOpenKZ: Float64Array;
  readonly entKZ: Float64Array;
  readonly dlKZ: Float64Array;
  readonly apiP: Float64Array;
  readonly bf: Float64Array;
  /** Option totals' outputs (added to): users by option id, volume and data inflow by lab, volume, tokens, open tokens and downloads by origin bloc, and the six sums of optionTotals. */
  readonly users: Float64Array;
  readonly labUsage: Float64Array;
  readonly inflow: Float64Array;
  readonly byOrigin: Float64Array;
  readonly tokOrigin: Float64Array;
  readonly oTokOrigin: Float64Array;
  readonly dlOrigin: Float64Array;
  readonly optSums: Float64Array;
  private readonly exports: KernelExports;

  private constructor(k: KernelExports, c: Compiled, consts: FactorConstants) {
    const { O, B, K, Z, L } = c;
    const KZ = K * Z;
    this.exports = k;
    const mem = new MemoryLayout(k);
    const a = {
      opts: mem.take(O * 4),
      gs: mem.take((2 * B + 1) * 4),
      avail: mem.take(O),
      cap: mem.take(O * 8),
      netU: mem.take(O * 8),
      logApi: mem.take(L * 8),
      hostP: mem.take(L * 8),
      feas: mem.take(Z * L * 8),
      openCost: mem.take(L * KZ * 8),
      logOpen: mem.take(L * KZ * 8),
      hosted: mem.take(L * KZ * 8),
      xy: mem.take(KZ * O * 8),
      x: mem.take(O * 8),
      capNeedK: mem.take(K * 8),
      selfHostK: mem.take(K * 8),
      sameK: mem.take(K * 4),
      priceSensK: mem.take(K * 8),
      priceSensZ: mem.take(Z * 8),
      supportZ: mem.take(Z * 8),
      selfCostZ: mem.take(Z * 8),
      volKZ: mem.take(KZ * 8),
      pow2j: mem.take(64 * 8),
      adopt: mem.take(KZ * O * 8),
      vis: mem.take(KZ * O * 8),
      fbApi: mem.take(KZ * 8),
      fbOpen: mem.take(KZ * 8),
      ent: mem.take(KZ * 8),
      dl: mem.take(KZ * 8),
      apiP: mem.take(L * 8),
      bf: mem.take(L * 8),
      users: mem.take(O * 8),
      labUsage: mem.take(L * 8),
      inflow: mem.take(L * 8),
      byOrigin: mem.take(B * 8),
      tok: mem.take(B * 8),
      oTok: mem.take(B * 8),
      dlOrigin: mem.take(B * 8),
      sums: mem.take(6 * 8),
    };
    const buf = mem.finish();
    const f64 = (at: number, n: number) => new Float64Array(buf, at, n);
    this.opts = new Int32Array(buf, a.opts, O);
    this.groupStart = new Int32Array(buf, a.gs, 2 * B + 1);
    this.optAvail = new Uint8Array(buf, a.avail, O);
    this.capOpt = f64(a.cap, O);
    this.netU = f64(a.netU, O);
    this.logApi = f64(a.logApi, L);
    this.hostP = f64(a.hostP, L);
    this.feas = f64(a.feas, Z * L);
    this.openCostLKZ = f64(a.openCost, L * KZ);
    this.logOpenLKZ = f64(a.logOpen, L * KZ);
    this.hostedLKZ = f64(a.hosted, L * KZ);
    this.XY = f64(a.xy, KZ * O);
    f64(a.capNeedK, K).set(consts.capNeedK);
    f64(a.selfHostK, K).set(consts.selfHostK);
    new Int32Array(buf, a.sameK, K).set(consts.sameSelfHostK);
    f64(a.priceSensK, K).set(consts.priceSensK);
    f64(a.priceSensZ, Z).set(consts.priceSensZ);
    f64(a.supportZ, Z).set(consts.supportNeedZ);
    f64(a.selfCostZ, Z).set(consts.selfCostZ);
    f64(a.volKZ, KZ).set(consts.volKZ);
    f64(a.pow2j, 64).set(POW2_J64);
    this.adoptKZO = f64(a.adopt, KZ * O);
    this.visKZO = f64(a.vis, KZ * O);
    this.fbApiKZ = f64(a.fbApi, KZ);
    this.fbOpenKZ = f64(a.fbOpen, KZ);
    this.entKZ = f64(a.ent, KZ);
    this.dlKZ = f64(a.dl, KZ);
    this.apiP = f64(a.apiP, L);
    this.bf = f64(a.bf, L);
    this.users = f64(a.users, O);
    this.labUsage = f64(a.labUsage, L);
    this.inflow = f64(a.inflow, L);
    this.byOrigin = f64(a.byOrigin, B);
    this.tokOrigin = f64(a.tok, B);
    this.oTokOrigin = f64(a.oTok, B);
    this.dlOrigin = f64(a.dlOrigin, B);
    this.optSums = f64(a.sums, 6);
    k.configureTotals(B, O, KZ, a.opts, a.gs, a.adopt, a.vis, a.volKZ, a.fbApi, a.fbOpen, a.ent, a.dl, a.openCost, a.hosted, a.apiP, a.bf, a.users, a.labUsage, a.inflow, a.byOrigin, a.tok, a.oTok, a.dlOrigin, a.sums);
    k.configureFactors(K, Z, L, B, O, a.opts, a.gs, a.avail, a.cap, a.netU, a.logApi, a.hostP, a.feas, a.openCost, a.logOpen, a.hosted, a.xy, a.x, a.capNeedK, a.selfHostK, a.sameK, a.priceSensK, a.priceSensZ, a.supportZ, a.selfCostZ, a.volKZ, a.pow2j);
  }

  /** A kernel for a compiled run, or null where WebAssembly SIMD is unavailable. */
  static create(c: Compiled, consts: FactorConstants): EngineKernel | null {
    const k = acquireKernelInstance();
    return k ? new EngineKernel(k, c, consts) : null;
  }

  /** optionTotals (engine.ts) on the arrays above: adds to the outputs, writes optSums. */
  optionTotals(): void {
    this.exports.optionTotals();
  }

  /** The month's open costs, hosted shares and XY for the first nOpts listed options. */
  factors(nOpts: number, capRef: number, capSens: number, custom: number, priceSens: number, supportW: number): void {
    this.exports.factors(nOpts, capRef, capSens, custom, priceSens, supportW);
  }

  /** Returns the instance to the pool: this object's arrays must not be used afterwards. */
  release(): void {
    releaseKernelInstance(this.exports);
  }
}
