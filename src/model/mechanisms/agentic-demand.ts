/**
 * Agentic demand tied to the frontier. Enterprises' agentic workloads (coding agents,
 * multi-step automation) multiply token use, and they run on the most capable models:
 * as the frontier advances, enterprise token volume grows on frontier models (mostly closed
 * APIs). Article: "companies are making pragmatic decisions based on cost and functionality"
 * — functionality here is frontier capability. This is the reason enterprises stay closed
 * that developers' downloads do not share (Menlo Ventures' enterprise open share fell from
 * 19% to 13% in 2024–2025 while open downloads grew).
 *
 * Volume multiplier of an option for a (sector, size) cell:
 *   1 + agentic(t)·reach_{k,z}·e^{−(frontier − cap_o)/agenticGapScale},
 * agentic(t) = agenticDemand / (1 + e^{−(year − agenticMidYear)/1.5}).
 */
export function agenticIntensity(level: number, year: number, midYear: number): number {
  return level / (1 + Math.exp(-(year - midYear) / 1.5));
}

/** How close an option `gap` capability points behind the frontier is: e^{−gap/gapScale}. */
export function frontierCloseness(gap: number, gapScale: number): number {
  return Math.exp(-Math.max(0, gap) / Math.max(1e-6, gapScale));
}

/** The volume multiplier of an option of closeness `closeness` ({@link frontierCloseness}). */
export function agenticMultiplier(intensity: number, reach: number, closeness: number): number {
  return 1 + intensity * reach * closeness;
}

/**
 * Token volume responds to price: an adopter runs longer and more automated workloads on a
 * cheaper model. Multiplier (cost / reference)^−elasticity = e^{−elasticity·(ln cost − ln reference)},
 * the reference being the month's
 * median API price (shares are unchanged by the reference; it keeps volumes near 1).
 */
export function priceVolumeMultiplier(logCost: number, logReference: number, elasticity: number): number {
  return elasticity === 0 ? 1 : Math.exp(-elasticity * (logCost - logReference));
}
