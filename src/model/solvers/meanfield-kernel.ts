/**
 * The WebAssembly kernel of the meanfield step (wasm/meanfield-kernel.ts, AssemblyScript with
 * 128-bit SIMD): the same arithmetic as MeanfieldSolver.stepFour, lane by lane, so it gives
 * the same bits (tested on every built-in scenario), in about half the time. Each solver gets
 * its own instance and memory; the arrays below are views of that memory, laid out once.
 *
 * Where WebAssembly or its SIMD is missing, {@link MeanfieldKernel.create} returns null and
 * the solver runs its TypeScript path. Pure: it decodes the bytes it carries, no I/O.
 */
import type { Compiled } from './compile.js';
import { MEANFIELD_KERNEL_BASE64 } from './meanfield-kernel-wasm.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  configure(...addresses: number[]): void;
  step(rho: number, k1: number, nOpts: number): number;
}

/** The compiled module (undefined: not tried yet; null: not supported here). */
let kernelModule: WebAssembly.Module | null | undefined;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The kernel's module, compiled on first use (null where WebAssembly SIMD is unavailable). */
function loadModule(): WebAssembly.Module | null {
  if (kernelModule === undefined) {
    kernelModule = null;
    try {
      if (typeof WebAssembly === 'object' && typeof atob === 'function') {
        const bytes = decodeBase64(MEANFIELD_KERNEL_BASE64);
        if (WebAssembly.validate(bytes)) kernelModule = new WebAssembly.Module(bytes);
      }
    } catch {
      kernelModule = null;
    }
  }
  return kernelModule;
}

/** Whether this runtime runs the kernel (WebAssembly with SIMD). */
export function kernelAvailable(): boolean {
  return loadModule() !== null;
}

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

  private constructor(module: WebAssembly.Module, c: Compiled) {
    const { S, O, B, K, Z } = c;
    const KZ = K * Z;
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
    // lay the arrays out from byte 64, each 16-byte aligned
    let top = 64;
    const take = (bytes: number): number => {
      const at = top;
      top += Math.ceil(bytes / 16) * 16;
      return at;
    };
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
    const mem = this.exports.memory;
    const need = Math.ceil(top / 65536) - mem.buffer.byteLength / 65536;
    if (need > 0) mem.grow(need);
    // views are made after the only growth, so they stay valid
    const buf = mem.buffer;
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
    this.exports.configure(O, B, KZ, S, a.xy, a.risk, a.allow, a.restr, a.x, a.F, a.G, a.mass, a.plat, a.adopt, a.vis, a.bsh, a.z, a.inv, a.xyb, a.gs, a.ak, a.fail, a.av);
  }

  /** A kernel for a compiled run, or null where WebAssembly SIMD is unavailable. */
  static create(c: Compiled): MeanfieldKernel | null {
    const module = loadModule();
    return module ? new MeanfieldKernel(module, c) : null;
  }

  /**
   * Steps every complete group of four adopter blocs (inputs set, G filled); returns how many
   * groups it left to the host (listed in {@link failed}).
   */
  step(rho: number, k1: number, nOpts: number): number {
    return this.exports.step(rho, k1, nOpts);
  }
}
