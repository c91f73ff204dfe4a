/**
 * Sequential adoption: adopters arrive one at a time and choose by the adoption-choice rule
 * with the installed base as the network term. This is the agents solver's adoption core
 * with one arrival per step, which makes the classic increasing-returns models exact special
 * cases (issue #2 analytic tests):
 *  - Arthur (1989): two adopter types with fixed tastes, a linear network term and
 *    deterministic choice (temperature 0): the market locks in to A with probability L/(U+L);
 *  - Pólya urn: no tastes, network utility ln(n), temperature 1: each arrival picks an option
 *    with probability proportional to its count, so the share tends to Beta(α, β).
 * Article: "Each new deployment contributes to a network effect that strengthens their
 * relevance and accelerates their evolution."
 */
import { sampleIndex } from './adoption-choice.js';
import type { Rng } from '../random.js';

/** Configuration of a sequential-adoption process over `n` options. */
export interface SequentialConfig {
  /** Installed base before the first arrival (per option). */
  prior: Float64Array;
  /** Adopter types: tastes[type·n + option]. */
  tastes: Float64Array;
  /** Probability of each type (sums to 1). */
  typeProbs: Float64Array;
  /** Network term: 'linear' (coef·n) or 'log' (coef·ln n). */
  network: 'linear' | 'log';
  networkCoef: number;
  /** Logit temperature; 0 chooses the best option (ties go to the lower index). */
  temperature: number;
  /** Number of arrivals. */
  arrivals: number;
  /**
   * Optional stop: called after each arrival with the counts; returning true ends the
   * process early (e.g. at lock-in). Receives the arrival number (1-based).
   */
  stop?: (counts: Float64Array, arrival: number) => boolean;
}

/** Result of one sequential-adoption process. */
export interface SequentialResult {
  /** Installed base at the end (prior included). */
  counts: Float64Array;
  /** Number of arrivals processed. */
  arrivals: number;
}

/** Runs one sequential-adoption process with the given random stream. */
export function runSequentialAdoption(cfg: SequentialConfig, rng: Rng): SequentialResult {
  const n = cfg.prior.length;
  const types = cfg.typeProbs.length;
  const counts = Float64Array.from(cfg.prior);
  const u = new Float64Array(n);
  const w = new Float64Array(n);
  let k = 0;
  while (k < cfg.arrivals) {
    // draw the arrival's type
    let r = rng.next();
    let type = 0;
    for (; type < types - 1; type++) {
      r -= cfg.typeProbs[type];
      if (r < 0) break;
    }
    let best = 0;
    let umax = -Infinity;
    for (let o = 0; o < n; o++) {
      const net = cfg.network === 'linear' ? cfg.networkCoef * counts[o] : counts[o] > 0 ? cfg.networkCoef * Math.log(counts[o]) : -Infinity;
      u[o] = cfg.tastes[type * n + o] + net;
      if (u[o] > umax) {
        umax = u[o];
        best = o;
      }
    }
    let choice = best;
    if (cfg.temperature > 0) {
      let total = 0;
      for (let o = 0; o < n; o++) {
        w[o] = Number.isFinite(u[o]) ? Math.exp((u[o] - umax) / cfg.temperature) : 0;
        total += w[o];
      }
      choice = sampleIndex(w, n, total, rng.next());
    }
    counts[choice] += 1;
    k++;
    if (cfg.stop && cfg.stop(counts, k)) break;
  }
  return { counts, arrivals: k };
}
