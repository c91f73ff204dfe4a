/**
 * The optional HTML report of `momentum observe metrics --html FILE`: one chart per metric,
 * drawn with the shared chart code (Observable Plot rendered server-side, src/charts).
 */
import * as Plot from '@observablehq/plot';
import { GROUP_COLORS, escapeHtml, htmlPage, renderPlotSvg, type HtmlSection } from '../charts/server.js';
import { OBSERVATORY_METRICS, type MetricsResult, type MetricRow } from './metrics.js';

const EXTRA_COLORS = ['#6a3d9a', '#ff7f00', '#1b9e77', '#e7298a', '#666666', '#a6761d', '#66a61e'];

function colorsFor(groups: string[]): string[] {
  let k = 0;
  return groups.map((g) => GROUP_COLORS[g] ?? EXTRA_COLORS[k++ % EXTRA_COLORS.length]);
}

function chart(rows: MetricRow[], unit: string): string {
  const data = rows.map((r) => ({ date: new Date(`${r.date}-01T00:00:00Z`), group: r.group, value: r.value }));
  const groups = [...new Set(rows.map((r) => r.group))];
  const dates = new Set(rows.map((r) => r.date));
  const marks = dates.size > 1 ? [Plot.lineY(data, { x: 'date', y: 'value', stroke: 'group' }), Plot.dot(data, { x: 'date', y: 'value', fill: 'group', r: 2 })] : [Plot.barY(data, { x: 'group', y: 'value', fill: 'group' })];
  return renderPlotSvg({
    width: 520,
    height: 260,
    marginLeft: 50,
    y: { grid: true, label: unit, zero: true },
    x: dates.size > 1 ? { type: 'utc', label: null } : { label: null, domain: groups },
    color: { domain: groups, range: colorsFor(groups), legend: true },
    marks: [...marks, Plot.ruleY([0])],
  });
}

/** The report page. */
export function metricsReportHtml(result: MetricsResult, dbFile: string): string {
  const sections: HtmlSection[] = [];
  const cards: string[] = [];
  for (const m of OBSERVATORY_METRICS) {
    if (m.id === 'relative_adoption') continue; // one line per model: summarised by relative_adoption_median
    const rows = result.rows.filter((r) => r.metric === m.id);
    if (rows.length === 0) continue;
    cards.push(`<div class="chart"><h3>${escapeHtml(m.id)}</h3><p>${escapeHtml(m.definition)}</p>${chart(rows, m.unit)}</div>`);
  }
  sections.push({ heading: 'Measurements', html: cards.length ? `<div class="charts">${cards.join('\n')}</div>` : '<p>No completed sync in the database yet: run <code>momentum observe sync</code>.</p>' });
  const top = result.rows
    .filter((r) => r.metric === 'relative_adoption' && result.latestSync && r.date === result.latestSync.slice(0, 7))
    .sort((a, b) => b.value - a.value)
    .slice(0, 15);
  if (top.length)
    sections.push({
      heading: 'Highest relative adoption (latest sync)',
      html: `<table><tr><th>model</th><th>relative adoption</th></tr>${top.map((r) => `<tr><td>${escapeHtml(r.group)}</td><td class="num">${r.value.toFixed(2)}</td></tr>`).join('')}</table>`,
    });
  return htmlPage('Momentum observatory', `Hugging Face Hub measurements from ${dbFile}; syncs used: ${result.syncDates.join(', ') || 'none'}`, sections);
}
