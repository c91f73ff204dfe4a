/**
 * Cost efficiency. API prices fall as efficiency rises; open-weight models cost only their
 * hosting, which grows with model size; lower compute requirements widen the set of adopters
 * able to self-host. Article: "Lower computational requirements and flexible customization
 * options make these models particularly attractive" and "competitive performance at a
 * fraction of the cost".
 */
import { tableExp } from '../numerics/table-exp.js';

/** How far efficiency has brought prices down: e^{−passThrough · ln E} (shared by a lab's API and hosted prices). */
export function efficiencyPriceFactor(logEfficiency: number, passThrough: number): number {
  return Math.exp(-passThrough * logEfficiency);
}

/** API list price ($/Mtok): price0 · e^{−passThrough · ln E} · (price cuts), from {@link efficiencyPriceFactor}. */
export function apiPriceAt(price0: number, factor: number, cut: number): number {
  return price0 * factor * cut;
}

/** {@link apiPriceAt} from the lab's log efficiency. */
export function apiPrice(price0: number, logEfficiency: number, passThrough: number, cut: number): number {
  return apiPriceAt(price0, efficiencyPriceFactor(logEfficiency, passThrough), cut);
}

/**
 * Price of an open model on a hosting provider ($/Mtok): cost per B active params × size,
 * falling with efficiency at the same pass-through as API prices (newer models grow too);
 * `factor` from {@link efficiencyPriceFactor}.
 */
export function hostedPriceAt(costPerB: number, activeParamsB: number, factor: number, cut: number): number {
  return costPerB * Math.max(activeParamsB, 0.1) * factor * cut;
}

/** {@link hostedPriceAt} from the lab's log efficiency. */
export function hostedPrice(costPerB: number, activeParamsB: number, logEfficiency: number, passThrough: number, cut: number): number {
  return hostedPriceAt(costPerB, activeParamsB, efficiencyPriceFactor(logEfficiency, passThrough), cut);
}

/**
 * Fraction of a size class able to self-host a lab's open models: logistic in the gap
 * between its capacity (log10 of the active params it can run) and the requirement, which
 * falls with efficiency and with portfolio breadth (smaller siblings). `baseNeed` is the
 * lab's requirement before efficiency gains, {@link selfHostBaseNeed} (constant over a run).
 */
export function selfHostFeasibility(capacityLog10B: number, logEfficiency: number, baseNeed: number): number {
  const need = baseNeed - logEfficiency / Math.LN10;
  const z = (capacityLog10B - need) / 0.25;
  return 1 / (1 + tableExp(-z));
}

/** A lab's self-hosting requirement before efficiency gains: log10 of its active params, less 0.3 per extra size. */
export function selfHostBaseNeed(activeParamsB: number, breadth: number): number {
  return Math.log10(Math.max(activeParamsB, 0.1)) - 0.3 * (breadth - 1);
}

/** Cost of an open model to an adopter: self-hosted share at its own cost, the rest hosted. */
export function openCost(hosted: number, selfShare: number, selfCostFactor: number): number {
  return selfShare * hosted * selfCostFactor + (1 - selfShare) * hosted;
}
