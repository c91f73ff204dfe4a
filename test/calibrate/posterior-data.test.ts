/**
 * The committed posterior samples (data/posterior/, data/posterior-backtest/) follow the posterior
 * format, were written by the documented commands, carry the diagnostics of their own draws, and
 * belong to the current model: their log likelihoods and log priors are re-computed here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioRegistry, runScenario } from '../../src/model/index.js';
import { MODEL_VERSION } from '../../src/model/version.js';
import { dataLossOf, prepareCalibration, priorPenalty, withPriors } from '../../src/model/calibrate/calibration.js';
import { DEFAULT_CALIBRATION_PARAM_NAMES } from '../../src/model/calibrate/default-params.js';
import { diagnose } from '../../src/model/calibrate/mcmc-diagnostics.js';
import { readObservationsFile } from '../../src/shell/calibration/observations-file.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/calibration.md'), 'utf8');
const names = [...DEFAULT_CALIBRATION_PARAM_NAMES];

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

for (const [dir, backtest] of [
  ['data/posterior', undefined],
  ['data/posterior-backtest', '2025-07'],
] as const) {
  describe(dir, () => {
    const d = JSON.parse(readFileSync(join(ROOT, dir, 'diagnostics.json'), 'utf8'));
    const lines = readFileSync(join(ROOT, dir, 'posterior.csv'), 'utf8').trimEnd().split('\n');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));

    it('was written by the command docs/calibration.md documents, on the current model version', () => {
      expect(d.command.startsWith('momentum calibrate --posterior ')).toBe(true);
      expect(DOC).toContain(`${d.command} --out ${dir}\n`);
      expect(d.modelVersion).toBe(MODEL_VERSION);
      expect(d.backtest).toBe(backtest ?? null);
    });

    it('follows the posterior format: header, draws in order, chains interleaved', () => {
      expect(lines[0]).toBe(['draw', 'chain', 'iteration', ...names, 'log_likelihood', 'log_prior'].join(','));
      expect(rows.length).toBe(d.draws);
      expect(d.draws).toBe(d.chains * (d.iterations / d.thin));
      rows.forEach((r, i) => {
        expect(r[0]).toBe(i);
        expect(r[1]).toBe(i % d.chains);
        expect(r[2]).toBe(d.burnIn + d.thin * (Math.floor(i / d.chains) + 1));
      });
    });

    it('its diagnostics are those of its draws', () => {
      for (const [j, p] of (d.params as { name: string; mean: number; sd: number; q05: number; q50: number; q95: number; rhat: number; ess: number; essTail: number }[]).entries()) {
        expect(p.name).toBe(names[j]);
        const chains = Array.from({ length: d.chains }, (_, c) => Float64Array.from(rows.filter((r) => r[1] === c), (r) => r[3 + j]));
        const got = diagnose(chains);
        for (const k of ['mean', 'sd', 'q05', 'q50', 'q95', 'rhat', 'ess', 'essTail'] as const) expect(close(p[k], got[k]), `${p.name}.${k}: ${p[k]} vs ${got[k]}`).toBe(true);
      }
      expect(d.minEss).toBe(Math.min(...d.params.map((p: { ess: number }) => p.ess)));
      expect(d.maxRhat).toBe(Math.max(...d.params.map((p: { rhat: number }) => p.rhat)));
    });

    it('its log likelihoods and log priors are the current model\'s (three draws re-evaluated)', () => {
      const scenario = new ScenarioRegistry().resolve('baseline');
      const observations = readObservationsFile(join(ROOT, 'data/observations.json'), runScenario(withPriors(scenario), { mode: 'meanfield' }));
      const { spec } = prepareCalibration({ scenario, params: names, observations, seed: 1, backtest });
      for (const i of [0, Math.floor(rows.length / 2), rows.length - 1]) {
        const x = Float64Array.from(rows[i].slice(3, 3 + names.length));
        expect(close(rows[i][3 + names.length], -dataLossOf(spec, x) / 2), `draw ${i} log_likelihood`).toBe(true);
        expect(close(rows[i][4 + names.length], -priorPenalty(spec, x) / 2), `draw ${i} log_prior`).toBe(true);
      }
    });

    it('its coverage counts are those of predictive.csv', () => {
      const pred = readFileSync(join(ROOT, dir, 'predictive.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
      for (const [set, key] of [
        ['fitted', 'fitted'],
        ['held-out', 'heldOut'],
      ] as const) {
        const of = pred.filter((v) => v[1] === set);
        expect(d.coverage[key].n).toBe(of.length);
        expect(d.coverage[key].in50).toBe(of.filter((v) => v[9] === '1').length);
        expect(d.coverage[key].in90).toBe(of.filter((v) => v[10] === '1').length);
      }
      expect(d.coverage.fitted.n).toBe(backtest ? 6 : 18);
      expect(d.coverage.heldOut.n).toBe(backtest ? 12 : 0);
    });
  });
}
