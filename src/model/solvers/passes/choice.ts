/**
 * The choice pass of a month (step 6): the listed options, the utility tables and the
 * choice weights of every (segment, class) cell. The utility is written once, in
 * mechanisms/utility.ts and mechanisms/demand-classes.ts; this pass evaluates it on its
 * three small tables and multiplies them out:
 *
 *   w[g·O + o] = xy[kz·O + o] · ow[(g·B + b)·2 + v] · mask[s·O + o]
 *
 * (kz the cell's sector and size, b and v the option's origin bloc and openness).
 */
import type { RunState } from '../state.js';
import { productUtility, originUtility } from '../../mechanisms/utility.js';
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
  const { avail, capOpt, feas, hostP, apiP, hosted, cost: costs, logCost, xy, eco, permissive } = st;
  // capability relative to the month's best available model (choices are unchanged by the shift)
  let best = -Infinity;
  for (let i = 0; i < nAct; i++) {
    const o = act[i];
    if (avail[o] && capOpt[o] > best) best = capOpt[o];
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
        if (open) {
          const self = selfHostK * feas[z * L + l];
          cost = openCost(hostP[l], self, selfHostCost);
          hosted[row + o] = 1 - self;
        } else {
          cost = apiP[l];
          hosted[row + o] = 1;
        }
        const lc = Math.log(cost);
        costs[row + o] = cost;
        logCost[row + o] = lc;
        xy[row + o] = Math.exp(productUtility(p, terms, capOpt[o] - best, lc, eco[o], open, permissive[l] === 1));
      }
    }
  }
  // perceived risk by (adopter bloc, origin bloc)
  for (let a = 0; a < B; a++)
    for (let b = 0; b < B; b++) st.risk[a * B + b] = foreignRisk(a === b, st.originRisk[b], c.incident[b * T + t], st.concern[a], c.banned[(a * B + b) * T + t], p.banSignal);
  // origin × class table, by cell and (origin, openness): e^{origin utility} · e^{class taste}
  for (let cl = 0; cl < CLASSES; cl++)
    for (let v = 0; v < 2; v++)
      for (let h = 0; h < 2; h++) st.tasteW[(cl * 2 + v) * 2 + h] = Math.exp(classTaste(p, cl, v === 1, h === 1));
  for (let s = 0; s < S; s++) {
    const a = c.segBloc[s];
    const k = c.segSector[s];
    const z = c.segSize[s];
    const critical = sectors[k].critical;
    const large = sizes[z].id === 'large';
    // the origin utility depends on the size only through procurement: reuse the row of the
    // segment's first size when there is none
    const reuse = z > 0 && st.procurement[a] === 0 ? (s - z) * CLASSES : -1;
    for (let b = 0; b < B; b++) {
      const home = a === b;
      for (let v = 0; v < 2; v++) {
        const e = reuse >= 0 ? st.originW[(reuse / CLASSES) * B * 2 + b * 2 + v] : Math.exp(originUtility(p, home, sectors[k].riskAversion, st.risk[a * B + b], procurementBonus(st.procurement[a], home, critical, large, v === 1), st.notability[b]));
        st.originW[(s * B + b) * 2 + v] = e;
        const h = home ? 1 : 0;
        for (let cl = 0; cl < CLASSES; cl++) st.ow[((s * CLASSES + cl) * B + b) * 2 + v] = e * st.tasteW[(cl * 2 + v) * 2 + h];
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
  // weights of every cell (arrays in locals: the loop body then has no property loads)
  const { ow, w, zw, optGroup, restricted } = st;
  const segSector = c.segSector;
  const segSize = c.segSize;
  for (let s = 0; s < S; s++) {
    const kzRow = (segSector[s] * Z + segSize[s]) * O;
    const banned = restricted[s] === 1;
    for (let cl = 0; cl < CLASSES; cl++) {
      const g = s * CLASSES + cl;
      const wRow = g * O;
      const owRow = g * B * 2;
      let z = 0;
      for (let i = 0; i < nAct; i++) {
        const o = act[i];
        let wo = xy[kzRow + o] * ow[owRow + optGroup[o]];
        if (banned && !mask[s * O + o]) wo = 0;
        w[wRow + o] = wo;
        z += wo;
      }
      zw[g] = z;
    }
  }
}
