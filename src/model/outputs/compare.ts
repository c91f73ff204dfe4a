/**
 * Comparison of two runs (B − A): the crossing months and the key final values. Shared by
 * `momentum compare` and the server's POST /api/compare, which are peers above it.
 */
import type { RunResult } from '../run.js';
import { monthIndex } from '../time.js';

/** The (metric, group) pairs shown to people in run summaries and comparisons. */
export const KEY_ROWS: [string, string][] = [
  ['usage_share', 'US'],
  ['usage_share', 'CN'],
  ['open_share', 'all'],
  ['download_share', 'US'],
  ['download_share', 'CN'],
  ['derivative_share', 'US'],
  ['derivative_share', 'CN'],
  ['token_share', 'US'],
  ['token_share', 'CN'],
  ['open_token_share', 'CN'],
  ['enterprise_open_share', 'all'],
  ['capability_gap_months', 'open_vs_closed'],
  ['capability_gap_months', 'cn_vs_us'],
  ['avg_price', 'open'],
  ['avg_price', 'closed'],
  ['compute', 'US'],
  ['compute', 'CN'],
  ['data_stock', 'US'],
  ['data_stock', 'CN'],
  ['hhi', 'all'],
];

/** One row of a comparison. */
export interface CompareRow {
  metric: string;
  group: string;
  date: string;
  a: number | string | null;
  b: number | string | null;
  difference: number | null;
}

const CROSSINGS = ['cn_overtakes_us_downloads', 'cn_overtakes_us_derivatives', 'cn_overtakes_us_usage'] as const;

/** What a comparison reads of a run (a RunResult, or a run rebuilt from an ensemble's compact result). */
export interface ComparableRun {
  dates: readonly string[];
  series: { find(metric: string, group: string): ArrayLike<number> | undefined };
  summary: { indicators: Pick<RunResult['summary']['indicators'], (typeof CROSSINGS)[number]> };
}

/** Rows comparing two runs: crossing months, then key metrics at the final month. */
export function compareRuns(a: ComparableRun, b: ComparableRun): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const k of CROSSINGS) {
    const va = a.summary.indicators[k];
    const vb = b.summary.indicators[k];
    rows.push({ metric: k, group: 'all', date: '', a: va, b: vb, difference: va && vb ? monthIndex(vb) - monthIndex(va) : null });
  }
  const t = a.dates.length - 1;
  for (const [m, g] of KEY_ROWS) {
    const va = a.series.find(m, g)?.[t];
    const vb = b.series.find(m, g)?.[b.dates.length - 1];
    const fa = va !== undefined && Number.isFinite(va) ? va : null;
    const fb = vb !== undefined && Number.isFinite(vb) ? vb : null;
    rows.push({ metric: m, group: g, date: a.dates[t], a: fa, b: fb, difference: fa !== null && fb !== null ? fb - fa : null });
  }
  return rows;
}

/** compare.csv: `metric,group,date,a,b,difference`. */
export function compareCsv(rows: CompareRow[]): string {
  const cell = (v: number | string | null) => (v === null ? '' : String(v));
  return 'metric,group,date,a,b,difference\n' + rows.map((r) => [r.metric, r.group, r.date, cell(r.a), cell(r.b), cell(r.difference)].join(',')).join('\n') + '\n';
}
