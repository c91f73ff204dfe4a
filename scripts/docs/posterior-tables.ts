/**
 * The tables of docs/calibration.md §8 ("Posterior"), generated from the committed posterior
 * samples (data/posterior/ and data/posterior-backtest/, written by `momentum calibrate
 * --posterior`), so that `npm run docs` refreshes them when the samples are regenerated:
 *   <!-- posterior-summary:begin -->   sampler settings and convergence of the committed sample
 *   <!-- posterior-params:begin -->    each parameter's posterior mean, sd, 90% interval, R-hat, ESS
 *   <!-- posterior-coverage:begin -->  coverage of the 50% and 90% predictive intervals (calibration set, backtest)
 *   <!-- posterior-backtest:begin -->  each held-out record's predictive interval in the backtest
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CALIBRATED } from '../../src/model/params/calibrated.js';
import { PARAM_INDEX } from '../../src/model/index.js';
import { fmt } from './calibration-tables.js';
import { assumptionCoverage } from '../../src/shell/calibration/assumption-coverage.js';

interface Coverage {
  n: number;
  in50: number;
  in90: number;
}

interface Diagnostics {
  command: string;
  modelVersion: string;
  chains: number;
  iterations: number;
  burnIn: number;
  thin: number;
  draws: number;
  evaluations: number;
  acceptance: number;
  minEss: number;
  maxRhat: number;
  warnings: string[];
  predictiveDraws: number;
  params: { name: string; mean: number; sd: number; q05: number; q95: number; rhat: number; ess: number; essTail: number }[];
  coverage: { fitted: Coverage; heldOut: Coverage };
  seed: number;
  backtest: string | null;
}

function read(root: string, dir: string): { d: Diagnostics; predictive: string[][] } | null {
  const f = join(root, dir, 'diagnostics.json');
  if (!existsSync(f)) return null;
  const d = JSON.parse(readFileSync(f, 'utf8')) as Diagnostics;
  const q = join(root, dir, 'predictive.csv');
  const predictive = existsSync(q) ? readFileSync(q, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',')) : [];
  return { d, predictive };
}

const missing = (dir: string) => `No committed sample in \`${dir}\` yet.`;

/** Settings and convergence of the committed sample. */
export function posteriorSummary(root: string): string {
  const p = read(root, 'data/posterior');
  if (!p) return missing('data/posterior');
  const { d } = p;
  const verdict = d.warnings.length ? `**not mixed**: ${d.warnings.length} parameter${d.warnings.length > 1 ? 's' : ''} fail the usual thresholds (${d.warnings.join('; ')})` : 'every parameter within the usual thresholds (R-hat < 1.05, ESS ≥ 100)';
  return (
    `\`data/posterior/\`: \`${d.command}\` (model ${d.modelVersion}): ${d.draws} draws, ${d.chains} chains × ${d.iterations} generations after ${d.burnIn} of burn-in` +
    `${d.thin > 1 ? `, one generation in ${d.thin} kept` : ''}; ${d.evaluations} meanfield runs; acceptance ${d.acceptance.toFixed(2)}; ` +
    `max R-hat ${d.maxRhat.toFixed(3)}, min bulk-ESS ${Math.round(d.minEss)}: ${verdict}.`
  );
}

/** Each parameter's posterior next to its prior and the point calibration. */
export function posteriorParamsTable(root: string): string {
  const p = read(root, 'data/posterior');
  if (!p) return missing('data/posterior');
  const rows = p.d.params.map((q) => {
    const def = PARAM_INDEX.get(q.name);
    const prior = def ? `${fmt(Number(def.prior ?? def.default))}${def.priorSd ? ` ± ${fmt(def.priorSd)}` : ''}` : '—';
    const point = CALIBRATED.values[q.name];
    return `| \`${q.name}\` | ${prior} | ${point === undefined ? '—' : fmt(point)} | ${fmt(q.mean)} | ${fmt(q.sd)} | ${fmt(q.q05)} – ${fmt(q.q95)} | ${q.rhat.toFixed(3)} | ${Math.round(q.ess)} | ${Math.round(q.essTail)} |`;
  });
  return ['| parameter | prior ± sd | point fit (§7) | posterior mean | sd | 90% interval | R-hat | bulk-ESS | tail-ESS |', '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Coverage of the predictive intervals: calibration set and backtest. */
export function posteriorCoverageTable(root: string): string {
  const full = read(root, 'data/posterior');
  const bt = read(root, 'data/posterior-backtest');
  const cell = (c: Coverage | undefined, k: 'in50' | 'in90') => (!c || c.n === 0 ? '—' : `${c[k]} of ${c.n} (${Math.round((100 * c[k]) / c.n)}%)`);
  const rows: string[] = [];
  if (full) rows.push(`| calibration set: the 18 fitted records, posterior of all of them (\`data/posterior/\`) | ${full.d.predictiveDraws} | ${cell(full.d.coverage.fitted, 'in50')} | ${cell(full.d.coverage.fitted, 'in90')} |`);
  if (bt) {
    rows.push(`| backtest, training records: those ending before 2025-07 (\`data/posterior-backtest/\`) | ${bt.d.predictiveDraws} | ${cell(bt.d.coverage.fitted, 'in50')} | ${cell(bt.d.coverage.fitted, 'in90')} |`);
    rows.push(`| backtest, held-out records: the later ones, predicted | ${bt.d.predictiveDraws} | ${cell(bt.d.coverage.heldOut, 'in50')} | ${cell(bt.d.coverage.heldOut, 'in90')} |`);
  }
  if (!rows.length) return missing('data/posterior');
  return ['| records | draws through the model | 50% interval covers | 90% interval covers |', '|---|---|---|---|', ...rows].join('\n');
}

/** Coverage with the assumptions drawn (src/shell/calibration/assumption-coverage.ts), or null without the sample. */
function assumptionCoverageOf(root: string, dir: string): { fitted: Coverage; heldOut: Coverage; assumptions: string[]; draws: number } | null {
  if (!read(root, dir)) return null;
  const c = assumptionCoverage(join(root, dir), join(root, 'data/observations.json'));
  if ('skipped' in c) throw new Error(`${dir}: ${c.skipped}`);
  return c;
}

/** Coverage when the uncalibrated assumptions are drawn from their priors too (`--assumptions prior`). */
export function assumptionCoverageTable(root: string): string {
  const full = assumptionCoverageOf(root, 'data/posterior');
  const bt = assumptionCoverageOf(root, 'data/posterior-backtest');
  const cell = (c: Coverage | undefined, k: 'in50' | 'in90') => (!c || c.n === 0 ? '—' : `${c[k]} of ${c.n} (${Math.round((100 * c[k]) / c.n)}%)`);
  const rows: string[] = [];
  if (full) rows.push(`| calibration set, with the assumptions drawn | ${full.draws} | ${cell(full.fitted, 'in50')} | ${cell(full.fitted, 'in90')} |`);
  if (bt) {
    rows.push(`| backtest, training records, with the assumptions drawn | ${bt.draws} | ${cell(bt.fitted, 'in50')} | ${cell(bt.fitted, 'in90')} |`);
    rows.push(`| backtest, held-out records, with the assumptions drawn | ${bt.draws} | ${cell(bt.heldOut, 'in50')} | ${cell(bt.heldOut, 'in90')} |`);
  }
  if (!rows.length) return missing('data/posterior');
  const names = (full ?? bt)!.assumptions;
  return [
    '| records | draws through the model | 50% interval covers | 90% interval covers |',
    '|---|---|---|---|',
    ...rows,
    '',
    `The ${names.length} assumptions drawn: ${names.map((n) => `\`${n}\``).join(', ')}.`,
  ].join('\n');
}

/** Each held-out record of the backtest: observed value and predictive quantiles. */
export function posteriorBacktestTable(root: string): string {
  const bt = read(root, 'data/posterior-backtest');
  if (!bt) return missing('data/posterior-backtest');
  const rows = bt.predictive
    .filter((v) => v[v.length - 11] === 'held-out')
    .map((v) => {
      const id = v.slice(0, v.length - 11).join(',');
      const [, observed, q05, q25, q50, q75, q95, pit, in50, in90] = v.slice(-11).map((s, i) => (i === 0 ? NaN : Number(s)));
      return `| \`${id}\` | ${fmt(observed)} | ${fmt(q05)} | ${fmt(q25)} | ${fmt(q50)} | ${fmt(q75)} | ${fmt(q95)} | ${pit.toFixed(2)} | ${in90 ? (in50 ? 'in 50% and 90%' : 'in 90%') : 'outside'} |`;
    });
  return ['| held-out record | observed | q05 | q25 | q50 | q75 | q95 | PIT | |', '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Generated blocks of docs/calibration.md §8 by marker name. */
export function posteriorBlocks(root: string): Record<string, () => string> {
  return {
    'posterior-summary': () => posteriorSummary(root),
    'posterior-params': () => posteriorParamsTable(root),
    'posterior-coverage': () => posteriorCoverageTable(root),
    'posterior-backtest': () => posteriorBacktestTable(root),
    'posterior-coverage-assumptions': () => assumptionCoverageTable(root),
  };
}
