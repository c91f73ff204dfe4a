/**
 * The flows pass of a month (step 8): from the adopters of every (segment, class) cell to
 * usage volumes, hosted tokens, downloads (installed users and trial of new releases),
 * derivatives and the data that flows back to the labs. Everything the outputs report is
 * summed here, once, into {@link MonthTotals}.
 */
import type { RunState } from '../state.js';
import { CLASSES, cellBase } from '../../mechanisms/demand-classes.js';
import { marketMultiplier, dataValueMultiplier } from '../../mechanisms/embodied-shift.js';
import { feedbackFraction } from '../../mechanisms/data-feedback.js';
import { agenticIntensity, agenticMultiplier, frontierCloseness, priceVolumeMultiplier } from '../../mechanisms/agentic-demand.js';
import { derivativePull, trialDownloads } from '../../mechanisms/releases.js';
import { developerFlow } from '../../mechanisms/ecosystem-derivatives.js';

/** The month's sums, by origin bloc, lab or option. */
export class MonthTotals {
  readonly byOrigin: Float64Array;
  readonly tokOrigin: Float64Array;
  readonly oTokOrigin: Float64Array;
  readonly critVol: Float64Array;
  readonly critTot: Float64Array;
  readonly labUsage: Float64Array;
  readonly dlLab: Float64Array;
  readonly trialLab: Float64Array;
  readonly derivVisLab: Float64Array;
  readonly derivNew: Float64Array;
  readonly inflow: Float64Array;
  volOpen = 0;
  volClosed = 0;
  priceOpen = 0;
  priceClosed = 0;
  entVol = 0;
  entOpen = 0;
  massSum = 0;
  adoptSum = 0;
  constructor(B: number, L: number, O: number) {
    this.byOrigin = new Float64Array(B);
    this.tokOrigin = new Float64Array(B);
    this.oTokOrigin = new Float64Array(B);
    this.critVol = new Float64Array(B * B);
    this.critTot = new Float64Array(B);
    this.labUsage = new Float64Array(L);
    this.dlLab = new Float64Array(L);
    this.trialLab = new Float64Array(L);
    this.derivVisLab = new Float64Array(L);
    this.derivNew = new Float64Array(O);
    this.inflow = new Float64Array(L);
  }
  reset(): void {
    for (const a of [this.byOrigin, this.tokOrigin, this.oTokOrigin, this.critVol, this.critTot, this.labUsage, this.dlLab, this.trialLab, this.derivVisLab, this.derivNew, this.inflow]) a.fill(0);
    this.volOpen = this.volClosed = this.priceOpen = this.priceClosed = this.entVol = this.entOpen = this.massSum = this.adoptSum = 0;
  }
}

/** Potential adopters of each segment this month (the embodied shift grows industrial sectors). */
export function marketStep(st: RunState, t: number): void {
  const c = st.c;
  const e = c.embodied[t];
  const gain = st.p.embodiedMarketGain;
  for (let s = 0; s < st.S; s++) {
    const sec = c.world.sectors[c.segSector[s]];
    st.mass[s] = st.mass0[s] * marketMultiplier(sec.industrial, sec.embodied, e, gain);
  }
  for (let k = 0; k < st.K; k++) {
    const sec = c.world.sectors[k];
    st.dataVal[k] = sec.dataRate * dataValueMultiplier(sec.industrial, e, st.p.embodiedDataGain);
  }
}

/** Adopter mass per (segment, option) and per option, from the cells' adoption state. */
export function adoptersStep(st: RunState): void {
  const { S, O, nAct, act, A, x, F, users, mass, classShare } = st;
  users.fill(0);
  for (let s = 0; s < S; s++) {
    const row = s * O;
    for (let i = 0; i < nAct; i++) A[row + act[i]] = 0;
    for (let cl = 0; cl < CLASSES; cl++) {
      const g = s * CLASSES + cl;
      const m = mass[s] * classShare[g] * F[g];
      if (m === 0) continue;
      const xRow = cellBase(g, O);
      for (let i = 0; i < nAct; i++) {
        const o = act[i];
        A[row + o] += m * x[xRow + CLASSES * o];
      }
    }
    for (let i = 0; i < nAct; i++) users[act[i]] += A[row + act[i]];
  }
}

/** Usage, tokens, downloads, derivatives and data inflow of month t into `tot`. */
export function flowsStep(st: RunState, t: number, tot: MonthTotals): void {
  const c = st.c;
  const p = st.p;
  const { S, O, B, L, Z, nAct, act } = st;
  const sectors = c.world.sectors;
  const sizes = c.world.sizes;
  tot.reset();
  let best = -Infinity;
  for (let i = 0; i < nAct; i++) if (st.avail[act[i]] && st.capOpt[act[i]] > best) best = st.capOpt[act[i]];
  const agentic = agenticIntensity(p.agenticDemand, (c.m0 + t) / 12, p.agenticMidYear);
  for (let i = 0; i < nAct; i++) st.frontierness[act[i]] = frontierCloseness(best - st.capOpt[act[i]], p.agenticGapScale);
  // volume per adopter by (sector, size, option): agentic demand × the price response
  const logRef = Math.log(medianApiPrice(st));
  const elasticity = p.tokenPriceElasticity;
  for (let k = 0; k < st.K; k++)
    for (let z = 0; z < Z; z++) {
      const row = (k * Z + z) * O;
      const reach = sizes[z].enterprise ? 1 : sectors[k].developer ? 0.5 : 0;
      for (let i = 0; i < nAct; i++) {
        const o = act[i];
        st.volMult[row + o] = sizes[z].volume * agenticMultiplier(agentic, reach, st.frontierness[o]) * priceVolumeMultiplier(st.logCost[row + o], logRef, elasticity);
      }
    }
  const fbApi = p.dataFeedbackApi;
  const fbOpen = p.dataFeedbackOpen;
  const fbInd = p.dataFeedbackIndustrial;
  // arrays and sums in locals: the cell loop below then has no property loads (same sums, same order)
  const { A: adopters, cost: costs, volMult, hosted, bf, vis: visS, mass, dataVal, integration } = st;
  const { segBloc, segSector, segSize, labBloc } = c;
  const { byOrigin, labUsage, tokOrigin, oTokOrigin, dlLab, critVol, critTot, inflow } = tot;
  let volOpen = 0;
  let volClosed = 0;
  let priceOpen = 0;
  let priceClosed = 0;
  let entOpen = 0;
  let entVol = 0;
  let massSum = 0;
  let adoptSum = 0;
  let devVis = 0;
  let devAll = 0;
  for (let s = 0; s < S; s++) {
    const a = segBloc[s];
    const k = segSector[s];
    const z = segSize[s];
    const sec = sectors[k];
    const enterprise = sizes[z].enterprise;
    const critical = sec.critical;
    const row = s * O;
    const kzRow = (k * Z + z) * O;
    const vis = visS[s];
    // the segment's adopters, summed in the option loop below
    let adopted = 0;
    const dataV = dataVal[k];
    const dlIntensity = sec.downloadIntensity;
    // the data returned per unit of volume: by openness, and for a home-bloc model of an industrial sector
    const fbClosed = feedbackFraction(false, sec.embodied, false, fbApi, fbOpen, fbInd, integration[a]);
    const fbOpenW = feedbackFraction(true, sec.embodied, false, fbApi, fbOpen, fbInd, integration[a]);
    const fbClosedHome = feedbackFraction(false, sec.embodied, sec.industrial, fbApi, fbOpen, fbInd, integration[a]);
    const fbOpenHome = feedbackFraction(true, sec.embodied, sec.industrial, fbApi, fbOpen, fbInd, integration[a]);
    for (let i = 0; i < nAct; i++) {
      const o = act[i];
      const A = adopters[row + o];
      adopted += A;
      if (A === 0) continue;
      const l = o >> 1;
      const b = labBloc[l];
      const open = (o & 1) === 1;
      const cost = costs[kzRow + o];
      const vol = A * volMult[kzRow + o];
      byOrigin[b] += vol;
      labUsage[l] += vol;
      if (open) {
        volOpen += vol;
        priceOpen += vol * cost;
        if (enterprise) entOpen += vol;
        const hostedVol = vol * vis * hosted[kzRow + o];
        tokOrigin[b] += hostedVol;
        oTokOrigin[b] += hostedVol;
        dlLab[l] += A * vis * dlIntensity * bf[l];
      } else {
        volClosed += vol;
        priceClosed += vol * cost;
        tokOrigin[b] += vol * vis;
      }
      if (enterprise) entVol += vol;
      if (critical) {
        critVol[a * B + b] += vol;
        critTot[a] += vol;
      }
      inflow[l] += vol * dataV * (a === b ? (open ? fbOpenHome : fbClosedHome) : open ? fbOpenW : fbClosed);
    }
    massSum += mass[s];
    adoptSum += adopted;
    if (sec.developer) {
      devVis += vis * adopted;
      devAll += adopted;
    }
  }
  tot.volOpen = volOpen;
  tot.volClosed = volClosed;
  tot.priceOpen = priceOpen;
  tot.priceClosed = priceClosed;
  tot.entOpen = entOpen;
  tot.entVol = entVol;
  tot.massSum = massSum;
  tot.adoptSum = adoptSum;
  // developers' choice among open models (their logit over open options, averaged over cells)
  st.devChoice.fill(0);
  let wsum = 0;
  for (let s = 0; s < S; s++) {
    if (!sectors[c.segSector[s]].developer) continue;
    for (let cl = 0; cl < CLASSES; cl++) {
      const g = s * CLASSES + cl;
      const omega = st.mass[s] * st.classShare[g] * (st.vis[s] + 1e-3);
      const wRow = cellBase(g, O);
      let zOpen = 0;
      for (let i = 0; i < nAct; i++) if (act[i] & 1) zOpen += st.w[wRow + CLASSES * act[i]];
      if (!(zOpen > 0)) continue;
      wsum += omega;
      const f = omega / zOpen;
      for (let i = 0; i < nAct; i++) if (act[i] & 1) st.devChoice[act[i]] += f * st.w[wRow + CLASSES * act[i]];
    }
  }
  if (wsum > 0) for (let i = 0; i < nAct; i++) st.devChoice[act[i]] /= wsum;
  // trial downloads of recent releases, and derivatives (fine-tuning interest, smoothed)
  const lambda = st.lambdaDev;
  for (let l = 0; l < L; l++) {
    const o = 2 * l + 1;
    const q = st.devChoice[o];
    const trial = trialDownloads(p.trialDownloads, devVis, st.buzz[l], q);
    tot.trialLab[l] = trial;
    tot.dlLab[l] += trial;
    const fAll = developerFlow(devAll, q, p.releaseAttention, st.buzz[l]);
    const fVis = developerFlow(devVis, q, p.releaseAttention, st.buzz[l]);
    if (t === 0) {
      st.interest[o] = fAll;
      st.interestVis[o] = fVis;
    } else {
      st.interest[o] += lambda * (fAll - st.interest[o]);
      st.interestVis[o] += lambda * (fVis - st.interestVis[o]);
    }
    tot.derivNew[o] = p.derivativeRate * st.interest[o] * st.bf[l];
    tot.derivVisLab[l] = p.derivativeRate * st.interestVis[o] * st.bf[l];
    tot.dlLab[l] += derivativePull(p.derivativeDownloads, tot.derivVisLab[l]);
  }
}

/** The month's median API list price among labs selling one (the volume reference). */
function medianApiPrice(st: RunState): number {
  const prices: number[] = [];
  for (let l = 0; l < st.L; l++) if (st.avail[2 * l]) prices.push(st.apiP[l]);
  if (prices.length === 0) return 1;
  prices.sort((a, b) => a - b);
  const m = prices.length >> 1;
  return prices.length & 1 ? prices[m] : 0.5 * (prices[m - 1] + prices[m]);
}
