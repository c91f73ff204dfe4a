/**
 * The month's utility factors in the WebAssembly kernel (wasm/utility-factors.ts): open-weights
 * costs and their logs, hosted shares and the factors XY of every listed option, with the
 * same bits as the TypeScript in utilityFactors (engine.ts; tested on every built-in scenario).
 * The engine's arrays for these inputs and outputs are views of the instance's memory, so
 * nothing is copied. Used when the solver needs no taste components (the meanfield solver).
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
export class UtilityKernel {
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
    k.configureFactors(K, Z, L, B, O, a.opts, a.gs, a.avail, a.cap, a.netU, a.logApi, a.hostP, a.feas, a.openCost, a.logOpen, a.hosted, a.xy, a.x, a.capNeedK, a.selfHostK, a.sameK, a.priceSensK, a.priceSensZ, a.supportZ, a.selfCostZ, a.volKZ, a.pow2j);
  }

  /** A kernel for a compiled run, or null where WebAssembly SIMD is unavailable. */
  static create(c: Compiled, consts: FactorConstants): UtilityKernel | null {
    const k = acquireKernelInstance();
    return k ? new UtilityKernel(k, c, consts) : null;
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
