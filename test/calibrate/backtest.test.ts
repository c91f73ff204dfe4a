/**
 * The backtest of model v2 (issue 15): fitted only on the records that end before 2025-07, the
 * calibrated model forecasts the twelve later records with less than half the Σz² of the
 * uncalibrated priors. Real observations (data/observations.json), the default parameter set
 * and its soft priors; a smaller budget than the CLI's default (1500 runs) keeps the test
 * short — the fit it reaches is a little worse than the documented one, so the bound is
 * conservative.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioRegistry } from '../../src/model/index.js';
import { calibrate, runWith, withPriors } from '../../src/model/calibrate/calibration.js';
import { evaluateFit } from '../../src/model/calibrate/fit-loss.js';
import { parseObservations } from '../../src/model/calibrate/validate-observations.js';
import { DEFAULT_CALIBRATION_PARAMS } from '../../src/model/calibrate/default-params.js';

const raw = JSON.parse(readFileSync(new URL('../../data/observations.json', import.meta.url), 'utf8')) as unknown;
const observations = parseObservations(raw, 'data/observations.json');
const baseline = new ScenarioRegistry().resolve('baseline');

describe('backtest: fit before 2025-07, forecast the rest', () => {
  it('the forecast Σz² of the held-out records is less than half that of the priors', () => {
    const params = DEFAULT_CALIBRATION_PARAMS.map((p) => p.name);
    const { result } = calibrate({ scenario: baseline, params, observations, budget: 1500, seed: 1, backtest: '2025-07' });
    const heldOut = new Set(result.backtest_residuals.map((r) => r.id));
    expect(heldOut.size).toBe(12);
    const forecast = result.backtest_residuals.reduce((s, r) => s + r.z * r.z, 0);
    // the priors: the same scenario with every fitted parameter at its prior; the nuisance
    // scales are fitted on the training records only, as in the backtest itself
    const atPriors = runWith(withPriors(baseline), [], [], '2023-01', '2030-12');
    const train = (o: { id: string; fit?: boolean }) => o.fit !== false && !heldOut.has(o.id);
    const prior = evaluateFit(observations, atPriors, train).residuals.filter((r) => heldOut.has(r.id)).reduce((s, r) => s + r.z * r.z, 0);
    console.log(`backtest 2025-07: held-out Σz² ${forecast.toFixed(1)} calibrated vs ${prior.toFixed(1)} at the priors (ratio ${(forecast / prior).toFixed(2)}; must be < 0.5)`);
    expect(forecast).toBeLessThan(0.5 * prior);
  }, 300_000);
});
