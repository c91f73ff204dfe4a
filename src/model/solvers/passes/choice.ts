/**
 * The choice pass of a month (step 6): the listed options, the utility tables and the
 * choice weights of every (segment, class) cell. The utility is written once, in
 * mechanisms/utility.ts and mechanisms/demand-classes.ts; this pass evaluates it on its
 * three small tables and multiplies them out:
 *
 *   w[cellBase(g) + 4·o] = xy[kz·O + o] · ow[(g·B + b)·2 + v] · mask[s·O + o]
 *
 * (kz the cell's sector and size, b and v the option's origin bloc and openness; the four
 * classes of a segment side by side, demand-classes.ts).
 */
import type { RunState } from '../state.js';
import { productUtility, originUtility, optionNetworkUtility, foreignConsiderationUtility } from '../../mechanisms/utility.js';
import { classTaste, CLASSES } from '../../mechanisms/demand-classes.js';
import { foreignRisk } from '../../mechanisms/governance-risk.js';
import { procurementBonus } from '../../mechanisms/sovereign-procurement.js';
import { openCost } from '../../mechanisms/cost-efficiency.js';

/** The month's listed options: available now, or still holding users (who must move). */
export function listOptions(st: RunState, holding: (o: number) => boolean): void {
  let n = 0;
  for (let o = 0; o < st.O; o++) {
    const on = st.avail[o] === 1 || (st.listed[o] === 1 && holding(o));
    st.listed[o] = on ? 1 : 0;
    if (on) st.act[n++] = o;
  }
  st.nAct = n;
}

/** Utility tables and choice weights for month t. */
export function choiceStep(st: RunState, t: number): void {
  const c = st.c;
  const p = st.p;
  const { B, K, Z, O, S, T, nAct, act } = st;
  const sectors = c.world.sectors;
  const sizes = c.world.sizes;
  const L = st.L;
  // arrays in locals: the loops below then have no property loads
  const { avail, capOpt, feas, hostP, apiP, hosted, cost: costs, logCost, xy, eco, permissive, network, logApi } = st;
  // capability relative to the month's best available model (choices are unchanged by the shift)
  let best = -Infinity;
  for (let i = 0; i < nAct; i++) {
    const o = act[i];
    if (avail[o] && capOpt[o] > best) best = capOpt[o];
  }
  // what every cell shares: each option's network utility, each lab's log API price
  for (let i = 0; i < nAct; i++) {
    const o = act[i];
    network[o] = optionNetworkUtility(p, eco[o]);
    if ((o & 1) === 0) logApi[o >> 1] = Math.log(apiP[o >> 1]);
  }
  // product table, by (sector, size) and option
  for (let k = 0; k < K; k++) {
    const selfHostK = sectors[k].selfHost;
    for (let z = 0; z < Z; z++) {
      const kz = k * Z + z;
      const terms = st.terms[kz];
      const row = kz * O;
      const selfHostCost = sizes[z].selfHostCostFactor;
      for (let i = 0; i < nAct; i++) {
        const o = act[i];
        if (!avail[o]) {
          xy[row + o] = 0;
          continue;
        }
        const l = o >> 1;
        const open = (o & 1) === 1;
        let cost: number;
        let lc: number;
        if (open) {
          const self = selfHostK * feas[z * L + l];
          cost = openCost(hostP[l], self, selfHostCost);
          lc = Math.log(cost);
          hosted[row + o] = 1 - self;
        } else {
          cost = apiP[l];
          lc = logApi[l];
          hosted[row + o] = 1;
        }
        costs[row + o] = cost;
        logCost[row + o] = lc;
        xy[row + o] = Math.exp(productUtility(p, terms, capOpt[o] - best, lc, network[o], open, permissive[l] === 1));
      }
    }
  }
  // perceived risk by (adopter bloc, origin bloc)
  for (let a = 0; a < B; a++)
    for (let b = 0; b < B; b++) st.risk[a * B + b] = foreignRisk(a === b, st.originRisk[b], c.incident[b * T + t], st.concern[a], c.banned[(a * B + b) * T + t], p.banSignal);
  // origin × class table, by cell and (origin, openness): e^{origin utility} · e^{class taste}
  const { tasteW, originW, ow, risk, procurement, consideration, notability } = st;
  for (let cl = 0; cl < CLASSES; cl++)
    for (let v = 0; v < 2; v++)
      for (let h = 0; h < 2; h++) tasteW[(cl * 2 + v) * 2 + h] = Math.exp(classTaste(p, cl, v === 1, h === 1));
  for (let b = 0; b < B; b++) consideration[b] = foreignConsiderationUtility(p, notability[b]);
  for (let s = 0; s < S; s++) {
    const a = c.segBloc[s];
    const k = c.segSector[s];
    const z = c.segSize[s];
    const critical = sectors[k].critical;
    const large = sizes[z].id === 'large';
    const riskAversion = sectors[k].riskAversion;
    // the origin utility depends on the size only through procurement: reuse the row of the
    // segment's first size when there is none
    const reuse = z > 0 && procurement[a] === 0 ? (s - z) * B * 2 : -1;
    for (let b = 0; b < B; b++) {
      const home = a === b;
      const h = home ? 1 : 0;
      for (let v = 0; v < 2; v++) {
        const e = reuse >= 0 ? originW[reuse + b * 2 + v] : Math.exp(originUtility(p, home, riskAversion, risk[a * B + b], procurementBonus(procurement[a], home, critical, large, v === 1), consideration[b]));
        originW[(s * B + b) * 2 + v] = e;
        const col = b * 2 + v;
        const ow0 = s * CLASSES * B * 2 + col;
        ow[ow0] = e * tasteW[v * 2 + h];
        ow[ow0 + B * 2] = e * tasteW[(2 + v) * 2 + h];
        ow[ow0 + 2 * B * 2] = e * tasteW[(4 + v) * 2 + h];
        ow[ow0 + 3 * B * 2] = e * tasteW[(6 + v) * 2 + h];
      }
    }
  }
  // policy mask
  const mask = c.allowedMasks[c.allowedIndex[t]];
  if (mask !== st.mask || t === 0) {
    st.mask = mask;
    for (let s = 0; s < S; s++) {
      let r = 0;
      for (let o = 0; o < O; o++) if (!mask[s * O + o]) r = 1;
      st.restricted[s] = r;
    }
  }
  // weights of every cell, a segment's four classes side by side (demand-classes.ts, cellBase;
  // arrays in locals: the loop body then has no property loads)
  const { w, zw, optGroup, restricted } = st;
  const segSector = c.segSector;
  const segSize = c.segSize;
  const B2 = B * 2;
  for (let s = 0; s < S; s++) {
    const kzRow = (segSector[s] * Z + segSize[s]) * O;
    const banned = restricted[s] === 1;
    const base = s * CLASSES * O;
    const ow0 = s * CLASSES * B2;
    const ow1 = ow0 + B2;
    const ow2 = ow1 + B2;
    const ow3 = ow2 + B2;
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let i = 0; i < nAct; i++) {
      const o = act[i];
      const j = base + CLASSES * o;
      if (banned && !mask[s * O + o]) {
        w[j] = w[j + 1] = w[j + 2] = w[j + 3] = 0;
        continue;
      }
      const xyo = xy[kzRow + o];
      const gr = optGroup[o];
      const w0 = xyo * ow[ow0 + gr];
      const w1 = xyo * ow[ow1 + gr];
      const w2 = xyo * ow[ow2 + gr];
      const w3 = xyo * ow[ow3 + gr];
      w[j] = w0;
      w[j + 1] = w1;
      w[j + 2] = w2;
      w[j + 3] = w3;
      z0 += w0;
      z1 += w1;
      z2 += w2;
      z3 += w3;
    }
    const g = s * CLASSES;
    zw[g] = z0;
    zw[g + 1] = z1;
    zw[g + 2] = z2;
    zw[g + 3] = z3;
  }
}
