/**
 * Capability: from effective compute (compute × efficiency) and deployment data, released at
 * dated releases (the calendar) or at a cadence. Article: "wider adoption leads to more
 * data, which improves model performance" and "a collaborative environment where
 * improvements can be rapidly integrated".
 *
 * Units: capability-index points; +1 point ≈ ten times the effective compute.
 */

/** Offset that puts the default world's capabilities near 0–3 (cosmetic). */
export const CAPABILITY_OFFSET = 2;

/** C = log10(compute) + ln(efficiency)/ln(10) + dataReturns·log10(1 + D/Dref) + talent + offset. */
export function capabilityIndex(compute: number, logEfficiency: number, data: number, dataRef: number, dataReturns: number, talent: number): number {
  return Math.log10(Math.max(compute, 1e-12)) + logEfficiency / Math.LN10 + dataReturns * Math.log10(1 + Math.max(0, data) / dataRef) + talent + CAPABILITY_OFFSET;
}

/**
 * Spillover from open weights: a lab behind the best open model closes a fraction of the gap
 * by building on it (reuse of published weights and methods).
 */
export function withSpillover(own: number, bestOpen: number, spillover: number): number {
  return Number.isFinite(bestOpen) && bestOpen > own ? own + spillover * (bestOpen - own) : own;
}

/**
 * Capability gap in months, measured as a time shift: how long ago the leader's frontier
 * (non-decreasing history `lead`) first reached the follower's current value. Before the
 * start, the leader's history is extrapolated backwards at `slope` points per month.
 * Negative when the follower is ahead (then measured the other way round).
 */
export function gapMonths(lead: Float64Array, follow: Float64Array, t: number, slope: number): number {
  const y = follow[t];
  const x = lead[t];
  if (!(Number.isFinite(x) && Number.isFinite(y))) return NaN;
  if (y >= x) return y === x ? 0 : -shiftBack(follow, x, t, slope);
  return shiftBack(lead, y, t, slope);
}

/** Months back from t until series `h` (non-decreasing) was at or below `value`. */
function shiftBack(h: Float64Array, value: number, t: number, slope: number): number {
  for (let s = t; s >= 0; s--) {
    const v = h[s];
    if (!Number.isFinite(v)) return t - s + 1;
    if (v <= value) {
      if (s === t) return 0;
      const next = h[s + 1];
      const frac = next > v ? (next - value) / (next - v) : 0;
      return t - (s + 1) + frac;
    }
  }
  return t + (slope > 0 ? (h[0] - value) / slope : 0);
}
