/**
 * Which posterior draws the playground runs, in which order, and what a band of them may
 * honestly claim. Pure (no DOM): the build step, the worker, the page and the tests share it.
 *
 * Thinning follows the posterior format's rule: a reader that needs M < N draws takes draws
 * ⌊i·N/M⌋ for i = 0..M−1. The band is refined in stages of 10, 20, 40, 80 and 160 draws; with
 * 160 draws shipped, each stage's thinned set contains the previous one, so running the draws in
 * {@link progressiveOrder} makes every stage's band the band of exactly its thinned draws.
 */

import { withOverrides, type ResolvedScenario } from '../../../src/model/index.js';
import { thinIndices } from '../../../src/model/calibrate/thinning.js';

/** Draws the web app ships (thinned from the posterior sample at build time). */
export const WEB_POSTERIOR_DRAWS = 160;

/** Numbers of draws at which the band on the charts is refined. */
export const POSTERIOR_STAGES: readonly number[] = [10, 20, 40, 80, 160];

/** Indices of the M draws a reader of N takes: ⌊i·N/M⌋, i = 0..M−1 (all N when M ≥ N). */
export { thinIndices };

/** The stages for a sample of n draws: those of {@link POSTERIOR_STAGES} below n, then n. */
export function stagesFor(n: number): number[] {
  if (n <= 0) return [];
  return [...POSTERIOR_STAGES.filter((k) => k < n), n];
}

/** A run order of n draws and, for each stage, the draws its band uses. */
export interface ProgressivePlan {
  /** Draw indices in the order the worker runs them. */
  order: number[];
  /** Stages in increasing size: the band after `ready` draws of `order` uses exactly `draws`. */
  stages: { size: number; ready: number; draws: number[] }[];
}

/**
 * The order to run n draws in so that each stage's thinned draws are all done as early as
 * possible: the draws of the first stage, then the new draws of each next stage. When the stages
 * nest (n = 160 with stages 10, 20, 40, 80, 160), `ready` equals the stage's size.
 */
export function progressiveOrder(n: number, stages: readonly number[] = stagesFor(n)): ProgressivePlan {
  const order: number[] = [];
  const seen = new Set<number>();
  const out: ProgressivePlan['stages'] = [];
  for (const size of stages) {
    const draws = thinIndices(n, size);
    for (const d of draws) {
      if (!seen.has(d)) {
        seen.add(d);
        order.push(d);
      }
    }
    out.push({ size, ready: order.length, draws });
  }
  for (let d = 0; d < n; d++) if (!seen.has(d)) order.push(d);
  return { order, stages: out };
}

/**
 * The quantiles a band of n draws can honestly show: 10–90% while n < 20, else 5–95% (type-7
 * interpolation needs a couple of draws beyond each tail).
 */
export function posteriorQuantiles(n: number): [number, number] {
  return n >= 20 ? [0.05, 0.95] : [0.1, 0.9];
}

/** What the posterior band is: how many draws, the quantiles computed, and any caveat of the sample. */
export function posteriorBandLabel(n: number, q: [number, number], opts: { failed?: number; placeholder?: boolean; assumptions?: number } = {}): string {
  const pct = (x: number) => Math.round(x * 100);
  const what = opts.assumptions ? `parameter uncertainty, and ${opts.assumptions} uncalibrated assumptions drawn from their priors` : 'parameter uncertainty';
  let s = `${n} posterior draw${n === 1 ? '' : 's'}, ${pct(q[0])}–${pct(q[1])}% (${what})`;
  if (opts.failed) s += `; ${opts.failed} draw${opts.failed === 1 ? '' : 's'} broke the model's invariants and ${opts.failed === 1 ? 'is' : 'are'} left out`;
  if (opts.placeholder) s += '; placeholder sample: calibrated values perturbed within their prior sd, not yet a fitted posterior';
  return s;
}

/**
 * The scenario under one posterior draw: the draw's value of each calibrated parameter wherever
 * the scenario does not set that parameter itself (a lever moved in counterfactual mode, a
 * preset's parameter keep their value); dated `set-params` events (levers from "now") still
 * apply from their month, so the draw is the history and the lever the future.
 */
export function scenarioWithDraw(s: ResolvedScenario, names: readonly string[], values: readonly number[]): ResolvedScenario {
  const ov: Record<string, number> = {};
  names.forEach((n, j) => {
    if (!(n in s.overrides)) ov[n] = values[j];
  });
  return withOverrides(s, ov);
}
