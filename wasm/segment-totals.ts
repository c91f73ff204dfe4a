/**
 * Pass 1 of a month, per segment, as segmentTotals in src/model/solvers/engine.ts (the path where
 * the solver has tallied the adopters): developers' choice flows among open models, critical
 * sectors' use by origin, the domestic industrial data channel, and the sums of potential and
 * actual adopters. Same operations in the same order as the TypeScript, so the same bits.
 */

let S: i32 = 0;
let O: i32 = 0;
let B: i32 = 0;
let K: i32 = 0;
let Z: i32 = 0;
/** Per segment (i32): bloc, sector, size; per sector (i32): developer, critical, industrial flags. */
let pSegBloc: usize = 0;
let pSegSector: usize = 0;
let pSegSize: usize = 0;
let pDevK: usize = 0;
let pCritK: usize = 0;
let pIndK: usize = 0;
/** Volume by size, industrial integration by bloc, data value by sector. */
let pVolumeZ: usize = 0;
let pIntegration: usize = 0;
let pDataVal: usize = 0;
/** The tally (mass, platform [s], blocShare [s·B + b]) and the solver's state (F [s], x [s·O + j]). */
let pMass: usize = 0;
let pPlat: usize = 0;
let pBsh: usize = 0;
let pF: usize = 0;
let pX: usize = 0;
/** Utility factors W [(a·K + k)·B + b], XY [(k,z)·O + j]; compact mask (f64) and restricted flags (u8). */
let pW: usize = 0;
let pXY: usize = 0;
let pAllow: usize = 0;
let pRestr: usize = 0;
/** Option list and groups (i32). */
let pOpts: usize = 0;
let pGS: usize = 0;
/** Outputs (added to): developer flows [o], critical use [a·B + b] and totals [a], data inflow [l]; sums (mass, adopters). */
let pDevFlow: usize = 0;
let pDevFlowVis: usize = 0;
let pCritVol: usize = 0;
let pCritTot: usize = 0;
let pInflow: usize = 0;
let pSums: usize = 0;

/** Sets the dimensions and the addresses of the arrays. */
export function configureSegments(s: i32, o: i32, b: i32, k: i32, z: i32, segBloc: usize, segSector: usize, segSize: usize, devK: usize, critK: usize, indK: usize, volumeZ: usize, integration: usize, dataVal: usize, mass: usize, plat: usize, bsh: usize, f: usize, x: usize, w: usize, xy: usize, allow: usize, restr: usize, opts: usize, gs: usize, devFlow: usize, devFlowVis: usize, critVol: usize, critTot: usize, inflow: usize, sums: usize): void {
  S = s;
  O = o;
  B = b;
  K = k;
  Z = z;
  pSegBloc = segBloc;
  pSegSector = segSector;
  pSegSize = segSize;
  pDevK = devK;
  pCritK = critK;
  pIndK = indK;
  pVolumeZ = volumeZ;
  pIntegration = integration;
  pDataVal = dataVal;
  pMass = mass;
  pPlat = plat;
  pBsh = bsh;
  pF = f;
  pX = x;
  pW = w;
  pXY = xy;
  pAllow = allow;
  pRestr = restr;
  pOpts = opts;
  pGS = gs;
  pDevFlow = devFlow;
  pDevFlowVis = devFlowVis;
  pCritVol = critVol;
  pCritTot = critTot;
  pInflow = inflow;
  pSums = sums;
}

@inline function f64at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function i32at(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

@inline function add(p: usize, i: i32, v: f64): void {
  const a = p + (<usize>i << 3);
  store<f64>(a, load<f64>(a) + v);
}

/** segmentTotals with `tallied` (see the TypeScript); fbInd is the industrial feedback fraction. */
export function segmentTotals(fbInd: f64): void {
  let massSum: f64 = 0;
  let adoptSum: f64 = 0;
  for (let s = 0; s < S; s++) {
    const a = i32at(pSegBloc, s);
    const k = i32at(pSegSector, s);
    const z = i32at(pSegSize, s);
    const Ms = f64at(pMass, s);
    massSum += Ms;
    const Fs = f64at(pF, s);
    adoptSum += Ms * Fs;
    if (Fs <= 0) continue;
    const scale = Ms * Fs;
    const base = s * O;
    const kzo = (k * Z + z) * O;
    const vis = f64at(pPlat, s);
    if (i32at(pDevK, k) == 1) {
      // developers' logit among open models now (weights from their factors)
      const ro = (a * K + k) * B;
      const masked = load<u8>(pRestr + <usize>s) == 1;
      let zOpen: f64 = 0;
      for (let b = 0; b < B; b++) {
        const wb = f64at(pW, ro + b);
        for (let j = i32at(pGS, 2 * b + 1), e = i32at(pGS, 2 * b + 2); j < e; j++) zOpen += masked ? f64at(pXY, kzo + j) * wb * f64at(pAllow, base + j) : f64at(pXY, kzo + j) * wb;
      }
      if (zOpen > 0) {
        for (let b = 0; b < B; b++) {
          const wb = f64at(pW, ro + b);
          for (let j = i32at(pGS, 2 * b + 1), e = i32at(pGS, 2 * b + 2); j < e; j++) {
            const o = i32at(pOpts, j);
            const flow = (scale * (masked ? f64at(pXY, kzo + j) * wb * f64at(pAllow, base + j) : f64at(pXY, kzo + j) * wb)) / zOpen;
            add(pDevFlow, o, flow);
            add(pDevFlowVis, o, flow * vis);
          }
        }
      }
    }
    const critical = i32at(pCritK, k) == 1;
    const domesticData = i32at(pIndK, k) == 1 ? fbInd * f64at(pIntegration, a) * f64at(pDataVal, k) : 0;
    const volume = f64at(pVolumeZ, z);
    if (critical || domesticData > 0) {
      const vs = scale * volume;
      if (critical) {
        for (let b = 0; b < B; b++) {
          const sb = f64at(pBsh, s * B + b);
          add(pCritVol, a * B + b, vs * sb);
          add(pCritTot, a, vs * sb);
        }
      }
      // domestic industrial integration: an extra data channel to the home lab
      if (domesticData > 0) for (let j = i32at(pGS, 2 * a), e = i32at(pGS, 2 * a + 2); j < e; j++) add(pInflow, i32at(pOpts, j) >> 1, vs * f64at(pX, base + j) * domesticData);
    }
  }
  store<f64>(pSums, massSum);
  store<f64>(pSums, adoptSum, 8);
}
