/**
 * `momentum sensitivity [SCENARIO]`: ranks parameters by their influence on chosen outputs
 * (Morris screening or Sobol indices with Saltelli sampling, meanfield solver) and writes
 * DIR/sensitivity.csv and DIR/tornado.svg.
 */
import type { Command } from 'commander';
import { formatValue, runScenario, ValidationError } from '../../model/index.js';
import { DEFAULT_CALIBRATION_PARAM_NAMES } from '../../model/calibrate/default-params.js';
import { groupsOf } from '../../model/calibrate/operators.js';
import { DEFAULT_SENSITIVITY_OUTPUTS, parseOutputs, sensitivity, sensitivityEvaluations, type SensitivityResult } from '../../model/calibrate/sensitivity.js';
import { checkCalibrationParams } from '../../model/calibrate/calibration.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { writeOutputDir } from '../../shell/output-dir.js';
import { createProgress } from '../../shell/progress.js';
import { tornadoSvg } from '../../shell/calibration/tornado-svg.js';
import { csvField } from '../../shell/calibration/calibration-outputs.js';
import { formatTable } from '../format-table.js';
import { parseIntOption } from '../options.js';
import { parseList } from './calibrate.js';

/** sensitivity.csv text. */
export function sensitivityCsv(r: SensitivityResult): string {
  const n = (v: number) => (Number.isFinite(v) ? formatValue(v) : '');
  const out = ['output,param,method,rank,mu_star,mu,sigma,S1,ST'];
  for (const x of r.rows) out.push([csvField(x.output), csvField(x.param), r.method, x.rank, n(x.mu_star), n(x.mu), n(x.sigma), n(x.S1), n(x.ST)].join(','));
  return out.join('\n') + '\n';
}

export function registerSensitivity(program: Command): void {
  program
    .command('sensitivity')
    .description('rank parameters by influence on outputs (Morris or Sobol); writes DIR/sensitivity.csv and DIR/tornado.svg')
    .argument('[scenario]', 'built-in scenario name or YAML/JSON file', 'baseline')
    .option('--method <m>', 'morris | sobol', 'morris')
    .option('--outputs <list>', `metric[:group]@YYYY-MM,… (default ${DEFAULT_SENSITIVITY_OUTPUTS.join(',')})`)
    .option('--params <a,b,c>', 'parameters to vary over their ranges (default: the calibration set)')
    .option('--samples <n>', 'Morris trajectories or Sobol base sample N (default 20 / 256)')
    .option('--seed <s>', 'random seed', '1')
    .option('--out <dir>', 'output folder', 'out/sensitivity')
    .option('--quiet', 'print nothing on success')
    .action((arg: string, o: Record<string, string | boolean | undefined>) => {
      const method = String(o.method);
      if (method !== 'morris' && method !== 'sobol') throw new ValidationError('--method', [{ path: '--method', expected: '"morris" or "sobol"', found: JSON.stringify(method) }]);
      const samples = parseIntOption('--samples', String(o.samples ?? (method === 'morris' ? '20' : '256')), 2, 1_000_000);
      const seed = parseIntOption('--seed', String(o.seed), -2147483648, 4294967295);
      const params = parseList(o.params as string | undefined) ?? [...DEFAULT_CALIBRATION_PARAM_NAMES];
      checkCalibrationParams(params);
      const scenario = resolveScenarioArg(arg);
      const ref = runScenario(scenario, { mode: 'meanfield' });
      const outputs = parseOutputs(parseList(o.outputs as string | undefined) ?? DEFAULT_SENSITIVITY_OUTPUTS, (m) => groupsOf(ref, m));
      const total = sensitivityEvaluations(method, samples, params.length);
      const progress = createProgress(`sensitivity (${total} runs)`, !o.quiet);
      const t0 = performance.now();
      const r = sensitivity({ scenario, params, outputs, method, samples, seed, onProgress: (d, t) => progress.update(d, t) });
      progress.stop();
      const dir = String(o.out);
      writeOutputDir(dir, { 'sensitivity.csv': sensitivityCsv(r), 'tornado.svg': tornadoSvg(r) });
      if (o.quiet) return;
      const lines: string[] = [`${method} on ${scenario.name}: ${r.evaluations} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`];
      for (const out of r.outputs) {
        const rows = r.rows.filter((x) => x.output === out.label).sort((a, b) => a.rank - b.rank);
        lines.push('', out.label, formatTable(method === 'morris' ? ['rank', 'parameter', 'mu*', 'mu', 'sigma'] : ['rank', 'parameter', 'S1', 'ST'], rows.map((x) => (method === 'morris' ? [x.rank, x.param, x.mu_star, x.mu, x.sigma] : [x.rank, x.param, x.S1, x.ST]))));
      }
      lines.push('', `wrote ${dir}/sensitivity.csv and ${dir}/tornado.svg`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
