/**
 * `momentum calibrate --posterior`: samples the posterior over the calibrated parameters with
 * DE-MC-z on the meanfield solver (each generation on the worker-thread pool) and writes, all at
 * once, DIR/posterior.csv, DIR/diagnostics.json and DIR/predictive.csv (docs/calibration.md §8).
 * Poor mixing is reported on stderr and in diagnostics.json (`warnings`), never hidden.
 */
import type { Command } from 'commander';
import { isAbsolute, relative } from 'node:path';
import { runScenario, ValidationError } from '../../model/index.js';
import { checkCalibrationParams, withPriors } from '../../model/calibrate/calibration.js';
import { checkPosteriorOptions, inThread, samplePosterior, RHAT_MAX, ESS_MIN } from '../../model/calibrate/posterior.js';
import { DEFAULT_CALIBRATION_PARAM_NAMES } from '../../model/calibrate/default-params.js';
import { defaultWorkers, lossPool } from '../../shell/calibration/loss-pool.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { writeOutputDir } from '../../shell/output-dir.js';
import { createProgress } from '../../shell/progress.js';
import { defaultObservationsFile, readObservationsFile } from '../../shell/calibration/observations-file.js';
import { diagnosticsJson, posteriorCsv, predictiveCsv } from '../../shell/calibration/posterior-outputs.js';
import { formatTable } from '../format-table.js';
import { parseIntOption } from '../options.js';
import { parseList } from './calibrate.js';

/**
 * Defaults of the sampler flags: about 27,000 model runs (108 s on 2 cores at seed 1, min bulk-ESS
 * 379, max R-hat 1.040), a few hundred effective draws of the default calibration; the committed
 * sample (docs/calibration.md §8.5) runs longer. 20 chains: each generation is one batch over the
 * worker threads, and longer batches waste less time waiting (docs/calibration.md §8.7; 10 chains
 * with 1,000 generations of burn-in made the same runs for a min bulk-ESS of 255 in 157 s).
 */
export const POSTERIOR_DEFAULTS = { samples: 1000, chains: 20, burnIn: 500, thin: 20, checkDraws: 400 } as const;

/** The canonical command line that reproduces a posterior sample. */
export function posteriorCommand(o: { scenario: string; params: readonly string[]; observations: string | null; samples: number; chains: number; burnIn: number; thin: number; checkDraws: number; seed: number; backtest?: string }): string {
  const parts = ['momentum calibrate --posterior'];
  if (o.scenario !== 'baseline') parts.push(`--scenario ${o.scenario}`);
  if (o.params.join(',') !== DEFAULT_CALIBRATION_PARAM_NAMES.join(',')) parts.push(`--params ${o.params.join(',')}`);
  if (o.observations) parts.push(`--observations ${o.observations}`);
  parts.push(`--samples ${o.samples}`, `--chains ${o.chains}`, `--burn-in ${o.burnIn}`, `--thin ${o.thin}`);
  if (o.checkDraws !== POSTERIOR_DEFAULTS.checkDraws) parts.push(`--check-draws ${o.checkDraws}`);
  parts.push(`--seed ${o.seed}`);
  if (o.backtest) parts.push(`--backtest ${o.backtest}`);
  return parts.join(' ');
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)) : null);
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

export async function calibratePosterior(o: Record<string, string | boolean | undefined>, cmd: Command): Promise<void> {
  // ---- validate everything before any work or output ----
  for (const [key, flag] of [['apply', '--apply'], ['budget', '--budget'], ['optimizer', '--optimizer'], ['bounds', '--bounds']] as const) {
    if (cmd.getOptionValueSource(key) === 'cli') {
      throw new ValidationError(flag, [{ path: flag, expected: 'no ' + flag + ' with --posterior (the sampler has its own flags: --samples, --chains, --burn-in, --thin)', found: `${flag}${typeof o[key] === 'string' ? ` ${o[key]}` : ''}` }]);
    }
  }
  const int = (flag: string, key: string, def: number, min: number, max: number) => (o[key] === undefined ? def : parseIntOption(flag, String(o[key]), min, max));
  const chains = int('--chains', 'chains', POSTERIOR_DEFAULTS.chains, 3, 1000);
  const samples = int('--samples', 'samples', POSTERIOR_DEFAULTS.samples, 1, 10_000_000);
  const burnIn = int('--burn-in', 'burnIn', POSTERIOR_DEFAULTS.burnIn, 0, 10_000_000);
  const thin = int('--thin', 'thin', POSTERIOR_DEFAULTS.thin, 1, 100_000);
  const checkDraws = int('--check-draws', 'checkDraws', POSTERIOR_DEFAULTS.checkDraws, 0, 1_000_000);
  checkPosteriorOptions({ samples, chains, burnIn, thin, checkDraws });
  const workers = o.workers === undefined ? defaultWorkers() : parseIntOption('--workers', String(o.workers), 1, 64);
  const seed = parseIntOption('--seed', String(o.seed), -2147483648, 4294967295);
  const backtest = o.backtest as string | undefined;
  if (backtest !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(backtest)) {
    throw new ValidationError('--backtest', [{ path: '--backtest', expected: 'a month as YYYY-MM', found: JSON.stringify(backtest) }]);
  }
  const params = parseList(o.params as string | undefined) ?? [...DEFAULT_CALIBRATION_PARAM_NAMES];
  checkCalibrationParams(params);
  const scenario = resolveScenarioArg(String(o.scenario));
  const obsFile = (o.observations as string | undefined) ?? defaultObservationsFile();
  const observations = readObservationsFile(obsFile, runScenario(withPriors(scenario), { mode: 'meanfield' }));
  const obsArg = o.observations ? (isAbsolute(obsFile) ? relative(process.cwd(), obsFile) : obsFile) : null;
  const command = posteriorCommand({ scenario: scenario.name, params, observations: obsArg, samples, chains, burnIn, thin, checkDraws, seed, backtest });
  const dir = (o.out as string | undefined) ?? 'out/posterior';

  // ---- sample ----
  const progress = createProgress('posterior', !o.quiet);
  const t0 = performance.now();
  const result = await samplePosterior(
    { scenario, params, observations, samples, chains, burnIn, thin, checkDraws, seed, backtest, onProgress: (d, t) => progress.update(d, t) },
    workers > 1 ? lossPool(workers) : inThread,
  );
  progress.stop();
  const seconds = (performance.now() - t0) / 1000;

  // ---- write (all files at once) ----
  const files = {
    'posterior.csv': posteriorCsv(result),
    'diagnostics.json': diagnosticsJson(result, command, checkDraws),
    'predictive.csv': predictiveCsv(result.predictive),
  };
  writeOutputDir(dir, files);
  // poor mixing is never hidden, not even by --quiet
  if (result.warnings.length) {
    process.stderr.write(
      `warning: the chains have not mixed (thresholds: R-hat < ${RHAT_MAX}, bulk- and tail-ESS ≥ ${ESS_MIN}); do not use these draws as a posterior without a longer run (--burn-in, --samples, --thin):\n` +
        result.warnings.map((w) => `  ${w}\n`).join(''),
    );
  }
  if (o.quiet) return;
  const { fitted, heldOut } = result.coverage;
  const lines = [
    command,
    `${result.draws} draws (${chains} chains × ${result.iterations} generations after ${burnIn} of burn-in${thin > 1 ? `, thinned by ${thin}` : ''}), ${result.run.evaluations} meanfield runs in ${seconds.toFixed(1)} s on ${workers} thread${workers > 1 ? 's' : ''}; acceptance ${result.acceptance.toFixed(3)}`,
    `min bulk-ESS ${result.minEss.toFixed(0)}, max R-hat ${result.maxRhat.toFixed(3)}: ${result.warnings.length ? 'NOT MIXED (see the warning above)' : 'within the usual thresholds'}`,
    '',
    formatTable(
      ['parameter', 'mean', 'sd', 'q05', 'q50', 'q95', 'R-hat', 'ESS', 'tail ESS'],
      result.params.map((p) => [p.name, fmt(p.mean), fmt(p.sd), fmt(p.q05), fmt(p.q50), fmt(p.q95), fmt(p.rhat), Number.isFinite(p.ess) ? String(Math.round(p.ess)) : null, Number.isFinite(p.essTail) ? String(Math.round(p.essTail)) : null]),
    ),
    '',
    `posterior predictive coverage (${Math.min(checkDraws, samples)} draws through the model, observation noise included):`,
    `  fitted records: 50% interval ${fitted.in50}/${fitted.n} (${pct(fitted.coverage50)}), 90% interval ${fitted.in90}/${fitted.n} (${pct(fitted.coverage90)})`,
    ...(backtest ? [`  held-out records (from ${backtest}): 50% interval ${heldOut.in50}/${heldOut.n} (${pct(heldOut.coverage50)}), 90% interval ${heldOut.in90}/${heldOut.n} (${pct(heldOut.coverage90)})`] : []),
    '',
    `wrote ${dir}/${Object.keys(files).join(`, ${dir}/`)}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
