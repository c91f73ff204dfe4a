/**
 * Draws from the parameters' soft priors: each a normal N(mean, sd²) truncated to the
 * parameter's range. Two uses:
 *
 * - the posterior sampler's starting points (posterior.ts);
 * - assumption uncertainty: a posterior sample carries the uncertainty of the calibrated
 *   parameters only, and every other parameter that has a stated spread (an uncalibrated
 *   assumption with a `priorSd`, docs/calibration.md §6) is held at its value. Drawing those
 *   from their priors as well, beside each posterior draw, adds what the assumptions leave open
 *   (a "cut" posterior: the observations do not update them). Draw i of seed s always gets the
 *   same values, so runs that share a posterior draw share its assumptions, and the values do not
 *   depend on how many draws are taken or on which worker runs them.
 *
 * Pure and isomorphic.
 */
import { PARAM_DEFS, PARAM_INDEX } from '../params/param-defs.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { Rng, STREAM, mixSeed } from '../random.js';

/** A draw from the soft prior N(mean, sd²) truncated to [lo, hi] (uniform on [lo, hi] without a prior). */
export function priorDraw(rng: Rng, mean: number, sd: number, lo: number, hi: number): number {
  if (sd > 0) {
    // rejection: a prior whose mass inside the range is below 1e-3 is badly specified, and falls back to uniform
    for (let k = 0; k < 1000; k++) {
      const v = mean + sd * rng.normal();
      if (v >= lo && v <= hi) return v;
    }
  }
  return lo + rng.next() * (hi - lo);
}

/**
 * The parameters whose uncertainty an ensemble may add from their priors: every numeric
 * parameter with a prior spread (`priorSd`) that calibration did not fit (a fitted one has its
 * `prior` beside its calibrated value: its uncertainty is the posterior's, even when a sample
 * leaves it out) and that is not in `exclude` (the posterior's own parameters, and those the
 * scenario or --set gives another value), in the order of the parameter table.
 */
export function uncertainAssumptions(exclude: readonly string[]): string[] {
  const skip = new Set(exclude);
  return PARAM_DEFS.filter((d) => d.priorSd !== undefined && d.priorSd > 0 && d.prior === undefined && typeof d.default === 'number' && !skip.has(d.name)).map((d) => d.name);
}

/**
 * The assumptions drawn beside a posterior sample over `sampled` for a scenario: those
 * {@link uncertainAssumptions} leaves once the sample's parameters and the scenario's own
 * overrides are set aside (the CLI's ensembles, the coverage check and the playground's band).
 */
export function assumptionsFor(scenario: ResolvedScenario, sampled: readonly string[]): string[] {
  return uncertainAssumptions([...sampled, ...Object.keys(scenario.overrides)]);
}

/**
 * Values of the assumptions `names` for draw `draw` of an ensemble with seed `seed`: each from
 * its prior, centred on `centre[name]` (the value the run would otherwise use) with the
 * parameter's prior spread, truncated to its range.
 */
export function assumptionDraw(names: readonly string[], centre: Readonly<Record<string, number | string>>, seed: number, draw: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) {
    const d = PARAM_INDEX.get(n);
    if (!d || d.priorSd === undefined || d.min === undefined || d.max === undefined) throw new RangeError(`assumptionDraw: "${n}" has no prior spread and range`);
    // a stream per parameter: a value does not depend on which other parameters are drawn (a
    // scenario that fixes one leaves the others as in the scenario it is compared with)
    const rng = new Rng(mixSeed(mixSeed(seed, draw), nameKey(n)), STREAM.assumptions);
    const c = Number(centre[n] ?? d.default);
    out[n] = priorDraw(rng, Math.min(d.max, Math.max(d.min, c)), d.priorSd, d.min, d.max);
  }
  return out;
}

/** FNV-1a hash of a parameter name (its stream key). */
function nameKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}
