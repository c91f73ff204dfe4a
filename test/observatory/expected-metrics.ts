/**
 * Expected observatory metrics computed directly from a generated ecosystem's ground truth
 * (kinds, parents, organisations): independent of the policy, lineage and SQL under test.
 */
import { KIND, RELATION_NAMES, dayToIso, downloadsOf, modelId, type Ecosystem } from './hub-ecosystem.js';

const SIZE_LABELS = ['<1B', '1-5B', '5-10B', '10-50B', '50-100B', '100-250B', '250B+'];
const SIZE_MAX = [1e9, 5e9, 10e9, 50e9, 100e9, 250e9, Infinity];
const sizeOf = (p: number) => SIZE_LABELS[SIZE_MAX.findIndex((m) => p < m)];
const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

/** key `metric|date|group` → value. */
export type Expected = Map<string, number>;

/** Expected metrics of one sync of `eco` on `syncDate` with download `variant`. */
export function expectedMetrics(eco: Ecosystem, syncDate: string, variant: number): Expected {
  const out: Expected = new Map();
  const month = syncDate.slice(0, 7);
  const nTracked = eco.orgs.filter((o) => o.registryIndex >= 0).length;
  const isMain = (i: number) => eco.ns[i] < nTracked && (eco.kind[i] === KIND.base || eco.kind[i] === KIND.instruct);
  const blocOf = (i: number) => eco.orgs[eco.ns[i]].bloc!;
  const mainline: number[] = [];
  for (let i = 0; i < eco.n; i++) if (isMain(i)) mainline.push(i);
  const blocs = [...new Set(mainline.map(blocOf))];

  const dl = new Map<string, number>();
  const dla = new Map<string, number>();
  const org = new Map<string, number>();
  const size = new Map<string, number>();
  let t = 0;
  let ta = 0;
  let ts = 0;
  for (const i of mainline) {
    const d = downloadsOf(eco, i, variant);
    dl.set(blocOf(i), (dl.get(blocOf(i)) ?? 0) + d.dl30);
    dla.set(blocOf(i), (dla.get(blocOf(i)) ?? 0) + d.dlAll);
    const o = eco.orgs[eco.ns[i]].organisation!;
    org.set(o, (org.get(o) ?? 0) + d.dl30);
    t += d.dl30;
    ta += d.dlAll;
    if (eco.params[i] > 0) {
      size.set(sizeOf(eco.params[i]), (size.get(sizeOf(eco.params[i])) ?? 0) + d.dl30);
      ts += d.dl30;
    }
  }
  for (const b of blocs) {
    out.set(`download_share|${month}|${b}`, (dl.get(b) ?? 0) / t);
    out.set(`cumulative_download_share|${month}|${b}`, (dla.get(b) ?? 0) / ta);
  }
  let h = 0;
  for (const v of org.values()) h += (v / t) ** 2;
  out.set(`hhi|${month}|all`, h);
  for (const s of SIZE_LABELS) out.set(`download_share_by_size|${month}|${s}`, (size.get(s) ?? 0) / ts);

  // New mainline models per month and bloc (full grid).
  const months = mainline.map((i) => dayToIso(eco.created[i]).slice(0, 7));
  const lo = Math.min(...months.map(monthIndex));
  const hi = Math.max(...months.map(monthIndex));
  const mk = (k: number) => `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  for (let k = lo; k <= hi; k++) for (const b of blocs) out.set(`new_mainline_models|${mk(k)}|${b}`, 0);
  mainline.forEach((i, j) => out.set(`new_mainline_models|${months[j]}|${blocOf(i)}`, out.get(`new_mainline_models|${months[j]}|${blocOf(i)}`)! + 1));

  // Derivatives: root = first tracked ancestor through parent1.
  const derivs: { m: string; bloc: string; rel: string }[] = [];
  for (let i = 0; i < eco.n; i++) {
    if (eco.kind[i] !== KIND.derivative) continue;
    let p = eco.parent1[i];
    while (eco.ns[p] >= nTracked) p = eco.parent1[p];
    derivs.push({ m: dayToIso(eco.created[i]).slice(0, 7), bloc: blocOf(p), rel: RELATION_NAMES[eco.relation[i]] });
  }
  const dBlocs = [...new Set(derivs.map((d) => d.bloc))];
  const rels = [...new Set(derivs.map((d) => d.rel))];
  const dlo = Math.min(...derivs.map((d) => monthIndex(d.m)));
  const dhi = Math.max(...derivs.map((d) => monthIndex(d.m)));
  for (let k = dlo; k <= dhi; k++) {
    const m = mk(k);
    const here = derivs.filter((d) => d.m === m);
    if (here.length > 0) for (const b of dBlocs) out.set(`derivative_share|${m}|${b}`, here.filter((d) => d.bloc === b).length / here.length);
    for (const r of rels) out.set(`new_derivatives|${m}|${r}`, here.filter((d) => d.rel === r).length);
  }

  // Relative adoption.
  const pool = mainline.filter((i) => eco.params[i] > 0).map((i) => ({ i, key: `${sizeOf(eco.params[i])}|${monthIndex(syncDate) - monthIndex(dayToIso(eco.created[i]))}`, v: downloadsOf(eco, i, variant).dlAll }));
  const buckets = new Map<string, number[]>();
  for (const p of pool) buckets.set(p.key, [...(buckets.get(p.key) ?? []), p.v]);
  const medians = new Map<string, number[]>();
  for (const p of pool) {
    const b = buckets.get(p.key)!;
    if (b.length < 10) continue;
    const ref = [...b].sort((x, y) => y - x)[9];
    if (ref <= 0) continue;
    out.set(`relative_adoption|${month}|${modelId(eco, p.i)}`, p.v / ref);
    medians.set(blocOf(p.i), [...(medians.get(blocOf(p.i)) ?? []), p.v / ref]);
  }
  for (const [b, xs] of medians) {
    const s = xs.sort((x, y) => x - y);
    const k = s.length >> 1;
    out.set(`relative_adoption_median|${month}|${b}`, s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2);
  }
  return out;
}
