/**
 * The natural logarithm as fdlibm's __ieee754_log (e_log.c), which V8's Math.log is: the same
 * operations in the same order, so the same bits (a test compares it with Math.log).
 */
const ln2_hi: f64 = 6.93147180369123816490e-01;
const ln2_lo: f64 = 1.90821492927058770002e-10;
const two54: f64 = 1.80143985094819840000e+16;
const Lg1: f64 = 6.666666666666735130e-01;
const Lg2: f64 = 3.999999999940941908e-01;
const Lg3: f64 = 2.857142874366239149e-01;
const Lg4: f64 = 2.222219843214978396e-01;
const Lg5: f64 = 1.818357216161805012e-01;
const Lg6: f64 = 1.531383769920937332e-01;
const Lg7: f64 = 1.479819860511658591e-01;

@inline function hi(x: f64): i32 {
  return <i32>(reinterpret<i64>(x) >>> 32);
}

@inline function lo(x: f64): i32 {
  return <i32>reinterpret<i64>(x);
}

@inline function withHi(x: f64, h: i32): f64 {
  return reinterpret<f64>((<i64>h << 32) | (reinterpret<i64>(x) & 0xffffffff));
}

/** ln x (fdlibm). */
export function fdlog(x: f64): f64 {
  let hx = hi(x);
  const lx = lo(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= two54; // subnormal: scale up
    hx = hi(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHi(x, hx | (i0 ^ 0x3ff00000)); // normalise x or x/2
  k += i0 >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2^-20 <= f < 2^-20
    if (f == 0) {
      if (k == 0) return 0;
      const dk = <f64>k;
      return dk * ln2_hi + dk * ln2_lo;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

/**
 * All-ones in the lanes where fdlibm's common path applies, which {@link fdlog2Table} takes:
 * x normal and positive, and not within 2^-20 of a power of two (lane by lane, the test at the
 * head of {@link fdlog}).
 */
@inline export function inLogTableRange(x: v128): v128 {
  const hx0 = i64x2.shr_u(x, 32);
  const normal = v128.and(i64x2.ge_s(hx0, i64x2.splat(0x00100000)), i64x2.lt_s(hx0, i64x2.splat(0x7ff00000)));
  const m = v128.and(i64x2.add(hx0, i64x2.splat(2)), i64x2.splat(0x000fffff));
  return v128.and(normal, i64x2.ge_s(m, i64x2.splat(3)));
}

/**
 * fdlog of both lanes on fdlibm's common path, for lanes where {@link inLogTableRange} holds
 * (others get meaningless values, no trap): the same operations lane by lane, with the four
 * results of the two branches (i > 0, k = 0) made and selected. The sign bit is 0 on this
 * path, so the shifts are logical (one instruction; an arithmetic 64-bit shift is five on x64).
 * Inlined into loops that check the range once at the end: a call in the loop (the fallback)
 * made V8 rebuild every constant from immediates in each iteration.
 */
@inline export function fdlog2Table(x: v128): v128 {
  const hx0 = i64x2.shr_u(x, 32);
  let k = i64x2.sub(i64x2.shr_u(hx0, 20), i64x2.splat(1023));
  const hx = v128.and(hx0, i64x2.splat(0x000fffff));
  const i0 = v128.and(i64x2.add(hx, i64x2.splat(0x95f64)), i64x2.splat(0x100000));
  const xn = v128.or(i64x2.shl(v128.or(hx, v128.xor(i0, i64x2.splat(0x3ff00000))), 32), v128.and(x, i64x2.splat(0xffffffff)));
  k = i64x2.add(k, i64x2.shr_u(i0, 20));
  const one = f64x2.splat(1.0);
  const f = f64x2.sub(xn, one);
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const dk = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(k, k, 0, 2, 0, 2));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const ij = v128.or(i64x2.sub(hx, i64x2.splat(0x6147a)), i64x2.sub(i64x2.splat(0x6b851), hx));
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(Lg2), f64x2.mul(w, f64x2.add(f64x2.splat(Lg4), f64x2.mul(w, f64x2.splat(Lg6))))));
  const t2 = f64x2.mul(z, f64x2.add(f64x2.splat(Lg1), f64x2.mul(w, f64x2.add(f64x2.splat(Lg3), f64x2.mul(w, f64x2.add(f64x2.splat(Lg5), f64x2.mul(w, f64x2.splat(Lg7))))))));
  const R = f64x2.add(t2, t1);
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const dkHi = f64x2.mul(dk, f64x2.splat(ln2_hi));
  const dkLo = f64x2.mul(dk, f64x2.splat(ln2_lo));
  const sHR = f64x2.mul(s, f64x2.add(hfsq, R));
  const sFR = f64x2.mul(s, f64x2.sub(f, R));
  // i > 0: k = 0 → f − (hfsq − s(hfsq + R)); else dk·ln2_hi − ((hfsq − (s(hfsq + R) + dk·ln2_lo)) − f)
  const r1 = f64x2.sub(f, f64x2.sub(hfsq, sHR));
  const r2 = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(sHR, dkLo)), f));
  // i ≤ 0: k = 0 → f − s(f − R); else dk·ln2_hi − ((s(f − R) − dk·ln2_lo) − f)
  const r3 = f64x2.sub(f, sFR);
  const r4 = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(sFR, dkLo), f));
  const k0 = i64x2.eq(k, i64x2.splat(0));
  const pos = i64x2.gt_s(ij, i64x2.splat(0));
  return v128.bitselect(v128.bitselect(r1, r2, k0), v128.bitselect(r3, r4, k0), pos);
}

/** fdlog of both lanes: {@link fdlog2Table} where both lanes are in its range, else {@link fdlog} lane by lane. */
@inline export function fdlog2(x: v128): v128 {
  if (!i64x2.all_true(inLogTableRange(x))) return f64x2.replace_lane(f64x2.splat(fdlog(f64x2.extract_lane(x, 0))), 1, fdlog(f64x2.extract_lane(x, 1)));
  return fdlog2Table(x);
}

/** ln(1 + x) as fdlibm's log1p (s_log1p.c), which V8's Math.log1p is (a test compares them). */
export function fdlog1p(x: f64): f64 {
  const hx = hi(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f: f64 = 0;
  let hu = 0;
  let c: f64 = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < sqrt(2)
    if (ax >= 0x3ff00000) {
      // x <= -1
      if (x == -1.0) return -Infinity;
      return NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (two54 + x > 0 && ax < 0x3c900000) return x;
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= <i32>0xbfd2bec4) {
      // sqrt(2)/2 - 1 <= x < sqrt(2) - 1
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k != 0) {
    let u: f64;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = hi(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
      c /= u;
    } else {
      u = x;
      hu = hi(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHi(u, hu | 0x3ff00000); // normalise u
    } else {
      k += 1;
      u = withHi(u, hu | 0x3fe00000); // normalise u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu == 0) {
    // |f| < 2^-20
    if (f == 0) {
      if (k == 0) return 0;
      c += <f64>k * ln2_lo;
      return <f64>k * ln2_hi + c;
    }
    const R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return <f64>k * ln2_hi - ((R - (<f64>k * ln2_lo + c)) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const R = z * (Lg1 + z * (Lg2 + z * (Lg3 + z * (Lg4 + z * (Lg5 + z * (Lg6 + z * Lg7)))))); // s_log1p.c's Lp1..Lp7 are Lg1..Lg7
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return <f64>k * ln2_hi - ((hfsq - (s * (hfsq + R) + (<f64>k * ln2_lo + c))) - f);
}
