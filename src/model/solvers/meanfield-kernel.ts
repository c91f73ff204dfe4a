/**
 * The meanfield step in the WebAssembly kernel (wasm/meanfield-step.ts): the same arithmetic
 * as MeanfieldSolver.stepFour, lane by lane, so it gives the same bits (tested on every
 * built-in scenario), in about half the time. Its arrays live in a {@link KernelSession}'s
 * memory: addresses are taken when it is made, views are made by {@link bind}.
 */
import type { Compiled } from './compile.js';
import type { KernelSession } from './kernel-module.js';

/**
 * Addresses of the engine's arrays that the step reads (xy, risk, mask, restricted flags as
 * bytes, mass, platform, option groups) and writes (adopt, visible, bloc shares, Z).
 */
export type StepArrays = Record<'xy' | 'risk' | 'allow' | 'restr' | 'mass' | 'plat' | 'adopt' | 'vis' | 'bsh' | 'z' | 'gs', number>;

/** The kernel's own arrays: the solver's state, scratch, and the per-segment indices. */
type OwnArrays = Record<'x' | 'F' | 'G' | 'inv' | 'xyb' | 'ak' | 'fail', number>;

/** The meanfield solver's arrays in the kernel's memory. */
export class MeanfieldKernel {
  /** Adopted fraction F [s] and shares x [s·O + j]: the solver's state. */
  F!: Float64Array;
  x!: Float64Array;
  /** F after this month's market entry [s] (set by the host). */
  G!: Float64Array;
  /**
   * The kernel's copies of the month's inputs (xy, risk, mask rows, restricted flags, mass,
   * platform, groups) and of its outputs (tally, Z): only when not {@link shared}.
   */
  xy!: Float64Array;
  risk!: Float64Array;
  allowed!: Float64Array;
  restricted!: Uint8Array;
  mass!: Float64Array;
  platform!: Float64Array;
  groupStart!: Int32Array;
  adopt!: Float64Array;
  visible!: Float64Array;
  blocShare!: Float64Array;
  zsum!: Float64Array;
  /** The first segments of groups left to the host. */
  failed!: Int32Array;
  /** Σ xy over each origin bloc's options, at [(sector, size)·B + bloc] (as MeanfieldSolver's). */
  xyBloc!: Float64Array;
  /** Addresses of the kernel's arrays in the session's memory. */
  readonly at: OwnArrays & Partial<StepArrays>;

  /**
   * Takes the space of a compiled run's arrays in the session (before it is laid out).
   * `shared`: the session is the engine's, whose arrays the kernel then reads and writes in
   * place (passed to {@link bind}); otherwise the kernel keeps copies of them.
   */
  constructor(
    private readonly session: KernelSession,
    private readonly c: Compiled,
    readonly shared: boolean,
  ) {
    const { S, O, B, K, Z } = c;
    const KZ = K * Z;
    const take = (bytes: number) => session.take(bytes);
    const own: OwnArrays = {
      x: take(S * O * 8),
      F: take(S * 8),
      G: take(S * 8),
      inv: take(4 * O * 8),
      xyb: take(KZ * B * 8),
      ak: take(S * 4),
      fail: take(S * 4),
    };
    this.at = shared
      ? own
      : {
          ...own,
          xy: take(KZ * O * 8),
          risk: take(B * K * B * 8),
          allow: take((S + 1) * O * 8),
          restr: take(S),
          mass: take(S * 8),
          plat: take(S * 8),
          adopt: take(KZ * O * 8),
          vis: take(KZ * O * 8),
          bsh: take(S * B * 8),
          z: take(S * 8),
          gs: take((2 * B + 1) * 4),
        };
  }

  /**
   * Makes the views once the session's memory is laid out, and configures the kernel.
   * `engine`: the addresses of the engine's arrays for the month's inputs and the tally (same
   * layouts), required when {@link shared} and only then.
   */
  bind(engine?: StepArrays): void {
    if (this.shared !== (engine !== undefined)) throw new Error(`meanfield kernel: ${this.shared ? 'the engine\'s arrays are missing' : 'not made for the engine\'s arrays'}`);
    const { S, O, B, K, Z } = this.c;
    const KZ = K * Z;
    const m = this.session;
    const a = { ...this.at, ...engine } as OwnArrays & StepArrays;
    this.x = m.f64(a.x, S * O);
    this.F = m.f64(a.F, S);
    this.G = m.f64(a.G, S);
    this.failed = m.i32(a.fail, S);
    this.xyBloc = m.f64(a.xyb, KZ * B);
    if (!this.shared) {
      this.xy = m.f64(a.xy, KZ * O);
      this.risk = m.f64(a.risk, B * K * B);
      this.allowed = m.f64(a.allow, (S + 1) * O);
      this.allowed.fill(1, S * O);
      this.restricted = m.u8(a.restr, S);
      this.mass = m.f64(a.mass, S);
      this.platform = m.f64(a.plat, S);
      this.adopt = m.f64(a.adopt, KZ * O);
      this.visible = m.f64(a.vis, KZ * O);
      this.blocShare = m.f64(a.bsh, S * B);
      this.zsum = m.f64(a.z, S);
      this.groupStart = m.i32(a.gs, 2 * B + 1);
    }
    const ak = m.i32(a.ak, S);
    for (let s = 0; s < S; s++) ak[s] = this.c.segBloc[s] * K + this.c.segSector[s];
    m.exports.configureStep(O, B, KZ, S, a.xy, a.risk, a.allow, a.restr, a.x, a.F, a.G, a.mass, a.plat, a.adopt, a.vis, a.bsh, a.z, a.inv, a.xyb, a.gs, a.ak, a.fail);
  }

  /**
   * Steps every complete group of four adopter blocs (inputs set, G filled); returns how many
   * groups it left to the host (listed in {@link failed}).
   */
  step(rho: number, k1: number, nOpts: number): number {
    return this.session.exports.step(rho, k1, nOpts);
  }
}
