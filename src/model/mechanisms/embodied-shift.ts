/**
 * The shift to embodied AI: a dated, tunable logistic rise in the weight of industrial and
 * embodied sectors among adopters and in the value of their data. Article: "the next phase
 * of AI development is increasingly focused on interaction with the physical world. In this
 * domain, access to large-scale, real-time data becomes a critical asset."
 */

/** Progress of the shift in [0, pace·factor]: logistic in decimal years. */
export function embodiedProgress(year: number, midYear: number, widthYears: number, pace: number): number {
  return pace / (1 + Math.exp(-(year - midYear) / widthYears));
}

/** Potential-adopter multiplier of a sector at shift progress `s`. */
export function marketMultiplier(industrial: boolean, embodied: boolean, s: number, gain: number): number {
  if (embodied) return 1 + 2 * gain * s;
  if (industrial) return 1 + gain * s;
  return 1;
}

/** Data-value multiplier of a sector at shift progress `s`. */
export function dataValueMultiplier(industrial: boolean, s: number, gain: number): number {
  return industrial ? 1 + gain * s : 1;
}
