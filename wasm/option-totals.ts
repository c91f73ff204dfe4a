/**
 * Pass 2 of a month, per listed option, as optionTotals in src/model/solvers/engine.ts: users,
 * volume, tokens, downloads, data inflow and prices, summed over (sector, size) cells. Two
 * adjacent options of a group go through one loop as the two lanes of a vector; the sums over
 * options are then made one option at a time in the TypeScript's order, so the bits are the same.
 */

let B: i32 = 0;
let O: i32 = 0;
let KZ: i32 = 0;
/** Option list (i32), groups (i32, 2B + 1). */
let pOpts: usize = 0;
let pGS: usize = 0;
/** Adopters and visible adopters [(k,z)·O + j]; per cell: volume, API and open data feedback, enterprise flag, download intensity. */
let pAdopt: usize = 0;
let pVis: usize = 0;
let pVolKZ: usize = 0;
let pFbApiKZ: usize = 0;
let pFbOpenKZ: usize = 0;
let pEntKZ: usize = 0;
let pDlKZ: usize = 0;
/** [l·KZ + kz]: cost of open weights, hosted share; by lab: API price, breadth factor. */
let pOpenCost: usize = 0;
let pHosted: usize = 0;
let pApiP: usize = 0;
let pBf: usize = 0;
/** Outputs (added to): users by option id; volume and data inflow by lab; by origin bloc: volume, tokens, open tokens, downloads; six scalar sums. */
let pUsers: usize = 0;
let pLabUsage: usize = 0;
let pInflow: usize = 0;
let pByOrigin: usize = 0;
let pTok: usize = 0;
let pOTok: usize = 0;
let pDl: usize = 0;
let pSums: usize = 0;

/** Sets the dimensions and the addresses of the arrays. */
export function configureTotals(b: i32, o: i32, kz: i32, opts: usize, gs: usize, adopt: usize, vis: usize, volKZ: usize, fbApiKZ: usize, fbOpenKZ: usize, entKZ: usize, dlKZ: usize, openCost: usize, hosted: usize, apiP: usize, bf: usize, users: usize, labUsage: usize, inflow: usize, byOrigin: usize, tok: usize, oTok: usize, dl: usize, sums: usize): void {
  B = b;
  O = o;
  KZ = kz;
  pOpts = opts;
  pGS = gs;
  pAdopt = adopt;
  pVis = vis;
  pVolKZ = volKZ;
  pFbApiKZ = fbApiKZ;
  pFbOpenKZ = fbOpenKZ;
  pEntKZ = entKZ;
  pDlKZ = dlKZ;
  pOpenCost = openCost;
  pHosted = hosted;
  pApiP = apiP;
  pBf = bf;
  pUsers = users;
  pLabUsage = labUsage;
  pInflow = inflow;
  pByOrigin = byOrigin;
  pTok = tok;
  pOTok = oTok;
  pDl = dl;
  pSums = sums;
}

@inline function f64at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function add(p: usize, i: i32, v: f64): void {
  const a = p + (<usize>i << 3);
  store<f64>(a, load<f64>(a) + v);
}

@inline function splatAt(p: usize, i: i32): v128 {
  return v128.load64_splat(p + (<usize>i << 3));
}

@inline function lanes(p: usize, i0: i32, i1: i32): v128 {
  return v128.load64_lane(p + (<usize>i1 << 3), v128.load64_splat(p + (<usize>i0 << 3)), 1);
}

/** Lane q (0 or 1) of v. */
@inline function lane(v: v128, q: i32): f64 {
  return q == 0 ? f64x2.extract_lane(v, 0) : f64x2.extract_lane(v, 1);
}

// per-option sums of the last option (or pair) summed: lanes 0 and 1 are options j and j + 1
let sAd: v128 = f64x2.splat(0);
let sVol: v128 = f64x2.splat(0);
let sTok: v128 = f64x2.splat(0);
let sInf: v128 = f64x2.splat(0);
let sEnt: v128 = f64x2.splat(0);
let sPrice: v128 = f64x2.splat(0);
let sDl: v128 = f64x2.splat(0);

/** Sums over cells of API options j and j + 1 (optionTotals' inner loop, both lanes). */
@inline function sumApi(j: i32): void {
  let ad = f64x2.splat(0);
  let vol = ad;
  let tok = ad;
  let inf = ad;
  let ent = ad;
  for (let kz = 0, i = j; kz < KZ; kz++, i += O) {
    const a = v128.load(pAdopt + (<usize>i << 3));
    const volK = splatAt(pVolKZ, kz);
    const v = f64x2.mul(a, volK);
    ad = f64x2.add(ad, a);
    vol = f64x2.add(vol, v);
    tok = f64x2.add(tok, f64x2.mul(v128.load(pVis + (<usize>i << 3)), volK));
    inf = f64x2.add(inf, f64x2.mul(v, splatAt(pFbApiKZ, kz)));
    ent = f64x2.add(ent, f64x2.mul(v, splatAt(pEntKZ, kz)));
  }
  sAd = ad;
  sVol = vol;
  sTok = tok;
  sInf = inf;
  sEnt = ent;
}

/** Sums over cells of open options j and j + 1 of labs l0 and l1. */
@inline function sumOpen(j: i32, l0: i32, l1: i32): void {
  let ad = f64x2.splat(0);
  let vol = ad;
  let price = ad;
  let dl = ad;
  let hosted = ad;
  let inf = ad;
  let ent = ad;
  const r0 = l0 * KZ;
  const r1 = l1 * KZ;
  for (let kz = 0, i = j; kz < KZ; kz++, i += O) {
    const a = v128.load(pAdopt + (<usize>i << 3));
    const v = f64x2.mul(a, splatAt(pVolKZ, kz));
    const visible = v128.load(pVis + (<usize>i << 3));
    ad = f64x2.add(ad, a);
    vol = f64x2.add(vol, v);
    price = f64x2.add(price, f64x2.mul(v, lanes(pOpenCost, r0 + kz, r1 + kz)));
    dl = f64x2.add(dl, f64x2.mul(visible, splatAt(pDlKZ, kz)));
    hosted = f64x2.add(hosted, f64x2.mul(visible, lanes(pHosted, r0 + kz, r1 + kz)));
    inf = f64x2.add(inf, f64x2.mul(v, splatAt(pFbOpenKZ, kz)));
    ent = f64x2.add(ent, f64x2.mul(v, splatAt(pEntKZ, kz)));
  }
  sAd = ad;
  sVol = vol;
  sPrice = price;
  sDl = dl;
  sTok = hosted;
  sInf = inf;
  sEnt = ent;
}

/** optionTotals: adds to the output arrays and writes the six sums (see the TypeScript). */
export function optionTotals(): void {
  let priceClosed: f64 = 0;
  let volClosed: f64 = 0;
  let entVol: f64 = 0;
  let priceOpen: f64 = 0;
  let volOpen: f64 = 0;
  let entOpen: f64 = 0;
  for (let b = 0; b < B; b++) {
    let byB: f64 = 0;
    let tokB: f64 = 0;
    let oTokB: f64 = 0;
    let dlB: f64 = 0;
    const ja = load<i32>(pGS + (<usize>(2 * b) << 2));
    const jo = load<i32>(pGS + (<usize>(2 * b + 1) << 2));
    const je = load<i32>(pGS + (<usize>(2 * b + 2) << 2));
    for (let j = ja; j < jo; j += 2) {
      // a pair, or the group's last option alone (its lane 1 reads the next option, unused)
      sumApi(j);
      const n = j + 1 < jo ? 2 : 1;
      for (let q = 0; q < n; q++) {
        const o = load<i32>(pOpts + (<usize>(j + q) << 2));
        const l = o >> 1;
        const ad = lane(sAd, q);
        const vol = lane(sVol, q);
        const tok = lane(sTok, q);
        const inf = lane(sInf, q);
        const ent = lane(sEnt, q);
        add(pUsers, o, ad);
        add(pLabUsage, l, vol);
        byB += vol;
        priceClosed += vol * f64at(pApiP, l);
        tokB += tok;
        add(pInflow, l, inf);
        volClosed += vol;
        entVol += ent;
      }
    }
    for (let j = jo; j < je; j += 2) {
      const n = j + 1 < je ? 2 : 1;
      const o0 = load<i32>(pOpts + (<usize>j << 2));
      const o1 = n == 2 ? load<i32>(pOpts + (<usize>(j + 1) << 2)) : o0;
      sumOpen(j, o0 >> 1, o1 >> 1);
      for (let q = 0; q < n; q++) {
        const o = q == 0 ? o0 : o1;
        const l = o >> 1;
        const ad = lane(sAd, q);
        const vol = lane(sVol, q);
        const price = lane(sPrice, q);
        const dl = lane(sDl, q);
        const hosted = lane(sTok, q);
        const inf = lane(sInf, q);
        const ent = lane(sEnt, q);
        add(pUsers, o, ad);
        add(pLabUsage, l, vol);
        byB += vol;
        priceOpen += price;
        dlB += dl * f64at(pBf, l);
        tokB += hosted;
        oTokB += hosted;
        add(pInflow, l, inf);
        volOpen += vol;
        entVol += ent;
        entOpen += ent;
      }
    }
    add(pByOrigin, b, byB);
    add(pTok, b, tokB);
    add(pOTok, b, oTokB);
    add(pDl, b, dlB);
  }
  store<f64>(pSums, priceClosed);
  store<f64>(pSums, volClosed, 8);
  store<f64>(pSums, entVol, 16);
  store<f64>(pSums, priceOpen, 24);
  store<f64>(pSums, volOpen, 32);
  store<f64>(pSums, entOpen, 40);
}
