/**
 * The posterior part of `momentum report calibration` (`--posterior DIR`, or `--in DIR` holding
 * a posterior): convergence diagnostics (with any mixing problem at the top), each parameter's
 * marginal against its soft prior, and the posterior predictive check — the coverage of the 50%
 * and 90% predictive intervals and each observation's place in its predictive distribution
 * (PIT). Reads the files `momentum calibrate --posterior` wrote; charts by Observable Plot on the
 * server, no scripts.
 */
import type { AssumptionCoverage } from './assumption-coverage.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Plot from '@observablehq/plot';
import { PARAM_INDEX, ValidationError } from '../../model/index.js';
import { escapeHtml, renderPlotSvg, type HtmlSection } from '../../charts/server.js';
import { PREDICTIVE_HEADER } from './posterior-outputs.js';
import { readPosteriorDir as readSample } from '../posterior-file.js';

/** A coverage summary as diagnostics.json holds it. */
interface CoverageJson {
  n: number;
  in50: number;
  in90: number;
  coverage50: number | null;
  coverage90: number | null;
}

/** What the report reads from a posterior folder. */
export interface PosteriorDir {
  dir: string;
  diagnostics: {
    modelVersion: string;
    command: string;
    seed: number;
    sampler: string;
    chains: number;
    iterations: number;
    burnIn: number;
    thin: number;
    draws: number;
    params: { name: string; mean: number | null; sd: number | null; q05: number | null; q50: number | null; q95: number | null; rhat: number | null; ess: number | null; essTail?: number | null }[];
    minEss: number | null;
    maxRhat: number | null;
    acceptance: number | null;
    warnings?: string[];
    backtest?: string | null;
    predictiveDraws?: number;
    coverage?: { fitted: CoverageJson; heldOut: CoverageJson };
  };
  /** Parameter name → its draws. */
  draws: Map<string, Float64Array>;
  predictive: { id: string; set: string; observed: number; q05: number; q25: number; q50: number; q75: number; q95: number; pit: number; in50: boolean; in90: boolean }[];
}

/** True when the folder holds a posterior (diagnostics.json and posterior.csv). */
export function isPosteriorDir(dir: string): boolean {
  return existsSync(join(dir, 'diagnostics.json')) && existsSync(join(dir, 'posterior.csv'));
}

/**
 * Reads DIR/diagnostics.json and DIR/posterior.csv with the posterior reader of `momentum
 * ensemble --sample posterior` (src/shell/posterior-file.ts), then the report's extra needs (the
 * sampler's settings in diagnostics.json) and DIR/predictive.csv when present; throws
 * ValidationError naming the file and field.
 */
export function readPosteriorDir(dir: string): PosteriorDir {
  const df = join(dir, 'diagnostics.json');
  const qf = join(dir, 'predictive.csv');
  const sample = readSample(dir, '--posterior');
  const d = sample.diagnostics as Record<string, unknown>;
  const need: [string, string][] = [
    ['command', 'string'],
    ['sampler', 'string'],
    ['chains', 'number'],
  ];
  const issues = need.filter(([k, t]) => typeof d[k] !== t).map(([k, t]) => ({ path: k, expected: `a ${t} (the report shows the sampler's settings)`, found: d[k] === undefined ? 'nothing (missing)' : typeof d[k] }));
  if (issues.length) throw new ValidationError(df, issues);
  const diagnostics = d as unknown as PosteriorDir['diagnostics'];
  // by parameter: the report draws each marginal
  const draws = new Map(sample.names.map((n, j) => [n, Float64Array.from(sample.draws, (x) => x[j])]));
  const predictive: PosteriorDir['predictive'] = [];
  if (existsSync(qf)) {
    const q = readFileSync(qf, 'utf8').trimEnd().split('\n');
    if (q[0] !== PREDICTIVE_HEADER) throw new ValidationError(qf, [{ path: 'header', expected: PREDICTIVE_HEADER, found: JSON.stringify(q[0]) }]);
    for (const line of q.slice(1)) {
      // the id may be quoted; the other fields are plain
      const parts = line.split(',');
      const tail = parts.slice(-11);
      let id = parts.slice(0, parts.length - 11).join(',');
      if (id.startsWith('"')) id = id.slice(1, -1).replace(/""/g, '"');
      const n = tail.slice(1, 9).map((s) => (s === '' ? NaN : Number(s)));
      predictive.push({ id, set: tail[0], observed: n[0], q05: n[1], q25: n[2], q50: n[3], q75: n[4], q95: n[5], pit: n[6], in50: tail[8] === '1', in90: tail[9] === '1' });
    }
  }
  return { dir, diagnostics, draws, predictive };
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e6) return v.toExponential(3);
  // one decimal between 100 and 10,000: crossing dates are decimal years (2025.5 = Jul 2025)
  if (a >= 1e4) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

const pct = (c: CoverageJson | undefined, key: 'coverage50' | 'coverage90', count: 'in50' | 'in90') =>
  !c || c.n === 0 ? '—' : `${c[count]}/${c.n} (${Math.round((c[key] ?? 0) * 100)}%)`;

/** The coverage rows with the uncalibrated assumptions drawn from their priors (when computed). */
function assumptionRows(a: AssumptionCoverage | undefined, backtest: string | null | undefined): string {
  if (!a || 'skipped' in a) return '';
  const row = (label: string, c: CoverageJson) => `<tr><td>${label}, with the ${a.assumptions.length} uncalibrated assumptions drawn from their priors</td><td class="num">${pct(c, 'coverage50', 'in50')}</td><td class="num">${pct(c, 'coverage90', 'in90')}</td></tr>`;
  return `\n${row('fitted', a.fitted)}${backtest ? `\n${row('held out', a.heldOut)}` : ''}`;
}

function assumptionNote(a: AssumptionCoverage | undefined): string {
  if (!a) return '';
  if ('skipped' in a) return `<p class="meta">The check with the uncalibrated assumptions drawn was not computed: ${escapeHtml(a.skipped)}.</p>`;
  return `<p class="meta">"With the assumptions drawn": the same ${a.draws} draws, each with ${a.assumptions.map((n) => `<code>${escapeHtml(n)}</code>`).join(', ')} drawn from their soft priors, as <code>momentum ensemble --sample posterior --assumptions prior</code> does.</p>`;
}

/** One parameter's histogram of draws, with its prior's mean ± sd. */
function marginalChart(name: string, x: Float64Array): string {
  const def = PARAM_INDEX.get(name);
  const prior = Number(def?.prior ?? def?.default);
  const sd = def?.priorSd;
  const marks: Plot.Markish[] = [Plot.rectY(Array.from(x), { ...Plot.binX({ y: 'proportion' }, { x: (v: number) => v, thresholds: 30 }), fill: '#4e79a7', fillOpacity: 0.8 }), Plot.ruleY([0])];
  if (Number.isFinite(prior)) {
    if (sd) marks.push(Plot.rect([{ x1: prior - sd, x2: prior + sd }], { x1: 'x1', x2: 'x2', y1: 0, y2: 0.004, fill: '#f28e2b' }));
    marks.push(Plot.ruleX([prior], { stroke: '#f28e2b', strokeWidth: 2, strokeDasharray: '4,3' }));
  }
  return renderPlotSvg({
    width: 320,
    height: 150,
    marginLeft: 40,
    x: { label: name, ...(def?.min !== undefined && def?.max !== undefined ? { domain: [def.min, def.max] } : {}) },
    y: { label: 'share of draws', grid: true },
    marks,
  });
}

/** Each observation's PIT (the share of predictive draws below it) against the 50% and 90% bands. */
function pitChart(rows: PosteriorDir['predictive']): string {
  const shown = rows.filter((r) => r.set !== 'reported' && Number.isFinite(r.pit));
  return renderPlotSvg({
    width: 900,
    height: 40 + 18 * shown.length,
    marginLeft: 290,
    x: { domain: [0, 1], label: 'share of posterior predictive draws below the observed value (PIT)', grid: true },
    y: { label: null, domain: shown.map((r) => r.id) },
    color: { domain: ['fitted', 'held-out'], range: ['#4e79a7', '#e15759'], legend: true },
    caption: 'Shaded: the central 90% and 50% predictive intervals (PIT 0.05–0.95, 0.25–0.75). A calibrated posterior puts about 90% and 50% of the dots inside them.',
    marks: [
      Plot.rectX([{ x1: 0.05, x2: 0.95 }], { x1: 'x1', x2: 'x2', fill: '#eee' }),
      Plot.rectX([{ x1: 0.25, x2: 0.75 }], { x1: 'x1', x2: 'x2', fill: '#ddd' }),
      Plot.dot(shown, { x: 'pit', y: 'id', fill: 'set', r: 4 }),
    ],
  });
}

/** The posterior sections of the calibration report. */
export function posteriorSections(p: PosteriorDir, withAssumptions?: AssumptionCoverage): HtmlSection[] {
  const d = p.diagnostics;
  const warnings = d.warnings ?? [];
  const sections: HtmlSection[] = [];
  const rows = d.params
    .map((q) => {
      const bad = !(q.rhat !== null && q.rhat < 1.05) || !(q.ess !== null && q.ess >= 100);
      return `<tr${bad ? ' style="background:#fde8e8"' : ''}><td><code>${escapeHtml(q.name)}</code></td><td class="num">${fmt(q.mean)}</td><td class="num">${fmt(q.sd)}</td><td class="num">${fmt(q.q05)}</td><td class="num">${fmt(q.q50)}</td><td class="num">${fmt(q.q95)}</td><td class="num">${fmt(q.rhat)}</td><td class="num">${q.ess === null ? '—' : Math.round(q.ess)}</td><td class="num">${q.essTail === null || q.essTail === undefined ? '—' : Math.round(q.essTail)}</td></tr>`;
    })
    .join('\n');
  sections.push({
    heading: 'Posterior',
    html: `<p>Command: <code style="word-break:break-all">${escapeHtml(d.command)}</code></p>
<p>${escapeHtml(d.sampler)}: ${d.draws} draws (${d.chains} chains × ${d.iterations} generations after ${d.burnIn} of burn-in${d.thin > 1 ? `, thinned by ${d.thin}` : ''}); acceptance ${fmt(d.acceptance)}. Likelihood: the observation model of the fitted records (−Σz²/2); prior: the parameters' soft priors truncated to their ranges.</p>
${
  warnings.length
    ? `<p style="background:#fde8e8;padding:.5rem"><b>The chains have not mixed</b> (R-hat ≥ 1.05 or an ESS below 100): these draws are not a reliable posterior.<br>${warnings.map(escapeHtml).join('<br>')}</p>`
    : `<p>Every parameter is within the usual thresholds: max R-hat ${fmt(d.maxRhat)} (&lt; 1.05), min bulk-ESS ${d.minEss === null ? '—' : Math.round(d.minEss)}.</p>`
}
<table><thead><tr><th>parameter</th><th>mean</th><th>sd</th><th>q05</th><th>q50</th><th>q95</th><th>R-hat</th><th>bulk-ESS</th><th>tail-ESS</th></tr></thead><tbody>${rows}</tbody></table>
<p class="meta">R-hat: rank-normalised split-R-hat, the larger of bulk and tail (Vehtari et al. 2021); ESS: effective sample size (bulk, and tail at the 5% and 95% quantiles).</p>`,
  });
  const charts = d.params.map((q) => `<div class="chart"><h3>${escapeHtml(q.name)}</h3>${marginalChart(q.name, p.draws.get(q.name)!)}</div>`).join('\n');
  sections.push({ heading: 'Marginal posteriors', html: `<p class="meta">Histograms of the draws over each parameter's range; orange: the soft prior's mean (dashed) and ± 1 sd.</p><div class="charts">${charts}</div>` });
  if (p.predictive.length) {
    const c = d.coverage;
    const table = `<table><thead><tr><th>records</th><th>50% interval covers</th><th>90% interval covers</th></tr></thead><tbody>
<tr><td>fitted (in the likelihood)</td><td class="num">${pct(c?.fitted, 'coverage50', 'in50')}</td><td class="num">${pct(c?.fitted, 'coverage90', 'in90')}</td></tr>
${d.backtest ? `<tr><td>held out (ending in or after ${escapeHtml(d.backtest)})</td><td class="num">${pct(c?.heldOut, 'coverage50', 'in50')}</td><td class="num">${pct(c?.heldOut, 'coverage90', 'in90')}</td></tr>` : ''}${assumptionRows(withAssumptions, d.backtest)}</tbody></table>${assumptionNote(withAssumptions)}`;
    const list = p.predictive
      .filter((r) => r.set !== 'reported')
      .map((r) => `<tr${r.in90 ? '' : ' style="background:#fde8e8"'}><td>${escapeHtml(r.id)}</td><td>${escapeHtml(r.set)}</td><td class="num">${fmt(r.observed)}</td><td class="num">${fmt(r.q05)}</td><td class="num">${fmt(r.q25)}</td><td class="num">${fmt(r.q50)}</td><td class="num">${fmt(r.q75)}</td><td class="num">${fmt(r.q95)}</td><td class="num">${fmt(r.pit)}</td></tr>`)
      .join('\n');
    sections.push({
      heading: 'Posterior predictive check',
      html: `<p>Each record's predictive distribution: the modelled value at ${d.predictiveDraws ?? 'the'} posterior draws plus the record's observation noise (its uncertainty, on each side as in the loss). Coverage: how many observed values fall inside the central 50% and 90% predictive intervals.</p>${table}${pitChart(p.predictive)}
<table><thead><tr><th>record</th><th>set</th><th>observed</th><th>q05</th><th>q25</th><th>q50</th><th>q75</th><th>q95</th><th>PIT</th></tr></thead><tbody>${list}</tbody></table>`,
    });
  }
  return sections;
}
