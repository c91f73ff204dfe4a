/**
 * Compiles a resolved scenario into flat, typed-array timelines the engine reads each month:
 * parameter epochs (set-params events), export-control severity, subsidies, incidents and
 * bans by bloc; strategies, price cuts and releases by lab; the embodied-shift progress; and
 * the policy mask of allowed (segment, option) pairs. Events dated before the first month
 * apply from the start; events after the horizon are ignored.
 */
import type { ResolvedScenario } from '../scenario/resolve.js';
import type { ScenarioEvent } from '../scenario/events.js';
import type { WorldConfig } from '../world/world.js';
import { monthIndex, monthRange } from '../time.js';
import { STRATEGY_CODE } from '../mechanisms/lab-strategy.js';
import { incidentDecay, restrictionCovers } from '../mechanisms/governance-risk.js';
import { embodiedProgress } from '../mechanisms/embodied-shift.js';
import { numericParams, type Params } from '../params/numeric.js';
import type { ParamValues } from '../params/param-defs.js';
import type { Strategy } from '../world/labs.js';
import { RELEASE_CALENDAR_END } from '../world/releases.js';

/** Flat description of a run. */
export interface Compiled {
  world: WorldConfig;
  /** The scenario's parameters (the first epoch's). */
  params: ParamValues;
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
  /**
   * Parameter epochs: epoch e applies from month epochStart[e] (epochStart[0] = 0); a
   * `set-params` event starts a new one. `epochs[e]` holds every numeric parameter.
   */
  epochs: Params[];
  epochValues: ParamValues[];
  epochStart: Int32Array;
  /** Export-control severity by bloc, [b·T + t] (before scale, leakage and substitution). */
  severity: Float64Array;
  /** Open-model subsidy by bloc, [b·T + t]. */
  subsidy: Float64Array;
  /** Extra perceived risk of models of origin b from incidents, [b·T + t]. */
  incident: Float64Array;
  /** 1 where bloc a restricts origin b in some sector this month, [(a·B + b)·T + t]. */
  banned: Uint8Array;
  /** Strategy code by lab, [l·T + t] (before adaptation). */
  strategy: Int8Array;
  /** True where the strategy is forced by a parameter (adaptation then leaves it alone). */
  strategyForced: Uint8Array;
  /** Cumulative price-cut multiplier by lab, [l·T + t]. */
  priceCut: Float64Array;
  /** Releases by lab and month, [l·T + t]: sizes released (0: none), open flag, capability jump, launch price (NaN: none). */
  releaseSizes: Float64Array;
  releaseOpen: Uint8Array;
  releaseMajor: Uint8Array;
  releaseJump: Float64Array;
  /** Licence of an open release, [l·T + t]: 1 permissive, 2 restricted, 0 not stated. */
  releaseLicence: Uint8Array;
  /** Absolute month whose best closed model a release matched (NaN: no parity claim), [l·T + t]. */
  releaseParity: Float64Array;
  releasePrice: Float64Array;
  /** Absolute month after which labs also release at their cadence (the calendar's end). */
  calendarEnd: number;
  /** Embodied-shift progress, [t]. */
  embodied: Float64Array;
  /**
   * Policy masks: 1 where policy allows option o to segment s, [s·O + o]. Month t uses
   * `allowedMasks[allowedIndex[t]]` (index 0: no restriction).
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
  const labBloc = new Int32Array(L);
  const labEntry = new Int32Array(L);
  world.labs.forEach((l, i) => {
    labBloc[i] = blocIdx.get(l.bloc) ?? 0;
    labEntry[i] = monthIndex(l.entry);
  });

  // Event month relative to the first month (clamped at 0: earlier events apply from the start).
  const rel = (date: string) => Math.max(0, monthIndex(date) - m0);
  const events = scenario.events.filter((e) => monthIndex(e.date) - m0 < T);

  // ---- parameter epochs: the latest set-params wins from its month on ----
  const epochValues: ParamValues[] = [scenario.params];
  const starts = [0];
  for (const e of events) {
    if (e.type !== 'set-params') continue;
    const t0 = rel(e.date);
    const prev = epochValues[epochValues.length - 1];
    const next = { ...prev, ...e.params };
    if (starts[starts.length - 1] === t0) epochValues[epochValues.length - 1] = next;
    else {
      epochValues.push(next);
      starts.push(t0);
    }
  }
  const epochs = epochValues.map(numericParams);
  const epochStart = Int32Array.from(starts);
  /** The epoch of month t. */
  const epochAt = new Int32Array(T);
  for (let e = 0, t = 0; t < T; t++) {
    while (e + 1 < starts.length && starts[e + 1] <= t) e++;
    epochAt[t] = e;
  }
  const P = (t: number): Params => epochs[epochAt[t]];
  const V = (t: number): ParamValues => epochValues[epochAt[t]];

  const severity = new Float64Array(B * T);
  const subsidyEvent = new Float64Array(B * T);
  const incident = new Float64Array(B * T);
  for (const e of events) {
    if (e.type === 'export-control') {
      const b = blocIdx.get(e.bloc)!;
      severity.fill(e.severity, b * T + rel(e.date), (b + 1) * T);
    } else if (e.type === 'open-subsidy') {
      const b = blocIdx.get(e.bloc)!;
      subsidyEvent.fill(e.amount, b * T + rel(e.date), (b + 1) * T);
    } else if (e.type === 'security-incident') {
      const b = blocIdx.get(e.origin)!;
      const t0 = monthIndex(e.date) - m0;
      for (let t = Math.max(0, t0); t < T; t++) incident[b * T + t] += incidentDecay(e.severity, t, t0, P(t).incidentHalfLife ?? 12);
    }
  }
  const subsidy = new Float64Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) subsidy[b * T + t] = (P(t)[`openSubsidy.${world.blocs[b].id}`] ?? 0) + subsidyEvent[b * T + t];

  // ---- strategies: recorded history and switches, unless a parameter forces one ----
  const strategy = new Int8Array(L * T);
  const strategyForced = new Uint8Array(L);
  const history = new Int8Array(L * T);
  world.labs.forEach((lab, l) => history.fill(STRATEGY_CODE[lab.strategy], l * T, (l + 1) * T));
  for (const e of events) {
    if (e.type !== 'strategy-switch') continue;
    const first = e.lab === 'all' ? 0 : labIdx.get(e.lab)!;
    const end = e.lab === 'all' ? L : first + 1;
    for (let l = first; l < end; l++) history.fill(STRATEGY_CODE[e.strategy], l * T + rel(e.date), (l + 1) * T);
  }
  for (let l = 0; l < L; l++) {
    const name = `strategy.${world.labs[l].id}`;
    for (let t = 0; t < T; t++) {
      const forced = V(t)[name];
      const isForced = typeof forced === 'string' && forced !== 'as-history';
      strategy[l * T + t] = isForced ? STRATEGY_CODE[forced as Strategy] : history[l * T + t];
      if (isForced) strategyForced[l] = 1;
    }
  }

  // ---- prices and releases ----
  const priceCut = new Float64Array(L * T).fill(1);
  const releaseSizes = new Float64Array(L * T);
  const releaseOpen = new Uint8Array(L * T);
  const releaseMajor = new Uint8Array(L * T);
  const releaseJump = new Float64Array(L * T);
  const releasePrice = new Float64Array(L * T).fill(NaN);
  const releaseParity = new Float64Array(L * T).fill(NaN);
  const releaseLicence = new Uint8Array(L * T);
  for (const e of events) {
    if (e.type === 'price-cut') {
      const t0 = rel(e.date);
      world.labs.forEach((lab, l) => {
        const hit = e.labs ? e.labs.includes(lab.id) : lab.bloc === e.bloc;
        if (hit) for (let t = t0; t < T; t++) priceCut[l * T + t] *= e.factor;
      });
    } else if (e.type === 'release') {
      // releases before the first month are history the start state already holds
      if (monthIndex(e.date) < m0) continue;
      const l = labIdx.get(e.lab)!;
      const i = l * T + rel(e.date);
      releaseSizes[i] += e.sizes ?? world.labs[l].breadth;
      if (e.open) releaseOpen[i] = 1;
      if (e.major) releaseMajor[i] = 1;
      releaseJump[i] = Math.max(releaseJump[i], e.capability);
      if (e.price !== undefined) releasePrice[i] = e.price;
      if (e.parityWith !== undefined) releaseParity[i] = monthIndex(e.parityWith);
      if (e.licence !== undefined) releaseLicence[i] = e.licence === 'permissive' ? 1 : 2;
    }
  }

  // ---- embodied shift: logistic in decimal years; acceleration events scale and move it ----
  const embodied = new Float64Array(T);
  const accel = events.filter((e) => e.type === 'embodied-acceleration');
  for (let t = 0; t < T; t++) {
    let factor = 1;
    let earlier = 0;
    for (const e of accel) {
      if (e.type === 'embodied-acceleration' && rel(e.date) <= t) {
        factor *= e.factor;
        earlier += e.monthsEarlier;
      }
    }
    const p = P(t);
    embodied[t] = embodiedProgress((m0 + t) / 12, (p.embodiedMidYear ?? 2028) - earlier / 12, p.embodiedWidthYears ?? 1.5, (p.embodiedPace ?? 1) * factor);
  }

  // ---- bans: replay restriction events month by month ----
  const banned = new Uint8Array(B * B * T);
  const allowedMasks: Uint8Array[] = [new Uint8Array(S * O).fill(1)];
  const allowedIndex = new Int32Array(T);
  const restrictions = events.filter((e): e is Extract<ScenarioEvent, { type: 'model-restriction' }> => e.type === 'model-restriction');
  if (restrictions.length) {
    const active: typeof restrictions = [];
    let r = 0;
    const sameRule = (a: (typeof restrictions)[number], b: (typeof restrictions)[number]) =>
      a.bloc === b.bloc && a.origin === b.origin && a.scope === b.scope && JSON.stringify(a.sectors) === JSON.stringify(b.sectors);
    let current = 0;
    for (let t = 0; t < T; t++) {
      let changed = false;
      while (r < restrictions.length && rel(restrictions[r].date) <= t) {
        const e = restrictions[r++];
        if (e.lift) {
          const i = active.findIndex((a) => sameRule(a, e));
          if (i >= 0) active.splice(i, 1);
        } else active.push(e);
        changed = true;
      }
      if (changed) {
        const mask = new Uint8Array(S * O).fill(1);
        for (const e of active) {
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
        allowedMasks.push(mask);
        current = allowedMasks.length - 1;
      }
      allowedIndex[t] = current;
      for (const e of active) banned[(blocIdx.get(e.bloc)! * B + blocIdx.get(e.origin)!) * T + t] = 1;
    }
  }

  return {
    world,
    params: scenario.params,
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
    epochs,
    epochValues,
    epochStart,
    severity,
    subsidy,
    incident,
    banned,
    strategy,
    strategyForced,
    priceCut,
    releaseSizes,
    releaseOpen,
    releaseMajor,
    releaseJump,
    releaseParity,
    releaseLicence,
    releasePrice,
    calendarEnd: monthIndex(RELEASE_CALENDAR_END),
    embodied,
    allowedMasks,
    allowedIndex,
  };
}
