/**
 * The outputs of a month (step 9): every metric of outputs/metrics.ts from the month's
 * totals and the supply state. Shares are written only where their denominator is positive:
 * before anybody has adopted, a share is undefined and absent from the output.
 */
import type { RunState } from '../state.js';
import type { MonthTotals } from './flows.js';
import { SeriesSet } from '../../outputs/series.js';
import { gapMonths } from '../../mechanisms/capability.js';
import { releasesOpen } from '../../mechanisms/lab-strategy.js';

/** The frontier groups, in output order: bloc id lower-cased + `_closed` / `_open`. */
export function frontierGroupsOf(blocIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const b of blocIds) out.push(`${b.toLowerCase()}_closed`, `${b.toLowerCase()}_open`);
  return out;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** Writes num[i] / den into series[i][t] (nothing when den ≤ 0). */
function shareOut(num: Float64Array, den: number, series: Float64Array[], t: number): void {
  if (!(den > 0)) return;
  for (let i = 0; i < series.length; i++) series[i][t] = num[i] / den;
}

/** The series handles of a run, made once. */
export class RunOutputs {
  readonly set: SeriesSet;
  private readonly s: Record<string, Float64Array[]>;
  private readonly one: Record<string, Float64Array>;
  private readonly gapCU: Float64Array | undefined;
  private readonly usIdx: number;
  private readonly cnIdx: number;
  private readonly derivOrigin: Float64Array;
  private readonly trialOrigin: Float64Array;
  private readonly dlOrigin: Float64Array;

  /** `set`: the series so far (a resumed checkpoint's copy), or a new set. */
  constructor(
    private readonly st: RunState,
    set: SeriesSet = new SeriesSet(st.T),
  ) {
    const c = st.c;
    this.set = set;
    const blocIds = c.world.blocs.map((b) => b.id);
    const labIds = c.world.labs.map((l) => l.id);
    this.usIdx = blocIds.indexOf('US');
    this.cnIdx = blocIds.indexOf('CN');
    const crit: string[] = [];
    for (const a of blocIds) for (const b of blocIds) crit.push(`${a}:${b}`);
    this.s = {
      usage: set.getAll('usage_share', blocIds),
      dl: set.getAll('download_share', blocIds),
      der: set.getAll('derivative_share', blocIds),
      tok: set.getAll('token_share', blocIds),
      otok: set.getAll('open_token_share', blocIds),
      cap: set.getAll('capability', labIds),
      front: set.getAll('frontier_capability', frontierGroupsOf(blocIds)),
      compute: set.getAll('compute', blocIds),
      data: set.getAll('data_stock', blocIds),
      downloads: set.getAll('downloads', blocIds),
      derivs: set.getAll('derivatives', blocIds),
      eff: set.getAll('efficiency', blocIds),
      openLabs: set.getAll('open_labs', blocIds),
      crit: set.getAll('critical_usage_share', crit),
      labUsage: set.getAll('lab_usage_share', labIds),
      labDl: set.getAll('lab_download_share', labIds),
      labDer: set.getAll('lab_derivative_share', labIds),
      trial: set.getAll('trial_downloads', blocIds),
    };
    this.one = {
      open: set.get('open_share', 'all'),
      ent: set.get('enterprise_open_share', 'all'),
      hostedOpen: set.get('hosted_open_share', 'all'),
      gapOC: set.get('capability_gap_months', 'open_vs_closed'),
      priceOpen: set.get('avg_price', 'open'),
      priceClosed: set.get('avg_price', 'closed'),
      hhi: set.get('hhi', 'all'),
      adoption: set.get('adoption', 'all'),
    };
    this.gapCU = this.usIdx >= 0 && this.cnIdx >= 0 ? set.get('capability_gap_months', 'cn_vs_us') : undefined;
    this.derivOrigin = new Float64Array(st.B);
    this.trialOrigin = new Float64Array(st.B);
    this.dlOrigin = new Float64Array(st.B);
  }

  /** Writes month t; returns each lab's usage share (for strategy adaptation). */
  write(t: number, tot: MonthTotals, labShare: Float64Array): void {
    const st = this.st;
    const c = st.c;
    const { B, L, T } = st;
    const s = this.s;
    const one = this.one;
    const total = tot.volOpen + tot.volClosed;
    shareOut(tot.byOrigin, total, s.usage, t);
    this.dlOrigin.fill(0);
    this.derivOrigin.fill(0);
    this.trialOrigin.fill(0);
    for (let l = 0; l < L; l++) {
      const b = c.labBloc[l];
      this.dlOrigin[b] += tot.dlLab[l];
      this.derivOrigin[b] += tot.derivVisLab[l];
      this.trialOrigin[b] += tot.trialLab[l];
    }
    const dlAll = sum(this.dlOrigin);
    const derAll = sum(this.derivOrigin);
    shareOut(this.dlOrigin, dlAll, s.dl, t);
    shareOut(this.derivOrigin, derAll, s.der, t);
    shareOut(tot.dlLab, dlAll, s.labDl, t);
    shareOut(tot.derivVisLab, derAll, s.labDer, t);
    const tokAll = sum(tot.tokOrigin);
    shareOut(tot.tokOrigin, tokAll, s.tok, t);
    shareOut(tot.oTokOrigin, sum(tot.oTokOrigin), s.otok, t);
    if (tokAll > 0) one.hostedOpen[t] = sum(tot.oTokOrigin) / tokAll;
    if (total > 0) one.open[t] = tot.volOpen / total;
    if (tot.entVol > 0) one.ent[t] = tot.entOpen / tot.entVol;
    for (let l = 0; l < L; l++) s.cap[l][t] = st.R[l];
    for (let g = 0; g < 2 * B; g++) s.front[g][t] = st.frontier[g * T + t];
    one.gapOC[t] = gapMonths(st.bestClosed, st.bestOpen, t, st.slope);
    if (this.gapCU) {
      const us = st.bestBloc.subarray(this.usIdx * T, (this.usIdx + 1) * T);
      const cn = st.bestBloc.subarray(this.cnIdx * T, (this.cnIdx + 1) * T);
      this.gapCU[t] = gapMonths(us, cn, t, st.slope);
    }
    if (tot.volOpen > 0) one.priceOpen[t] = tot.priceOpen / tot.volOpen;
    if (tot.volClosed > 0) one.priceClosed[t] = tot.priceClosed / tot.volClosed;
    let hhi = 0;
    for (let l = 0; l < L; l++) {
      const sh = total > 0 ? tot.labUsage[l] / total : 0;
      labShare[l * T + t] = sh;
      hhi += sh * sh;
    }
    shareOut(tot.labUsage, total, s.labUsage, t);
    if (total > 0) one.hhi[t] = hhi;
    one.adoption[t] = tot.massSum > 0 ? tot.adoptSum / tot.massSum : 0;
    const mAbs = c.m0 + t;
    for (let b = 0; b < B; b++) {
      s.compute[b][t] = st.Kc[b];
      s.downloads[b][t] = this.dlOrigin[b];
      s.derivs[b][t] = this.derivOrigin[b];
      s.trial[b][t] = this.trialOrigin[b];
      let d = 0;
      let wsum = 0;
      let esum = 0;
      let nOpen = 0;
      for (let l = 0; l < L; l++) {
        if (c.labBloc[l] !== b) continue;
        d += st.D[l];
        if (mAbs >= c.labEntry[l]) {
          wsum += st.labK[l];
          esum += st.labK[l] * st.logE[l];
          if (releasesOpen(st.code[l * T + t])) nOpen++;
        }
      }
      s.data[b][t] = d;
      s.openLabs[b][t] = nOpen;
      s.eff[b][t] = wsum > 0 ? Math.exp(esum / wsum) : 1;
      if (tot.critTot[b] > 0) for (let o = 0; o < B; o++) s.crit[b * B + o][t] = tot.critVol[b * B + o] / tot.critTot[b];
    }
  }
}
