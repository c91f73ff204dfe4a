/**
 * HTML reports of a run and of a comparison (`momentum report run|compare --html`): the
 * playground's chart specifications rendered on the server into inline SVG.
 */
import { MODEL_VERSION, PARAM_INDEX, type ScenarioEvent } from '../model/index.js';
import { CHARTS } from './chart-defs.js';
import type { ObservationPoint } from './chart-spec.js';
import { headlines } from './headlines.js';
import { escapeHtml, htmlPage, scrollBox, type HtmlSection } from './html-page.js';
import { formatParamValue } from './format.js';
import { renderChartSvg } from './render-server.js';
import type { RunSeries } from './run-series.js';
import { fanLabel, outcomesSection, type EnsembleView } from './ensemble-report.js';

/** A run to report on. */
export interface ReportRun {
  name: string;
  description: string;
  run: RunSeries;
  overrides: Record<string, number | string>;
  events: readonly ScenarioEvent[];
  /** e.g. "meanfield" or "agents (100000 agents, seed 1)". */
  mode: string;
  paramsHash?: string;
  /** An ensemble of this scenario (e.g. over posterior draws): fans on the charts and its outcome probabilities. */
  ensemble?: EnsembleView;
}

function chartsSection(
  current: RunSeries,
  baseline: RunSeries | undefined,
  labels: { current: string; baseline: string },
  observations?: readonly ObservationPoint[],
  ensembles: { current?: EnsembleView; baseline?: EnsembleView } = {},
): HtmlSection {
  const fan = ensembles.current ? { ...ensembles.current.fan, label: fanLabel(ensembles.current.outcomes) } : undefined;
  const baselineFan = ensembles.baseline ? { ...ensembles.baseline.fan, label: fanLabel(ensembles.baseline.outcomes, true) } : undefined;
  const html = CHARTS.map(
    (def) =>
      `<div class="chart" id="chart-${def.id}"><h3>${escapeHtml(def.title)}</h3><p>${escapeHtml(def.description)}</p>${renderChartSvg(def, { current, baseline, labels, observations, fan, baselineFan }, { width: 520, height: 260 })}</div>`,
  ).join('\n');
  return { heading: 'Charts', html: `<div class="charts">${html}</div>` };
}

function headlineSection(run: RunSeries, baseline: RunSeries | undefined, baselineName: string): HtmlSection {
  const items = headlines(run, baseline, baselineName)
    .map((h) => `<li${h.changed ? ' class="changed"' : ''}>${escapeHtml(h.text)}</li>`)
    .join('');
  return { heading: 'Headlines', html: `<ul class="headlines">${items}</ul>` };
}

function scenarioSection(r: ReportRun, heading = `Scenario "${r.name}"`, eventsTitle = 'Events'): HtmlSection {
  const ov = Object.entries(r.overrides);
  const params = ov.length
    ? scrollBox(`<table><thead><tr><th>parameter</th><th>value</th><th>default</th><th>unit</th></tr></thead><tbody>${ov
        .map(([k, v]) => {
          const d = PARAM_INDEX.get(k);
          return `<tr><td><code>${escapeHtml(k)}</code> ${escapeHtml(d?.label ?? '')}</td><td class="num">${escapeHtml(formatParamValue(v, d))}</td><td class="num">${escapeHtml(d ? formatParamValue(d.default, d) : '')}</td><td>${escapeHtml(d?.unit ?? '')}</td></tr>`;
        })
        .join('')}</tbody></table>`)
    : '<p>All parameters at their defaults.</p>';
  const events = r.events.length
    ? scrollBox(`<table><thead><tr><th>date</th><th>event</th><th>note / source</th></tr></thead><tbody>${r.events
        .map((e) => {
          const { date, type, note, source, ...rest } = e as ScenarioEvent & { note?: string; source?: string };
          return `<tr><td>${escapeHtml(date)}</td><td><code>${escapeHtml(type)}</code> ${escapeHtml(JSON.stringify(rest))}</td><td>${escapeHtml([note, source].filter(Boolean).join(' — '))}</td></tr>`;
        })
        .join('')}</tbody></table>`)
    : '<p>No events.</p>';
  return { heading, html: `<p>${escapeHtml(r.description)}</p><p class="meta">Mode: ${escapeHtml(r.mode)}${r.paramsHash ? ` · params ${escapeHtml(r.paramsHash)}` : ''}</p><h3>Parameters changed</h3>${params}<h3>${escapeHtml(eventsTitle)}</h3>${events}` };
}

/** Report of one run beside the baseline (omit `baseline` when the run is the baseline). */
export function runReportHtml(r: ReportRun, baseline?: ReportRun, observations?: readonly ObservationPoint[]): string {
  const base = baseline && baseline !== r ? baseline.run : undefined;
  const range = `${r.run.dates[0]}..${r.run.dates[r.run.dates.length - 1]}`;
  return htmlPage(`Momentum report: ${r.name}`, `Momentum ${MODEL_VERSION} · ${r.mode} · ${range}${base ? ' · solid: scenario, dashed: baseline' : ''}${r.ensemble ? ' · shaded: the ensemble\'s 50% and 90% intervals' : ''}`, [
    headlineSection(r.run, base, 'baseline'),
    ...(r.ensemble ? [outcomesSection([{ name: r.name, view: r.ensemble }])] : []),
    chartsSection(r.run, base, { current: r.name, baseline: 'baseline' }, observations, { current: r.ensemble }),
    scenarioSection(r),
  ]);
}

/** Report comparing B (solid) with A (dashed). */
export function compareReportHtml(a: ReportRun, b: ReportRun, observations?: readonly ObservationPoint[]): string {
  const range = `${b.run.dates[0]}..${b.run.dates[b.run.dates.length - 1]}`;
  const ensembles = [
    ...(a.ensemble ? [{ name: 'A', title: `A (${a.name})`, view: a.ensemble }] : []),
    ...(b.ensemble ? [{ name: 'B', title: `B (${b.name})`, view: b.ensemble }] : []),
  ];
  const fans = `${b.ensemble ? ` · shaded: B's 50% and 90% intervals` : ''}${a.ensemble ? ` · dotted: A's 90% interval` : ''}`;
  return htmlPage(`Momentum comparison: ${b.name} vs ${a.name}`, `Momentum ${MODEL_VERSION} · ${b.mode} · ${range} · solid: ${b.name} (B), dashed: ${a.name} (A)${fans}`, [
    headlineSection(b.run, a.run, a.name),
    ...(ensembles.length ? [outcomesSection(ensembles)] : []),
    chartsSection(b.run, a.run, { current: b.name, baseline: a.name }, observations, { current: b.ensemble, baseline: a.ensemble }),
    scenarioSection(a, `A: scenario "${a.name}"`),
    scenarioSection(onlyNewEvents(b, a), `B: scenario "${b.name}"`, `Events not in A (${a.name})`),
  ]);
}

/** B with only the events A does not have (same date, type and fields). */
function onlyNewEvents(b: ReportRun, a: ReportRun): ReportRun {
  const inA = new Set(a.events.map((e) => JSON.stringify(e)));
  return { ...b, events: b.events.filter((e) => !inA.has(JSON.stringify(e))) };
}
