/**
 * The meanfield solver: deterministic expected shares per segment (the representative
 * adopter). Each month: market entry by the exact Bass step; existing adopters reconsider
 * with a switching cost (adoption-choice); entrants choose by plain logit.
 *   x'' = (F·x' + ΔF·P⁰) / (F + ΔF)
 * The update is {@link reconsiderShares} and {@link logitFromWeights} (adoption-choice.ts),
 * fused into two passes per segment, which also build the weights w from their factors and
 * tally the new adopters for the engine ({@link AdoptionSolver.fused}). Fast (no per-agent
 * state); calibration and the playground use it.
 */
import type { Compiled } from './compile.js';
import type { AdoptionSolver, MonthInputs } from './engine.js';
import { bassStep } from '../mechanisms/market-entry.js';
import { MeanfieldKernel, type StepArrays } from './meanfield-kernel.js';
import { KernelSession } from './kernel-module.js';
import type { reconsiderShares, logitFromWeights } from '../mechanisms/adoption-choice.js';

export class MeanfieldSolver implements AdoptionSolver {
  F: Float64Array;
  x: Float64Array;
  readonly needsTasteComponents = false;
  readonly fused = true;
  readonly kernelFactors: boolean;
  private readonly invD: Float64Array;
  /** Σ of the xy factor over each origin bloc's listed options, at [(sector, size)·B + bloc]. */
  private readonly xyBloc: Float64Array;
  /** Per segment: (sector, size) and (adopter bloc, sector) indices. */
  private readonly segKZ: Int32Array;
  private readonly segAK: Int32Array;
  /** The last F seen by {@link entered} and its Bass step (every segment has the same F). */
  private lastF = NaN;
  private lastF1 = NaN;
  /** The mask version copied into the kernel (see MonthInputs.maskVersion). */
  private maskVersion = -1;
  /** The WebAssembly transcription of {@link stepFour} (null: the TypeScript path runs). */
  private readonly kernel: MeanfieldKernel | null = null;
  /** A session of the solver's own (made without the engine's), released by {@link dispose}. */
  private readonly ownSession: KernelSession | null = null;
  /**
   * @param grouped Four adopter blocs of a cell at a time (the fast path); false runs every
   *   segment through the general path, which tests compare against.
   * @param useKernel Runs the groups of four, and the engine's passes, in the WebAssembly
   *   kernel where the runtime has it (same bits as the TypeScript, tested); false keeps the
   *   TypeScript paths.
   * @param session The run's kernel session (the engine's): the solver's state then lives in
   *   the memory the engine's kernel passes read. Without one the solver opens its own.
   */
  constructor(
    private readonly c: Compiled,
    private readonly grouped = true,
    useKernel = true,
    session?: KernelSession,
  ) {
    this.kernelFactors = useKernel;
    this.F = new Float64Array(0);
    this.x = new Float64Array(0);
    if (grouped && useKernel && c.B >= 4) {
      const own = session ? null : KernelSession.open();
      const s = session ?? own;
      if (s) {
        this.kernel = new MeanfieldKernel(s, c, own === null);
        this.ownSession = own;
      }
    }
    if (this.ownSession) {
      this.ownSession.finish();
      this.bindKernel();
    }
    if (!this.kernel) {
      this.F = new Float64Array(c.S);
      this.x = new Float64Array(c.S * c.O);
    }
    this.invD = new Float64Array(4 * c.O);
    this.xyBloc = new Float64Array(c.K * c.Z * c.B);
    this.segKZ = new Int32Array(c.S);
    this.segAK = new Int32Array(c.S);
    for (let s = 0; s < c.S; s++) {
      this.segKZ[s] = c.segSector[s] * c.Z + c.segSize[s];
      this.segAK[s] = c.segBloc[s] * c.K + c.segSector[s];
    }
  }

  /** Where F and x live in the engine's session (null: not there). */
  get kernelState(): { F: number; x: number } | null {
    return this.kernel && !this.ownSession ? { F: this.kernel.at.F, x: this.kernel.at.x } : null;
  }

  /**
   * Makes the kernel's views once the session is laid out: the state then lives there.
   * `engine`: the engine's arrays in the same session, which the kernel then uses in place.
   */
  bindKernel(engine?: StepArrays): void {
    if (!this.kernel) return;
    this.kernel.bind(engine);
    this.F = this.kernel.F;
    this.x = this.kernel.x;
  }

  /** Releases a session of the solver's own (the engine releases its session itself). */
  dispose(): void {
    this.ownSession?.release();
  }

  init(_m: MonthInputs, F0: Float64Array, x0: Float64Array): void {
    this.F.set(F0);
    this.x.set(x0);
  }

  step(m: MonthInputs): void {
    if (this.kernel) {
      this.stepKernel(m, this.kernel);
      return;
    }
    const { O, B, K, Z } = this.c;
    const { xyBloc } = this;
    const { xy, groupStart, tally } = m;
    tally.adopt.fill(0);
    tally.visible.fill(0);
    this.lastF = NaN;
    // Σ of xy over each origin bloc's options, per (sector, size): an unrestricted segment's
    // Z is then Σ_b risk_b · xyBloc_b (B terms), so the weights need no pass of their own.
    const KZ = K * Z;
    for (let kz = 0; kz < KZ; kz++) {
      const yo = kz * O;
      for (let b = 0; b < B; b++) {
        let sb = 0;
        for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) sb += xy[yo + j];
        xyBloc[kz * B + b] = sb;
      }
    }
    // Segments s = a·KZ + kz of one (sector, size) cell share their xy row and their tally
    // row: four adopter blocs at a time go through one loop (stepFour), the rest one by one.
    for (let kz = 0; kz < KZ; kz++) {
      let a = 0;
      if (this.grouped) {
        for (; a + 4 <= B; a += 4) {
          if (this.stepFour(m, a * KZ + kz, KZ)) continue;
          for (let q = 0; q < 4; q++) this.stepSegment(m, (a + q) * KZ + kz);
        }
      }
      for (; a < B; a++) this.stepSegment(m, a * KZ + kz);
    }
  }

  /**
   * The month through the kernel: every complete group of four blocs is stepped there, reading
   * the engine's arrays and writing its tally in place (in the engine's session; in a session of
   * the solver's own the inputs are copied in and the tally out). Groups it leaves (no option or
   * no adopter) and blocs beyond the last group of four take the general path, as in {@link step}.
   */
  private stepKernel(m: MonthInputs, k: MeanfieldKernel): void {
    const { S, B, K, Z } = this.c;
    const { F } = this;
    if (!k.shared) this.copyInputs(m, k);
    this.lastF = NaN;
    for (let s = 0; s < S; s++) k.G[s] = this.entered(F[s], m);
    const nFailed = k.step(m.rho, m.ek - 1, m.nOpts);
    if (!k.shared) {
      const { tally } = m;
      tally.adopt.set(k.adopt);
      tally.visible.set(k.visible);
      tally.blocShare.set(k.blocShare);
      m.zsum.set(k.zsum);
    }
    const KZ = K * Z;
    // the general path reads the per-bloc sums of xy the kernel made
    if (nFailed > 0 || B % 4 !== 0) this.xyBloc.set(k.xyBloc);
    for (let i = 0; i < nFailed; i++) for (let q = 0; q < 4; q++) this.stepSegment(m, k.failed[i] + q * KZ);
    for (let a = B - (B % 4); a < B; a++) for (let kz = 0; kz < KZ; kz++) this.stepSegment(m, a * KZ + kz);
  }

  /** Copies the month's inputs into a kernel of the solver's own session (not the engine's). */
  private copyInputs(m: MonthInputs, k: MeanfieldKernel): void {
    const { S, O } = this.c;
    const { tally, restricted, allowed } = m;
    k.xy.set(m.xy);
    k.risk.set(m.risk);
    k.groupStart.set(m.groupStart);
    if (m.maskVersion !== this.maskVersion) {
      // the mask changes only with the option list or a restriction event
      this.maskVersion = m.maskVersion;
      for (let s = 0; s < S; s++) {
        const r = restricted[s];
        k.restricted[s] = r;
        if (r === 1) k.allowed.set(allowed.subarray(s * O, s * O + m.nOpts), s * O);
      }
    }
    k.mass.set(tally.mass);
    k.platform.set(tally.platform);
  }

  /** F after this month's market entry (the exact Bass step), reused while F repeats. */
  private entered(f: number, m: MonthInputs): number {
    if (f !== this.lastF) {
      this.lastF = f;
      this.lastF1 = bassStep(f, m.p, m.q, 1);
    }
    return this.lastF1;
  }

  /** One segment's step: writes its weights w, Z, shares and tally. */
  private stepSegment(m: MonthInputs, s: number): void {
    const { O, B } = this.c;
    const { F, x, invD } = this;
    const { w, xy, risk, allowed, groupStart, restricted, rho, tally } = m;
    const { adopt, visible } = tally;
    const k1 = m.ek - 1;
    const off = s * O;
    const f = F[s];
    const f1 = this.entered(f, m);
    const df = f1 - f;
    const kz = this.segKZ[s];
    const yo = kz * O;
    const ro = this.segAK[s] * B;
    // a restricted segment reads its row of the mask, the others the row of ones after it
    const mo = restricted[s] === 1 ? off : m.S * O;
    // pass 1: the weights w = xy · risk (· mask) and the reconsideration sum Σ_j x_j r_j / D_j
    // (see reconsiderShares)
    const z = this.segmentZ(m, s, kz, ro);
    let sum = 0;
    for (let b = 0; b < B; b++) {
      const wb = risk[ro + b];
      for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) {
        const i = off + j;
        const wj = xy[yo + j] * allowed[mo + j] * wb;
        w[i] = wj;
        const inv = 1 / (z + k1 * wj);
        invD[j] = inv;
        sum += x[i] * (wj > 0 ? rho : 1) * inv;
      }
    }
    m.zsum[s] = z;
    F[s] = f1;
    if (z <= 0 || f1 <= 0) {
      // nothing to choose (or nobody adopted): shares stay
      this.tallySegment(m, s, f1);
      return;
    }
    // pass 2: new shares (reconsideration + entrants' logit), tallied as they are made
    const inv = 1 / f1;
    const pe = df > 0 ? df / z : 0;
    const stay = f * (1 - rho);
    const move = f * rho * k1;
    const scale = tally.mass[s] * f1;
    const scaleVis = scale * tally.platform[s];
    const a1 = f * sum + pe;
    let tot = 0;
    for (let b = 0; b < B; b++) {
      let sb = 0;
      for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) {
        const i = off + j;
        const wo = w[i];
        const xo = x[i];
        const v = wo > 0 ? (stay * xo + wo * (a1 + move * xo * invD[j])) * inv : 0;
        x[i] = v;
        sb += v;
        adopt[yo + j] += scale * v;
        visible[yo + j] += scaleVis * v;
      }
      tally.blocShare[s * B + b] = sb;
      tot += sb;
    }
    this.renormalise(s, tot, m.nOpts);
  }

  /**
   * The same step for the four unrestricted segments s0 + q·stride (q = 0..3) of one (sector,
   * size) cell, in one loop: the xy row is read once and the tally row written once, and four
   * independent sums keep the processor busy. Restricted segments multiply by their row of the
   * mask. Returns false, changing nothing, when a segment needs the general path (no option
   * or no adopter).
   */
  private stepFour(m: MonthInputs, s0: number, stride: number): boolean {
    const { O, B } = this.c;
    const { F, x, invD } = this;
    const { xy, risk, allowed, groupStart, restricted, rho, tally } = m;
    const { adopt, visible } = tally;
    const k1 = m.ek - 1;
    const s1 = s0 + stride;
    const s2 = s1 + stride;
    const s3 = s2 + stride;
    const kz = this.segKZ[s0];
    const yo = kz * O;
    const r0 = this.segAK[s0] * B;
    const r1 = this.segAK[s1] * B;
    const r2 = this.segAK[s2] * B;
    const r3 = this.segAK[s3] * B;
    // a restricted segment reads its row of the mask, the others the row of ones after it
    const ones = m.S * O;
    const m0 = restricted[s0] === 1 ? s0 * O : ones;
    const m1 = restricted[s1] === 1 ? s1 * O : ones;
    const m2 = restricted[s2] === 1 ? s2 * O : ones;
    const m3 = restricted[s3] === 1 ? s3 * O : ones;
    // Z of the four segments: Σ_b risk_b · xyBloc_b in one loop (as segmentZ, same order), or
    // segmentZ's masked sum for a restricted segment
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let b = 0, xb = kz * B; b < B; b++) {
      const v = this.xyBloc[xb + b];
      z0 += risk[r0 + b] * v;
      z1 += risk[r1 + b] * v;
      z2 += risk[r2 + b] * v;
      z3 += risk[r3 + b] * v;
    }
    if (m0 !== ones) z0 = this.segmentZ(m, s0, kz, r0);
    if (m1 !== ones) z1 = this.segmentZ(m, s1, kz, r1);
    if (m2 !== ones) z2 = this.segmentZ(m, s2, kz, r2);
    if (m3 !== ones) z3 = this.segmentZ(m, s3, kz, r3);
    const f0 = F[s0];
    const f1 = F[s1];
    const f2 = F[s2];
    const f3 = F[s3];
    const g0 = this.entered(f0, m);
    const g1 = this.entered(f1, m);
    const g2 = this.entered(f2, m);
    const g3 = this.entered(f3, m);
    if (!(z0 > 0 && z1 > 0 && z2 > 0 && z3 > 0 && g0 > 0 && g1 > 0 && g2 > 0 && g3 > 0)) return false;
    // pass 1: the reconsideration sums (invD holds the four segments' rows at q·O)
    let u0 = 0;
    let u1 = 0;
    let u2 = 0;
    let u3 = 0;
    const o0 = s0 * O;
    const o1 = s1 * O;
    const o2 = s2 * O;
    const o3 = s3 * O;
    for (let b = 0; b < B; b++) {
      const k0 = k1 * risk[r0 + b];
      const k1b = k1 * risk[r1 + b];
      const k2 = k1 * risk[r2 + b];
      const k3 = k1 * risk[r3 + b];
      for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) {
        const q = xy[yo + j];
        const q0 = q * allowed[m0 + j];
        const q1 = q * allowed[m1 + j];
        const q2 = q * allowed[m2 + j];
        const q3 = q * allowed[m3 + j];
        const i0 = 1 / (z0 + k0 * q0);
        const i1 = 1 / (z1 + k1b * q1);
        const i2 = 1 / (z2 + k2 * q2);
        const i3 = 1 / (z3 + k3 * q3);
        invD[j] = i0;
        invD[O + j] = i1;
        invD[2 * O + j] = i2;
        invD[3 * O + j] = i3;
        u0 += x[o0 + j] * (q0 > 0 ? rho : 1) * i0;
        u1 += x[o1 + j] * (q1 > 0 ? rho : 1) * i1;
        u2 += x[o2 + j] * (q2 > 0 ? rho : 1) * i2;
        u3 += x[o3 + j] * (q3 > 0 ? rho : 1) * i3;
      }
    }
    F[s0] = g0;
    F[s1] = g1;
    F[s2] = g2;
    F[s3] = g3;
    m.zsum[s0] = z0;
    m.zsum[s1] = z1;
    m.zsum[s2] = z2;
    m.zsum[s3] = z3;
    // pass 2: new shares, as in stepSegment, with the risk factor folded into the constants
    const n0 = 1 / g0;
    const n1 = 1 / g1;
    const n2 = 1 / g2;
    const n3 = 1 / g3;
    const st0 = f0 * (1 - rho);
    const st1 = f1 * (1 - rho);
    const st2 = f2 * (1 - rho);
    const st3 = f3 * (1 - rho);
    const mv0 = f0 * rho * k1;
    const mv1 = f1 * rho * k1;
    const mv2 = f2 * rho * k1;
    const mv3 = f3 * rho * k1;
    const a0 = f0 * u0 + (g0 > f0 ? (g0 - f0) / z0 : 0);
    const a1 = f1 * u1 + (g1 > f1 ? (g1 - f1) / z1 : 0);
    const a2 = f2 * u2 + (g2 > f2 ? (g2 - f2) / z2 : 0);
    const a3 = f3 * u3 + (g3 > f3 ? (g3 - f3) / z3 : 0);
    const c0 = tally.mass[s0] * g0;
    const c1 = tally.mass[s1] * g1;
    const c2 = tally.mass[s2] * g2;
    const c3 = tally.mass[s3] * g3;
    const v0 = c0 * tally.platform[s0];
    const v1 = c1 * tally.platform[s1];
    const v2 = c2 * tally.platform[s2];
    const v3 = c3 * tally.platform[s3];
    const { blocShare } = tally;
    const S0 = st0 * n0;
    const S1 = st1 * n1;
    const S2 = st2 * n2;
    const S3 = st3 * n3;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let b = 0; b < B; b++) {
      // y = (stay·x + w·(a + move·x/D))/g with w = q·risk_b, as x·(S + q·M/D) + q·A
      const w0 = risk[r0 + b];
      const w1 = risk[r1 + b];
      const w2 = risk[r2 + b];
      const w3 = risk[r3 + b];
      const A0 = w0 * a0 * n0;
      const A1 = w1 * a1 * n1;
      const A2 = w2 * a2 * n2;
      const A3 = w3 * a3 * n3;
      const M0 = w0 * mv0 * n0;
      const M1 = w1 * mv1 * n1;
      const M2 = w2 * mv2 * n2;
      const M3 = w3 * mv3 * n3;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) {
        const q = xy[yo + j];
        const q0 = q * allowed[m0 + j];
        const q1 = q * allowed[m1 + j];
        const q2 = q * allowed[m2 + j];
        const q3 = q * allowed[m3 + j];
        const x0 = x[o0 + j];
        const x1 = x[o1 + j];
        const x2 = x[o2 + j];
        const x3 = x[o3 + j];
        const y0 = q0 > 0 ? x0 * (S0 + q0 * M0 * invD[j]) + q0 * A0 : 0;
        const y1 = q1 > 0 ? x1 * (S1 + q1 * M1 * invD[O + j]) + q1 * A1 : 0;
        const y2 = q2 > 0 ? x2 * (S2 + q2 * M2 * invD[2 * O + j]) + q2 * A2 : 0;
        const y3 = q3 > 0 ? x3 * (S3 + q3 * M3 * invD[3 * O + j]) + q3 * A3 : 0;
        x[o0 + j] = y0;
        x[o1 + j] = y1;
        x[o2 + j] = y2;
        x[o3 + j] = y3;
        b0 += y0;
        b1 += y1;
        b2 += y2;
        b3 += y3;
        adopt[yo + j] += c0 * y0 + c1 * y1 + c2 * y2 + c3 * y3;
        visible[yo + j] += v0 * y0 + v1 * y1 + v2 * y2 + v3 * y3;
      }
      blocShare[s0 * B + b] = b0;
      blocShare[s1 * B + b] = b1;
      blocShare[s2 * B + b] = b2;
      blocShare[s3 * B + b] = b3;
      t0 += b0;
      t1 += b1;
      t2 += b2;
      t3 += b3;
    }
    this.renormalise(s0, t0, m.nOpts);
    this.renormalise(s1, t1, m.nOpts);
    this.renormalise(s2, t2, m.nOpts);
    this.renormalise(s3, t3, m.nOpts);
    return true;
  }

  /** Z of segment s: Σ_b risk_b · xyBloc_b, or the masked sum where the segment is restricted. */
  private segmentZ(m: MonthInputs, s: number, kz: number, ro: number): number {
    const { B, O } = this.c;
    const { xy, risk, allowed, groupStart } = m;
    let z = 0;
    if (m.restricted[s] === 1) {
      const yo = kz * O;
      const off = s * O;
      for (let b = 0; b < B; b++) {
        let sb = 0;
        for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) sb += xy[yo + j] * allowed[off + j];
        z += risk[ro + b] * sb;
      }
    } else {
      for (let b = 0; b < B; b++) z += risk[ro + b] * this.xyBloc[kz * B + b];
    }
    return z;
  }

  /**
   * Renormalises segment s's shares against rounding drift, rarely needed (shares sum to 1
   * within 1e-12; the tally, made before this correction, is off by less than that).
   */
  private renormalise(s: number, tot: number, nOpts: number): void {
    if (tot > 0 && Math.abs(tot - 1) > 1e-13) {
      const { x } = this;
      const off = s * this.c.O;
      const r = 1 / tot;
      for (let j = 0; j < nOpts; j++) x[off + j] *= r;
    }
  }

  /** Tallies segment s with its shares unchanged. */
  private tallySegment(m: MonthInputs, s: number, f1: number): void {
    const { O, B } = this.c;
    const { x } = this;
    const { tally, groupStart } = m;
    const kzo = this.segKZ[s] * O;
    const scale = tally.mass[s] * f1;
    const scaleVis = scale * tally.platform[s];
    for (let b = 0; b < B; b++) {
      let sb = 0;
      for (let j = groupStart[2 * b], e = groupStart[2 * b + 2]; j < e; j++) {
        const v = x[s * O + j];
        sb += v;
        tally.adopt[kzo + j] += scale * v;
        tally.visible[kzo + j] += scaleVis * v;
      }
      tally.blocShare[s * B + b] = sb;
    }
  }
}

/** Factory for {@link MeanfieldSolver}. */
export const meanfieldSolver = (c: Compiled, session?: KernelSession): AdoptionSolver => new MeanfieldSolver(c, true, true, session);
