/**
 * Global sensitivity of chosen outputs (metric, group, month) to parameters over their
 * ranges: Morris screening or Sobol indices with Saltelli sampling, on the meanfield solver.
 */
import { METRIC_INDEX, METRICS } from '../outputs/metrics.js';
import { PARAM_INDEX } from '../params/param-defs.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { ValidationError, type ValidationIssue } from '../scenario/validate.js';
import { nearestName } from '../scenario/nearest-name.js';
import { DEFAULT_FROM, isMonth, monthIndex } from '../time.js';
import { morrisDesign, morrisIndices } from './morris.js';
import { saltelliDesign, saltelliEvaluations, sobolIndices } from './sobol-indices.js';
import { runWith, checkCalibrationParams } from './calibration.js';
import { seriesOf } from './operators.js';

/** One output: a metric's group in a month. */
export interface SensitivityOutput {
  metric: string;
  group: string;
  month: string;
  /** `metric:group@YYYY-MM`. */
  label: string;
}

/** One row of sensitivity.csv. */
export interface SensitivityRow {
  output: string;
  param: string;
  /** Morris: μ*, μ, σ. Sobol: S1, ST (NaN for the other method). */
  mu_star: number;
  mu: number;
  sigma: number;
  S1: number;
  ST: number;
  /** Rank of the parameter for this output (1 = most influential). */
  rank: number;
}

/** Result of a sensitivity analysis. */
export interface SensitivityResult {
  method: 'morris' | 'sobol';
  samples: number;
  evaluations: number;
  params: string[];
  outputs: SensitivityOutput[];
  rows: SensitivityRow[];
}

/** Default outputs: the quantities of observations #1–#7. */
export const DEFAULT_SENSITIVITY_OUTPUTS = [
  'download_share:CN@2025-08',
  'derivative_share:CN@2026-02',
  'token_share:CN@2025-12',
  'enterprise_open_share@2025-07',
  'capability_gap_months:open_vs_closed@2025-10',
];

/**
 * Parses `metric[:group]@YYYY-MM` specs. The group may be left out when the metric has a
 * single group (e.g. `all`). Throws ValidationError naming the bad item.
 */
export function parseOutputs(specs: readonly string[], groupsFor: (metric: string) => string[], source = '--outputs'): SensitivityOutput[] {
  const issues: ValidationIssue[] = [];
  const out: SensitivityOutput[] = [];
  for (const raw of specs) {
    const spec = raw.trim();
    const m = /^([a-z_]+)(?::([^@]+))?@(.+)$/.exec(spec);
    if (!m) {
      issues.push({ path: source, expected: 'metric[:group]@YYYY-MM, e.g. download_share:CN@2025-08', found: JSON.stringify(spec) });
      continue;
    }
    const [, metric, g, month] = m;
    if (!METRIC_INDEX.has(metric)) {
      const near = nearestName(metric, METRICS.map((x) => x.id));
      issues.push({ path: `${source} "${spec}"`, expected: 'a model metric id', found: JSON.stringify(metric), hint: near ? `did you mean "${near}"?` : undefined });
      continue;
    }
    if (!isMonth(month)) {
      issues.push({ path: `${source} "${spec}"`, expected: 'a month as YYYY-MM', found: JSON.stringify(month) });
      continue;
    }
    const groups = groupsFor(metric);
    let group = g;
    if (group === undefined) {
      if (groups.length === 1) group = groups[0];
      else {
        issues.push({ path: `${source} "${spec}"`, expected: `a group after a colon (${groups.join(', ')})`, found: 'no group' });
        continue;
      }
    } else if (!groups.includes(group) && !(group === 'all' && !METRIC_INDEX.get(metric)!.isShare)) {
      const near = nearestName(group, groups);
      issues.push({ path: `${source} "${spec}"`, expected: `a group of ${metric} (${groups.join(', ')})`, found: JSON.stringify(group), hint: near ? `did you mean "${near}"?` : undefined });
      continue;
    }
    out.push({ metric, group, month, label: `${metric}:${group}@${month}` });
  }
  if (issues.length) throw new ValidationError(source, issues);
  return out;
}

/** Options of a sensitivity analysis. */
export interface SensitivityOptions {
  scenario: ResolvedScenario;
  params: readonly string[];
  outputs: readonly SensitivityOutput[];
  method: 'morris' | 'sobol';
  /** Morris: trajectories; Sobol: base sample size N. */
  samples: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

/** Model evaluations a sensitivity analysis needs. */
export function sensitivityEvaluations(method: 'morris' | 'sobol', samples: number, k: number): number {
  return method === 'morris' ? samples * (k + 1) : saltelliEvaluations(samples, k);
}

/** Runs the analysis. Throws ValidationError for unknown parameters or months outside the run. */
export function sensitivity(opts: SensitivityOptions): SensitivityResult {
  checkCalibrationParams(opts.params);
  const names = [...opts.params];
  const k = names.length;
  const defs = names.map((n) => PARAM_INDEX.get(n)!);
  let last = monthIndex(DEFAULT_FROM);
  for (const o of opts.outputs) {
    if (monthIndex(o.month) < monthIndex(DEFAULT_FROM)) {
      throw new ValidationError('--outputs', [{ path: `--outputs "${o.label}"`, expected: `a month from ${DEFAULT_FROM}`, found: JSON.stringify(o.month) }]);
    }
    last = Math.max(last, monthIndex(o.month));
  }
  const to = `${Math.floor(last / 12)}-${String((last % 12) + 1).padStart(2, '0')}`;
  const points =
    opts.method === 'morris' ? morrisDesign(opts.samples, k, opts.seed) : saltelliDesign(opts.samples, k, opts.seed);
  const rows = points.points.length / k;
  const y = opts.outputs.map(() => new Float64Array(rows));
  const x = new Float64Array(k);
  const first = monthIndex(DEFAULT_FROM);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) x[i] = defs[i].min! + points.points[r * k + i] * (defs[i].max! - defs[i].min!);
    const run = runWith(opts.scenario, names, x, DEFAULT_FROM, to);
    opts.outputs.forEach((o, j) => {
      const v = seriesOf(run, o.metric, o.group);
      const val = v ? v[monthIndex(o.month) - first] : NaN;
      y[j][r] = Number.isFinite(val) ? val : 0;
    });
    if (opts.onProgress && (r % 20 === 19 || r === rows - 1)) opts.onProgress(r + 1, rows);
  }
  const out: SensitivityRow[] = [];
  opts.outputs.forEach((o, j) => {
    const part: SensitivityRow[] = [];
    if (opts.method === 'morris') {
      const m = morrisIndices(y[j], points as ReturnType<typeof morrisDesign>);
      for (let i = 0; i < k; i++) part.push({ output: o.label, param: names[i], mu_star: m.muStar[i], mu: m.mu[i], sigma: m.sigma[i], S1: NaN, ST: NaN, rank: 0 });
    } else {
      const s = sobolIndices(y[j], opts.samples, k);
      for (let i = 0; i < k; i++) part.push({ output: o.label, param: names[i], mu_star: NaN, mu: NaN, sigma: NaN, S1: s.S1[i], ST: s.ST[i], rank: 0 });
    }
    const key = (r: SensitivityRow) => (opts.method === 'morris' ? r.mu_star : r.ST);
    const order = [...part].sort((a, b) => key(b) - key(a) || a.param.localeCompare(b.param));
    order.forEach((r, i) => (r.rank = i + 1));
    out.push(...part);
  });
  return { method: opts.method, samples: opts.samples, evaluations: rows, params: names, outputs: [...opts.outputs], rows: out };
}
