/**
 * The supply pass of a month, per bloc and per lab: compute (export controls), efficiency,
 * strategies, capability and releases, the options on offer and the frontiers, and prices.
 * Steps 1–5 of the monthly loop (docs/model.md §2).
 */
import type { RunState } from '../state.js';
import { effectiveSeverity, efficiencyRate, growCompute, labCompute, substitutionAt } from '../../mechanisms/compute-and-export-controls.js';
import { capabilityIndex, withSpillover } from '../../mechanisms/capability.js';
import { withDistillation } from '../../mechanisms/distillation.js';
import { apiPriceAt, hostedPriceAt, priceFactor, selfHostFeasibility } from '../../mechanisms/cost-efficiency.js';
import { adaptStrategy, releasesOpen, sellsApi } from '../../mechanisms/lab-strategy.js';
import { cadenceDue, updateBuzz } from '../../mechanisms/releases.js';
import { notabilityTarget, updateNotability } from '../../mechanisms/foreign-awareness.js';

/** Month of the 2023-01 reference (compute index 10 for the world). */
const REF_MONTH = 2023 * 12;

/** Compute, efficiency and felt severity of export controls (steps 1–2). */
export function computeStep(st: RunState, t: number): void {
  const c = st.c;
  const p = st.p;
  const { B, L, T } = st;
  const mAbs = c.m0 + t;
  if (t > 0) for (let l = 0; l < L; l++) st.logE[l] += efficiencyRate(st.rE, p.adaptiveInnovation, st.gK, st.sev[c.labBloc[l]]);
  for (let b = 0; b < B; b++) {
    if (t === 0) st.Kc[b] = c.world.blocs[b].computeShare0 * 10 * Math.exp(st.gK * (mAbs - REF_MONTH));
    else {
      st.Kc[b] = growCompute(st.Kc[b], st.gK, st.sev[b]);
      st.shortfall[b] += st.gK * st.sev[b];
    }
    const sub = substitutionAt(st.substitution0[b], p.substitutionGrowth, (mAbs - REF_MONTH) / 12);
    st.sev[b] = effectiveSeverity(c.severity[b * T + t], p.exportControlScale, p.exportControlLeakage, sub);
  }
}

/** Strategies this month, with the optional yearly adaptation (step 3). */
export function strategyStep(st: RunState, t: number, labShareHist: Float64Array): void {
  if (!(st.p.strategyAdaptation >= 0.5) || t < 12 || t % 12 !== 0) return;
  const { L, T } = st;
  for (let l = 0; l < L; l++) {
    if (st.c.strategyForced[l]) continue;
    const cur = st.code[l * T + t];
    const next = adaptStrategy(cur, labShareHist[l * T + t - 1], labShareHist[l * T + t - 12]);
    if (next !== cur) st.code.fill(next, l * T + t, (l + 1) * T);
  }
}

/** Capability and releases, then the options on offer and the frontiers (step 4). */
export function releaseStep(st: RunState, t: number): void {
  const c = st.c;
  const p = st.p;
  const { L, B, T } = st;
  const labs = c.world.labs;
  const mAbs = c.m0 + t;
  const prevBestOpen = t > 0 ? st.bestOpen[t - 1] : NaN;
  const prevBestClosed = t > 0 ? st.bestClosed[t - 1] : NaN;
  const lag = Math.round(p.distillationLagMonths);
  const closedLagged = t - 1 - lag >= 0 ? st.bestClosed[t - 1 - lag] : t > 0 ? st.bestClosed[0] - st.slope * (lag + 1 - t) : NaN;
  st.major = false;
  for (let l = 0; l < L; l++) {
    const lab = labs[l];
    const b = c.labBloc[l];
    const i = l * T + t;
    const code = st.code[i];
    st.labK[l] = labCompute(st.Kc[b], lab.computeShare, releasesOpen(code), c.subsidy[b * T + t]);
    st.releasedSizes[l] = 0;
    st.buzz[l] = updateBuzz(st.buzz[l], 0, p.releaseBuzzMonths);
    if (mAbs < c.labEntry[l]) continue;
    const first = Number.isNaN(st.R[l]);
    const calendar = c.releaseSizes[i] > 0;
    const cadence = mAbs > c.calendarEnd && cadenceDue(mAbs - st.lastRelease[l], lab.cadence);
    const moves = first || (calendar && c.releaseMajor[i] === 1) || cadence;
    let cint = NaN;
    if (moves) {
      cint = capabilityIndex(st.labK[l], st.logE[l], st.D[l], p.dataRef, p.dataReturns, lab.talent + st.capOffset[b]);
      cint = withSpillover(cint, prevBestOpen, p.openSpillover);
      if (releasesOpen(code)) cint = withDistillation(cint, closedLagged, prevBestOpen, p.distillation);
      cint += c.releaseJump[i];
      const parity = c.releaseParity[i];
      if (parity === parity) cint = Math.max(cint, closedAt(st, parity - c.m0, t));
    }
    if (first) {
      // present before the first month: its last release happened some months ago
      const age = Math.max(0, Math.min(mAbs - c.labEntry[l], Math.round(lab.cadence / 2)));
      st.R[l] = cint - st.slope * age;
      st.lastRelease[l] = mAbs - age;
      if (code === 0) st.Ocap[l] = st.R[l];
      else if (code === 2) st.Ocap[l] = st.R[l] - st.slope * lab.openDelay;
    } else if (calendar || cadence) {
      st.lastRelease[l] = mAbs;
      if (moves && cint > st.R[l]) {
        st.R[l] = cint;
        if (sellsApi(code) && !(cint <= prevBestClosed)) st.major = true;
        if (code === 0 && !(cint <= prevBestOpen)) st.major = true;
      }
      // open weights: every release of an open lab; a mixed lab's flagged ones (calendar) or all (cadence)
      const openRelease = code === 0 || (code === 2 && (calendar ? c.releaseOpen[i] === 1 : true));
      if (openRelease) {
        const sizes = calendar ? c.releaseSizes[i] : lab.breadth;
        st.releasedSizes[l] = sizes;
        st.buzz[l] += sizes;
        const licence = c.releaseLicence[i];
        if (licence !== 0) st.permissive[l] = licence === 1 ? 1 : 0;
        if (code === 2) {
          // a mixed lab's open line lags its frontier by its open delay
          const back = t - Math.round(lab.openDelay);
          const lagged = back >= 0 ? st.Rhist[l * T + back] : st.R[l] - st.slope * (lab.openDelay);
          const oc = Number.isFinite(lagged) ? lagged : st.R[l] - st.slope * lab.openDelay;
          if (!(st.Ocap[l] >= oc)) st.Ocap[l] = oc;
        }
      }
      const price = c.releasePrice[i];
      if (price === price) st.priceAnchor[l] = price / priceFactor(st.logE[l], p.pricePassThrough, p.computeScarcityCost, st.shortfall[b]) / c.priceCut[i];
    }
    if (code === 0) st.Ocap[l] = st.R[l];
    st.Rhist[i] = st.R[l];
    if (code === 2 && Number.isFinite(st.Ocap[l]) && st.Ocap[l] > st.R[l]) st.Ocap[l] = st.R[l];
  }
  // options on offer and frontiers (running maxima)
  for (let g = 0; g < 2 * B; g++) st.frontier[g * T + t] = t > 0 ? st.frontier[g * T + t - 1] : NaN;
  st.bestOpen[t] = t > 0 ? st.bestOpen[t - 1] : NaN;
  st.bestClosed[t] = t > 0 ? st.bestClosed[t - 1] : NaN;
  for (let b = 0; b < B; b++) st.bestBloc[b * T + t] = t > 0 ? st.bestBloc[b * T + t - 1] : NaN;
  for (let l = 0; l < L; l++) {
    const code = st.code[l * T + t];
    const present = mAbs >= c.labEntry[l];
    const b = c.labBloc[l];
    const apiOk = present && sellsApi(code) && Number.isFinite(st.R[l]);
    const openOk = present && Number.isFinite(st.Ocap[l]);
    st.avail[2 * l] = apiOk ? 1 : 0;
    st.avail[2 * l + 1] = openOk ? 1 : 0;
    st.capOpt[2 * l] = apiOk ? st.R[l] : 0;
    st.capOpt[2 * l + 1] = openOk ? st.Ocap[l] : 0;
    if (apiOk) {
      const gi = 2 * b * T + t;
      if (!(st.frontier[gi] >= st.R[l])) st.frontier[gi] = st.R[l];
      if (!(st.bestClosed[t] >= st.R[l])) st.bestClosed[t] = st.R[l];
      if (!(st.bestBloc[b * T + t] >= st.R[l])) st.bestBloc[b * T + t] = st.R[l];
    }
    if (openOk) {
      const gi = (2 * b + 1) * T + t;
      if (!(st.frontier[gi] >= st.Ocap[l])) st.frontier[gi] = st.Ocap[l];
      if (!(st.bestOpen[t] >= st.Ocap[l])) st.bestOpen[t] = st.Ocap[l];
      if (!(st.bestBloc[b * T + t] >= st.Ocap[l])) st.bestBloc[b * T + t] = st.Ocap[l];
    }
  }
  // notability of each bloc's models abroad: closeness of its best to the world's best
  let best = -Infinity;
  for (let b = 0; b < B; b++) if (st.bestBloc[b * T + t] > best) best = st.bestBloc[b * T + t];
  for (let b = 0; b < B; b++) {
    const target = notabilityTarget(best, st.bestBloc[b * T + t], p.notabilityScale);
    st.notability[b] = t === 0 ? target : updateNotability(st.notability[b], target, p.notabilityMonths);
  }
}

/** Prices and self-hosting feasibility (step 5). */
export function priceStep(st: RunState, t: number): void {
  const c = st.c;
  const p = st.p;
  const { L, Z, T } = st;
  const labs = c.world.labs;
  for (let l = 0; l < L; l++) {
    const cut = c.priceCut[l * T + t];
    st.apiP[l] = apiPriceAt(st.priceAnchor[l], priceFactor(st.logE[l], p.pricePassThrough, p.computeScarcityCost, st.shortfall[c.labBloc[l]]), cut);
    // hosts abroad serve open weights on their own compute: efficiency only, no scarcity
    st.hostP[l] = hostedPriceAt(p.hostingCostPerB, labs[l].activeParamsB, priceFactor(st.logE[l], p.pricePassThrough, 0, 0), cut);
    for (let z = 0; z < Z; z++) st.feas[z * L + l] = selfHostFeasibility(c.world.sizes[z].hostCapacityLog10B, st.logE[l], st.baseNeed[l]);
  }
}

/** The best closed capability at run month tp (≤ t), extrapolated back before the start. */
function closedAt(st: RunState, tp: number, t: number): number {
  const k = Math.min(tp, t - 1);
  if (k >= 0) return st.bestClosed[k];
  const first = t > 0 ? st.bestClosed[0] : NaN;
  return first - st.slope * -k;
}
