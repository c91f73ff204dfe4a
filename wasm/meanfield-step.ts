/**
 * The meanfield solver's adoption step for groups of four adopter blocs, in AssemblyScript
 * compiled to WebAssembly with 128-bit SIMD (two f64 lanes): a lane-by-lane transcription of
 * MeanfieldSolver.stepFour (src/model/solvers/meanfield.ts). Every lane does the same IEEE
 * operations in the same order as the TypeScript (WebAssembly never fuses a multiply and an
 * add), so both give the same bits; a test checks that on every built-in scenario.
 *
 * Why: the step is most of a meanfield run, and in TypeScript each typed-array access carries
 * a bounds check and each segment its own scalar division. Here four segments go through two
 * vectors and no checks.
 *
 * Build: `npm run build:kernel` (asc → src/model/solvers/kernel-wasm.ts, committed).
 * Memory: the host lays out every array (addresses in bytes) and passes them to configure().
 */

let O: i32 = 0;
let B: i32 = 0;
let KZ: i32 = 0;
let S: i32 = 0;
/** xy factors [(sector,size)·O + j]; risk factors [(bloc,sector)·B + b]. */
let pXY: usize = 0;
let pRisk: usize = 0;
/** Compact restriction mask [s·O + j] (rows S.. hold ones), and per segment 1 if restricted (u8). */
let pAllow: usize = 0;
let pRestr: usize = 0;
/** Shares x [s·O + j], adopted fractions F and this month's F after entry G [s]. */
let pX: usize = 0;
let pF: usize = 0;
let pG: usize = 0;
/** Tally inputs (mass, platform [s]) and outputs (adopt, visible [(k,z)·O + j], blocShare [s·B + b]). */
let pMass: usize = 0;
let pPlat: usize = 0;
let pAdopt: usize = 0;
let pVis: usize = 0;
let pBsh: usize = 0;
/** Z per segment (out), scratch 1/D [j·4 + q], Σ xy per origin bloc [(k,z)·B + b]. */
let pZ: usize = 0;
let pInv: usize = 0;
let pXYB: usize = 0;
/** Option groups (i32, 2B + 1), (bloc, sector) index per segment (i32), failed groups (i32, out). */
let pGS: usize = 0;
let pAK: usize = 0;
let pFail: usize = 0;

/** Sets the dimensions and the addresses of the arrays. */
export function configureStep(o: i32, b: i32, kz: i32, s: i32, xy: usize, risk: usize, allow: usize, restr: usize, x: usize, f: usize, g: usize, mass: usize, plat: usize, adopt: usize, vis: usize, bsh: usize, z: usize, inv: usize, xyb: usize, gs: usize, ak: usize, fail: usize): void {
  O = o;
  B = b;
  KZ = kz;
  S = s;
  pXY = xy;
  pRisk = risk;
  pAllow = allow;
  pRestr = restr;
  pX = x;
  pF = f;
  pG = g;
  pMass = mass;
  pPlat = plat;
  pAdopt = adopt;
  pVis = vis;
  pBsh = bsh;
  pZ = z;
  pInv = inv;
  pXYB = xyb;
  pGS = gs;
  pAK = ak;
  pFail = fail;
}

@inline function gs(i: i32): i32 {
  return load<i32>(pGS + (<usize>i << 2));
}

@inline function f64at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

/** The entries at byte offset jo of two rows, as lanes 0 and 1. */
@inline function rows(r0: usize, r1: usize, jo: usize): v128 {
  return v128.load64_lane(r1 + jo, v128.load64_splat(r0 + jo), 1);
}

@inline function pair(a: f64, b: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(a), 1, b);
}

/**
 * One month for every complete group of four adopter blocs: the tally rows are zeroed, then
 * each (sector, size) cell's groups are stepped. Returns how many groups need the host's
 * general path (no option or no adopter); their first segments are listed at pFail.
 */
export function step(rho: f64, k1: f64, nOpts: i32): i32 {
  // Σ xy per origin bloc and cell, as MeanfieldSolver.step
  for (let kz = 0; kz < KZ; kz++) {
    const yo = pXY + (<usize>(kz * O) << 3);
    for (let b = 0; b < B; b++) {
      let sb: f64 = 0;
      for (let j = gs(2 * b), e = gs(2 * b + 2); j < e; j++) sb += load<f64>(yo + (<usize>j << 3));
      store<f64>(pXYB + (<usize>(kz * B + b) << 3), sb);
    }
  }
  // the tally rows start at zero (the groups add to them; unlisted options have none, as in
  // the host's tally, which it zeroes each month)
  for (let kz = 0; kz < KZ; kz++) {
    zeroF64(pAdopt + (<usize>(kz * O) << 3), O);
    zeroF64(pVis + (<usize>(kz * O) << 3), O);
  }
  let nf = 0;
  for (let kz = 0; kz < KZ; kz++) {
    for (let a = 0; a + 4 <= B; a += 4) {
      const s0 = a * KZ + kz;
      if (!four(s0, kz, rho, k1, nOpts)) {
        store<i32>(pFail + (<usize>nf << 2), s0);
        nf++;
      }
    }
  }
  return nf;
}

/**
 * Sets n doubles from p to zero, two at a time. Not memory.fill: V8 compiles that to a call
 * out of the module, which costs more than these short rows.
 */
@inline function zeroF64(p: usize, n: i32): void {
  const z = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(p + (<usize>i << 3), z);
  if (i < n) store<f64>(p + (<usize>i << 3), 0);
}

/** Z of segment s (as MeanfieldSolver.segmentZ). */
@inline function segmentZ(s: i32, kz: i32, ro: i32): f64 {
  let z: f64 = 0;
  if (load<u8>(pRestr + <usize>s) == 1) {
    const yo = pXY + (<usize>(kz * O) << 3);
    const off = pAllow + (<usize>(s * O) << 3);
    for (let b = 0; b < B; b++) {
      let sb: f64 = 0;
      for (let j = gs(2 * b), e = gs(2 * b + 2); j < e; j++) sb += load<f64>(yo + (<usize>j << 3)) * load<f64>(off + (<usize>j << 3));
      z += f64at(pRisk, ro + b) * sb;
    }
  } else {
    for (let b = 0; b < B; b++) z += f64at(pRisk, ro + b) * f64at(pXYB, kz * B + b);
  }
  return z;
}

/**
 * The factor q of two segments (rows r0, r1) with their restriction mask applied: q · allowed
 * where `masked` (a constant at each call), q itself otherwise (q·1 = q exactly, so the
 * unrestricted copy reads no mask and gives the same bits).
 */
@inline function allowedPart(masked: bool, q: v128, r0: usize, r1: usize, jo: usize): v128 {
  return masked ? f64x2.mul(q, rows(r0, r1, jo)) : q;
}

/** Reconsideration sums of pass 1 (lanes as in {@link four}), set by {@link pass1}. */
let uA: v128 = f64x2.splat(0);
let uB: v128 = f64x2.splat(0);

/**
 * Pass 1 of {@link four}: 1/D of the four segments at pInv + j·32 and the reconsideration sums.
 * Inlined twice: `masked` is a constant, so the unrestricted copy reads no mask.
 */
@inline function pass1(masked: bool, yo: usize, m0: usize, m1: usize, m2: usize, m3: usize, x0: usize, x1: usize, x2: usize, x3: usize, r0: i32, r1: i32, r2: i32, r3: i32, zA: v128, zB: v128, rho: f64, k1: f64): void {
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const rhoV = f64x2.splat(rho);
  let sA = zero;
  let sB = zero;
  for (let b = 0; b < B; b++) {
    const kA = pair(k1 * f64at(pRisk, r0 + b), k1 * f64at(pRisk, r1 + b));
    const kB = pair(k1 * f64at(pRisk, r2 + b), k1 * f64at(pRisk, r3 + b));
    for (let j = gs(2 * b), e = gs(2 * b + 2); j < e; j++) {
      const jo = <usize>j << 3;
      const q = v128.load64_splat(yo + jo);
      const qA = allowedPart(masked, q, m0, m1, jo);
      const qB = allowedPart(masked, q, m2, m3, jo);
      const iA = f64x2.div(one, f64x2.add(zA, f64x2.mul(kA, qA)));
      const iB = f64x2.div(one, f64x2.add(zB, f64x2.mul(kB, qB)));
      const io = pInv + (<usize>j << 5);
      v128.store(io, iA);
      v128.store(io, iB, 16);
      const xA = rows(x0, x1, jo);
      const xB = rows(x2, x3, jo);
      sA = f64x2.add(sA, f64x2.mul(f64x2.mul(xA, v128.bitselect(rhoV, one, f64x2.gt(qA, zero))), iA));
      sB = f64x2.add(sB, f64x2.mul(f64x2.mul(xB, v128.bitselect(rhoV, one, f64x2.gt(qB, zero))), iB));
    }
  }
  uA = sA;
  uB = sB;
}

/**
 * Pass 2 of {@link four}: the new shares of one origin bloc's options, their sums (returned in
 * bA, bB). `masked` as in {@link pass1}.
 */
let bA: v128 = f64x2.splat(0);
let bB: v128 = f64x2.splat(0);
@inline function pass2(masked: bool, j0: i32, e: i32, yo: usize, m0: usize, m1: usize, m2: usize, m3: usize, x0: usize, x1: usize, x2: usize, x3: usize, SA: v128, SB: v128, MA: v128, MB: v128, AA: v128, AB: v128): void {
  const zero = f64x2.splat(0);
  let sA = zero;
  let sB = zero;
  for (let j = j0; j < e; j++) {
    const jo = <usize>j << 3;
    const q = v128.load64_splat(yo + jo);
    const qA = allowedPart(masked, q, m0, m1, jo);
    const qB = allowedPart(masked, q, m2, m3, jo);
    const xA = rows(x0, x1, jo);
    const xB = rows(x2, x3, jo);
    const io = pInv + (<usize>j << 5);
    const yA = v128.and(f64x2.add(f64x2.mul(xA, f64x2.add(SA, f64x2.mul(f64x2.mul(qA, MA), v128.load(io)))), f64x2.mul(qA, AA)), f64x2.gt(qA, zero));
    const yB = v128.and(f64x2.add(f64x2.mul(xB, f64x2.add(SB, f64x2.mul(f64x2.mul(qB, MB), v128.load(io, 16)))), f64x2.mul(qB, AB)), f64x2.gt(qB, zero));
    v128.store64_lane(x0 + jo, yA, 0);
    v128.store64_lane(x1 + jo, yA, 1);
    v128.store64_lane(x2 + jo, yB, 0);
    v128.store64_lane(x3 + jo, yB, 1);
    sA = f64x2.add(sA, yA);
    sB = f64x2.add(sB, yB);
  }
  bA = sA;
  bB = sB;
}

/** MeanfieldSolver.stepFour for segments s0 + q·KZ (q = 0..3): lanes (0, 1) and (2, 3). */
function four(s0: i32, kz: i32, rho: f64, k1: f64, nOpts: i32): bool {
  const s1 = s0 + KZ;
  const s2 = s1 + KZ;
  const s3 = s2 + KZ;
  const r0 = load<i32>(pAK + (<usize>s0 << 2)) * B;
  const r1 = load<i32>(pAK + (<usize>s1 << 2)) * B;
  const r2 = load<i32>(pAK + (<usize>s2 << 2)) * B;
  const r3 = load<i32>(pAK + (<usize>s3 << 2)) * B;
  const z0 = segmentZ(s0, kz, r0);
  const z1 = segmentZ(s1, kz, r1);
  const z2 = segmentZ(s2, kz, r2);
  const z3 = segmentZ(s3, kz, r3);
  const f0 = f64at(pF, s0);
  const f1 = f64at(pF, s1);
  const f2 = f64at(pF, s2);
  const f3 = f64at(pF, s3);
  const g0 = f64at(pG, s0);
  const g1 = f64at(pG, s1);
  const g2 = f64at(pG, s2);
  const g3 = f64at(pG, s3);
  if (!(z0 > 0 && z1 > 0 && z2 > 0 && z3 > 0 && g0 > 0 && g1 > 0 && g2 > 0 && g3 > 0)) return false;
  // rows: a restricted segment reads its row of the mask, the others the row of ones at S
  const ones = pAllow + (<usize>(S * O) << 3);
  const m0 = load<u8>(pRestr + <usize>s0) == 1 ? pAllow + (<usize>(s0 * O) << 3) : ones;
  const m1 = load<u8>(pRestr + <usize>s1) == 1 ? pAllow + (<usize>(s1 * O) << 3) : ones;
  const m2 = load<u8>(pRestr + <usize>s2) == 1 ? pAllow + (<usize>(s2 * O) << 3) : ones;
  const m3 = load<u8>(pRestr + <usize>s3) == 1 ? pAllow + (<usize>(s3 * O) << 3) : ones;
  // q·1 = q exactly, so the unrestricted copy skips the mask and gives the same bits
  const masked = m0 != ones || m1 != ones || m2 != ones || m3 != ones;
  const x0 = pX + (<usize>(s0 * O) << 3);
  const x1 = pX + (<usize>(s1 * O) << 3);
  const x2 = pX + (<usize>(s2 * O) << 3);
  const x3 = pX + (<usize>(s3 * O) << 3);
  const yo = pXY + (<usize>(kz * O) << 3);
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const zA = pair(z0, z1);
  const zB = pair(z2, z3);
  if (masked) pass1(true, yo, m0, m1, m2, m3, x0, x1, x2, x3, r0, r1, r2, r3, zA, zB, rho, k1);
  else pass1(false, yo, m0, m1, m2, m3, x0, x1, x2, x3, r0, r1, r2, r3, zA, zB, rho, k1);
  store<f64>(pF + (<usize>s0 << 3), g0);
  store<f64>(pF + (<usize>s1 << 3), g1);
  store<f64>(pF + (<usize>s2 << 3), g2);
  store<f64>(pF + (<usize>s3 << 3), g3);
  store<f64>(pZ + (<usize>s0 << 3), z0);
  store<f64>(pZ + (<usize>s1 << 3), z1);
  store<f64>(pZ + (<usize>s2 << 3), z2);
  store<f64>(pZ + (<usize>s3 << 3), z3);
  // pass 2 constants, lane by lane as stepFour's scalars
  const rhoV = f64x2.splat(rho);
  const fA = pair(f0, f1);
  const fB = pair(f2, f3);
  const gA = pair(g0, g1);
  const gB = pair(g2, g3);
  const nA = f64x2.div(one, gA);
  const nB = f64x2.div(one, gB);
  const stay = f64x2.splat(1 - rho);
  const SA = f64x2.mul(f64x2.mul(fA, stay), nA);
  const SB = f64x2.mul(f64x2.mul(fB, stay), nB);
  const mvA = f64x2.mul(f64x2.mul(fA, rhoV), f64x2.splat(k1));
  const mvB = f64x2.mul(f64x2.mul(fB, rhoV), f64x2.splat(k1));
  const aA = f64x2.add(f64x2.mul(fA, uA), v128.and(f64x2.div(f64x2.sub(gA, fA), zA), f64x2.gt(gA, fA)));
  const aB = f64x2.add(f64x2.mul(fB, uB), v128.and(f64x2.div(f64x2.sub(gB, fB), zB), f64x2.gt(gB, fB)));
  let tA = zero;
  let tB = zero;
  for (let b = 0; b < B; b++) {
    // y = x·(S + q·M/D) + q·A with M = w·move/g and A = w·a/g, w the bloc's risk factor
    const wA = pair(f64at(pRisk, r0 + b), f64at(pRisk, r1 + b));
    const wB = pair(f64at(pRisk, r2 + b), f64at(pRisk, r3 + b));
    const AA = f64x2.mul(f64x2.mul(wA, aA), nA);
    const AB = f64x2.mul(f64x2.mul(wB, aB), nB);
    const MA = f64x2.mul(f64x2.mul(wA, mvA), nA);
    const MB = f64x2.mul(f64x2.mul(wB, mvB), nB);
    if (masked) pass2(true, gs(2 * b), gs(2 * b + 2), yo, m0, m1, m2, m3, x0, x1, x2, x3, SA, SB, MA, MB, AA, AB);
    else pass2(false, gs(2 * b), gs(2 * b + 2), yo, m0, m1, m2, m3, x0, x1, x2, x3, SA, SB, MA, MB, AA, AB);
    store<f64>(pBsh + (<usize>(s0 * B + b) << 3), f64x2.extract_lane(bA, 0));
    store<f64>(pBsh + (<usize>(s1 * B + b) << 3), f64x2.extract_lane(bA, 1));
    store<f64>(pBsh + (<usize>(s2 * B + b) << 3), f64x2.extract_lane(bB, 0));
    store<f64>(pBsh + (<usize>(s3 * B + b) << 3), f64x2.extract_lane(bB, 1));
    tA = f64x2.add(tA, bA);
    tB = f64x2.add(tB, bB);
  }
  tally(kz, s0, s1, s2, s3, g0, g1, g2, g3, x0, x1, x2, x3, nOpts);
  renormalise(x0, f64x2.extract_lane(tA, 0), nOpts);
  renormalise(x1, f64x2.extract_lane(tA, 1), nOpts);
  renormalise(x2, f64x2.extract_lane(tB, 0), nOpts);
  renormalise(x3, f64x2.extract_lane(tB, 1), nOpts);
  return true;
}

/**
 * The group's tally, before any renormalisation: adopt[(k,z)·O + j] += ((c0·y0 + c1·y1) +
 * c2·y2) + c3·y3 and the same for visible with v_q, where c_q = mass·g and v_q = c_q·platform
 * of segment q and y_q its new shares (the order of stepFour's scalar sums), two options at
 * a time.
 */
@inline function tally(kz: i32, s0: i32, s1: i32, s2: i32, s3: i32, g0: f64, g1: f64, g2: f64, g3: f64, x0: usize, x1: usize, x2: usize, x3: usize, nOpts: i32): void {
  const c0 = f64at(pMass, s0) * g0;
  const c1 = f64at(pMass, s1) * g1;
  const c2 = f64at(pMass, s2) * g2;
  const c3 = f64at(pMass, s3) * g3;
  const v0 = c0 * f64at(pPlat, s0);
  const v1 = c1 * f64at(pPlat, s1);
  const v2 = c2 * f64at(pPlat, s2);
  const v3 = c3 * f64at(pPlat, s3);
  const ad = pAdopt + (<usize>(kz * O) << 3);
  const vi = pVis + (<usize>(kz * O) << 3);
  const C0 = f64x2.splat(c0);
  const C1 = f64x2.splat(c1);
  const C2 = f64x2.splat(c2);
  const C3 = f64x2.splat(c3);
  const V0 = f64x2.splat(v0);
  const V1 = f64x2.splat(v1);
  const V2 = f64x2.splat(v2);
  const V3 = f64x2.splat(v3);
  let j = 0;
  for (; j + 2 <= nOpts; j += 2) {
    const jo = <usize>j << 3;
    const y0 = v128.load(x0 + jo);
    const y1 = v128.load(x1 + jo);
    const y2 = v128.load(x2 + jo);
    const y3 = v128.load(x3 + jo);
    const a = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(C0, y0), f64x2.mul(C1, y1)), f64x2.mul(C2, y2)), f64x2.mul(C3, y3));
    const v = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(V0, y0), f64x2.mul(V1, y1)), f64x2.mul(V2, y2)), f64x2.mul(V3, y3));
    v128.store(ad + jo, f64x2.add(v128.load(ad + jo), a));
    v128.store(vi + jo, f64x2.add(v128.load(vi + jo), v));
  }
  if (j < nOpts) {
    const jo = <usize>j << 3;
    const y0 = load<f64>(x0 + jo);
    const y1 = load<f64>(x1 + jo);
    const y2 = load<f64>(x2 + jo);
    const y3 = load<f64>(x3 + jo);
    store<f64>(ad + jo, load<f64>(ad + jo) + (((c0 * y0 + c1 * y1) + c2 * y2) + c3 * y3));
    store<f64>(vi + jo, load<f64>(vi + jo) + (((v0 * y0 + v1 * y1) + v2 * y2) + v3 * y3));
  }
}

/** As MeanfieldSolver.renormalise: rescales a segment's shares against rounding drift (rare). */
function renormalise(xs: usize, tot: f64, nOpts: i32): void {
  if (tot > 0 && Math.abs(tot - 1) > 1e-13) {
    const r = 1 / tot;
    for (let j = 0; j < nOpts; j++) store<f64>(xs + (<usize>j << 3), load<f64>(xs + (<usize>j << 3)) * r);
  }
}
