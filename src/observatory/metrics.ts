/**
 * `momentum observe metrics`: what the stored snapshots allow us to measure, per period (day,
 * ISO week or month), in the simulator's long format (`date,metric,group,value`). Metric ids
 * match the simulator's where the meaning matches (download_share, derivative_share, hhi); see
 * docs/observatory.md §4.
 *
 * - Snapshot metrics use, for each period, the last completed sync of that period.
 * - Period downloads are differences of all-time downloads between the last syncs of two
 *   consecutive periods; a period whose previous period has no sync has none (a gap).
 * - `snapshots` counts the completed syncs of every period from the first to the last: 0 marks
 *   a gap, which is never interpolated.
 * - History metrics (new models, derivatives) use the models' createdAt.
 * - Relative adoption follows ATOM: day-level cumulative downloads against the 10th-ranked model
 *   of the size class at the same age in days, with curated sizes and release dates.
 */
import { formatValue } from '../model/index.js';
import { MODEL_FAMILIES, OTHER_FAMILY } from './families.js';
import { LANGUAGE_MODEL_TASKS } from './mainline-policy.js';
import type { ModelFact } from './model-facts.js';
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

/** Periods of the series. */
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** Metric definitions (metadata as data; documented in docs/observatory.md). `title` is what a reader sees. */
export const OBSERVATORY_METRICS = [
  { id: 'download_share', title: 'Share of downloads by bloc (Hub 30-day counter)', unit: 'share', breakdown: 'bloc', definition: 'Share of 30-day downloads of mainline models, by bloc of the publishing organisation (last sync of the period).' },
  { id: 'cumulative_download_share', title: 'Share of all-time downloads by bloc', unit: 'share', breakdown: 'bloc', definition: 'Share of all-time downloads of mainline models, by bloc (last sync of the period).' },
  { id: 'period_downloads', title: 'Downloads in the period, by bloc', unit: 'downloads', breakdown: 'bloc', definition: 'All-time downloads of mainline models at the period\'s last sync minus those at the previous period\'s last sync (models new since then count from zero). None when the previous period has no sync.' },
  { id: 'period_download_share', title: 'Share of downloads in the period, by bloc', unit: 'share', breakdown: 'bloc', definition: 'Each bloc\'s share of period_downloads.' },
  { id: 'hhi', title: 'Concentration of downloads across organisations (HHI)', unit: 'index 0-1', breakdown: 'none', definition: 'Herfindahl-Hirschman index over organisations of 30-day downloads of mainline models: sum of squared shares.' },
  { id: 'download_share_by_size', title: 'Share of downloads by model size', unit: 'share', breakdown: 'size class', definition: 'Share of 30-day downloads of mainline models with known size, by size class of total parameters (curated sizes first).' },
  { id: 'cross_organisation_mainline_share', title: 'Share of downloads from models built on another lab\'s base', unit: 'share', breakdown: 'none', definition: 'Share of 30-day mainline downloads that go to mainline models finetuned or merged from another organisation\'s base (nvidia Llama-Nemotron, DeepSeek R1-Distill), which ATOM counts as their publisher\'s.' },
  { id: 'family_downloads', title: 'Downloads by model family (Hub 30-day counter)', unit: 'downloads', breakdown: 'family', definition: '30-day downloads of mainline models by family (Qwen, Llama, DeepSeek, …; see src/observatory/families.ts).' },
  { id: 'family_download_share', title: 'Share of downloads by model family', unit: 'share', breakdown: 'family', definition: 'Each family\'s share of 30-day mainline downloads.' },
  { id: 'new_mainline_models', title: 'New mainline models by bloc', unit: 'models per period', breakdown: 'bloc', definition: 'Mainline models created in the period (Hub createdAt; models with the "before March 2022" sentinel are undated and left out), by bloc.' },
  { id: 'derivative_share', title: 'Share of new derivatives by bloc of their base model', unit: 'share', breakdown: 'bloc', definition: 'Share of language-model derivatives created in the period, by bloc of their first tracked ancestor (the base model).' },
  { id: 'new_derivatives', title: 'New derivatives of language models, by kind', unit: 'models per period', breakdown: 'relation', definition: 'Derivatives of tracked language models (root task text-generation, image-text-to-text or any-to-any) created in the period, by relation to their direct base (finetune, adapter, quantized, merge).' },
  { id: 'new_derivatives_other_modalities', title: 'New derivatives of other models (speech, image, embeddings…)', unit: 'models per period', breakdown: 'relation', definition: 'Derivatives created in the period whose root is a tracked model that is not a language model (Whisper fine-tunes, FLUX LoRAs, …), by relation. Not part of derivative_share.' },
  { id: 'family_new_derivatives', title: 'New derivatives by model family of the base', unit: 'models per period', breakdown: 'family', definition: 'Language-model derivatives created in the period, by family of their root.' },
  { id: 'family_derivative_share', title: 'Share of new derivatives by model family of the base', unit: 'share', breakdown: 'family', definition: 'Each family\'s share of the period\'s language-model derivatives.' },
  { id: 'relative_adoption', title: 'Relative adoption (ATOM)', unit: 'ratio', breakdown: 'model', definition: 'A mainline model\'s all-time downloads at age t days (since its release) divided by those of the 10th-ranked model of its size class at the same age t, over every completed sync; curated sizes and release dates first (data/model-facts.csv). Reported at the period\'s last sync; undefined with fewer than 10 models at that age.' },
  { id: 'relative_adoption_median', title: 'Median relative adoption by bloc', unit: 'ratio', breakdown: 'bloc', definition: 'Median of relative_adoption over the bloc\'s mainline models at the period\'s last sync.' },
  { id: 'snapshots', title: 'Completed syncs in the period (0 = a gap)', unit: 'syncs', breakdown: 'none', definition: 'Number of completed syncs in the period, for every period from the first sync to the last; 0 marks a gap in the series.' },
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
  period: Period;
  /** Last completed sync date (YYYY-MM-DD). */
  latestSync: string | null;
  /** Completed sync dates used (the last of each period). */
  syncDates: string[];
  /** Every completed sync date. */
  allSyncDates: string[];
  /** Periods between the first and the last sync without a completed sync. */
  gaps: string[];
  /** Counts behind the shares, for export uncertainties: per (metric, date, group). */
  counts: Map<string, number>;
}

/** Options of {@link computeMetrics}. */
export interface MetricsOptions {
  period?: Period;
  /** Curated sizes and release dates (data/model-facts.csv). */
  facts?: readonly ModelFact[];
}

const BLOC_ORDER = ['US', 'CN', 'EU', 'RoW', 'unknown'];
const blocSort = (a: string, b: string) => (BLOC_ORDER.indexOf(a) + 1 || 99) - (BLOC_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);
const RELATION_ORDER = ['finetune', 'adapter', 'quantized', 'merge'];
const relSort = (a: string, b: string) => (RELATION_ORDER.indexOf(a) + 1 || 99) - (RELATION_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);
const FAMILY_ORDER = [...MODEL_FAMILIES.map((f) => f.family), OTHER_FAMILY];
const famSort = (a: string, b: string) => FAMILY_ORDER.indexOf(a) - FAMILY_ORDER.indexOf(b);

/** Size class label of a parameter count. */
export function sizeClass(params: number): string {
  for (const c of SIZE_CLASSES) if (params < c.max) return c.label;
  return SIZE_CLASSES[SIZE_CLASSES.length - 1].label;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** ISO-8601 week of a day, as `YYYY-Www` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(iso: string): string {
  const n = dayNumber(iso);
  const dow = (new Date(n * DAY_MS).getUTCDay() + 6) % 7; // Monday 0
  const thursday = n - dow + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The period key of a day: `YYYY-MM-DD`, `YYYY-Www` or `YYYY-MM`. */
export function periodOf(iso: string, period: Period): string {
  return period === 'day' ? iso : period === 'week' ? isoWeek(iso) : iso.slice(0, 7);
}

/** First day of a period key (for charts). */
export function periodStart(key: string, period: Period): string {
  if (period === 'day') return key;
  if (period === 'month') return `${key}-01`;
  const year = Number(key.slice(0, 4));
  const jan4 = dayNumber(`${year}-01-04`);
  const monday1 = jan4 - ((new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7);
  return isoOf(monday1 + 7 * (Number(key.slice(6)) - 1));
}

/** Every period key from the one holding day `a` to the one holding day `b`, in order. */
export function periodsBetween(a: string, b: string, period: Period): string[] {
  const out: string[] = [];
  if (period === 'month') {
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
  const step = period === 'day' ? 1 : 7;
  const start = dayNumber(periodStart(periodOf(a, period), period));
  for (let n = start; n <= dayNumber(b); n += step) out.push(periodOf(isoOf(n), period));
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** SQL that maps a repository id column to its family (the table of families.ts, in RE2 syntax). */
function familySql(col: string): string {
  const arms = MODEL_FAMILIES.map((f) => `WHEN regexp_matches(${col}, ${sqlString((f.pattern.flags.includes('i') ? '(?i)' : '') + f.pattern.source)}) THEN ${sqlString(f.family)}`);
  return `CASE ${arms.join(' ')} ELSE ${sqlString(OTHER_FAMILY)} END`;
}

/** Shares of `sums` over every group in `groups` (zeros included); nothing when the total is 0. */
function pushShares(rows: MetricRow[], date: string, metric: string, groups: readonly string[], sums: Map<string, number>): number {
  let total = 0;
  for (const v of sums.values()) total += v;
  if (total <= 0) return 0;
  for (const g of groups) rows.push({ date, metric, group: g, value: (sums.get(g) ?? 0) / total });
  return total;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Query rows grouped by their sync date column `d`. */
function bySync(rows: Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const k = String(r.d);
    let a = out.get(k);
    if (!a) out.set(k, (a = []));
    a.push(r);
  }
  return out;
}

/** Computes every metric from the store. */
export async function computeMetrics(store: Store, opts: MetricsOptions = {}): Promise<MetricsResult> {
  const period = opts.period ?? 'month';
  const rows: MetricRow[] = [];
  const counts = new Map<string, number>();
  const allSyncDates = await store.completedSyncDates();
  const lastOfPeriod = new Map<string, string>();
  const syncsPerPeriod = new Map<string, number>();
  for (const d of allSyncDates) {
    const p = periodOf(d, period);
    lastOfPeriod.set(p, d);
    add(syncsPerPeriod, p, 1);
  }
  const syncDates = [...lastOfPeriod.values()];
  const latestSync = allSyncDates.length ? allSyncDates[allSyncDates.length - 1] : null;
  const grid = latestSync ? periodsBetween(allSyncDates[0], latestSync, period) : [];
  const gaps = grid.filter((p) => !lastOfPeriod.has(p));
  for (const p of grid) rows.push({ date: p, metric: 'snapshots', group: 'all', value: syncsPerPeriod.get(p) ?? 0 });

  // Curated facts as a temp table; `snap` = mainline snapshot rows of every completed sync.
  await store.conn.run(`CREATE OR REPLACE TEMP TABLE facts (id VARCHAR, parameters BIGINT, released DATE)`);
  const facts = opts.facts ?? [];
  for (let k = 0; k < facts.length; k += 500) {
    const chunk = facts.slice(k, k + 500);
    await store.conn.run(`INSERT INTO facts VALUES ${chunk.map((f) => `(${sqlString(f.id)}, ${f.parameters ?? 'NULL'}, ${f.releaseDate ? `DATE ${sqlString(f.releaseDate)}` : 'NULL'})`).join(', ')}`);
  }
  await store.conn.run(`CREATE OR REPLACE TEMP TABLE snap AS
    SELECT s.sync_date::VARCHAR AS d, s.id, s.downloads, s.downloads_all_time, m.organisation, m.bloc,
      coalesce(f.parameters, m.parameters) AS parameters, coalesce(f.released, m.created_at) AS released, m.created_at,
      m.is_derivative AS cross_org, ${familySql('m.id')} AS family
    FROM snapshots s JOIN models m ON m.id = s.id AND m.mainline
    LEFT JOIN facts f ON f.id = m.id
    WHERE s.sync_date IN (SELECT sync_date FROM sync_state WHERE phase = 'done')`);

  const mainBlocs = (await store.query(`SELECT DISTINCT bloc FROM models WHERE mainline AND bloc IS NOT NULL`)).map((r) => String(r.bloc)).sort(blocSort);
  // Every query below is ordered: floating-point sums (HHI, shares) then add in the same order,
  // so the same store gives the same bytes.
  const families = (await store.query(`SELECT DISTINCT family FROM snap`)).map((r) => String(r.family)).sort(famSort);
  const used = syncDates.map((d) => sqlString(d)).join(', ') || "''";
  const byBloc = await store.query(`SELECT d, bloc, sum(downloads)::DOUBLE AS dl, sum(coalesce(downloads_all_time, 0))::DOUBLE AS dla, count(*) AS n FROM snap WHERE d IN (${used}) GROUP BY 1, 2 ORDER BY 1, 2`);
  const byOrg = await store.query(`SELECT d, organisation, sum(downloads)::DOUBLE AS dl FROM snap WHERE d IN (${used}) GROUP BY 1, 2 ORDER BY 1, 2`);
  const classSql = `CASE ${SIZE_CLASSES.filter((c) => Number.isFinite(c.max)).map((c) => `WHEN parameters < ${c.max} THEN ${sqlString(c.label)}`).join(' ')} ELSE ${sqlString(SIZE_CLASSES[SIZE_CLASSES.length - 1].label)} END`;
  const bySize = await store.query(`SELECT d, ${classSql} AS cls, sum(downloads)::DOUBLE AS dl FROM snap WHERE d IN (${used}) AND parameters IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`);
  const byFamily = await store.query(`SELECT d, family, sum(downloads)::DOUBLE AS dl FROM snap WHERE d IN (${used}) GROUP BY 1, 2 ORDER BY 1, 2`);
  const byCross = await store.query(`SELECT d, sum(CASE WHEN cross_org THEN downloads ELSE 0 END)::DOUBLE AS x, sum(downloads)::DOUBLE AS dl FROM snap WHERE d IN (${used}) GROUP BY 1 ORDER BY 1`);
  const prevSync = new Map<string, string>();
  for (let k = 1; k < grid.length; k++) {
    const prev = lastOfPeriod.get(grid[k - 1]);
    if (prev && lastOfPeriod.has(grid[k])) prevSync.set(grid[k], prev);
  }

  // One query for every (period's last sync, previous period's last sync) pair.
  const pairs = [...prevSync].map(([p, prev]) => `(${sqlString(lastOfPeriod.get(p)!)}, ${sqlString(prev)})`);
  const periodDiffs = pairs.length
    ? await store.query(`WITH pairs(cur, prev) AS (VALUES ${pairs.join(', ')})
        SELECT pa.cur AS d, c.bloc, sum(c.downloads_all_time - coalesce(pr.downloads_all_time, 0))::DOUBLE AS dl
        FROM pairs pa JOIN snap c ON c.d = pa.cur LEFT JOIN snap pr ON pr.id = c.id AND pr.d = pa.prev
        WHERE c.downloads_all_time IS NOT NULL AND (pr.id IS NOT NULL OR c.created_at >= pa.prev::DATE)
        GROUP BY 1, 2 ORDER BY 1, 2`)
    : [];

  const byBlocD = bySync(byBloc);
  const byOrgD = bySync(byOrg);
  const bySizeD = bySync(bySize);
  const byCrossD = bySync(byCross);
  const byFamilyD = bySync(byFamily);
  const periodDiffsD = bySync(periodDiffs);
  for (const [p, d] of lastOfPeriod) {
    const here = byBlocD.get(d) ?? [];
    for (const [metric, col] of [['download_share', 'dl'], ['cumulative_download_share', 'dla']] as const) {
      if (pushShares(rows, p, metric, mainBlocs, new Map(here.map((r) => [String(r.bloc), Number(r[col])]))) > 0)
        for (const b of mainBlocs) counts.set(`${metric}|${p}|${b}`, Number(here.find((x) => x.bloc === b)?.n ?? 0));
    }
    const orgs = byOrgD.get(d) ?? [];
    const tot = orgs.reduce((s, r) => s + Number(r.dl), 0);
    if (tot > 0) {
      rows.push({ date: p, metric: 'hhi', group: 'all', value: orgs.reduce((s, r) => s + (Number(r.dl) / tot) ** 2, 0) });
      counts.set(`hhi|${p}|all`, orgs.length);
    }
    const sizeSums = new Map<string, number>();
    for (const r of bySizeD.get(d) ?? []) add(sizeSums, String(r.cls), Number(r.dl));
    pushShares(rows, p, 'download_share_by_size', SIZE_CLASSES.map((c) => c.label), sizeSums);
    const cross = (byCrossD.get(d) ?? [])[0];
    if (cross && Number(cross.dl) > 0) rows.push({ date: p, metric: 'cross_organisation_mainline_share', group: 'all', value: Number(cross.x) / Number(cross.dl) });
    const famSums = new Map((byFamilyD.get(d) ?? []).map((r) => [String(r.family), Number(r.dl)]));
    for (const f of families) rows.push({ date: p, metric: 'family_downloads', group: f, value: famSums.get(f) ?? 0 });
    pushShares(rows, p, 'family_download_share', families, famSums);

    // Downloads in the period: differences of all-time downloads between consecutive periods' last syncs.
    const diff = periodDiffsD.get(d) ?? [];
    if (prevSync.has(p)) {
      const sums = new Map(diff.map((r) => [String(r.bloc), Number(r.dl)]));
      for (const b of mainBlocs) rows.push({ date: p, metric: 'period_downloads', group: b, value: sums.get(b) ?? 0 });
      pushShares(rows, p, 'period_download_share', mainBlocs, sums);
    }
  }

  // New mainline models by bloc (createdAt period), on a full period × bloc grid.
  const newMain = await store.query(`SELECT created_at::VARCHAR AS day, bloc, count(*) AS n FROM models WHERE mainline AND created_at IS NOT NULL AND bloc IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`);
  if (newMain.length > 0) {
    const days = newMain.map((r) => String(r.day)).sort();
    const idx = new Map<string, number>();
    for (const r of newMain) add(idx, `${periodOf(String(r.day), period)}|${r.bloc}`, Number(r.n));
    for (const p of periodsBetween(days[0], days[days.length - 1], period)) for (const b of mainBlocs) rows.push({ date: p, metric: 'new_mainline_models', group: b, value: idx.get(`${p}|${b}`) ?? 0 });
  }

  // Derivatives, by the first tracked ancestor (models.root_id / root_bloc, refreshed by each
  // sync). Language-model roots feed derivative_share; the others are counted apart.
  const lmTasks = LANGUAGE_MODEL_TASKS.map(sqlString).join(', ');
  // Roots are tracked models: their task and family are worked out once each, not per derivative.
  await store.conn.run(`CREATE OR REPLACE TEMP TABLE roots AS
    SELECT id, coalesce(pipeline_tag IN (${lmTasks}), false) AS lm, ${familySql('id')} AS family FROM models WHERE organisation IS NOT NULL`);
  const deriv = await store.query(`SELECT m.created_at::VARCHAR AS day, m.root_bloc AS bloc, m.relation, coalesce(r.lm, false) AS lm, coalesce(r.family, ${sqlString(OTHER_FAMILY)}) AS family, count(*) AS n
    FROM models m LEFT JOIN roots r ON r.id = m.root_id
    WHERE m.is_derivative AND m.root_bloc IS NOT NULL AND m.created_at IS NOT NULL GROUP BY ALL ORDER BY ALL`);
  await store.conn.run('DROP TABLE roots');
  const lm = deriv.filter((r) => r.lm === true);
  const other = deriv.filter((r) => r.lm !== true);
  if (lm.length > 0) {
    const days = lm.map((r) => String(r.day)).sort();
    const blocs = [...new Set(lm.map((r) => String(r.bloc)))].sort(blocSort);
    const rels = [...new Set(lm.map((r) => String(r.relation)))].sort(relSort);
    const fams = [...new Set(lm.map((r) => String(r.family)))].sort(famSort);
    const byPB = new Map<string, number>();
    const byPR = new Map<string, number>();
    const byPF = new Map<string, number>();
    const byP = new Map<string, number>();
    for (const r of lm) {
      const p = periodOf(String(r.day), period);
      const n = Number(r.n);
      add(byPB, `${p}|${r.bloc}`, n);
      add(byPR, `${p}|${r.relation}`, n);
      add(byPF, `${p}|${r.family}`, n);
      add(byP, p, n);
    }
    for (const p of periodsBetween(days[0], days[days.length - 1], period)) {
      const tot = byP.get(p) ?? 0;
      if (tot > 0)
        for (const b of blocs) {
          rows.push({ date: p, metric: 'derivative_share', group: b, value: (byPB.get(`${p}|${b}`) ?? 0) / tot });
          counts.set(`derivative_share|${p}|${b}`, tot);
        }
      for (const r of rels) rows.push({ date: p, metric: 'new_derivatives', group: r, value: byPR.get(`${p}|${r}`) ?? 0 });
      for (const f of fams) {
        rows.push({ date: p, metric: 'family_new_derivatives', group: f, value: byPF.get(`${p}|${f}`) ?? 0 });
        if (tot > 0) rows.push({ date: p, metric: 'family_derivative_share', group: f, value: (byPF.get(`${p}|${f}`) ?? 0) / tot });
      }
    }
  }
  if (other.length > 0) {
    const days = other.map((r) => String(r.day)).sort();
    const rels = [...new Set(other.map((r) => String(r.relation)))].sort(relSort);
    const byPR = new Map<string, number>();
    for (const r of other) add(byPR, `${periodOf(String(r.day), period)}|${r.relation}`, Number(r.n));
    for (const p of periodsBetween(days[0], days[days.length - 1], period)) for (const r of rels) rows.push({ date: p, metric: 'new_derivatives_other_modalities', group: r, value: byPR.get(`${p}|${r}`) ?? 0 });
  }

  // Relative adoption (ATOM): cumulative downloads at age t days over those of the 10th-ranked
  // model of the size class at the same age, the pool being every (model, sync) observation.
  // In SQL, so a long daily series never comes into JS row by row: only the reported values do.
  const ram = await store.queryColumns(`WITH obs AS (
      SELECT d, id, bloc, ${classSql} AS cls, downloads_all_time::DOUBLE AS dla, datediff('day', released, d::DATE) AS age
      FROM snap WHERE parameters IS NOT NULL AND downloads_all_time IS NOT NULL AND released IS NOT NULL AND released <= d::DATE
    ), need AS (SELECT DISTINCT cls, age FROM obs WHERE d IN (${used})
    ), ranked AS (
      SELECT o.cls, o.age, o.dla, row_number() OVER (PARTITION BY o.cls, o.age ORDER BY o.dla DESC) AS rk
      FROM obs o SEMI JOIN need n ON n.cls = o.cls AND n.age = o.age
    ), ref AS (SELECT cls, age, dla AS ref FROM ranked WHERE rk = ${RELATIVE_ADOPTION_RANK})
    SELECT o.d, o.id, o.bloc, o.dla / r.ref AS v FROM obs o JOIN ref r ON r.cls = o.cls AND r.age = o.age
    WHERE o.d IN (${used}) AND r.ref > 0 ORDER BY o.d, o.id`);
  const usedSet = new Map([...lastOfPeriod].map(([p, d]) => [d, p]));
  const medians = new Map<string, number[]>();
  for (let k = 0; k < ram.d.length; k++) {
    const p = usedSet.get(String(ram.d[k]))!;
    const v = Number(ram.v[k]);
    rows.push({ date: p, metric: 'relative_adoption', group: String(ram.id[k]), value: v });
    const key = `${p}|${ram.bloc[k]}`;
    let a = medians.get(key);
    if (!a) medians.set(key, (a = []));
    a.push(v);
  }
  for (const [k, xs] of medians) {
    const [p, bloc] = k.split('|');
    rows.push({ date: p, metric: 'relative_adoption_median', group: bloc, value: median(xs) });
  }
  await store.conn.run('DROP TABLE IF EXISTS snap; DROP TABLE IF EXISTS facts');
  return { rows: sortRows(rows), period, latestSync, syncDates, allSyncDates, gaps, counts };
}

/** Orders rows by date, then metric (definition order), then group (blocs, relations, sizes and families in their order, others alphabetically). */
function sortRows(rows: MetricRow[]): MetricRow[] {
  const mOrder = new Map<string, number>(OBSERVATORY_METRICS.map((m, k) => [m.id, k]));
  const gOrder = new Map<string, number>([...BLOC_ORDER, 'all', ...RELATION_ORDER, ...SIZE_CLASSES.map((c) => c.label), ...FAMILY_ORDER].map((g, k) => [g, k]));
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
