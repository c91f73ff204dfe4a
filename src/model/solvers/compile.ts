/**
 * Compiles a resolved scenario into flat, typed-array timelines the solvers read each month:
 * export-control severity, subsidies and incidents by bloc; strategies and price cuts by lab;
 * the embodied-shift progress; and the policy mask of allowed (segment, option) pairs.
 * Events dated before the first month apply from the start; events after the horizon are ignored.
 */
import type { ResolvedScenario } from '../scenario/resolve.js';
import type { WorldConfig } from '../world/world.js';
import { monthIndex, monthRange } from '../time.js';
import { STRATEGY_CODE } from '../mechanisms/lab-strategy.js';
import { incidentDecay, restrictionCovers } from '../mechanisms/governance-risk.js';
import { embodiedProgress } from '../mechanisms/embodied-shift.js';
import type { Strategy } from '../world/labs.js';

/** Flat description of a run. */
export interface Compiled {
  world: WorldConfig;
  params: Record<string, number | string>;
  dates: string[];
  /** Absolute month index of dates[0]. */
  m0: number;
  T: number;
  B: number;
  L: number;
  K: number;
  Z: number;
  /** Segments: s = (b·K + k)·Z + z. */
  S: number;
  /** Options: o = 2l (closed API), 2l + 1 (open weights). */
  O: number;
  segBloc: Int32Array;
  segSector: Int32Array;
  segSize: Int32Array;
  labBloc: Int32Array;
  labEntry: Int32Array;
  /** Potential adopters of each segment before the embodied shift (sums to 1 over segments). */
  segMass0: Float64Array;
  /** Export-control severity by bloc, [b·T + t] (before scale and substitution). */
  severity: Float64Array;
  /** Open-model subsidy by bloc, [b·T + t]. */
  subsidy: Float64Array;
  /** Extra perceived risk of models of origin b from incidents, [b·T + t]. */
  incident: Float64Array;
  /** Strategy code by lab, [l·T + t] (before adaptation). */
  strategy: Int8Array;
  /** True where the strategy is forced by a parameter (adaptation then leaves it alone). */
  strategyForced: Uint8Array;
  /** Cumulative price-cut multiplier by lab, [l·T + t]. */
  priceCut: Float64Array;
  /** Embodied-shift progress, [t]. */
  embodied: Float64Array;
  /**
   * Policy masks: 1 where policy allows option o to segment s, [s·O + o]. Month t uses
   * `allowedMasks[allowedIndex[t]]`; a new mask exists only when restrictions change, so the
   * masks stay small enough for the cache.
   */
  allowedMasks: Uint8Array[];
  allowedIndex: Int32Array;
}

/** Numeric parameter value (validated upstream). */
export function pnum(params: Record<string, number | string>, name: string, fallback = 0): number {
  const v = params[name];
  return typeof v === 'number' ? v : fallback;
}

/** Builds the flat timelines of a run over [from, to]. */
export function compile(world: WorldConfig, scenario: ResolvedScenario, from: string, to: string): Compiled {
  const params = scenario.params;
  const dates = monthRange(from, to);
  const T = dates.length;
  const m0 = monthIndex(from);
  const B = world.blocs.length;
  const L = world.labs.length;
  const K = world.sectors.length;
  const Z = world.sizes.length;
  const S = B * K * Z;
  const O = 2 * L;
  const blocIdx = new Map(world.blocs.map((b, i) => [b.id, i]));
  const labIdx = new Map(world.labs.map((l, i) => [l.id, i]));

  const segBloc = new Int32Array(S);
  const segSector = new Int32Array(S);
  const segSize = new Int32Array(S);
  for (let b = 0; b < B; b++)
    for (let k = 0; k < K; k++)
      for (let z = 0; z < Z; z++) {
        const s = (b * K + k) * Z + z;
        segBloc[s] = b;
        segSector[s] = k;
        segSize[s] = z;
      }
  // Segment masses: bloc weight × sector weight (industrial sectors scaled by industrialMix,
  // renormalised within the bloc) × size weight.
  const segMass0 = new Float64Array(S);
  for (let b = 0; b < B; b++) {
    const mix = pnum(params, `industrialMix.${world.blocs[b].id}`, 1);
    let norm = 0;
    for (const sec of world.sectors) norm += sec.weight * (sec.industrial ? mix : 1);
    for (let k = 0; k < K; k++) {
      const sec = world.sectors[k];
      const wk = (sec.weight * (sec.industrial ? mix : 1)) / norm;
      for (let z = 0; z < Z; z++) segMass0[(b * K + k) * Z + z] = world.blocs[b].adopterWeight * wk * world.sizes[z].weight;
    }
  }
  const labBloc = new Int32Array(L);
  const labEntry = new Int32Array(L);
  world.labs.forEach((l, i) => {
    labBloc[i] = blocIdx.get(l.bloc) ?? 0;
    labEntry[i] = monthIndex(l.entry);
  });

  // Event month relative to the first month (clamped at 0: earlier events apply from the start).
  const rel = (date: string) => Math.max(0, monthIndex(date) - m0);
  const events = scenario.events.filter((e) => monthIndex(e.date) - m0 < T);

  const severity = new Float64Array(B * T);
  const subsidy = new Float64Array(B * T);
  const incident = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    const base = pnum(params, `openSubsidy.${world.blocs[b].id}`);
    subsidy.fill(base, b * T, (b + 1) * T);
  }
  const halfLife = pnum(params, 'incidentHalfLife', 12);
  for (const e of events) {
    if (e.type === 'export-control') {
      const b = blocIdx.get(e.bloc)!;
      severity.fill(e.severity, b * T + rel(e.date), (b + 1) * T);
    } else if (e.type === 'open-subsidy') {
      const b = blocIdx.get(e.bloc)!;
      const base = pnum(params, `openSubsidy.${e.bloc}`);
      subsidy.fill(base + e.amount, b * T + rel(e.date), (b + 1) * T);
    } else if (e.type === 'security-incident') {
      const b = blocIdx.get(e.origin)!;
      const t0 = monthIndex(e.date) - m0;
      for (let t = Math.max(0, t0); t < T; t++) incident[b * T + t] += incidentDecay(e.severity, t, t0, halfLife);
    }
  }

  const strategy = new Int8Array(L * T);
  const strategyForced = new Uint8Array(L);
  const priceCut = new Float64Array(L * T).fill(1);
  world.labs.forEach((lab, l) => {
    const forced = params[`strategy.${lab.id}`];
    if (typeof forced === 'string' && forced !== 'as-history') {
      strategy.fill(STRATEGY_CODE[forced as Strategy], l * T, (l + 1) * T);
      strategyForced[l] = 1;
    } else strategy.fill(STRATEGY_CODE[lab.strategy], l * T, (l + 1) * T);
  });
  for (const e of events) {
    if (e.type === 'strategy-switch') {
      // a range, not an array of targets: arrays from map() and from a literal differ in element
      // kind, and the loop over them deoptimised compile() (see SeriesSet.getAll)
      const first = e.lab === 'all' ? 0 : labIdx.get(e.lab)!;
      const end = e.lab === 'all' ? world.labs.length : first + 1;
      for (let l = first; l < end; l++) if (!strategyForced[l]) strategy.fill(STRATEGY_CODE[e.strategy], l * T + rel(e.date), (l + 1) * T);
    } else if (e.type === 'price-cut') {
      const t0 = rel(e.date);
      world.labs.forEach((lab, l) => {
        const hit = e.labs ? e.labs.includes(lab.id) : lab.bloc === e.bloc;
        if (hit) for (let t = t0; t < T; t++) priceCut[l * T + t] *= e.factor;
      });
    }
  }

  // Embodied shift: logistic in decimal years; acceleration events scale and move it.
  const embodied = new Float64Array(T);
  const mid0 = pnum(params, 'embodiedMidYear', 2028);
  const width = pnum(params, 'embodiedWidthYears', 1.5);
  const pace = pnum(params, 'embodiedPace', 1);
  const accel = events.filter((e) => e.type === 'embodied-acceleration');
  for (let t = 0; t < T; t++) {
    let factor = 1;
    let earlier = 0;
    for (const e of accel) {
      if (rel(e.date) <= t) {
        factor *= e.factor;
        earlier += e.monthsEarlier;
      }
    }
    const year = (m0 + t) / 12;
    embodied[t] = embodiedProgress(year, mid0 - earlier / 12, width, pace * factor);
  }

  // Policy mask: replay restriction events month by month.
  const allowedMasks: Uint8Array[] = [new Uint8Array(S * O).fill(1)];
  const allowedIndex = new Int32Array(T);
  const restrictions = events.filter((e) => e.type === 'model-restriction');
  if (restrictions.length) {
    const active: typeof restrictions = [];
    let r = 0;
    const sameRule = (a: (typeof restrictions)[number], b: (typeof restrictions)[number]) =>
      a.bloc === b.bloc && a.origin === b.origin && a.scope === b.scope && JSON.stringify(a.sectors) === JSON.stringify(b.sectors);
    let mask = allowedMasks[0];
    for (let t = 0; t < T; t++) {
      let changed = t === 0;
      while (r < restrictions.length && rel(restrictions[r].date) <= t) {
        const e = restrictions[r++];
        if (e.type !== 'model-restriction') continue;
        if (e.lift) {
          const i = active.findIndex((a) => a.type === 'model-restriction' && sameRule(a, e));
          if (i >= 0) active.splice(i, 1);
        } else active.push(e);
        changed = true;
      }
      if (changed) {
        mask = new Uint8Array(S * O).fill(1);
        allowedMasks.push(mask);
        for (const e of active) {
          if (e.type !== 'model-restriction') continue;
          const b = blocIdx.get(e.bloc)!;
          const origin = blocIdx.get(e.origin)!;
          for (let k = 0; k < K; k++) {
            const sec = world.sectors[k];
            if (!restrictionCovers(e.sectors, sec.id, sec.critical)) continue;
            for (let z = 0; z < Z; z++) {
              const s = (b * K + k) * Z + z;
              for (let l = 0; l < L; l++) {
                if (labBloc[l] !== origin) continue;
                if (e.scope !== 'open') mask[s * O + 2 * l] = 0;
                if (e.scope !== 'closed') mask[s * O + 2 * l + 1] = 0;
              }
            }
          }
        }
      }
      allowedIndex[t] = allowedMasks.length - 1;
    }
  }

  return {
    world,
    params,
    dates,
    m0,
    T,
    B,
    L,
    K,
    Z,
    S,
    O,
    segBloc,
    segSector,
    segSize,
    labBloc,
    labEntry,
    segMass0,
    severity,
    subsidy,
    incident,
    strategy,
    strategyForced,
    priceCut,
    embodied,
    allowedMasks,
    allowedIndex,
  };
}
