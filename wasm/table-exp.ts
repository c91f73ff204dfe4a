/**
 * src/model/numerics/table-exp.ts in WebAssembly: the same IEEE operations, so the same bits.
 * The table 2^(j/64) is the host's (copied into memory by configureFactors); 2^k is made from
 * its bits, which is exact like the host's table of powers of two.
 */

/** e^x for x outside (−708, 709) and NaN: the host's Math.exp, as tableExp does. */
@external('env', 'exp')
declare function hostExp(x: f64): f64;

/** Address of 2^(j/64), j = 0..63. */
let pPow2J: usize = 0;

/** Sets the address of the table 2^(j/64). */
export function setPow2Table(p: usize): void {
  pPow2J = p;
}

const INV_LN2_64: f64 = 92.33248261689366;
const LN2_64_HI: f64 = 0.010830424696223417;
const LN2_64_LO: f64 = 2.572804622327669e-14;
const C2: f64 = 0.5;
const C3: f64 = 0.16666666666666666;
const C4: f64 = 0.041666666666666664;
const C5: f64 = 0.008333333333333333;

/** tableExp, one value. */
export function texp(x: f64): f64 {
  if (!(x > -708 && x < 709)) return hostExp(x);
  const n = <i32>(x * INV_LN2_64 + 1048576.5) - 1048576;
  const nd = <f64>n;
  const r = x - nd * LN2_64_HI - nd * LN2_64_LO;
  const q = r + r * r * (C2 + r * (C3 + r * (C4 + r * C5)));
  const t = load<f64>(pPow2J + (<usize>(n & 63) << 3));
  return (t + t * q) * reinterpret<f64>(<i64>((n >> 6) + 1023) << 52);
}

/** All-ones in the lanes of x inside (−708, 709), where the table path applies (NaN is outside). */
@inline export function inTableRange(x: v128): v128 {
  return v128.and(f64x2.gt(x, f64x2.splat(-708)), f64x2.lt(x, f64x2.splat(709)));
}

/**
 * The table path of tableExp in both lanes, for lanes inside (−708, 709) (see
 * {@link inTableRange}); other lanes get meaningless values (no trap). Inlined into loops that
 * check the range once at the end: a call in the loop (the out-of-range fallback) made V8 keep
 * no constant in a register across the iteration, so it rebuilt each from immediates.
 */
@inline export function texp2Table(x: v128): v128 {
  // n = trunc(x·64/ln2 + SHIFT + 0.5) − SHIFT: the argument is positive, so trunc = floor,
  // and n is an exact small integer as a double
  const nd = f64x2.sub(f64x2.floor(f64x2.add(f64x2.mul(x, f64x2.splat(INV_LN2_64)), f64x2.splat(1048576.5))), f64x2.splat(1048576));
  // m = n + 1023·64 > 0 in range; its bits come from adding 1.5·2^52 (exact for m < 2^51),
  // whose own bits end in 52 zeros: so (bits & 63) = n & 63, and (bits >>> 6) << 52 = (n >> 6)
  // + 1023 in the exponent field (the magic's bits shift out), which is 2^(n >> 6)
  const m = f64x2.add(nd, f64x2.splat(6755399441055744.0 + 65472.0));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(nd, f64x2.splat(LN2_64_HI))), f64x2.mul(nd, f64x2.splat(LN2_64_LO)));
  const p = f64x2.add(f64x2.splat(C2), f64x2.mul(r, f64x2.add(f64x2.splat(C3), f64x2.mul(r, f64x2.add(f64x2.splat(C4), f64x2.mul(r, f64x2.splat(C5)))))));
  const q = f64x2.add(r, f64x2.mul(f64x2.mul(r, r), p));
  const t0 = load<f64>(pPow2J + (<usize>(<i32>i64x2.extract_lane(m, 0) & 63) << 3));
  const t1 = load<f64>(pPow2J + (<usize>(<i32>i64x2.extract_lane(m, 1) & 63) << 3));
  const t = f64x2.replace_lane(f64x2.splat(t0), 1, t1);
  const k = i64x2.shl(i64x2.shr_u(m, 6), 52);
  return f64x2.mul(f64x2.add(t, f64x2.mul(t, q)), k);
}

/** tableExp of both lanes (each lane as {@link texp}). */
@inline export function texp2(x: v128): v128 {
  // both lanes in range: the table path; otherwise one lane at a time
  if (!i64x2.all_true(inTableRange(x))) return f64x2.replace_lane(f64x2.splat(texp(f64x2.extract_lane(x, 0))), 1, texp(f64x2.extract_lane(x, 1)));
  return texp2Table(x);
}
