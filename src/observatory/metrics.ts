/**
 * `momentum observe metrics`: what the stored snapshots allow us to measure, per month, in the
 * simulator's long format (`date,metric,group,value`). Metric ids match the simulator's where
 * the meaning matches (download_share, derivative_share, hhi); see docs/observatory.md.
 *
 * Snapshot metrics use, for each month, the last completed sync of that month. History metrics
 * (new models, derivatives) use the models' createdAt.
 */
import { formatValue } from '../model/index.js';
import type { Store } from './store.js';

/** Size classes by total parameters (upper bounds exclusive). */
export const SIZE_CLASSES: readonly { label: string; max: number }[] = [
  { label: '<1B', max: 1e9 },
  { label: '1-5B', max: 5e9 },
  { label: '5-10B', max: 10e9 },
  { label: '10-50B', max: 50e9 },
  { label: '50-100B', max: 100e9 },
  { label: '100-250B', max: 250e9 },
  { label: '250B+', max: Infinity },
];

/** Rank of the reference model of relative adoption within its size class and age. */
export const RELATIVE_ADOPTION_RANK = 10;

/** Metric definitions (metadata as data; documented in docs/observatory.md). */
export const OBSERVATORY_METRICS = [
  { id: 'download_share', unit: 'share', breakdown: 'bloc', definition: 'Share of 30-day downloads of mainline models, by bloc of the publishing organisation (last sync of the month).' },
  { id: 'cumulative_download_share', unit: 'share', breakdown: 'bloc', definition: 'Share of all-time downloads of mainline models, by bloc (last sync of the month).' },
  { id: 'hhi', unit: 'index 0-1', breakdown: 'none', definition: 'Herfindahl-Hirschman index over organisations of 30-day downloads of mainline models: sum of squared shares.' },
  { id: 'download_share_by_size', unit: 'share', breakdown: 'size class', definition: 'Share of 30-day downloads of mainline models with known size, by size class of total parameters.' },
  { id: 'new_mainline_models', unit: 'models per month', breakdown: 'bloc', definition: 'Mainline models created that month (Hub createdAt), by bloc.' },
  { id: 'derivative_share', unit: 'share', breakdown: 'bloc', definition: 'Share of derivatives created that month, by bloc of their first tracked ancestor (the base model).' },
  { id: 'new_derivatives', unit: 'models per month', breakdown: 'relation', definition: 'Derivatives of tracked models created that month, by relation to their direct base (finetune, adapter, quantized, merge).' },
  { id: 'relative_adoption', unit: 'ratio', breakdown: 'model', definition: 'A mainline model\'s all-time downloads at age t (months) divided by those of the 10th-ranked model of its size class at the same age (last sync of the month).' },
  { id: 'relative_adoption_median', unit: 'ratio', breakdown: 'bloc', definition: 'Median of relative_adoption over the bloc\'s mainline models (last sync of the month).' },
] as const;

/** One long-format row. */
export interface MetricRow {
  date: string;
  metric: string;
  group: string;
  value: number;
}

/** Result of {@link computeMetrics}. */
export interface MetricsResult {
  rows: MetricRow[];
  /** Last completed sync date (YYYY-MM-DD). */
  latestSync: string | null;
  /** Completed sync dates used (the last of each month). */
  syncDates: string[];
  /** Counts behind the shares, for export uncertainties: per (metric, date, group). */
  counts: Map<string, number>;
}

const BLOC_ORDER = ['US', 'CN', 'EU', 'RoW', 'unknown'];
const blocSort = (a: string, b: string) => (BLOC_ORDER.indexOf(a) + 1 || 99) - (BLOC_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);
const RELATION_ORDER = ['finetune', 'adapter', 'quantized', 'merge'];

/** Size class label of a parameter count. */
export function sizeClass(params: number): string {
  for (const c of SIZE_CLASSES) if (params < c.max) return c.label;
  return SIZE_CLASSES[SIZE_CLASSES.length - 1].label;
}

function monthsBetween(a: string, b: string): string[] {
  const out: string[] = [];
  let y = Number(a.slice(0, 4));
  let m = Number(a.slice(5, 7));
  const y1 = Number(b.slice(0, 4));
  const m1 = Number(b.slice(5, 7));
  while (y < y1 || (y === y1 && m <= m1)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** Computes every metric from the store. */
export async function computeMetrics(store: Store): Promise<MetricsResult> {
  const rows: MetricRow[] = [];
  const counts = new Map<string, number>();
  const dates = await store.query(`SELECT strftime(max(sync_date), '%Y-%m') AS month, max(sync_date)::VARCHAR AS d FROM sync_state WHERE phase = 'done' GROUP BY strftime(sync_date, '%Y-%m') ORDER BY 1`);
  const syncDates = dates.map((r) => String(r.d));
  const monthOf = new Map(dates.map((r) => [String(r.d), String(r.month)]));
  const latestSync = syncDates.length ? syncDates[syncDates.length - 1] : null;
  await store.conn.run(`CREATE OR REPLACE TEMP TABLE snap AS
    SELECT s.sync_date::VARCHAR AS d, s.id, s.downloads, s.downloads_all_time, m.organisation, m.bloc, m.parameters, m.created_at
    FROM snapshots s JOIN (SELECT * FROM models WHERE mainline) m ON m.id = s.id
    WHERE s.sync_date IN (SELECT max(sync_date) FROM sync_state WHERE phase = 'done' GROUP BY strftime(sync_date, '%Y-%m'))`);

  // Snapshot shares by bloc (30-day and all-time), and HHI over organisations.
  const mainBlocs = (await store.query(`SELECT DISTINCT bloc FROM models WHERE mainline AND bloc IS NOT NULL`)).map((r) => String(r.bloc)).sort(blocSort);
  const byBloc = await store.query(`SELECT d, bloc, sum(downloads)::DOUBLE AS dl, sum(coalesce(downloads_all_time, 0))::DOUBLE AS dla, count(*) AS n FROM snap GROUP BY 1, 2`);
  const byOrg = await store.query(`SELECT d, organisation, sum(downloads)::DOUBLE AS dl FROM snap GROUP BY 1, 2`);
  const bySize = await store.query(`SELECT d, parameters::DOUBLE AS p, sum(downloads)::DOUBLE AS dl FROM snap WHERE parameters IS NOT NULL GROUP BY 1, 2`);
  for (const d of syncDates) {
    const month = monthOf.get(d)!;
    const here = byBloc.filter((r) => r.d === d);
    for (const [metric, col] of [['download_share', 'dl'], ['cumulative_download_share', 'dla']] as const) {
      const total = here.reduce((s, r) => s + Number(r[col]), 0);
      if (total <= 0) continue;
      for (const b of mainBlocs) {
        const r = here.find((x) => x.bloc === b);
        rows.push({ date: month, metric, group: b, value: r ? Number(r[col]) / total : 0 });
        counts.set(`${metric}|${month}|${b}`, r ? Number(r.n) : 0);
      }
    }
    const orgs = byOrg.filter((r) => r.d === d);
    const tot = orgs.reduce((s, r) => s + Number(r.dl), 0);
    if (tot > 0) {
      rows.push({ date: month, metric: 'hhi', group: 'all', value: orgs.reduce((s, r) => s + (Number(r.dl) / tot) ** 2, 0) });
      counts.set(`hhi|${month}|all`, orgs.length);
    }
    const sizeSums = new Map<string, number>();
    let sizeTotal = 0;
    for (const r of bySize) {
      if (r.d !== d) continue;
      const c = sizeClass(Number(r.p));
      sizeSums.set(c, (sizeSums.get(c) ?? 0) + Number(r.dl));
      sizeTotal += Number(r.dl);
    }
    if (sizeTotal > 0) for (const c of SIZE_CLASSES) rows.push({ date: month, metric: 'download_share_by_size', group: c.label, value: (sizeSums.get(c.label) ?? 0) / sizeTotal });
  }

  // New mainline models by bloc (createdAt month), on a full month × bloc grid.
  const newMain = await store.query(`SELECT strftime(created_at, '%Y-%m') AS month, bloc, count(*) AS n FROM models WHERE mainline AND created_at IS NOT NULL AND bloc IS NOT NULL GROUP BY 1, 2`);
  if (newMain.length > 0) {
    const months = newMain.map((r) => String(r.month)).sort();
    const idx = new Map(newMain.map((r) => [`${r.month}|${r.bloc}`, Number(r.n)]));
    for (const m of monthsBetween(months[0], months[months.length - 1])) for (const b of mainBlocs) rows.push({ date: m, metric: 'new_mainline_models', group: b, value: idx.get(`${m}|${b}`) ?? 0 });
  }

  // Derivatives: first tracked ancestor through first-listed bases.
  // Derivatives by the bloc of their first tracked ancestor (models.root_bloc, refreshed by each sync).
  const deriv = await store.query(`SELECT strftime(created_at, '%Y-%m') AS month, root_bloc AS bloc, relation, count(*) AS n
    FROM models WHERE is_derivative AND root_bloc IS NOT NULL AND created_at IS NOT NULL GROUP BY 1, 2, 3`);
  if (deriv.length > 0) {
    const months = [...new Set(deriv.map((r) => String(r.month)))].sort();
    const blocs = [...new Set(deriv.map((r) => String(r.bloc)))].sort(blocSort);
    const rels = [...new Set(deriv.map((r) => String(r.relation)))].sort((a, b) => (RELATION_ORDER.indexOf(a) + 1 || 99) - (RELATION_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
    const byMB = new Map<string, number>();
    const byMR = new Map<string, number>();
    const byM = new Map<string, number>();
    for (const r of deriv) {
      const n = Number(r.n);
      byMB.set(`${r.month}|${r.bloc}`, (byMB.get(`${r.month}|${r.bloc}`) ?? 0) + n);
      byMR.set(`${r.month}|${r.relation}`, (byMR.get(`${r.month}|${r.relation}`) ?? 0) + n);
      byM.set(String(r.month), (byM.get(String(r.month)) ?? 0) + n);
    }
    for (const m of monthsBetween(months[0], months[months.length - 1])) {
      const tot = byM.get(m) ?? 0;
      if (tot > 0)
        for (const b of blocs) {
          rows.push({ date: m, metric: 'derivative_share', group: b, value: (byMB.get(`${m}|${b}`) ?? 0) / tot });
          counts.set(`derivative_share|${m}|${b}`, tot);
        }
      for (const r of rels) rows.push({ date: m, metric: 'new_derivatives', group: r, value: byMR.get(`${m}|${r}`) ?? 0 });
    }
  }

  // Relative adoption: all-time downloads over the 10th-ranked model of the size class at the same age.
  const pool = await store.query(`SELECT d, id, bloc, parameters::DOUBLE AS p, downloads_all_time::DOUBLE AS dla, datediff('month', created_at, d::DATE) AS age
    FROM snap WHERE parameters IS NOT NULL AND downloads_all_time IS NOT NULL AND created_at IS NOT NULL ORDER BY id, d`);
  const buckets = new Map<string, number[]>();
  for (const r of pool) {
    const key = `${sizeClass(Number(r.p))}|${r.age}`;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = []));
    b.push(Number(r.dla));
  }
  const ref = new Map<string, number>();
  for (const [k, xs] of buckets) if (xs.length >= RELATIVE_ADOPTION_RANK) ref.set(k, xs.sort((a, b) => b - a)[RELATIVE_ADOPTION_RANK - 1]);
  const medians = new Map<string, number[]>();
  for (const r of pool) {
    const rv = ref.get(`${sizeClass(Number(r.p))}|${r.age}`);
    if (rv === undefined || rv <= 0) continue;
    const month = monthOf.get(String(r.d))!;
    const v = Number(r.dla) / rv;
    rows.push({ date: month, metric: 'relative_adoption', group: String(r.id), value: v });
    const key = `${month}|${r.bloc}`;
    let a = medians.get(key);
    if (!a) medians.set(key, (a = []));
    a.push(v);
  }
  for (const [k, xs] of medians) {
    const [month, bloc] = k.split('|');
    rows.push({ date: month, metric: 'relative_adoption_median', group: bloc, value: median(xs) });
  }
  await store.conn.run('DROP TABLE IF EXISTS snap');
  return { rows: sortRows(rows), latestSync, syncDates, counts };
}

/** Orders rows by date, then metric (definition order), then group (blocs, relations and sizes in their order, others alphabetically). */
function sortRows(rows: MetricRow[]): MetricRow[] {
  const mOrder = new Map<string, number>(OBSERVATORY_METRICS.map((m, k) => [m.id, k]));
  const gOrder = new Map<string, number>([...BLOC_ORDER, 'all', ...RELATION_ORDER, ...SIZE_CLASSES.map((c) => c.label)].map((g, k) => [g, k]));
  return rows.sort((a, b) => {
    if (a.date !== b.date) return a.date < b.date ? -1 : 1;
    if (a.metric !== b.metric) return (mOrder.get(a.metric) ?? 99) - (mOrder.get(b.metric) ?? 99);
    const ga = gOrder.get(a.group) ?? 1000;
    const gb = gOrder.get(b.group) ?? 1000;
    return ga - gb || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0);
  });
}

/** The long-format CSV (`date,metric,group,value`), like the simulator's series.csv. */
export function metricsToCsv(rows: readonly MetricRow[]): string {
  const parts = ['date,metric,group,value\n'];
  for (const r of rows) {
    const g = /[",\n]/.test(r.group) ? `"${r.group.replace(/"/g, '""')}"` : r.group;
    parts.push(`${r.date},${r.metric},${g},${formatValue(r.value)}\n`);
  }
  return parts.join('');
}
