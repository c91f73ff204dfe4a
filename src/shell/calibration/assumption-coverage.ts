/**
 * The predictive check of a posterior folder with the uncalibrated assumptions drawn from their
 * priors beside each draw (what `ensemble --assumptions prior` adds): the draws the folder's own
 * check used (diagnostics.json `predictiveDraws`, thinned by the same rule) run again with them,
 * against the observations file. Used by `momentum report calibration` and `npm run docs`
 * (docs/calibration.md §8.6). About `predictiveDraws` meanfield runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioRegistry, runScenario } from '../../model/index.js';
import { prepareCalibration, withPriors } from '../../model/calibrate/calibration.js';
import { assumptionPredictive, coverageOf, type Coverage } from '../../model/calibrate/posterior.js';
import { thinIndices } from '../../model/calibrate/thinning.js';
import { readPosteriorDir } from '../posterior-file.js';
import { defaultObservationsFile, readObservationsFile } from './observations-file.js';

/** Coverage with the assumptions drawn, or why it was not computed. */
export type AssumptionCoverage = { fitted: Coverage; heldOut: Coverage; assumptions: string[]; draws: number } | { skipped: string };

export function assumptionCoverage(dir: string, observationsFile = defaultObservationsFile()): AssumptionCoverage {
  const sample = readPosteriorDir(dir);
  const d = JSON.parse(readFileSync(join(dir, 'diagnostics.json'), 'utf8')) as { seed?: unknown; backtest?: unknown; predictiveDraws?: unknown; scenario?: unknown; fitted?: unknown };
  const registry = new ScenarioRegistry();
  if (typeof d.scenario !== 'string' || !registry.names().includes(d.scenario)) return { skipped: `the sample's scenario (${JSON.stringify(d.scenario)}) is not a built-in scenario` };
  if (typeof d.seed !== 'number' || typeof d.predictiveDraws !== 'number' || d.predictiveDraws < 1) return { skipped: 'diagnostics.json has no seed or predictive draws' };
  const scenario = registry.resolve(d.scenario);
  const observations = readObservationsFile(observationsFile, runScenario(withPriors(scenario), { mode: 'meanfield' }));
  const backtest = typeof d.backtest === 'string' ? d.backtest : undefined;
  const pr = prepareCalibration({ scenario, params: sample.names, observations, seed: d.seed, ...(backtest ? { backtest } : {}) });
  // the sample must have been fitted to these records, or its check is not this one
  if (Array.isArray(d.fitted) && [...d.fitted].sort().join() !== [...pr.spec.train].sort().join()) return { skipped: `the sample was fitted to other records than ${observationsFile} gives` };
  const index = thinIndices(sample.draws.length, Math.min(d.predictiveDraws, sample.draws.length));
  const { rows, assumptions } = assumptionPredictive(pr, index.map((i) => sample.draws[i]), index, d.seed);
  return { fitted: coverageOf(rows, 'fitted'), heldOut: coverageOf(rows, 'held-out'), assumptions, draws: index.length };
}
