/**
 * The options of commands that run over a posterior sample (`ensemble`, `compare`):
 * `--sample posterior`, `--posterior DIR`, `--runs N`, `--seeds-per-draw K`. Everything is
 * checked before anything runs or is written (exit status 2).
 */
import { ValidationError, type Mode, type ResolvedScenario } from '../model/index.js';
import type { PosteriorRef } from '../ensemble/ensemble-plan.js';
import type { PosteriorSample } from '../ensemble/posterior-sample.js';
import { defaultPosteriorDir, readPosteriorDir } from '../shell/posterior-file.js';
import { parseIntOption } from './options.js';
import { assumptionsFor } from '../model/calibrate/prior-draws.js';

/** Runs of a posterior ensemble when --runs is not given: every draw up to this many. */
export const DEFAULT_POSTERIOR_DRAWS = 100;

/** A posterior sample and how many of its draws the command runs. */
export interface PosteriorChoice {
  sample: PosteriorSample;
  /** Runs in all (draws used × seeds per draw). */
  runs: number;
  seedsPerDraw: number;
  /** `prior`: the uncalibrated assumptions are drawn from their priors beside each draw (--assumptions). */
  assumptions: AssumptionsChoice;
}

/** `--assumptions`: the uncalibrated parameters hold their values (`fixed`) or are drawn from their priors (`prior`). */
export type AssumptionsChoice = 'fixed' | 'prior';

/** Checks `--assumptions` (only meaningful over a posterior sample). */
export function parseAssumptions(v: string | undefined, posteriorMode: boolean): AssumptionsChoice {
  if (v === undefined) return 'fixed';
  if (v !== 'fixed' && v !== 'prior') throw new ValidationError('--assumptions', [{ path: '--assumptions', expected: '"fixed" (the uncalibrated parameters hold their values) or "prior" (drawn from their soft priors)', found: JSON.stringify(v) }]);
  if (!posteriorMode) throw new ValidationError('--assumptions', [{ path: '--assumptions', expected: 'to be given with --sample posterior', found: `--assumptions ${v} without it` }]);
  return v;
}

/**
 * Reads the sample (`dir`, or the committed data/posterior) and checks --runs and
 * --seeds-per-draw against it: at most one run per draw and seed (M = runs / K ≤ N draws), K
 * dividing the runs, and K = 1 on the deterministic meanfield solver.
 */
export function choosePosterior(o: { dir?: string; runs?: string; seedsPerDraw?: string; mode: Mode; assumptions?: AssumptionsChoice }): PosteriorChoice {
  const k = o.seedsPerDraw === undefined ? 1 : parseIntOption('--seeds-per-draw', o.seedsPerDraw, 1, 10_000);
  if (k > 1 && o.mode === 'meanfield') {
    throw new ValidationError('--seeds-per-draw', [
      { path: '--seeds-per-draw', expected: '1 with --mode meanfield (the meanfield solver is deterministic: the runs of one draw would be identical)', found: String(k), hint: 'use --mode agents to add agents noise to each draw' },
    ]);
  }
  const dir = o.dir ?? defaultPosteriorDir();
  if (dir === undefined) {
    throw new ValidationError('--posterior', [
      { path: '--posterior', expected: 'a folder holding posterior.csv and diagnostics.json (written by `momentum calibrate --posterior --out DIR`)', found: 'no --posterior, and no committed sample at data/posterior/' },
    ]);
  }
  const sample = readPosteriorDir(dir);
  const n = sample.draws.length;
  const runs = o.runs === undefined ? Math.min(n, DEFAULT_POSTERIOR_DRAWS) * k : parseIntOption('--runs', o.runs, 1, 1_000_000);
  if (runs % k !== 0) {
    throw new ValidationError('--runs', [{ path: '--runs', expected: `a multiple of --seeds-per-draw (${k}): each draw used runs the same number of seeds`, found: String(runs) }]);
  }
  if (runs / k > n) {
    throw new ValidationError('--runs', [
      {
        path: '--runs',
        expected: `at most ${n * k} (the sample's ${n} draws, each used once${k > 1 ? `, × ${k} seeds per draw` : ''})`,
        found: String(runs),
        hint: o.mode === 'agents' ? 'use --seeds-per-draw to run more agents replications of each draw' : 'draw a larger sample with `momentum calibrate --posterior --samples N`',
      },
    ]);
  }
  return { sample, runs, seedsPerDraw: k, assumptions: o.assumptions ?? 'fixed' };
}

/** Parameters of the sample that a scenario fixes (it or --set gives them a value other than the default). */
export function pinnedBy(scenario: ResolvedScenario, sample: PosteriorSample): string[] {
  return sample.names.filter((n) => Object.hasOwn(scenario.overrides, n));
}

/** The spec's reference to the sample for one scenario. */
export function posteriorRef(choice: PosteriorChoice, scenario: ResolvedScenario): PosteriorRef {
  const pinned = pinnedBy(scenario, choice.sample);
  return {
    source: choice.sample.source,
    hash: choice.sample.hash,
    names: choice.sample.names.filter((n) => !pinned.includes(n)),
    pinned,
    total: choice.sample.draws.length,
    seedsPerDraw: choice.seedsPerDraw,
    // the sample's parameters come from the draw, the scenario's own values stay: the rest with a prior are drawn
    ...(choice.assumptions === 'prior' ? { assumptions: assumptionsFor(scenario, choice.sample.names) } : {}),
  };
}

/** Notes for stderr: the sample's convergence warnings, the parameters a scenario pins, the assumptions drawn. */
export function posteriorNotes(choice: PosteriorChoice, pinned: { scenario: string; names: string[] }[], assumptions?: readonly string[]): string[] {
  const out = choice.sample.warnings.map((w) => `warning: ${choice.sample.source}: ${w}`);
  if (assumptions?.length) out.push(`note: ${assumptions.length} uncalibrated assumptions are drawn from their priors beside each posterior draw: ${assumptions.join(', ')}`);
  for (const p of pinned) {
    if (p.names.length) out.push(`note: scenario "${p.scenario}" sets ${p.names.join(', ')}: ${p.names.length === 1 ? 'its' : 'their'} posterior draws are not used (the scenario's value holds in every run)`);
  }
  return out;
}

/** "16 of the 128 draws of DIR (draw ⌊i·128/16⌋)". */
export function drawsText(choice: PosteriorChoice): string {
  const n = choice.sample.draws.length;
  const m = choice.runs / choice.seedsPerDraw;
  const which = m === n ? `all ${n} draws` : `${m} of the ${n} draws (draw ⌊i·${n}/${m}⌋)`;
  return `${which} of the posterior sample ${choice.sample.source}${choice.seedsPerDraw > 1 ? `, ${choice.seedsPerDraw} agents seeds each` : ''}${choice.assumptions === 'prior' ? ', with the uncalibrated assumptions drawn from their priors' : ''}`;
}
