/**
 * The weighted loss: each residual is divided by its observation's uncertainty (a z-score) and
 * the loss is Σ z² over the fitted observations. Nuisance scales (observations in real units
 * compared with model indices) are fitted in closed form by weighted least squares.
 */
import type { Observation } from './observation-schema.js';
import { modelledRaw, periodLabel, type RunSeries } from './operators.js';

/** z-score given to an observation the run cannot evaluate (period outside the run, no series). */
export const MISSING_Z = 10;

/** One observation compared with the model. */
export interface Residual {
  id: string;
  metric: string;
  group: string;
  period: string;
  observed: number;
  /** Modelled value after scale and multiplier (NaN when the run cannot evaluate it). */
  modelled: number;
  /** Standard error, or the half-width of the interval on the side of the residual. */
  uncertainty: number;
  z: number;
  /** Counted in the loss. */
  fitted: boolean;
  /** The nuisance scale applied (1 when none). */
  scale: number;
}

/** Result of comparing a run with a set of observations. */
export interface FitEvaluation {
  /** Σ z² over the fitted observations. */
  loss: number;
  residuals: Residual[];
  /** Fitted nuisance scales by name. */
  scales: Record<string, number>;
}

/** A symmetric 1σ-equivalent used to weight scale fits: the SE or the interval's half-width. */
export function symmetricSigma(o: Observation): number {
  const u = o.uncertainty;
  return 'se' in u ? u.se : Math.max((u.high - u.low) / 2, Number.EPSILON);
}

/**
 * The uncertainty that divides a residual: the SE, or for an interval the distance from the
 * value to the interval end on the residual's side (so z = ±1 at the interval ends).
 */
export function sideSigma(o: Observation, modelled: number): number {
  const u = o.uncertainty;
  if ('se' in u) return u.se;
  const side = modelled >= o.value ? u.high - o.value : o.value - u.low;
  return side > 0 ? side : symmetricSigma(o);
}

/**
 * Compares a run with observations. `inLoss(o)` picks the observations counted in the loss
 * (default: those without `fit: false`); scales are fitted on those, falling back to every
 * observation of the scale group when none of its members is in the loss.
 */
export function evaluateFit(observations: readonly Observation[], run: RunSeries, inLoss: (o: Observation) => boolean = (o) => o.fit !== false): FitEvaluation {
  const raw = observations.map((o) => modelledRaw(o, run));
  // closed-form scales: s = Σ c·y/σ² / Σ c²/σ²
  const scales: Record<string, number> = {};
  const names = [...new Set(observations.map((o) => o.scale).filter((s): s is string => !!s))];
  for (const name of names) {
    const members = observations.map((o, i) => ({ o, i })).filter(({ o }) => o.scale === name);
    const used = members.some(({ o }) => inLoss(o)) ? members.filter(({ o }) => inLoss(o)) : members;
    let num = 0;
    let den = 0;
    for (const { o, i } of used) {
      const c = raw[i];
      if (!Number.isFinite(c)) continue;
      const w = 1 / symmetricSigma(o) ** 2;
      num += c * o.value * w;
      den += c * c * w;
    }
    scales[name] = den > 0 && num > 0 ? num / den : 1;
  }
  let loss = 0;
  const residuals: Residual[] = observations.map((o, i) => {
    const scale = o.scale ? scales[o.scale] : 1;
    const modelled = raw[i] * scale;
    const fitted = inLoss(o);
    let z: number;
    let unc: number;
    if (Number.isFinite(modelled)) {
      unc = sideSigma(o, modelled);
      z = (modelled - o.value) / unc;
    } else {
      unc = symmetricSigma(o);
      z = MISSING_Z;
    }
    if (fitted) loss += z * z;
    return { id: o.id, metric: o.metric, group: o.group, period: periodLabel(o.period), observed: o.value, modelled, uncertainty: unc, z, fitted, scale };
  });
  return { loss, residuals, scales };
}
