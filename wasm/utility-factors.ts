/**
 * The month's utility factors of listed options, as utilityFactors in
 * src/model/solvers/engine.ts (the part that does not depend on the adopter's bloc): the cost
 * of open weights per (lab, sector, size) and its log, the hosted share, and the factors
 * XY[(k,z)·O + j] = e^{capability + network + openness + price terms}. Same operations in
 * the same order as the TypeScript, so the same bits; the exponentials go two at a time.
 */
import { fdlog, fdlog1p, fdlog2, fdlog2Table, inLogTableRange } from './fdlibm-log';
import { inTableRange, setPow2Table, texp, texp2, texp2Table } from './table-exp';

let K: i32 = 0;
let Z: i32 = 0;
let L: i32 = 0;
let B: i32 = 0;
let O: i32 = 0;
let KZ: i32 = 0;
/** Month inputs: option list (i32), availability by option id (u8). */
let pOpts: usize = 0;
let pAvail: usize = 0;
/** By option id: ecosystem size, capability, network utility; by lab: API price, its log, hosted price; feasibility [z·L + l]. */
let pEco: usize = 0;
let pApiP: usize = 0;
let pCap: usize = 0;
let pNetU: usize = 0;
let pLogApi: usize = 0;
let pHostP: usize = 0;
let pFeas: usize = 0;
/** Outputs [l·KZ + kz]: open cost, its log, hosted share of volume; XY [(k,z)·O + j]; scratch X [j]. */
let pOpenCost: usize = 0;
let pLogOpen: usize = 0;
let pHosted: usize = 0;
let pXY: usize = 0;
let pX: usize = 0;
/** Risk by (adopter bloc, origin) [a·B + b], risk aversion by sector, W (out) and its exponents (scratch) [(a·K + k)·B + b]. */
let pRiskAB: usize = 0;
let pRiskAvK: usize = 0;
let pW: usize = 0;
let pArgW: usize = 0;
/** Scratch: six arrays of O + 2 entries per listed option (see factors). */
let pJ: usize = 0;
/** Scratch: the entries of the open-cost table whose logs are made this month (i32). */
let pLogAt: usize = 0;
/** Constants: by sector capability need, self-hosting propensity, first sector with the same (i32), price sensitivity; by size price sensitivity, support need, self-hosting cost; volume [kz]. */
let pCapNeedK: usize = 0;
let pSelfHostK: usize = 0;
let pSameK: usize = 0;
let pPriceSensK: usize = 0;
let pPriceSensZ: usize = 0;
let pSupportZ: usize = 0;
let pSelfCostZ: usize = 0;
let pVolKZ: usize = 0;

/** Sets the dimensions and the addresses of the arrays. */
export function configureFactors(k: i32, z: i32, l: i32, b: i32, o: i32, opts: usize, avail: usize, eco: usize, apiP: usize, cap: usize, netU: usize, logApi: usize, hostP: usize, feas: usize, openCost: usize, logOpen: usize, hosted: usize, xy: usize, x: usize, jScratch: usize, logAt: usize, capNeedK: usize, selfHostK: usize, sameK: usize, priceSensK: usize, priceSensZ: usize, supportZ: usize, selfCostZ: usize, volKZ: usize, pow2j: usize, riskAB: usize, riskAvK: usize, w: usize, argW: usize): void {
  K = k;
  Z = z;
  L = l;
  B = b;
  O = o;
  KZ = k * z;
  pOpts = opts;
  pAvail = avail;
  pEco = eco;
  pApiP = apiP;
  pCap = cap;
  pNetU = netU;
  pLogApi = logApi;
  pHostP = hostP;
  pFeas = feas;
  pOpenCost = openCost;
  pLogOpen = logOpen;
  pHosted = hosted;
  pXY = xy;
  pX = x;
  pJ = jScratch;
  pLogAt = logAt;
  pCapNeedK = capNeedK;
  pSelfHostK = selfHostK;
  pSameK = sameK;
  pPriceSensK = priceSensK;
  pPriceSensZ = priceSensZ;
  pSupportZ = supportZ;
  pSelfCostZ = selfCostZ;
  pVolKZ = volKZ;
  setPow2Table(pow2j);
  pRiskAB = riskAB;
  pRiskAvK = riskAvK;
  pW = w;
  pArgW = argW;
}

@inline function f64at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function i32at(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

@inline function avail(o: i32): bool {
  return load<u8>(pAvail + <usize>o) != 0;
}

/** The month's network utilities, log API prices, open costs and factors XY of the first nOpts listed options. */
export function factors(nOpts: i32, netEff: f64, capSens: f64, custom: f64, priceSens: f64, supportW: f64): void {
  // network utility (networkUtility: strength · ln(1 + ecosystem)), the month's best
  // capability (the reference that keeps every factor in range) and the API prices' logs
  let capRef = -Infinity;
  for (let j = 0; j < nOpts; j++) {
    const o = i32at(pOpts, j);
    if (!avail(o)) continue;
    store<f64>(pNetU + (<usize>o << 3), netEff * fdlog1p(f64at(pEco, o)));
    if (f64at(pCap, o) > capRef) capRef = f64at(pCap, o);
    if ((o & 1) == 0) store<f64>(pLogApi + (<usize>(o >> 1) << 3), fdlog(f64at(pApiP, o >> 1)));
  }
  // open weights: cost to each (sector, size), its log, and the hosted share of volume.
  // Sectors with the same self-hosting propensity have the same cost (and its log): the
  // distinct costs are made first, their logs two at a time, then the copies.
  let nLog = 0;
  for (let j = 0; j < nOpts; j++) {
    const o = i32at(pOpts, j);
    if (!avail(o) || (o & 1) == 0) continue;
    const l = o >> 1;
    const hostP = f64at(pHostP, l);
    for (let k = 0, i = l * KZ; k < K; k++) {
      const same = (l * K + i32at(pSameK, k)) * Z;
      for (let z = 0; z < Z; z++, i++) {
        const selfShare = f64at(pSelfHostK, k) * f64at(pFeas, z * L + l);
        if (same == i - z) {
          // openCost (cost-efficiency.ts): self-hosted share at its own cost, the rest hosted
          store<f64>(pOpenCost + (<usize>i << 3), selfShare * hostP * f64at(pSelfCostZ, z) + (1 - selfShare) * hostP);
          store<i32>(pLogAt + (<usize>nLog << 2), i);
          nLog++;
        }
        store<f64>(pHosted + (<usize>i << 3), f64at(pVolKZ, i - l * KZ) * (1 - selfShare));
      }
    }
  }
  // the table path for every pair, then (rarely: a cost that is not a normal positive number
  // away from 1) all again checked, which gives the same for the others
  if (!openLogs(false, nLog)) openLogs(true, nLog);
  for (let j = 0; j < nOpts; j++) {
    const o = i32at(pOpts, j);
    if (!avail(o) || (o & 1) == 0) continue;
    const l = o >> 1;
    for (let k = 0, i = l * KZ; k < K; k++) {
      const same = (l * K + i32at(pSameK, k)) * Z;
      if (same == i) {
        i += Z;
        continue;
      }
      for (let z = 0; z < Z; z++, i++) {
        store<f64>(pOpenCost + (<usize>i << 3), f64at(pOpenCost, same + z));
        store<f64>(pLogOpen + (<usize>i << 3), f64at(pLogOpen, same + z));
      }
    }
  }
  // per listed option, once a month: availability and openness as lane masks, capability
  // above the reference, network utility, and where its price's log is (the API price's log,
  // or the open cost's log row, read at the cell); padded to an even count
  const stride = <usize>((O + 2) << 3);
  const pAvM = pJ;
  const pOpM = pJ + stride;
  const pDcap = pJ + 2 * stride;
  const pNetJ = pJ + 3 * stride;
  const pLogB = pJ + 4 * stride; // i32 addresses
  const pLogS = pJ + 5 * stride; // i32 byte strides per cell (0 for API prices)
  const nPad = (nOpts + 1) & ~1;
  for (let j = 0; j < nPad; j++) {
    const jo = <usize>j << 3;
    if (j < nOpts) {
      const o = i32at(pOpts, j);
      const l = o >> 1;
      const av = avail(o);
      const open = (o & 1) == 1;
      store<i64>(pAvM + jo, av ? -1 : 0);
      store<i64>(pOpM + jo, open ? -1 : 0);
      store<f64>(pDcap + jo, av ? f64at(pCap, o) - capRef : 0);
      store<f64>(pNetJ + jo, f64at(pNetU, o));
      store<i32>(pLogB + (<usize>j << 2), open ? <i32>(pLogOpen + (<usize>(l * KZ) << 3)) : <i32>(pLogApi + (<usize>l << 3)));
      store<i32>(pLogS + (<usize>j << 2), open ? 8 : 0);
    } else {
      store<i64>(pAvM + jo, 0);
      store<i64>(pOpM + jo, 0);
      store<f64>(pDcap + jo, 0);
      store<f64>(pNetJ + jo, 0);
      store<i32>(pLogB + (<usize>j << 2), <i32>pLogApi);
      store<i32>(pLogS + (<usize>j << 2), 0);
    }
  }
  // the table path for every entry, then (rarely: an argument outside (−708, 709)) all again
  // with the checked exponential, which is the same for the entries in range
  if (!xyRows(false, nOpts, capSens, custom, priceSens, supportW)) xyRows(true, nOpts, capSens, custom, priceSens, supportW);
}

/**
 * The logs of the nLog open costs listed at pLogAt, two at a time. `checked` is a constant
 * (inlined twice): without it every pair takes fdlog2Table and the result is whether all were
 * in its range; with it, fdlog2 (true).
 */
@inline function openLogs(checked: bool, nLog: i32): bool {
  let inRange = i64x2.splat(-1);
  let n = 0;
  if (!checked) {
    // four at a time: each log is a long chain of dependent operations (a division, then
    // polynomials), and two chains side by side keep the processor busy
    for (; n + 4 <= nLog; n += 4) {
      const i0 = i32at(pLogAt, n);
      const i1 = i32at(pLogAt, n + 1);
      const i2 = i32at(pLogAt, n + 2);
      const i3 = i32at(pLogAt, n + 3);
      const c = f64x2.replace_lane(f64x2.splat(f64at(pOpenCost, i0)), 1, f64at(pOpenCost, i1));
      const d = f64x2.replace_lane(f64x2.splat(f64at(pOpenCost, i2)), 1, f64at(pOpenCost, i3));
      inRange = v128.and(inRange, v128.and(inLogTableRange(c), inLogTableRange(d)));
      const v = fdlog2Table(c);
      const w = fdlog2Table(d);
      store<f64>(pLogOpen + (<usize>i0 << 3), f64x2.extract_lane(v, 0));
      store<f64>(pLogOpen + (<usize>i1 << 3), f64x2.extract_lane(v, 1));
      store<f64>(pLogOpen + (<usize>i2 << 3), f64x2.extract_lane(w, 0));
      store<f64>(pLogOpen + (<usize>i3 << 3), f64x2.extract_lane(w, 1));
    }
  }
  for (; n + 2 <= nLog; n += 2) {
    const i0 = i32at(pLogAt, n);
    const i1 = i32at(pLogAt, n + 1);
    const c = f64x2.replace_lane(f64x2.splat(f64at(pOpenCost, i0)), 1, f64at(pOpenCost, i1));
    let v: v128;
    if (checked) v = fdlog2(c);
    else {
      inRange = v128.and(inRange, inLogTableRange(c));
      v = fdlog2Table(c);
    }
    store<f64>(pLogOpen + (<usize>i0 << 3), f64x2.extract_lane(v, 0));
    store<f64>(pLogOpen + (<usize>i1 << 3), f64x2.extract_lane(v, 1));
  }
  if (checked && n < nLog) {
    const i0 = i32at(pLogAt, n);
    store<f64>(pLogOpen + (<usize>i0 << 3), fdlog(f64at(pOpenCost, i0)));
  }
  return checked || (n == nLog && i64x2.all_true(inRange));
}

/**
 * The exponent of XY for listed options j and j + 1 in cell kz: X − ps·log(price) − (open ?
 * support : 0), the price's log read where the per-option entries point (pLogB + kz·pLogS).
 */
@inline function xyArg(j: i32, kz: i32, nps: v128, supportZ: v128, pLogB: usize, pLogS: usize, pOpM: usize): v128 {
  const jo = <usize>j << 3;
  const j4 = <usize>j << 2;
  const a0 = <usize>(load<i32>(pLogB + j4) + kz * load<i32>(pLogS + j4));
  const a1 = <usize>(load<i32>(pLogB + j4, 4) + kz * load<i32>(pLogS + j4, 4));
  const lg = v128.load64_lane(a1, v128.load64_splat(a0), 1);
  return f64x2.sub(f64x2.add(v128.load(pX + jo), f64x2.mul(nps, lg)), v128.and(supportZ, v128.load(pOpM + jo)));
}

/**
 * The factors XY of the listed options, from the per-option entries {@link factors} made.
 * `checked` is a constant (inlined twice): without it every entry takes texp2Table and the
 * result is whether all arguments were in its range; with it, texp2 (true).
 */
@inline function xyRows(checked: bool, nOpts: i32, capSens: f64, custom: f64, priceSens: f64, supportW: f64): bool {
  const stride = <usize>((O + 2) << 3);
  const pAvM = pJ;
  const pOpM = pJ + stride;
  const pDcap = pJ + 2 * stride;
  const pNetJ = pJ + 3 * stride;
  const pLogB = pJ + 4 * stride;
  const pLogS = pJ + 5 * stride;
  const nPad = (nOpts + 1) & ~1;
  let inRange = i64x2.splat(-1);
  for (let k = 0; k < K; k++) {
    // X = capability + network + openness terms (0 where unavailable), as the TypeScript:
    // cs·(cap − capRef) + netU + (open ? uOpenK : 0)
    const cs = f64x2.splat(capSens * f64at(pCapNeedK, k));
    const uOpenK = f64x2.splat(custom * (0.5 + f64at(pSelfHostK, k)));
    for (let j = 0; j < nPad; j += 2) {
      const jo = <usize>j << 3;
      const x = f64x2.add(f64x2.add(f64x2.mul(cs, v128.load(pDcap + jo)), v128.load(pNetJ + jo)), v128.and(uOpenK, v128.load(pOpM + jo)));
      v128.store(pX + jo, v128.and(x, v128.load(pAvM + jo)));
    }
    for (let z = 0; z < Z; z++) {
      const ps = priceSens * f64at(pPriceSensK, k) * f64at(pPriceSensZ, z);
      const supportZ = f64x2.splat(supportW * f64at(pSupportZ, z));
      const kz = k * Z + z;
      const yo = pXY + (<usize>(kz * O) << 3);
      const nps = f64x2.splat(-ps);
      // XY = e^{X − ps · log(price) − (open ? support : 0)} (0 where unavailable): the
      // TypeScript's X + up for API options and X + up − support for open weights
      let j = 0;
      if (!checked) {
        // four at a time, as two pairs side by side (see openLogs)
        for (; j + 4 <= nPad; j += 4) {
          const jo = <usize>j << 3;
          const arg = xyArg(j, kz, nps, supportZ, pLogB, pLogS, pOpM);
          const arh = xyArg(j + 2, kz, nps, supportZ, pLogB, pLogS, pOpM);
          inRange = v128.and(inRange, v128.and(inTableRange(arg), inTableRange(arh)));
          const e = texp2Table(arg);
          const f = texp2Table(arh);
          v128.store(yo + jo, v128.and(e, v128.load(pAvM + jo)));
          v128.store(yo + jo, v128.and(f, v128.load(pAvM + jo, 16)), 16);
        }
      }
      for (; j < nPad; j += 2) {
        const jo = <usize>j << 3;
        const arg = xyArg(j, kz, nps, supportZ, pLogB, pLogS, pOpM);
        let e: v128;
        if (checked) e = texp2(arg);
        else {
          inRange = v128.and(inRange, inTableRange(arg));
          e = texp2Table(arg);
        }
        v128.store(yo + jo, v128.and(e, v128.load(pAvM + jo)));
      }
    }
  }
  return checked || i64x2.all_true(inRange);
}

/**
 * The risk factors W[(a·K + k)·B + b] = e^{(a = b ? home bias : 0) − riskWeight · riskAversion_k
 * · risk_ab} (the engine recomputes them only when a risk changed), two at a time.
 */
export function riskFactors(riskWeight: f64, homeBias: f64): void {
  const n = K * B * B;
  for (let k = 0; k < K; k++) {
    const ra = riskWeight * f64at(pRiskAvK, k);
    const nra = -ra;
    for (let a = 0; a < B; a++)
      for (let b = 0; b < B; b++) {
        const ur = nra * f64at(pRiskAB, a * B + b);
        store<f64>(pArgW + (<usize>((a * K + k) * B + b) << 3), (a == b ? homeBias : 0) + ur);
      }
  }
  // the table path for every exponent, four at a time (see openLogs), then (rarely: one
  // outside (−708, 709)) all again checked
  let inRange = i64x2.splat(-1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = v128.load(pArgW + (<usize>i << 3));
    const b = v128.load(pArgW + (<usize>i << 3), 16);
    inRange = v128.and(inRange, v128.and(inTableRange(a), inTableRange(b)));
    const ea = texp2Table(a);
    const eb = texp2Table(b);
    v128.store(pW + (<usize>i << 3), ea);
    v128.store(pW + (<usize>i << 3), eb, 16);
  }
  if (!i64x2.all_true(inRange)) i = 0;
  for (; i + 2 <= n; i += 2) v128.store(pW + (<usize>i << 3), texp2(v128.load(pArgW + (<usize>i << 3))));
  if (i < n) store<f64>(pW + (<usize>i << 3), texp(f64at(pArgW, i)));
}

/** fdlog1p, exported for the test that compares it with Math.log1p. */
export function log1pForTest(x: f64): f64 {
  return fdlog1p(x);
}

/** fdlog and fdlog2, exported for the test that compares them with Math.log. */
export function logForTest(x: f64, y: f64, lane: i32): f64 {
  const v = fdlog2(f64x2.replace_lane(f64x2.splat(x), 1, y));
  return lane < 0 ? fdlog(x) : lane == 0 ? f64x2.extract_lane(v, 0) : f64x2.extract_lane(v, 1);
}

/** texp and texp2, exported for the test that compares them with tableExp. */
export function expForTest(x: f64, y: f64, lane: i32): f64 {
  const v = texp2(f64x2.replace_lane(f64x2.splat(x), 1, y));
  return lane < 0 ? texp(x) : lane == 0 ? f64x2.extract_lane(v, 0) : f64x2.extract_lane(v, 1);
}
