/**
 * Headline sentences comparing a scenario with the baseline, in plain words, e.g.
 * "CN open-weight downloads overtake US in 2025-07 (baseline: 2025-08)."
 */
import { findSeries, valueAt, type RunSeries } from './run-series.js';

/** First month where CN exceeds US on a metric, or null. */
export function overtakeMonth(run: RunSeries, metric: string, a = 'CN', b = 'US'): string | null {
  const va = findSeries(run, metric, a);
  const vb = findSeries(run, metric, b);
  if (!va || !vb) return null;
  for (let t = 0; t < run.dates.length; t++) if (valueAt(va, t) > valueAt(vb, t)) return run.dates[t];
  return null;
}

function last(run: RunSeries, metric: string, group: string): number {
  return valueAt(findSeries(run, metric, group), run.dates.length - 1);
}

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : 'n/a');
const num1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const usd = (v: number) => (Number.isFinite(v) ? `$${v < 1 ? v.toFixed(3) : v.toFixed(2)}` : 'n/a');

/** One headline: the sentence and whether it differs from the baseline. */
export interface Headline {
  id: string;
  text: string;
  changed: boolean;
}

/**
 * Headline sentences for a run; with a baseline, each sentence names the baseline value in
 * parentheses. `baselineName` labels it (default "baseline").
 */
export function headlines(run: RunSeries, baseline?: RunSeries, baselineName = 'baseline'): Headline[] {
  const end = run.dates[run.dates.length - 1];
  const out: Headline[] = [];
  const crossing = (id: string, metric: string, yes: string, no: string) => {
    const m = overtakeMonth(run, metric);
    const mb = baseline ? overtakeMonth(baseline, metric) : undefined;
    const body = m ? `${yes} in ${m}` : `${no} by ${end}`;
    const ref = baseline ? ` (${baselineName}: ${mb ?? 'never'})` : '';
    out.push({ id, text: `${body}${ref}.`, changed: !!baseline && m !== mb });
  };
  crossing('downloads', 'download_share', 'CN open-weight downloads overtake US', 'CN open-weight downloads do not overtake US');
  crossing('derivatives', 'derivative_share', 'New derivatives of CN models outnumber those of US models', 'New derivatives of CN models do not outnumber those of US models');
  crossing('usage', 'usage_share', 'Usage of CN models overtakes usage of US models', 'Usage of CN models does not overtake usage of US models');
  const value = (id: string, metric: string, group: string, text: string, fmt: (v: number) => string, tol: number) => {
    const v = last(run, metric, group);
    const vb = baseline ? last(baseline, metric, group) : NaN;
    const ref = baseline ? ` (${baselineName}: ${fmt(vb)})` : '';
    out.push({ id, text: `${text} in ${end}: ${fmt(v)}${ref}.`, changed: !!baseline && Math.abs(v - vb) > tol });
  };
  value('open-share', 'open_share', 'all', 'Open-weight share of usage', pct, 0.005);
  value('cn-usage', 'usage_share', 'CN', 'Usage share of CN models', pct, 0.005);
  value('gap-cn-us', 'capability_gap_months', 'cn_vs_us', 'Capability gap of CN behind US (months)', num1, 0.05);
  value('gap-open', 'capability_gap_months', 'open_vs_closed', 'Capability gap of open behind closed (months)', num1, 0.05);
  value('price-open', 'avg_price', 'open', 'Average price paid for open models per Mtok', usd, 1e-4);
  const ratio = (r: RunSeries) => last(r, 'compute', 'CN') / last(r, 'compute', 'US');
  const cr = ratio(run);
  out.push({
    id: 'compute-ratio',
    text: `CN AI compute in ${end} is ${pct(cr)} of US${baseline ? ` (${baselineName}: ${pct(ratio(baseline))})` : ''}.`,
    changed: !!baseline && Math.abs(cr - ratio(baseline)) > 0.005,
  });
  return out;
}
