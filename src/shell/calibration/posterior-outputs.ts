/**
 * The files of `momentum calibrate --posterior` (the posterior format, docs/calibration.md §8):
 * posterior.csv (one row per retained draw), diagnostics.json (summaries, R-hat, ESS, acceptance,
 * predictive coverage) and predictive.csv (each observation's posterior predictive interval).
 * Pure text builders; numbers are printed with String(x) so the same seed gives the same bytes.
 */
import type { PosteriorResult, PredictiveRow } from '../../model/calibrate/posterior.js';
import { csvField } from './calibration-outputs.js';

/** Header of predictive.csv. */
export const PREDICTIVE_HEADER = 'observation_id,set,observed,q05,q25,q50,q75,q95,pit,in50,in90,draws';

/** The sampler, as named in diagnostics.json. */
export const SAMPLER_NAME = 'DE-MC-z (ter Braak & Vrugt 2008) with independence proposals';

const num = (v: number) => (Number.isFinite(v) ? String(v) : '');
/** JSON has no NaN or Infinity: those become null. */
const jnum = (v: number) => (Number.isFinite(v) ? v : null);

/** Header of posterior.csv for the given parameter names. */
export function posteriorHeader(names: readonly string[]): string {
  return ['draw', 'chain', 'iteration', ...names, 'log_likelihood', 'log_prior'].map(csvField).join(',');
}

/** posterior.csv: draws in order (iteration-major, chain-minor), so any deterministic thinning spreads over chains. */
export function posteriorCsv(r: PosteriorResult): string {
  const { run } = r;
  const lines = [posteriorHeader(r.names)];
  const rows = run.draws * run.chains;
  for (let row = 0; row < rows; row++) {
    const k = Math.floor(row / run.chains);
    const c = row % run.chains;
    const vals: string[] = [String(row), String(c), String(run.iterations[k])];
    for (let j = 0; j < run.d; j++) vals.push(String(run.samples[row * run.d + j]));
    vals.push(num(run.logLik[row]), num(run.logPrior[row]));
    lines.push(vals.join(','));
  }
  return lines.join('\n') + '\n';
}

/** predictive.csv: each observation's predictive quantiles, PIT and whether the intervals cover it. */
export function predictiveCsv(rows: readonly PredictiveRow[]): string {
  const out = [PREDICTIVE_HEADER];
  for (const p of rows) {
    out.push([csvField(p.id), p.set, num(p.observed), num(p.q05), num(p.q25), num(p.q50), num(p.q75), num(p.q95), num(p.pit), p.in50 ? '1' : '0', p.in90 ? '1' : '0', String(p.draws)].join(','));
  }
  return out.join('\n') + '\n';
}

/**
 * diagnostics.json. `seconds` is null: the wall time is printed, not written, so that a fixed
 * seed gives identical bytes.
 */
export function diagnosticsJson(r: PosteriorResult, command: string, checkDraws: number): string {
  const { run } = r;
  return (
    JSON.stringify(
      {
        modelVersion: r.modelVersion,
        command,
        seed: r.seed,
        sampler: SAMPLER_NAME,
        chains: r.chains,
        iterations: r.iterations,
        burnIn: r.burnIn,
        thin: r.thin,
        draws: r.draws,
        params: r.params.map((p) => ({
          name: p.name,
          mean: jnum(p.mean),
          sd: jnum(p.sd),
          q05: jnum(p.q05),
          q50: jnum(p.q50),
          q95: jnum(p.q95),
          rhat: jnum(p.rhat),
          ess: jnum(p.ess),
          essTail: jnum(p.essTail),
        })),
        minEss: jnum(r.minEss),
        maxRhat: jnum(r.maxRhat),
        acceptance: jnum(r.acceptance),
        seconds: null,
        acceptanceBurnIn: jnum(run.acceptanceBurnIn),
        acceptanceByMove: { parallel: jnum(run.acceptanceByMove.parallel), snooker: jnum(run.acceptanceByMove.snooker), independence: jnum(run.acceptanceByMove.independence) },
        outlierResets: run.outlierResets,
        evaluations: run.evaluations,
        warnings: r.warnings,
        scenario: r.scenario,
        backtest: r.backtest,
        fitted: r.fitted,
        predictiveDraws: Math.min(checkDraws, r.draws),
        coverage: r.coverage,
      },
      null,
      2,
    ) + '\n'
  );
}
