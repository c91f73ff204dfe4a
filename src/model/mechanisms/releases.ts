/**
 * Dated releases and the developer trial flow. Article: "By making large language models
 * widely available, Chinese firms have lowered the barriers to entry for developers,
 * startups, and enterprises." Real downloads are dominated by developers trying each new
 * release (DeepSeek-V3 and R1, the Qwen families of many sizes), not by the installed base:
 * a release adds its number of sizes to the lab's release attention ("buzz"), which decays
 * with time constant `releaseBuzzMonths`; trial downloads and fine-tuning interest scale
 * with it.
 *
 * History comes from the baseline's release calendar (`release` events, sourced); after
 * the calendar ends, labs release at their cadence.
 */

/** A lab's release attention after a month: decay, then the sizes released this month. */
export function updateBuzz(buzz: number, sizesReleased: number, buzzMonths: number): number {
  return buzz * Math.exp(-1 / Math.max(0.25, buzzMonths)) + sizesReleased;
}

/**
 * Trial downloads of an open model this month: developers on international platforms try
 * new releases in proportion to how much a lab released lately (its buzz) and how
 * attractive the model is to them (their choice probability).
 */
export function trialDownloads(rate: number, visibleDevelopers: number, buzz: number, choiceProb: number): number {
  return rate * visibleDevelopers * buzz * choiceProb;
}

/** Whether a lab releases at its cadence this month (after the calendar): `cadence` months since its last release. */
export function cadenceDue(monthsSinceRelease: number, cadence: number): boolean {
  return monthsSinceRelease >= Math.max(1, Math.round(cadence));
}

/** Downloads of a base model pulled by the derivatives built on it this month. */
export function derivativePull(perDerivative: number, newDerivatives: number): number {
  return perDerivative * newDerivatives;
}
