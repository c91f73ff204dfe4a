/**
 * Expected observatory metrics computed directly from a generated ecosystem's ground truth
 * (kinds, parents, organisations, creation days): independent of the policy, lineage and SQL
 * under test. Only the family table (src/observatory/families.ts) is shared: it is the
 * definition of the families, not code under test.
 */
import { familyOf } from '../../src/observatory/families.js';
import { KIND, PIPELINES, RELATION_NAMES, createdUnknown, dayToIso, downloadsOf, modelId, type Ecosystem } from './hub-ecosystem.js';

const SIZE_LABELS = ['<1B', '1-5B', '5-10B', '10-50B', '50-100B', '100-250B', '250B+'];
const SIZE_MAX = [1e9, 5e9, 10e9, 50e9, 100e9, 250e9, Infinity];
const sizeOf = (p: number) => SIZE_LABELS[SIZE_MAX.findIndex((m) => p < m)];
const DAY = 86_400_000;
const dayNo = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

/** key `metric|date|group` → value. */
export type Expected = Map<string, number>;

/** One sync of the series: its date and the download variant the stand-in served. */
export interface SyncSpec {
  date: string;
  variant: number;
}

type P = 'month' | 'day';
const keyOf = (iso: string, p: P) => (p === 'month' ? iso.slice(0, 7) : iso);
/** Every period key from a to b (days), in order. */
function keys(a: string, b: string, p: P): string[] {
  const out: string[] = [];
  for (let n = dayNo(a); n <= dayNo(b); n++) {
    const k = keyOf(dayToIso(n), p);
    if (out[out.length - 1] !== k) out.push(k);
  }
  return out;
}

/**
 * Expected metrics of a series of syncs of `eco` (each listing the models created on or before
 * its date, with its variant's downloads), by month or by day.
 */
export function expectedSeries(eco: Ecosystem, syncs: readonly SyncSpec[], period: P = 'month'): Expected {
  const out: Expected = new Map();
  const nTracked = eco.orgs.filter((o) => o.registryIndex >= 0).length;
  const tracked = (i: number) => eco.ns[i] < nTracked;
  const isMain = (i: number) => tracked(i) && (eco.kind[i] === KIND.base || eco.kind[i] === KIND.instruct || eco.kind[i] === KIND.crossOrgTune);
  const blocOf = (i: number) => eco.orgs[eco.ns[i]].bloc!;
  const orgOf = (i: number) => eco.orgs[eco.ns[i]].organisation!;
  const last = syncs[syncs.length - 1].date;
  const visible = (i: number, d: string) => dayToIso(eco.created[i]) <= d;
  const mainline: number[] = [];
  for (let i = 0; i < eco.n; i++) if (isMain(i) && visible(i, last)) mainline.push(i);
  const blocs = [...new Set(mainline.map(blocOf))];
  const created = (i: number) => (createdUnknown(eco, i) ? null : dayToIso(eco.created[i]));

  // Periods, their last syncs, gaps.
  const lastOf = new Map<string, SyncSpec>();
  const nOf = new Map<string, number>();
  for (const s of syncs) {
    lastOf.set(keyOf(s.date, period), s);
    nOf.set(keyOf(s.date, period), (nOf.get(keyOf(s.date, period)) ?? 0) + 1);
  }
  const grid = keys(syncs[0].date, last, period);
  for (const k of grid) out.set(`snapshots|${k}|all`, nOf.get(k) ?? 0);

  const share = (metric: string, k: string, groups: Iterable<string>, sums: Map<string, number>) => {
    let t = 0;
    for (const v of sums.values()) t += v;
    if (t > 0) for (const g of groups) out.set(`${metric}|${k}|${g}`, (sums.get(g) ?? 0) / t);
  };
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

  for (const [k, s] of lastOf) {
    const dl = new Map<string, number>();
    const dla = new Map<string, number>();
    const org = new Map<string, number>();
    const size = new Map<string, number>();
    const fam = new Map<string, number>();
    let cross = 0;
    let t = 0;
    for (const i of mainline) {
      if (!visible(i, s.date)) continue;
      const d = downloadsOf(eco, i, s.variant);
      add(dl, blocOf(i), d.dl30);
      add(dla, blocOf(i), d.dlAll);
      add(org, orgOf(i), d.dl30);
      add(fam, familyOf(modelId(eco, i)), d.dl30);
      if (eco.params[i] > 0) add(size, sizeOf(eco.params[i]), d.dl30);
      if (eco.kind[i] === KIND.crossOrgTune) cross += d.dl30;
      t += d.dl30;
    }
    share('download_share', k, blocs, dl);
    share('cumulative_download_share', k, blocs, dla);
    let h = 0;
    for (const v of org.values()) h += (v / t) ** 2;
    out.set(`hhi|${k}|all`, h);
    share('download_share_by_size', k, SIZE_LABELS, size);
    out.set(`cross_organisation_mainline_share|${k}|all`, cross / t);
    const fams = new Set(mainline.map((i) => familyOf(modelId(eco, i))));
    for (const f of fams) out.set(`family_downloads|${k}|${f}`, fam.get(f) ?? 0);
    share('family_download_share', k, fams, fam);
    // Period downloads against the previous period's last sync.
    const idx = grid.indexOf(k);
    const prev = idx > 0 ? lastOf.get(grid[idx - 1]) : undefined;
    if (prev) {
      const pd = new Map<string, number>();
      for (const i of mainline) {
        if (!visible(i, s.date)) continue;
        const before = visible(i, prev.date) ? downloadsOf(eco, i, prev.variant).dlAll : created(i) !== null && created(i)! >= prev.date ? 0 : null;
        if (before === null) continue;
        add(pd, blocOf(i), downloadsOf(eco, i, s.variant).dlAll - before);
      }
      for (const b of blocs) out.set(`period_downloads|${k}|${b}`, pd.get(b) ?? 0);
      share('period_download_share', k, blocs, pd);
    }
  }

  // New mainline models per period and bloc (full grid), dated models only.
  const dated = mainline.filter((i) => created(i) !== null);
  const days = dated.map((i) => created(i)!).sort();
  for (const k of keys(days[0], days[days.length - 1], period)) for (const b of blocs) out.set(`new_mainline_models|${k}|${b}`, 0);
  for (const i of dated) add(out, `new_mainline_models|${keyOf(created(i)!, period)}|${blocOf(i)}`, 1);

  // Derivatives: root = first tracked ancestor through parent1; language-model roots only.
  const lmTask = (i: number) => ['text-generation', 'image-text-to-text'].includes(PIPELINES[eco.pipeline[i]]);
  const derivs: { k: string; bloc: string; rel: string; fam: string; lm: boolean }[] = [];
  for (let i = 0; i < eco.n; i++) {
    const kd = eco.kind[i];
    if (!(kd === KIND.derivative || kd === KIND.crossOrgTune || kd === KIND.crossOrgQuant) || !visible(i, last) || created(i) === null) continue;
    let p = eco.parent1[i];
    while (!tracked(p)) p = eco.parent1[p];
    derivs.push({ k: keyOf(created(i)!, period), bloc: blocOf(p), rel: RELATION_NAMES[eco.relation[i]], fam: familyOf(modelId(eco, p)), lm: lmTask(p) });
  }
  const lm = derivs.filter((d) => d.lm);
  const span = (xs: { k: string }[]) => {
    const ks = xs.map((d) => d.k).sort();
    return period === 'month' ? keys(`${ks[0]}-01`, `${ks[ks.length - 1]}-01`, period) : keys(ks[0], ks[ks.length - 1], period);
  };
  const dBlocs = [...new Set(lm.map((d) => d.bloc))];
  const rels = [...new Set(lm.map((d) => d.rel))];
  const fams = [...new Set(lm.map((d) => d.fam))];
  for (const k of span(lm)) {
    const here = lm.filter((d) => d.k === k);
    if (here.length > 0) {
      for (const b of dBlocs) out.set(`derivative_share|${k}|${b}`, here.filter((d) => d.bloc === b).length / here.length);
      for (const f of fams) out.set(`family_derivative_share|${k}|${f}`, here.filter((d) => d.fam === f).length / here.length);
    }
    for (const r of rels) out.set(`new_derivatives|${k}|${r}`, here.filter((d) => d.rel === r).length);
    for (const f of fams) out.set(`family_new_derivatives|${k}|${f}`, here.filter((d) => d.fam === f).length);
  }
  const other = derivs.filter((d) => !d.lm);
  if (other.length > 0) {
    const oRels = [...new Set(other.map((d) => d.rel))];
    for (const k of span(other)) for (const r of oRels) out.set(`new_derivatives_other_modalities|${k}|${r}`, other.filter((d) => d.k === k && d.rel === r).length);
  }

  // Relative adoption: every (model, sync) observation of known size and release day; age in days.
  const obs: { i: number; s: SyncSpec; key: string; v: number }[] = [];
  for (const s of syncs)
    for (const i of mainline)
      if (visible(i, s.date) && eco.params[i] > 0 && created(i) !== null) obs.push({ i, s, key: `${sizeOf(eco.params[i])}|${dayNo(s.date) - dayNo(created(i)!)}`, v: downloadsOf(eco, i, s.variant).dlAll });
  const buckets = new Map<string, number[]>();
  for (const o of obs) buckets.set(o.key, [...(buckets.get(o.key) ?? []), o.v]);
  const medians = new Map<string, number[]>();
  for (const [k, s] of lastOf) {
    for (const o of obs) {
      if (o.s !== s) continue;
      const b = buckets.get(o.key)!;
      if (b.length < 10) continue;
      const ref = [...b].sort((x, y) => y - x)[9];
      if (ref <= 0) continue;
      out.set(`relative_adoption|${k}|${modelId(eco, o.i)}`, o.v / ref);
      const mk = `${k}|${blocOf(o.i)}`;
      medians.set(mk, [...(medians.get(mk) ?? []), o.v / ref]);
    }
  }
  for (const [mk, xs] of medians) {
    const [k, b] = mk.split('|');
    const sorted = xs.sort((x, y) => x - y);
    const m = sorted.length >> 1;
    out.set(`relative_adoption_median|${k}|${b}`, sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2);
  }
  return out;
}

/** Expected metrics of one sync of `eco` on `syncDate` with download `variant` (monthly). */
export function expectedMetrics(eco: Ecosystem, syncDate: string, variant: number): Expected {
  return expectedSeries(eco, [{ date: syncDate, variant }], 'month');
}
