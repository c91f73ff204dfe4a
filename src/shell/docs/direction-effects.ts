/**
 * The effect of each built-in scenario on the headline its direction-table row names
 * (src/model/scenario/directions.ts), at 2030-12 against the baseline: at the calibrated
 * defaults, and over draws of the committed posterior (data/posterior), the scenario and the
 * baseline run at the same draw (the scenario's own parameters stay pinned, as in ensembles).
 * docs/model.md's direction table shows these figures (generated) and
 * test/model/scenario-directions.test.ts checks them: one computation for both.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ScenarioRegistry, runScenario, withOverrides, type RunResult } from '../../model/index.js';
import { SCENARIO_DIRECTIONS, type ScenarioDirection } from '../../model/scenario/directions.js';
import { quantileSorted } from '../../model/quantile.js';
import { parsePosterior, thinnedDrawIndices } from '../../ensemble/posterior-sample.js';
import { pinnedBy } from '../../cli/posterior-options.js';

/**
 * Posterior draws the effects are judged over (deterministic thinning of the committed sample).
 * 100: a median over 40 moved with the sample (export-controls-relax: 0.7, then 0.5 pp) while
 * over 100 and 200 draws it holds (0.85 and 0.88 pp on the same sample).
 */
export const EFFECT_DRAWS = 100;
/** Month the effects are read at. */
export const EFFECT_MONTH = '2030-12';

/** One row's effect, in shares (0.01 = one percentage point). */
export interface DirectionEffect {
  direction: ScenarioDirection;
  /** At the calibrated defaults. */
  point: number;
  /** Paired differences over the posterior draws, in draw order. */
  draws: number[];
  q05: number;
  q50: number;
  q95: number;
}

const POSTERIOR_DIR = fileURLToPath(new URL('../../../data/posterior/', import.meta.url));

function valueAt(r: RunResult, metric: string, group: string): number {
  const v = r.series.find(metric, group);
  const t = r.dates.indexOf(EFFECT_MONTH);
  if (!v || t < 0) throw new Error(`direction table: no series ${metric}/${group} at ${EFFECT_MONTH}`);
  return v[t];
}

/** Every row's effect (about 1,700 meanfield runs: about 10 seconds). */
export function directionEffects(draws = EFFECT_DRAWS): DirectionEffect[] {
  const sample = parsePosterior(POSTERIOR_DIR, readFileSync(`${POSTERIOR_DIR}posterior.csv`, 'utf8'), readFileSync(`${POSTERIOR_DIR}diagnostics.json`, 'utf8'));
  const picks = thinnedDrawIndices(sample.draws.length, draws);
  const registry = new ScenarioRegistry();
  const runAt = (name: string, i: number | null): RunResult => {
    const resolved = registry.resolve(name);
    if (i === null) return runScenario(resolved);
    const pinned = pinnedBy(resolved, sample);
    const values: Record<string, number> = {};
    sample.names.forEach((n, k) => {
      if (!pinned.includes(n)) values[n] = sample.draws[i][k];
    });
    return runScenario(withOverrides(resolved, values));
  };
  const base = runAt('baseline', null);
  const baseAt = picks.map((i) => runAt('baseline', i));
  return SCENARIO_DIRECTIONS.map((d) => {
    const point = valueAt(runAt(d.scenario, null), d.metric, d.group) - valueAt(base, d.metric, d.group);
    const diffs = picks.map((i, k) => valueAt(runAt(d.scenario, i), d.metric, d.group) - valueAt(baseAt[k], d.metric, d.group));
    const sorted = [...diffs].sort((a, b) => a - b);
    return { direction: d, point, draws: diffs, q05: quantileSorted(sorted, 0.05), q50: quantileSorted(sorted, 0.5), q95: quantileSorted(sorted, 0.95) };
  });
}
