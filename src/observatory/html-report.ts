/**
 * The optional HTML report of `momentum observe metrics --html FILE`: one time-series chart per
 * metric under a readable title, drawn with the shared chart code (Observable Plot rendered
 * server-side, src/charts). Periods without a sync are gaps in the lines, never interpolated.
 * One column on a phone: charts scale to the screen width, tables scroll sideways.
 */
import * as Plot from '@observablehq/plot';
import { GROUP_COLORS, escapeHtml, htmlPage, renderPlotSvg, type HtmlSection } from '../charts/server.js';
import { OBSERVATORY_METRICS, periodStart, type MetricsResult, type MetricRow } from './metrics.js';

const EXTRA_COLORS = ['#6a3d9a', '#ff7f00', '#1b9e77', '#e7298a', '#666666', '#a6761d', '#66a61e', '#1f78b4', '#b15928', '#fb9a99'];

/** Metrics read from snapshots: a period without a sync is a gap in their lines. */
const SNAPSHOT_METRICS = new Set(['download_share', 'cumulative_download_share', 'period_downloads', 'period_download_share', 'hhi', 'download_share_by_size', 'cross_organisation_mainline_share', 'family_downloads', 'family_download_share', 'relative_adoption_median']);
/** Most groups drawn in one chart (the largest by their latest value; the rest are in metrics.csv). */
const MAX_GROUPS = 8;

const PERIOD_WORD = { day: 'day', week: 'week', month: 'month' } as const;

/** Mobile layout: one column below ~440 px, scrolling tables. */
const CSS = `<style>.charts{grid-template-columns:repeat(auto-fill,minmax(min(100%,420px),1fr))}.scroll{overflow-x:auto}
@media (max-width:600px){body{padding:.75rem}h1{font-size:1.3rem}.chart{padding:.4rem}}code.id{font-size:.75rem;color:#666}</style>`;

function colorsFor(groups: string[]): string[] {
  let k = 0;
  return groups.map((g) => GROUP_COLORS[g] ?? EXTRA_COLORS[k++ % EXTRA_COLORS.length]);
}

function chart(rows: MetricRow[], unit: string, result: MetricsResult, gapAware: boolean): string {
  // Keep the groups with the largest latest values.
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(r.group, r.value);
  const groups = [...latest.keys()].sort((a, b) => (latest.get(b) ?? 0) - (latest.get(a) ?? 0)).slice(0, MAX_GROUPS);
  const keep = new Set(groups);
  const toDate = (p: string) => new Date(`${periodStart(p, result.period)}T00:00:00Z`);
  const data = rows.filter((r) => keep.has(r.group)).map((r) => ({ date: toDate(r.date), group: r.group, value: r.value }));
  // A gap: NaN points at periods without a sync break each line there.
  if (gapAware) for (const p of result.gaps) for (const g of groups) data.push({ date: toDate(p), group: g, value: NaN });
  data.sort((a, b) => a.date.getTime() - b.date.getTime());
  const dates = new Set(rows.map((r) => r.date));
  const ordered = [...groups].sort((a, b) => rows.findIndex((r) => r.group === a) - rows.findIndex((r) => r.group === b));
  const marks =
    dates.size > 1
      ? [Plot.lineY(data, { x: 'date', y: 'value', stroke: 'group' }), Plot.dot(data.filter((d) => Number.isFinite(d.value)), { x: 'date', y: 'value', fill: 'group', r: 2 })]
      : [Plot.barY(data, { x: 'group', y: 'value', fill: 'group' })];
  return renderPlotSvg({
    width: 520,
    height: 280,
    marginLeft: 56,
    marginRight: 28,
    style: { fontSize: '12px' },
    // Shares as percentages, counts in SI units (3.2M), so axis labels stay short on a phone.
    y: { grid: true, label: unit === 'share' ? 'share (%)' : unit, zero: true, tickFormat: unit === 'share' ? '.0%' : unit === 'ratio' || unit.startsWith('index') ? '.2~f' : '~s' },
    x: dates.size > 1 ? { type: 'utc', label: null, ...(result.period === 'month' ? { ticks: 'month', tickFormat: '%b %Y' } : {}) } : { label: null, domain: ordered },
    color: { domain: ordered, range: colorsFor(ordered), legend: true },
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
    cards.push(
      `<div class="chart"><h3>${escapeHtml(m.title)}</h3><p>${escapeHtml(m.definition)} <code class="id">${escapeHtml(m.id)}</code></p>${chart(rows, m.unit, result, SNAPSHOT_METRICS.has(m.id))}</div>`,
    );
  }
  const gapNote = result.gaps.length ? `<p><strong>Gaps:</strong> no completed sync in ${result.gaps.length} ${PERIOD_WORD[result.period]}(s) (${escapeHtml(result.gaps.slice(0, 12).join(', '))}${result.gaps.length > 12 ? ', …' : ''}); the lines break there instead of joining across.</p>` : '';
  sections.push({
    heading: `Measurements by ${PERIOD_WORD[result.period]}`,
    html: cards.length ? `${CSS}${gapNote}<div class="charts">${cards.join('\n')}</div>` : `${CSS}<p>No completed sync in the database yet: run <code>momentum observe sync</code>.</p>`,
  });
  const lastPeriod = result.rows.filter((r) => r.metric === 'relative_adoption').reduce((p, r) => (r.date > p ? r.date : p), '');
  const top = result.rows
    .filter((r) => r.metric === 'relative_adoption' && r.date === lastPeriod)
    .sort((a, b) => b.value - a.value)
    .slice(0, 15);
  if (top.length)
    sections.push({
      heading: `Highest relative adoption (ATOM's definition), ${lastPeriod}`,
      html: `<div class="scroll"><table><tr><th>model</th><th>relative adoption</th></tr>${top.map((r) => `<tr><td>${escapeHtml(r.group)}</td><td class="num">${r.value.toFixed(2)}</td></tr>`).join('')}</table></div>`,
    });
  return htmlPage('Momentum observatory: the open-model ecosystem on the Hugging Face Hub', `From ${dbFile}; ${result.allSyncDates.length} completed sync(s): ${result.allSyncDates.join(', ') || 'none'}`, sections);
}
