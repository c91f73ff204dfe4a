/**
 * Ecosystem and network effects. Developer adopters build derivatives (fine-tunes) on open
 * base models; a model's ecosystem (its users plus its derivatives) feeds back into adoption
 * utility. Article: "open-source ecosystems thrive on scale … Each new deployment contributes
 * to a network effect" and "Ecosystems rather than individual technologies".
 *
 * The network utility saturates: an ecosystem is worth at most `networkEffect` utility units,
 * half of that at `ecosystemHalfSize`. A logarithmic utility (the first version) has no
 * ceiling, so with a weight near 1 the loop of adoption → ecosystem → utility had a gain of
 * 1 and tipped the world to one lab; the saturating form keeps the loop gain at most
 * networkEffect / 4 (docs/model.md §3f).
 */

/** Reach multiplier of a lab shipping `breadth` model sizes. */
export function breadthFactor(breadth: number, boost: number): number {
  return 1 + boost * Math.max(0, breadth - 1);
}

/** Ecosystem size in units of 1% of potential adopters. */
export const ECOSYSTEM_REF = 0.01;

/** Ecosystem size: users plus weighted derivative stock, relative to {@link ECOSYSTEM_REF}. */
export function ecosystemSize(users: number, derivatives: number, derivativeWeight: number): number {
  return (users + derivativeWeight * derivatives) / ECOSYSTEM_REF;
}

/** Network-effect utility: strength · E / (E + half), bounded by `strength`. */
export function networkUtility(strength: number, eco: number, half: number): number {
  return eco > 0 ? (strength * eco) / (eco + half) : 0;
}

/** Derivative stock after a month: obsolescence then new derivatives. */
export function updateDerivativeStock(stock: number, created: number, decay: number): number {
  return stock * (1 - decay) + created;
}

/** Smoothing weight of developer interest per month: λ = 1 − e^{−1/lag}. */
export function interestWeight(lagMonths: number): number {
  return 1 - Math.exp(-1 / Math.max(0.1, lagMonths));
}

/**
 * Developers' fine-tuning interest in an open model this month: their choice probability of
 * it times the attention its recent releases draw (more releases and more sizes give more to
 * fine-tune). `visibleDevelopers` is the developer mass active on international platforms.
 */
export function developerFlow(visibleDevelopers: number, choiceProb: number, releaseAttention: number, buzz: number): number {
  return visibleDevelopers * choiceProb * (1 + releaseAttention * buzz);
}
