/**
 * The posterior format's thinning rule, written once for its three readers (the predictive
 * check, posterior ensembles and the playground's band): a reader that needs M of N draws takes
 * draws ⌊i·N/M⌋ for i = 0..M−1, and all N when M ≥ N.
 */
export function thinIndices(n: number, m: number): number[] {
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(m) && m >= 0)) throw new RangeError(`thinIndices: expected non-negative integers, found n=${n}, m=${m}`);
  if (m >= n) return Array.from({ length: n }, (_, i) => i);
  // i·n and m are exact integers below 2^53, and the quotient is never within 2^-53 of an integer it is not
  return Array.from({ length: m }, (_, i) => Math.floor((i * n) / m));
}
