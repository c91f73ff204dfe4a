/**
 * The files a calibration writes: calibrated.json, fit.csv, backtest.csv, paths.csv, and the
 * source of src/model/params/calibrated.ts for `--apply`. Pure text builders; the command
 * writes them atomically.
 */
import { formatValue } from '../../model/index.js';
import type { CalibrationPaths, CalibrationResult } from '../../model/calibrate/calibration.js';
import type { Residual } from '../../model/calibrate/fit-loss.js';
import type { Observation } from '../../model/calibrate/observation-schema.js';

/** Header of fit.csv and backtest.csv (a contract; see docs/calibration.md). */
export const RESIDUAL_HEADER = 'observation_id,metric,group,period,observed,modelled,uncertainty,z';

/** Quotes a CSV field when needed. */
export function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const num = (v: number) => (Number.isFinite(v) ? formatValue(v) : '');

/** fit.csv / backtest.csv text. */
export function residualsCsv(rows: readonly Residual[]): string {
  const out = [RESIDUAL_HEADER];
  for (const r of rows) out.push([csvField(r.id), csvField(r.metric), csvField(r.group), csvField(r.period), num(r.observed), num(r.modelled), num(r.uncertainty), num(r.z)].join(','));
  return out.join('\n') + '\n';
}

/** paths.csv: each observation's modelled monthly path at the optimum (for the fit report). */
export function pathsCsv(p: CalibrationPaths): string {
  const out = ['observation_id,date,modelled'];
  for (const [id, v] of Object.entries(p.paths)) {
    for (let t = 0; t < v.length; t++) if (Number.isFinite(v[t])) out.push(`${csvField(id)},${p.dates[t]},${formatValue(v[t])}`);
  }
  return out.join('\n') + '\n';
}

/** calibrated.json: the result, the reproducing command and the observation records used. */
export function calibratedJson(result: CalibrationResult, command: string, observations: readonly Observation[]): string {
  const values: Record<string, number> = {};
  for (const p of result.params) values[p.name] = p.value;
  const clean = (r: Residual) => ({ ...r, modelled: Number.isFinite(r.modelled) ? r.modelled : null });
  return (
    JSON.stringify(
      {
        command,
        values,
        ...result,
        residuals: result.residuals.map(clean),
        backtest_residuals: result.backtest_residuals.map(clean),
        observations,
      },
      null,
      2,
    ) + '\n'
  );
}

/** Source of src/model/params/calibrated.ts holding the fitted values and the command. */
export function calibratedTs(result: CalibrationResult, command: string): string {
  const vals = result.params.map((p) => `    ${JSON.stringify(p.name)}: ${formatValue(p.value)},`).join('\n');
  return `/**
 * Calibrated parameter values: they replace the priors as the defaults of every parameter
 * they name (and so of the baseline scenario). Written by \`momentum calibrate --apply\`;
 * edit by re-running the command below, not by hand.
 *
 * Model version ${result.modelVersion}; loss ${formatValue(result.loss)} (start ${formatValue(result.startLoss)});
 * ${result.evaluations} model runs, ${result.converged ? 'converged' : 'stopped'}: ${result.stopReason}.
 */
export const CALIBRATED: {
  /** The exact command that reproduces these values. */
  command: string;
  /** Weighted loss at the optimum (null before the first calibration). */
  loss: number | null;
  /** Fitted values by parameter name. */
  values: Record<string, number>;
} = {
  command: ${JSON.stringify(command)},
  loss: ${formatValue(result.loss)},
  values: {
${vals}
  },
};
`;
}
