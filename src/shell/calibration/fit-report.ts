/**
 * The calibration fit report (`momentum report calibration --in DIR --html FILE`): one chart
 * per observation (observed value ± uncertainty against the modelled path), a z-score table,
 * and the list of observations the model does not reproduce. Reads the files `momentum
 * calibrate` wrote; renders with Observable Plot on the server (src/charts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Plot from '@observablehq/plot';
import { ValidationError } from '../../model/index.js';
import type { Residual } from '../../model/calibrate/fit-loss.js';
import { observationsFileSchema, type Observation } from '../../model/calibrate/observation-schema.js';
import { periodBounds } from '../../model/calibrate/operators.js';
import { escapeHtml, htmlPage, renderPlotSvg, type HtmlSection } from '../../charts/server.js';

/** What the report reads from a calibration folder. */
export interface CalibrationDir {
  command: string;
  modelVersion: string;
  loss: number;
  startLoss: number;
  evaluations: number;
  converged: boolean;
  stopReason: string;
  seed: number;
  backtest: string | null;
  values: Record<string, number>;
  params: { name: string; start: number; value: number; min: number; max: number; atBound: boolean }[];
  residuals: Residual[];
  backtest_residuals: Residual[];
  scales: Record<string, number>;
  observations: Observation[];
  /** observation id → (date, modelled) points. */
  paths: Map<string, { date: string; value: number }[]>;
}

/** Reads DIR/calibrated.json and DIR/paths.csv; throws ValidationError naming the file and field. */
export function readCalibrationDir(dir: string): CalibrationDir {
  const jf = join(dir, 'calibrated.json');
  const pf = join(dir, 'paths.csv');
  for (const f of [jf, pf]) if (!existsSync(f)) throw new ValidationError(f, [{ path: '(file)', expected: 'the output of `momentum calibrate --out DIR`', found: 'no such file' }]);
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(readFileSync(jf, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ValidationError(jf, [{ path: '(file)', expected: 'valid JSON', found: `a syntax error: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const need: [string, string][] = [
    ['command', 'string'],
    ['modelVersion', 'string'],
    ['loss', 'number'],
    ['residuals', 'array'],
    ['backtest_residuals', 'array'],
    ['params', 'array'],
    ['observations', 'array'],
  ];
  const issues = need
    .filter(([k, t]) => (t === 'array' ? !Array.isArray(j[k]) : typeof j[k] !== t))
    .map(([k, t]) => ({ path: k, expected: t === 'array' ? 'an array' : `a ${t}`, found: j[k] === undefined ? 'nothing (missing)' : typeof j[k] }));
  if (issues.length) throw new ValidationError(jf, issues);
  const obs = observationsFileSchema.safeParse(j.observations);
  if (!obs.success) throw new ValidationError(jf, [{ path: 'observations', expected: 'observation records', found: obs.error.issues[0]?.message ?? 'invalid records' }]);
  const paths = new Map<string, { date: string; value: number }[]>();
  const lines = readFileSync(pf, 'utf8').split('\n');
  if (lines[0] !== 'observation_id,date,modelled') throw new ValidationError(pf, [{ path: 'header', expected: 'observation_id,date,modelled', found: JSON.stringify(lines[0]) }]);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const k = line.lastIndexOf(',');
    const k2 = line.lastIndexOf(',', k - 1);
    let id = line.slice(0, k2);
    if (id.startsWith('"')) id = id.slice(1, -1).replace(/""/g, '"');
    const arr = paths.get(id) ?? [];
    arr.push({ date: line.slice(k2 + 1, k), value: Number(line.slice(k + 1)) });
    paths.set(id, arr);
  }
  const nul = (r: Residual) => ({ ...r, modelled: r.modelled === null ? NaN : r.modelled });
  return {
    ...(j as unknown as CalibrationDir),
    residuals: (j.residuals as Residual[]).map(nul),
    backtest_residuals: (j.backtest_residuals as Residual[]).map(nul),
    observations: obs.data,
    paths,
  };
}

const utc = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1));
const yearDate = (y: number) => {
  const mi = y * 12;
  const whole = Math.floor(mi + 1e-9);
  const d = utc(`${Math.floor(whole / 12)}-${String((whole % 12) + 1).padStart(2, '0')}`);
  return new Date(d.getTime() + (mi - whole) * 30.44 * 86400e3);
};

function fmt(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e6) return v.toExponential(3);
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/** Observed interval for charts: ±1 SE or the stated interval. */
function interval(o: Observation): [number, number] {
  const u = o.uncertainty;
  return 'se' in u ? [o.value - u.se, o.value + u.se] : [u.low, u.high];
}

/** One observation's chart. */
function observationChart(o: Observation, r: Residual | undefined, path: { date: string; value: number }[]): string {
  const { start, end } = periodBounds(o.period);
  const [lo, hi] = interval(o);
  const marks: Plot.Markish[] = [];
  // on log axes, leave out the first tiny values of a cumulative path (they only stretch the axis)
  const floor = o.kind === 'cumulative' ? Math.abs(o.value) / 1000 : -Infinity;
  const line = path.filter((p) => !(p.value < floor)).map((p) => ({ date: utc(p.date), value: p.value }));
  if (o.kind === 'crossing') {
    marks.push(Plot.rectX([{ x1: yearDate(lo), x2: yearDate(hi) }], { x1: 'x1', x2: 'x2', fill: '#f28e2b', fillOpacity: 0.15 }));
    marks.push(Plot.ruleX([yearDate(o.value)], { stroke: '#f28e2b', strokeWidth: 2 }));
    marks.push(Plot.ruleY([0], { stroke: '#999' }));
    marks.push(Plot.lineY(line, { x: 'date', y: 'value', stroke: '#4e79a7', strokeWidth: 2 }));
    if (r && Number.isFinite(r.modelled)) marks.push(Plot.ruleX([yearDate(r.modelled)], { stroke: '#4e79a7', strokeDasharray: '4,3' }));
    return renderPlotSvg({
      width: 480,
      height: 220,
      marginLeft: 56,
      x: { type: 'utc', label: null },
      y: { label: `${o.group.replace('>', ' − ')} (${o.metric}, model units)`, grid: true },
      caption: 'Line: modelled difference; orange: observed crossing (band = interval); dashed: modelled crossing',
      marks,
    });
  }
  const s = utc(start);
  const e = new Date(utc(end).getTime() + 27 * 86400e3);
  const ranged = start !== end;
  marks.push(Plot.lineY(line, { x: 'date', y: 'value', stroke: '#4e79a7', strokeWidth: 2 }));
  if (ranged && o.kind !== 'cumulative') {
    marks.push(Plot.rect([{ x1: s, x2: e, y1: lo, y2: hi }], { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: '#f28e2b', fillOpacity: 0.2 }));
    marks.push(Plot.ruleY([{ x1: s, x2: e, y: o.value }], { x1: 'x1', x2: 'x2', y: 'y', stroke: '#f28e2b', strokeWidth: 2.5 }));
    if (r && Number.isFinite(r.modelled)) marks.push(Plot.ruleY([{ x1: s, x2: e, y: r.modelled }], { x1: 'x1', x2: 'x2', y: 'y', stroke: '#4e79a7', strokeDasharray: '4,3', strokeWidth: 2 }));
  }
  const at = ranged && o.kind === 'cumulative' ? utc(end) : s;
  if (!ranged || o.kind === 'cumulative') {
    marks.push(Plot.ruleX([{ x: at, y1: lo, y2: hi }], { x: 'x', y1: 'y1', y2: 'y2', stroke: '#f28e2b', strokeWidth: 2 }));
    marks.push(Plot.dot([{ x: at, y: o.value }], { x: 'x', y: 'y', fill: '#f28e2b', r: 4 }));
  }
  const positive = o.metric === 'avg_price' || o.kind === 'cumulative';
  return renderPlotSvg({
    width: 480,
    height: 220,
    marginLeft: 60,
    x: { type: 'utc', label: null },
    y: { label: o.unit, grid: true, ...(positive ? { type: 'log' } : {}) },
    caption:
      o.kind === 'cumulative'
        ? 'Line: modelled cumulative path × fitted scale; orange: observed ± uncertainty'
        : ranged
          ? 'Line: modelled monthly path; orange: observed over the window (band = uncertainty); dashed: modelled window value'
          : 'Line: modelled monthly path; orange: observed ± uncertainty',
    marks,
  });
}

function statusOf(r: Residual, held: boolean): string {
  if (!Number.isFinite(r.modelled)) return 'not modelled';
  if (!r.fitted && !held) return 'reported only';
  return `${held ? 'held out, ' : ''}${Math.abs(r.z) <= 1 ? 'within uncertainty' : 'outside uncertainty'}`;
}

/** Builds the standalone HTML report. */
export function fitReportHtml(d: CalibrationDir): string {
  const byId = new Map(d.observations.map((o) => [o.id, o]));
  const all = [...d.residuals.map((r) => ({ r, held: false })), ...d.backtest_residuals.map((r) => ({ r, held: true }))];
  const sections: HtmlSection[] = [];
  const paramRows = d.params
    .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td class="num">${fmt(p.start)}</td><td class="num">${fmt(p.value)}</td><td class="num">${fmt(p.min)}–${fmt(p.max)}</td><td>${p.atBound ? 'at a bound' : ''}</td></tr>`)
    .join('\n');
  sections.push({
    heading: 'Fit',
    html: `<p>Command: <code style="word-break:break-all">${escapeHtml(d.command)}</code></p>
<p>Weighted loss Σz² over fitted observations: ${fmt(d.startLoss)} at the priors → <b>${fmt(d.loss)}</b> (${d.evaluations} meanfield runs; ${d.converged ? 'converged' : 'stopped'}: ${escapeHtml(d.stopReason)}).${d.backtest ? ` Backtest: fitted on observations ending before ${escapeHtml(d.backtest)}.` : ''}</p>
<table><thead><tr><th>parameter</th><th>prior</th><th>fitted</th><th>range</th><th></th></tr></thead><tbody>${paramRows}</tbody></table>
<p class="meta">Nuisance scales: ${Object.entries(d.scales).map(([k, v]) => `${escapeHtml(k)} = ${fmt(v)}`).join('; ') || 'none'}.</p>`,
  });
  const failing = all.filter(({ r, held }) => (r.fitted || held) && !(Number.isFinite(r.modelled) && Math.abs(r.z) <= 1));
  const notModelled = all.filter(({ r, held }) => !r.fitted && !held);
  sections.push({
    heading: 'Observations the model does not reproduce',
    html:
      (failing.length
        ? `<ul>${failing.map(({ r, held }) => `<li><b>${escapeHtml(r.id)}</b>${held ? ' (held out)' : ''}: observed ${fmt(r.observed)}, modelled ${fmt(r.modelled)}, z = ${fmt(r.z)}. ${escapeHtml(byId.get(r.id)?.notes ?? '')}</li>`).join('\n')}</ul>`
        : '<p>Every fitted observation is within its stated uncertainty (|z| ≤ 1).</p>') +
      `<p>Why: see <code>docs/model.md</code>, section “What the model is missing”.</p>` +
      (notModelled.length
        ? `<h3>Reported only (not fitted)</h3><ul>${notModelled.map(({ r }) => `<li><b>${escapeHtml(r.id)}</b>: ${escapeHtml(byId.get(r.id)?.notes ?? 'fit: false')}</li>`).join('\n')}</ul>`
        : ''),
  });
  const rows = all
    .map(({ r, held }) => {
      const bad = (r.fitted || held) && !(Math.abs(r.z) <= 1);
      return `<tr${bad ? ' style="background:#fde8e8"' : ''}><td>${escapeHtml(r.id)}</td><td>${escapeHtml(r.metric)}</td><td>${escapeHtml(r.group)}</td><td>${escapeHtml(r.period)}</td><td class="num">${fmt(r.observed)}</td><td class="num">${fmt(r.modelled)}</td><td class="num">${fmt(r.uncertainty)}</td><td class="num">${r.fitted || held ? fmt(r.z) : '—'}</td><td>${statusOf(r, held)}</td></tr>`;
    })
    .join('\n');
  sections.push({
    heading: 'z-scores',
    html: `<p class="meta">z = (modelled − observed) / uncertainty: the standard error, or the distance to the interval end on the residual's side. Within uncertainty: |z| ≤ 1.</p>
<table><thead><tr><th>observation</th><th>metric</th><th>group</th><th>period</th><th>observed</th><th>modelled</th><th>uncertainty</th><th>z</th><th>status</th></tr></thead><tbody>${rows}</tbody></table>`,
  });
  const charts = all
    .map(({ r, held }) => {
      const o = byId.get(r.id);
      if (!o) return '';
      const src = `${o.source.author}, “${o.source.title}” (${o.source.year})`;
      const path = d.paths.get(r.id) ?? [];
      const chart = path.length ? observationChart(o, r, path) : '<p><i>No modelled series for this observation.</i></p>';
      return `<div class="chart" id="obs-${escapeHtml(r.id)}"><h3>${escapeHtml(r.id)} — ${statusOf(r, held)}${r.fitted || held ? `, z = ${fmt(r.z)}` : ''}</h3><p>${escapeHtml(o.definition)}</p><p>Source: <a href="${escapeHtml(o.source.url)}">${escapeHtml(src)}</a>. Uncertainty: ${escapeHtml(o.uncertainty.note)}</p>${chart}</div>`;
    })
    .join('\n');
  sections.push({ heading: 'Observations', html: `<div class="charts">${charts}</div>` });
  return htmlPage('Momentum calibration fit', `Model ${d.modelVersion} · seed ${d.seed} · ${d.residuals.filter((r) => r.fitted).length} fitted observations`, sections);
}
