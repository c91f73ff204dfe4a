/**
 * The tables of docs/calibration.md §7 ("Current calibration"), generated from the committed
 * calibration (src/model/params/calibrated.ts) and data/observations.json by one meanfield run at
 * the calibrated defaults, so they change with the model and `npm run docs` refreshes them:
 *   <!-- calibration-summary:begin --> the loss at the priors and at the fitted values
 *   <!-- calibration-params:begin -->  prior, fitted value and range notes of each fitted parameter
 *   <!-- calibration-fit:begin -->     each fitted record: observed, modelled, z
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARAM_INDEX, ScenarioRegistry, runScenario, type RunResult } from '../../src/model/index.js';
import { CALIBRATED } from '../../src/model/params/calibrated.js';
import { withPriors } from '../../src/model/calibrate/calibration.js';
import { DEFAULT_CALIBRATION_BOUNDS } from '../../src/model/calibrate/default-params.js';
import { evaluateFit, type FitEvaluation } from '../../src/model/calibrate/fit-loss.js';
import { readObservationsFile } from '../../src/shell/calibration/observations-file.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Three significant digits, with M for millions (download counts) and − for minus (also the posterior tables'). */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const minus = (s: string) => s.replace(/^-/, '−');
  if (Math.abs(v) >= 1e6) return minus(`${Math.round(v / 1e6)}M`);
  if (Math.abs(v) >= 100) return minus(v.toFixed(1).replace(/\.0$/, ''));
  return minus(Number(v.toPrecision(3)).toString());
}

/** A crossing time in decimal years as "2025.50 (Jul 2025)". */
function fmtYear(v: number): string {
  const year = Math.floor(v);
  const m = Math.min(11, Math.max(0, Math.round((v - year) * 12)));
  return `${v.toFixed(2)} (${MONTHS[m]} ${year})`;
}

interface CalibrationFacts {
  readonly start: FitEvaluation;
  readonly fitted: FitEvaluation;
}

let cached: CalibrationFacts | undefined;

/** The fit at the priors and at the calibrated defaults (full horizon), computed once. */
export function calibrationFacts(root: string): CalibrationFacts {
  if (cached) return cached;
  const baseline = new ScenarioRegistry().resolve('baseline');
  const atFitted: RunResult = runScenario(baseline, { mode: 'meanfield' });
  const atPriors: RunResult = runScenario(withPriors(baseline), { mode: 'meanfield' });
  const observations = readObservationsFile(join(root, 'data/observations.json'), atPriors);
  cached = { start: evaluateFit(observations, atPriors), fitted: evaluateFit(observations, atFitted) };
  return cached;
}

/** Summary sentence of the committed calibration. */
export function calibrationSummary(root: string): string {
  const { start, fitted } = calibrationFacts(root);
  const n = fitted.residuals.filter((r) => r.fitted).length;
  const within = fitted.residuals.filter((r) => r.fitted && Math.abs(r.z) <= 1).length;
  const budget = /--budget (\d+)/.exec(CALIBRATED.command)?.[1];
  return (
    `Loss Σz² over the ${n} fitted records: ${start.loss.toFixed(1)} at the priors → ${fitted.loss.toFixed(2)} at the committed values` +
    `${budget ? ` (a budget of ${budget} meanfield runs)` : ''}; ${within} of the ${n} records are within their uncertainty (|z| ≤ 1).`
  );
}

/** Prior, fitted value and a note for each calibrated parameter. */
export function calibrationParamsTable(): string {
  const rows = Object.entries(CALIBRATED.values).map(([name, value]) => {
    const d = PARAM_INDEX.get(name);
    if (!d || d.min === undefined || d.max === undefined) throw new Error(`calibrated.ts names ${name}, which is not a numeric parameter`);
    const span = d.max - d.min;
    const bound = DEFAULT_CALIBRATION_BOUNDS[name];
    const near = (a: number) => Math.abs(value - a) < 0.01 * span;
    const note =
      bound && (near(bound[0]) || near(bound[1])) && !(near(d.min) || near(d.max))
        ? `at the search bound (${bound[0]}–${bound[1]})`
        : near(d.max)
          ? 'at the top of its range'
          : near(d.min)
            ? 'at the bottom of its range'
            : '';
    return `| \`${name}\` | ${fmt(Number(d.prior ?? d.default))} | ${fmt(value)} | ${String(d.min).replace(/^-/, "−")} – ${d.max} | ${note} |`;
  });
  return ['| parameter | prior | fitted | range | note |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** Each fitted record at the committed values. */
export function calibrationFitTable(root: string): string {
  const obs = JSON.parse(readFileSync(join(root, 'data/observations.json'), 'utf8')) as { id: string; kind?: string }[];
  const kind = new Map(obs.map((o) => [o.id, o.kind]));
  const rows = calibrationFacts(root)
    .fitted.residuals.filter((r) => r.fitted)
    .map((r) => {
      const crossing = kind.get(r.id) === 'crossing';
      const show = crossing ? fmtYear : fmt;
      return `| \`${r.id}\` | ${crossing ? 'crossing' : r.period} | ${show(r.observed)} | ${show(r.modelled)} | ${r.z.toFixed(2).replace(/^-/, '−')} | ${Math.abs(r.z) <= 1 ? 'within' : 'outside'} |`;
    });
  return ['| record | period | observed | modelled | z | |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Generated blocks of docs/calibration.md by marker name. */
export function calibrationBlocks(root: string): Record<string, () => string> {
  return {
    'calibration-summary': () => calibrationSummary(root),
    'calibration-params': calibrationParamsTable,
    'calibration-fit': () => calibrationFitTable(root),
  };
}
