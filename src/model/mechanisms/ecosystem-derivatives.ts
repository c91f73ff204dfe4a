/**
 * Ecosystem and network effects. Developer adopters build derivatives (fine-tunes) on open
 * base models; a model's ecosystem (its users plus its derivatives) feeds back into adoption
 * utility. Article: "open-source ecosystems thrive on scale … Each new deployment contributes
 * to a network effect" and "Ecosystems rather than individual technologies".
 */

/** Reach multiplier of a lab shipping `breadth` model sizes. */
export function breadthFactor(breadth: number, boost: number): number {
  return 1 + boost * Math.max(0, breadth - 1);
}

/** Ecosystem size in units of 1% of potential adopters. */
export const ECOSYSTEM_REF = 0.01;

/** Ecosystem size: users plus weighted derivative stock, relative to {@link ECOSYSTEM_REF}. */
export function ecosystemSize(users: number, derivatives: number, derivativeWeight: number, derivativeScale: number): number {
  return (users + derivativeWeight * derivatives * derivativeScale) / ECOSYSTEM_REF;
}

/** Network-effect utility: strength · ln(1 + ecosystem size). */
export function networkUtility(strength: number, eco: number): number {
  return strength * Math.log1p(eco);
}

/** Derivative stock after a month: obsolescence then new derivatives. */
export function updateDerivativeStock(stock: number, created: number, decay: number): number {
  return stock * (1 - decay) + created;
}
