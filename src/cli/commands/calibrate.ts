/**
 * `momentum calibrate`: fits parameters to data/observations.json with CMA-ES (or
 * Nelder–Mead) on the meanfield solver and writes DIR/calibrated.json, DIR/fit.csv,
 * DIR/paths.csv (and DIR/backtest.csv with --backtest). `--apply` also writes
 * src/model/params/calibrated.ts, which makes the fitted values the defaults.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { runScenario, ValidationError } from '../../model/index.js';
import { calibrate, calibrateBatch, checkBounds, checkCalibrationParams, withPriors, type Optimizer } from '../../model/calibrate/calibration.js';
import { defaultWorkers, lossPool } from '../../shell/calibration/loss-pool.js';
import { DEFAULT_CALIBRATION_BOUNDS, DEFAULT_CALIBRATION_PARAM_NAMES } from '../../model/calibrate/default-params.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { writeFileAtomic, writeOutputDir } from '../../shell/output-dir.js';
import { createProgress } from '../../shell/progress.js';
import { defaultObservationsFile, packageRoot, readObservationsFile } from '../../shell/calibration/observations-file.js';
import { calibratedJson, calibratedTs, pathsCsv, residualsCsv } from '../../shell/calibration/calibration-outputs.js';
import { formatTable } from '../format-table.js';
import { parseIntOption } from '../options.js';
import { calibratePosterior, POSTERIOR_DEFAULTS } from './calibrate-posterior.js';

/** Default number of model runs of a calibration (about 360 CMA-ES generations for 13 parameters). */
export const DEFAULT_BUDGET = 4000;

/** Splits a comma-separated list flag. */
export function parseList(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Parses `--bounds name=lo:hi,...`. */
export function parseBounds(v: string | undefined): Record<string, [number, number]> | undefined {
  if (v === undefined) return undefined;
  const out: Record<string, [number, number]> = {};
  for (const item of parseList(v) ?? []) {
    const m = /^([^=]+)=([^:]+):(.+)$/.exec(item);
    const lo = m ? Number(m[2]) : NaN;
    const hi = m ? Number(m[3]) : NaN;
    if (!m || !Number.isFinite(lo) || !Number.isFinite(hi)) {
      throw new ValidationError('--bounds', [{ path: '--bounds', expected: 'name=lo:hi, e.g. networkEffect=0:1', found: JSON.stringify(item) }]);
    }
    out[m[1].trim()] = [lo, hi];
  }
  return out;
}

/** The canonical command line that reproduces a calibration. */
export function reproducingCommand(o: { scenario: string; params: readonly string[]; bounds?: Readonly<Record<string, readonly [number, number]>>; observations: string | null; budget: number; seed: number; optimizer: Optimizer; backtest?: string }): string {
  const parts = ['momentum calibrate'];
  if (o.scenario !== 'baseline') parts.push(`--scenario ${o.scenario}`);
  parts.push(`--params ${o.params.join(',')}`);
  const b = Object.entries(o.bounds ?? {});
  if (b.length) parts.push(`--bounds ${b.map(([n, [lo, hi]]) => `${n}=${lo}:${hi}`).join(',')}`);
  if (o.observations) parts.push(`--observations ${o.observations}`);
  parts.push(`--budget ${o.budget}`, `--seed ${o.seed}`);
  if (o.optimizer !== 'cma-es') parts.push(`--optimizer ${o.optimizer}`);
  if (o.backtest) parts.push(`--backtest ${o.backtest}`);
  return parts.join(' ');
}

/** The command recorded in DIR/calibrated.json, or null when there is none (or it is unreadable). */
export function previousCommand(dir: string): string | null {
  try {
    const c = (JSON.parse(readFileSync(join(dir, 'calibrated.json'), 'utf8')) as { command?: unknown }).command;
    return typeof c === 'string' ? c : null;
  } catch {
    return null;
  }
}

/** The default set's narrowed ranges as the help prints them ("none" when it has none). */
function defaultBoundsText(): string {
  const entries = Object.entries(DEFAULT_CALIBRATION_BOUNDS).map(([k, [lo, hi]]) => `${k}=${lo}:${hi}`);
  return entries.length ? entries.join(',') : 'none';
}

export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description('fit parameters to published observations (CMA-ES on the meanfield solver); writes DIR/calibrated.json and DIR/fit.csv')
    .option('--params <a,b,c>', `parameters to fit (default: ${DEFAULT_CALIBRATION_PARAM_NAMES.join(',')})`)
    .option('--bounds <name=lo:hi,...>', `search ranges narrower than the parameters' own (default set: ${defaultBoundsText()})`)
    .option('--observations <file>', 'observations file (default data/observations.json)')
    .option('--budget <n>', 'maximum number of model runs', String(DEFAULT_BUDGET))
    .option('--seed <s>', 'seed of the optimiser', '1')
    .option('--backtest <YYYY-MM>', 'fit only observations ending before this month; write DIR/backtest.csv for the later ones')
    .option('--optimizer <name>', 'cma-es | nelder-mead', 'cma-es')
    .option('--workers <n>', 'threads evaluating each CMA-ES generation (same result for any number; default: cores, at most 2)')
    .option('--scenario <name|file>', 'scenario to calibrate', 'baseline')
    .option('--out <dir>', 'output folder (default out/calibration; with --posterior out/posterior)')
    .option('--apply', 'write the fitted values to src/model/params/calibrated.ts (they become the defaults)')
    .option('--posterior', 'sample the posterior (DE-MC-z) instead of fitting one point: writes DIR/posterior.csv, DIR/diagnostics.json and DIR/predictive.csv')
    .option('--samples <n>', `with --posterior: draws to keep, a multiple of --chains (default ${POSTERIOR_DEFAULTS.samples})`)
    .option('--chains <c>', `with --posterior: number of chains, at least 3 (default ${POSTERIOR_DEFAULTS.chains})`)
    .option('--burn-in <b>', `with --posterior: generations discarded before the kept draws (default ${POSTERIOR_DEFAULTS.burnIn})`)
    .option('--thin <t>', `with --posterior: keep one generation in t (default ${POSTERIOR_DEFAULTS.thin})`)
    .option('--check-draws <m>', `with --posterior: draws run through the model for the predictive check (default ${POSTERIOR_DEFAULTS.checkDraws})`)
    .option('--quiet', 'print nothing on success')
    .addHelpText(
      'after',
      `
Examples:
  momentum calibrate --out out/calibration
  momentum calibrate --backtest 2025-07 --out out/backtest
  momentum calibrate --posterior --samples 1000 --seed 1 --out out/posterior
  momentum calibrate --posterior --backtest 2025-07 --out out/posterior-backtest`,
    )
    .action(async (o: Record<string, string | boolean | undefined>, cmd: Command) => {
      if (o.posterior) return calibratePosterior(o, cmd);
      for (const flag of ['samples', 'chains', 'burnIn', 'thin', 'checkDraws'] as const) {
        if (o[flag] !== undefined) {
          const name = `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
          throw new ValidationError(name, [{ path: name, expected: 'only with --posterior', found: `${name} ${String(o[flag])} without --posterior` }]);
        }
      }
      o.out ??= 'out/calibration';
      // ---- validate everything before any work or output ----
      const budget = parseIntOption('--budget', String(o.budget), 2, 10_000_000);
      const workers = o.workers === undefined ? defaultWorkers() : parseIntOption('--workers', String(o.workers), 1, 64);
      const seed = parseIntOption('--seed', String(o.seed), -2147483648, 4294967295);
      const optimizer = String(o.optimizer);
      if (optimizer !== 'cma-es' && optimizer !== 'nelder-mead') {
        throw new ValidationError('--optimizer', [{ path: '--optimizer', expected: '"cma-es" or "nelder-mead"', found: JSON.stringify(optimizer) }]);
      }
      const backtest = o.backtest as string | undefined;
      if (backtest !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(backtest)) {
        throw new ValidationError('--backtest', [{ path: '--backtest', expected: 'a month as YYYY-MM', found: JSON.stringify(backtest) }]);
      }
      if (o.apply && backtest) {
        throw new ValidationError('--apply', [{ path: '--apply', expected: 'no --backtest (a backtest fit leaves observations out and must not become the defaults)', found: `--backtest ${backtest}` }]);
      }
      const params = parseList(o.params as string | undefined) ?? [...DEFAULT_CALIBRATION_PARAM_NAMES];
      checkCalibrationParams(params);
      const bounds = parseBounds(o.bounds as string | undefined) ?? (o.params === undefined ? { ...DEFAULT_CALIBRATION_BOUNDS } : {});
      checkBounds(bounds, params);
      const scenario = resolveScenarioArg(String(o.scenario));
      const obsFile = (o.observations as string | undefined) ?? defaultObservationsFile();
      const reference = runScenario(withPriors(scenario), { mode: 'meanfield' });
      const observations = readObservationsFile(obsFile, reference);
      const calibratedFile = join(packageRoot(), 'src', 'model', 'params', 'calibrated.ts');
      if (o.apply && !existsSync(calibratedFile)) {
        throw new ValidationError('--apply', [{ path: '--apply', expected: `a source checkout with ${calibratedFile}`, found: 'no such file' }]);
      }
      const obsArg = o.observations ? (isAbsolute(obsFile) ? relative(process.cwd(), obsFile) : obsFile) : null;
      const command = reproducingCommand({ scenario: scenario.name, params, bounds, observations: obsArg, budget, seed, optimizer, backtest });

      // ---- warn before replacing the results of another calibration (--backtest, --observations and
      // the default command all default to out/calibration) ----
      const dir = String(o.out);
      const previous = previousCommand(dir);
      if (previous !== null && previous !== command && !o.quiet) {
        process.stderr.write(`note: ${dir} holds the results of \`${previous}\`; they will be replaced (use --out DIR to keep both)\n`);
      }

      // ---- fit ----
      const progress = createProgress('calibrate', !o.quiet);
      const t0 = performance.now();
      const copts = { scenario, params, bounds, observations, budget, seed, backtest, optimizer: optimizer as Optimizer, onProgress: (d: number, t: number) => progress.update(d, t) };
      const { result, paths } = workers > 1 ? await calibrateBatch(copts, lossPool(workers)) : calibrate(copts);
      progress.stop();
      const seconds = (performance.now() - t0) / 1000;

      // ---- write ----
      const files: Record<string, string> = {
        'calibrated.json': calibratedJson(result, command, observations),
        'fit.csv': residualsCsv(result.residuals),
        'paths.csv': pathsCsv(paths),
      };
      if (backtest) files['backtest.csv'] = residualsCsv(result.backtest_residuals);
      writeOutputDir(dir, files);
      if (o.apply) writeFileAtomic(calibratedFile, calibratedTs(result, command));
      if (o.quiet) return;
      const lines = [
        `${command}`,
        `loss ${result.startLoss.toFixed(3)} → ${result.loss.toFixed(3)} in ${result.evaluations} runs (${seconds.toFixed(1)} s on ${workers} thread${workers > 1 ? 's' : ''}; ${result.converged ? 'converged' : 'stopped'}: ${result.stopReason})`,
        '',
        formatTable(
          ['parameter', 'start', 'fitted', 'min', 'max', ''],
          result.params.map((p) => [p.name, p.start, p.value, p.min, p.max, p.atBound ? 'at bound' : '']),
        ),
        '',
        formatTable(
          ['observation', 'period', 'observed', 'modelled', 'z', ''],
          [...result.residuals.map((r) => ({ r, held: false })), ...result.backtest_residuals.map((r) => ({ r, held: true }))].map(({ r, held }) => [
            r.id,
            r.period,
            r.observed,
            Number.isFinite(r.modelled) ? r.modelled : null,
            r.fitted || held ? r.z : null,
            held ? (Math.abs(r.z) <= 1 ? 'held out, within' : 'held out, OUTSIDE') : !r.fitted ? 'reported only' : Math.abs(r.z) <= 1 ? 'within' : 'OUTSIDE',
          ]),
        ),
        '',
        `wrote ${dir}/${Object.keys(files).join(`, ${dir}/`)}${o.apply ? ` and ${calibratedFile} (now run \`npm run build\` and \`npm run docs\` so dist/ and the parameter tables of docs/model.md use the new defaults)` : ''}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}
