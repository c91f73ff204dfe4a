/**
 * Cost efficiency. API prices fall as efficiency rises and rise with compute scarcity;
 * open-weight models cost only their hosting, which grows with model size; lower compute
 * requirements widen the set of adopters able to self-host. Article: "Lower computational
 * requirements and flexible customization options make these models particularly
 * attractive" and "competitive performance at a fraction of the cost".
 */

/**
 * How far efficiency and compute supply have moved prices: e^{−passThrough·ln E + scarcity·shortfall},
 * with `shortfall` the log of the compute a bloc lost to export controls (scarce accelerators
 * cost more per token served).
 */
export function priceFactor(logEfficiency: number, passThrough: number, scarcityCost: number, shortfall: number): number {
  return Math.exp(-passThrough * logEfficiency + scarcityCost * shortfall);
}

/** API list price ($/Mtok): the lab's anchor price × price factor × price cuts. */
export function apiPriceAt(anchor: number, factor: number, cut: number): number {
  return anchor * factor * cut;
}

/** Price of an open model on a hosting provider ($/Mtok): cost per B active params × size × price factor × cuts. */
export function hostedPriceAt(costPerB: number, activeParamsB: number, factor: number, cut: number): number {
  return costPerB * Math.max(activeParamsB, 0.1) * factor * cut;
}

/**
 * Fraction of a size class able to self-host a lab's open models: logistic in the gap
 * between its capacity (log10 of the active params it can run) and the requirement, which
 * falls with efficiency and with portfolio breadth (smaller siblings).
 */
export function selfHostFeasibility(capacityLog10B: number, logEfficiency: number, baseNeed: number): number {
  const need = baseNeed - logEfficiency / Math.LN10;
  return 1 / (1 + Math.exp(-(capacityLog10B - need) / 0.25));
}

/** A lab's self-hosting requirement before efficiency gains: log10 of its active params, less 0.3 per extra size. */
export function selfHostBaseNeed(activeParamsB: number, breadth: number): number {
  return Math.log10(Math.max(activeParamsB, 0.1)) - 0.3 * (breadth - 1);
}

/** Cost of an open model to an adopter: self-hosted share at its own cost, the rest hosted. */
export function openCost(hosted: number, selfShare: number, selfCostFactor: number): number {
  return selfShare * hosted * selfCostFactor + (1 - selfShare) * hosted;
}
