/**
 * `momentum observe export-observations`: the measured values as observation records
 * (src/model/calibrate/observation-schema.ts), ready for `momentum calibrate --observations`.
 * Every record is validated against the schema before anything is written.
 *
 * Uncertainty: snapshot shares and HHI carry a bootstrap standard error over models (the
 * spread that comes from which models exist, not from Hub counter errors); derivative shares
 * carry a binomial standard error over the month's derivatives.
 */
import { observationsFileSchema, type Observation } from '../model/calibrate/observation-schema.js';
import { Rng, ValidationError, zodIssues } from '../model/index.js';
import { OBSERVATORY_METRICS, type MetricsResult } from './metrics.js';
import type { Store } from './store.js';

/** Bootstrap resamples for snapshot uncertainties. */
export const BOOTSTRAP_REPLICATES = 200;
/** Months with fewer derivatives than this are not exported (too noisy to fit). */
export const MIN_DERIVATIVES = 20;

/** Groups the simulator reports for bloc metrics, and its first month: other records are exported with `fit: false`. */
export const MODEL_BLOCS = ['US', 'CN', 'EU', 'RoW'];
export const MODEL_FIRST_MONTH = '2023-01';

/** `fit: false` (with the reason) when the simulator cannot fit a record: unknown bloc or a period before its horizon. */
function fitOf(group: string, start: string): { fit?: false; why?: string } {
  if (group !== 'all' && !MODEL_BLOCS.includes(group)) return { fit: false, why: `the simulator has no "${group}" bloc` };
  if (start < MODEL_FIRST_MONTH) return { fit: false, why: `the period starts before the simulator's first month ${MODEL_FIRST_MONTH}` };
  return {};
}

function withFit(o: Observation, start: string): Observation {
  const f = fitOf(o.group, start);
  if (f.fit === false) return { ...o, fit: false, notes: `${o.notes ?? ''} Not fitted by default: ${f.why}.`.trim() };
  return o;
}

const definition = (id: string) => OBSERVATORY_METRICS.find((m) => m.id === id)!.definition;

function sd(xs: Float64Array): number {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) ** 2;
  return Math.sqrt(v / (xs.length - 1));
}

/** Bootstrap standard errors of bloc shares (30-day and all-time) and HHI at one sync date. */
async function bootstrap(store: Store, date: string, blocs: string[], seed: number) {
  const rows = await store.query(`SELECT m.bloc, m.organisation, s.downloads::DOUBLE AS dl, coalesce(s.downloads_all_time, 0)::DOUBLE AS dla
    FROM snapshots s JOIN models m ON m.id = s.id WHERE m.mainline AND s.sync_date = ?::DATE ORDER BY s.id`, [date]);
  const n = rows.length;
  const bloc = Int32Array.from(rows, (r) => blocs.indexOf(String(r.bloc)));
  const orgNames = [...new Set(rows.map((r) => String(r.organisation)))];
  const org = Int32Array.from(rows, (r) => orgNames.indexOf(String(r.organisation)));
  const dl = Float64Array.from(rows, (r) => Number(r.dl));
  const dla = Float64Array.from(rows, (r) => Number(r.dla));
  const rng = new Rng(seed, 0xb007);
  const share = blocs.map(() => new Float64Array(BOOTSTRAP_REPLICATES));
  const shareAll = blocs.map(() => new Float64Array(BOOTSTRAP_REPLICATES));
  const hhi = new Float64Array(BOOTSTRAP_REPLICATES);
  const sb = new Float64Array(blocs.length);
  const sba = new Float64Array(blocs.length);
  const so = new Float64Array(orgNames.length);
  for (let b = 0; b < BOOTSTRAP_REPLICATES; b++) {
    sb.fill(0);
    sba.fill(0);
    so.fill(0);
    let t = 0;
    let ta = 0;
    for (let k = 0; k < n; k++) {
      const i = rng.int(n);
      if (bloc[i] >= 0) {
        sb[bloc[i]] += dl[i];
        sba[bloc[i]] += dla[i];
      }
      so[org[i]] += dl[i];
      t += dl[i];
      ta += dla[i];
    }
    for (let g = 0; g < blocs.length; g++) {
      share[g][b] = t > 0 ? sb[g] / t : 0;
      shareAll[g][b] = ta > 0 ? sba[g] / ta : 0;
    }
    let h = 0;
    for (let o = 0; o < so.length; o++) h += t > 0 ? (so[o] / t) ** 2 : 0;
    hhi[b] = h;
  }
  return { n, share: share.map(sd), shareAll: shareAll.map(sd), hhi: sd(hhi) };
}

function uncertainty(value: number, se: number, note: string): Observation['uncertainty'] {
  if (Number.isFinite(se) && se > 0) return { se, note };
  return { low: value, high: value, note: `${note}; the spread is zero (every resample gives the same value)` };
}

/**
 * Builds and validates the observation records.
 * @param hubUrl the Hub the data came from (the records' source url)
 */
export async function buildObservations(store: Store, metrics: MetricsResult, hubUrl: string): Promise<Observation[]> {
  const obs: Observation[] = [];
  const source = (date: string) => ({ title: `Hugging Face Hub, synced ${date}`, author: 'Hugging Face', year: Number(date.slice(0, 4)), url: hubUrl });
  const latest = metrics.latestSync;
  if (!latest) return obs;
  const first = await store.query(`SELECT strftime(min(created_at), '%Y-%m') AS m FROM models WHERE mainline`);
  const firstMonth = (first[0]?.m as string | null) ?? null;
  for (const date of metrics.syncDates) {
    const month = date.slice(0, 7);
    const shareRows = metrics.rows.filter((r) => r.date === month && r.metric === 'download_share');
    const blocs = shareRows.map((r) => r.group);
    if (blocs.length === 0) continue;
    const bs = await bootstrap(store, date, blocs, Number(date.replace(/-/g, '')));
    const note = `bootstrap standard error over the ${bs.n} mainline models of the snapshot (${BOOTSTRAP_REPLICATES} resamples, seeded)`;
    for (const [g, b] of blocs.entries()) {
      const v = shareRows[g].value;
      obs.push(withFit({ id: `hub-download_share-${b}-${month}`, metric: 'download_share', group: b, period: month, kind: 'rolling', value: v, uncertainty: uncertainty(v, bs.share[g], note), unit: 'share', definition: definition('download_share'), source: source(date), notes: 'Hub "downloads" counts the last 30 days up to the sync date; mainline models of the tracked organisations only (data/organizations.csv).' }, month));
      const cum = metrics.rows.find((r) => r.date === month && r.metric === 'cumulative_download_share' && r.group === b);
      if (cum && firstMonth)
        obs.push(withFit({ id: `hub-cumulative_download_share-${b}-${month}`, metric: 'download_share', group: b, period: { start: firstMonth, end: month }, kind: 'rolling', value: cum.value, uncertainty: uncertainty(cum.value, bs.shareAll[g], note), unit: 'share', definition: definition('cumulative_download_share'), source: source(date), notes: 'Share of all-time downloads (Hub "downloadsAllTime") of the models on the Hub at the sync date: the download-weighted share over the whole period.' }, firstMonth));
    }
    const h = metrics.rows.find((r) => r.date === month && r.metric === 'hhi');
    if (h)
      obs.push({ id: `hub-hhi-all-${month}`, metric: 'hhi', group: 'all', period: month, kind: 'rolling', value: h.value, uncertainty: uncertainty(h.value, bs.hhi, note), unit: 'index 0–1', definition: definition('hhi'), source: source(date), notes: 'Concentration of open-model downloads over organisations; the simulator\'s hhi is over labs\' usage shares, so this record is not fitted by default.', fit: false });
  }
  for (const r of metrics.rows) {
    if (r.metric !== 'derivative_share') continue;
    const n = metrics.counts.get(`derivative_share|${r.date}|${r.group}`) ?? 0;
    if (n < MIN_DERIVATIVES) continue;
    const p = r.value;
    const se = Math.sqrt((p * (1 - p)) / n);
    const note = `binomial standard error over the ${n} derivatives created that month`;
    const unc: Observation['uncertainty'] = se > 0 ? { se, note } : p <= 0 ? { low: 0, high: Math.min(1, 3 / n), note: `rule of three: none of ${n} derivatives that month` } : { low: Math.max(0, 1 - 3 / n), high: 1, note: `rule of three: all ${n} derivatives that month` };
    obs.push(withFit({ id: `hub-derivative_share-${r.group}-${r.date}`, metric: 'derivative_share', group: r.group, period: r.date, kind: 'point', value: p, uncertainty: unc, unit: 'share', definition: definition('derivative_share'), source: source(latest), notes: 'Derivatives still on the Hub at the sync date, dated by createdAt; base = first tracked ancestor through first-listed base models.' }, r.date));
  }
  const parsed = observationsFileSchema.safeParse(obs);
  if (!parsed.success) throw new ValidationError('export-observations', zodIssues(parsed.error, obs));
  return parsed.data;
}
