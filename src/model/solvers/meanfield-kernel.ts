/**
 * The meanfield step in the WebAssembly kernel (wasm/meanfield-step.ts): the same arithmetic
 * as MeanfieldSolver.stepFour, lane by lane, so it gives the same bits (tested on every
 * built-in scenario), in about half the time. Each solver gets its own instance; the arrays
 * below are views of its memory, laid out once.
 */
import type { Compiled } from './compile.js';
import { MemoryLayout, acquireKernelInstance, releaseKernelInstance, type KernelExports } from './kernel-module.js';

/** One instance of the kernel, sized for a compiled run; its arrays live in its memory. */
export class MeanfieldKernel {
  /** Adopted fraction F [s] and shares x [s·O + j]: the solver's state. */
  readonly F: Float64Array;
  readonly x: Float64Array;
  /** F after this month's market entry [s] (set by the host). */
  readonly G: Float64Array;
  /** Inputs copied from the month: xy, risk, mask rows, restricted flags, mass, platform, groups. */
  readonly xy: Float64Array;
  readonly risk: Float64Array;
  readonly allowed: Float64Array;
  readonly restricted: Int32Array;
  readonly mass: Float64Array;
  readonly platform: Float64Array;
  readonly groupStart: Int32Array;
  /** Outputs: the tally, Z per segment, and the first segments of groups left to the host. */
  readonly adopt: Float64Array;
  readonly visible: Float64Array;
  readonly blocShare: Float64Array;
  readonly zsum: Float64Array;
  readonly failed: Int32Array;
  /** Σ xy over each origin bloc's options, at [(sector, size)·B + bloc] (as MeanfieldSolver's). */
  readonly xyBloc: Float64Array;
  private readonly exports: KernelExports;

  private constructor(k: KernelExports, c: Compiled) {
    const { S, O, B, K, Z } = c;
    const KZ = K * Z;
    this.exports = k;
    const mem = new MemoryLayout(k);
    const take = (bytes: number) => mem.take(bytes);
    const a = {
      xy: take(KZ * O * 8),
      risk: take(B * K * B * 8),
      allow: take((S + 1) * O * 8),
      restr: take(S * 4),
      x: take(S * O * 8),
      F: take(S * 8),
      G: take(S * 8),
      mass: take(S * 8),
      plat: take(S * 8),
      adopt: take(KZ * O * 8),
      vis: take(KZ * O * 8),
      bsh: take(S * B * 8),
      z: take(S * 8),
      inv: take(4 * O * 8),
      xyb: take(KZ * B * 8),
      gs: take((2 * B + 1) * 4),
      ak: take(S * 4),
      fail: take(S * 4),
      av: take(KZ * O * 16),
    };
    // views are made after the only growth, so they stay valid
    const buf = mem.finish();
    const f64 = (at: number, n: number) => new Float64Array(buf, at, n);
    const i32 = (at: number, n: number) => new Int32Array(buf, at, n);
    this.xy = f64(a.xy, KZ * O);
    this.risk = f64(a.risk, B * K * B);
    this.allowed = f64(a.allow, (S + 1) * O);
    this.allowed.fill(1, S * O);
    this.restricted = i32(a.restr, S);
    this.x = f64(a.x, S * O);
    this.F = f64(a.F, S);
    this.G = f64(a.G, S);
    this.mass = f64(a.mass, S);
    this.platform = f64(a.plat, S);
    this.adopt = f64(a.adopt, KZ * O);
    this.visible = f64(a.vis, KZ * O);
    this.blocShare = f64(a.bsh, S * B);
    this.zsum = f64(a.z, S);
    this.groupStart = i32(a.gs, 2 * B + 1);
    this.failed = i32(a.fail, S);
    this.xyBloc = f64(a.xyb, KZ * B);
    const ak = i32(a.ak, S);
    for (let s = 0; s < S; s++) ak[s] = c.segBloc[s] * K + c.segSector[s];
    this.exports.configureStep(O, B, KZ, S, a.xy, a.risk, a.allow, a.restr, a.x, a.F, a.G, a.mass, a.plat, a.adopt, a.vis, a.bsh, a.z, a.inv, a.xyb, a.gs, a.ak, a.fail, a.av);
  }

  /** A kernel for a compiled run, or null where WebAssembly SIMD is unavailable. */
  static create(c: Compiled): MeanfieldKernel | null {
    const k = acquireKernelInstance();
    return k ? new MeanfieldKernel(k, c) : null;
  }

  /**
   * Steps every complete group of four adopter blocs (inputs set, G filled); returns how many
   * groups it left to the host (listed in {@link failed}).
   */
  step(rho: number, k1: number, nOpts: number): number {
    return this.exports.step(rho, k1, nOpts);
  }

  /** Returns the instance to the pool: this object's arrays must not be used afterwards. */
  release(): void {
    releaseKernelInstance(this.exports);
  }
}
