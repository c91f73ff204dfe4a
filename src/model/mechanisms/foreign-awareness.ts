/**
 * Foreign awareness: which foreign models adopters consider at all. Adopters choose among the
 * models they know of (a consideration set: Manski 1977; Swait & Ben-Akiva 1987), and a bloc's
 * models become known abroad when they are notable — when one of them comes close to the
 * world's best. Article: "Chinese firms have lowered the barriers to entry for developers,
 * startups, and enterprises" and "open-source momentum": Chinese open models were little used
 * outside China until they reached the frontier (DeepSeek-V3 and R1, Qwen 2.5 and 3), after
 * which their use abroad rose faster than their capability did.
 *
 * Each origin bloc b has a notability N_b ∈ [0, 1] that rises each month toward the closeness
 * of its best model to the world's best, and is not forgotten when the lead fades (developers
 * who have learnt of a family keep it on their list),
 *
 *   target_b = e^{−max(0, best(t) − best_b(t)) / notabilityScale}   (0 before its first model)
 *   N_b(t)   = N_b(t−1) + (1 − e^{−1/notabilityMonths}) · max(0, target_b − N_b(t−1)),  N_b(0) = target_b(0),
 *
 * and a foreign adopter (bloc a ≠ b) considers b's models with probability
 *
 *   q_b = foreignConsideration + (1 − foreignConsideration) · N_b,
 *
 * which adds ln q_b to the origin utility of b's models (utility.ts); home models are always
 * considered. Both solvers see it through the choice weights.
 */

/** Closeness of a bloc's best model to the world's best (0 when the bloc has none yet). */
export function notabilityTarget(worldBest: number, blocBest: number, scale: number): number {
  if (!Number.isFinite(blocBest) || !Number.isFinite(worldBest)) return 0;
  return Math.exp(-Math.max(0, worldBest - blocBest) / Math.max(1e-6, scale));
}

/** A bloc's notability after a month: a first-order rise toward the target (it never falls). */
export function updateNotability(notability: number, target: number, months: number): number {
  return target > notability ? notability + (1 - Math.exp(-1 / Math.max(0.25, months))) * (target - notability) : notability;
}

/** Log of the share of foreign adopters who consider an origin bloc's models (0 for home models). */
export function considerationUtility(home: boolean, foreignConsideration: number, notability: number): number {
  if (home) return 0;
  return Math.log(foreignConsideration + (1 - foreignConsideration) * notability);
}
