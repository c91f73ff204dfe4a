/**
 * The adopter's utility of a model: what "pragmatic decisions based on cost and
 * functionality" weigh (article: Corporate Adoption and Pragmatic Decision-Making), against
 * "security, data governance, and technological dependence" (Strategic Implications).
 *
 *   U_{s,c,o} = productUtility(k, z, o) + originUtility(a, k, b) + classTaste(c, open, home)
 *
 * The three parts depend on different dimensions (sector k and size z of the segment and
 * the option o; adopter bloc a, sector k and origin bloc b; latent class c), so a month's
 * choice weights e^U are products of three small tables (docs/model.md §3a). This file is
 * the only place where the utility is written.
 */
import type { Params } from '../params/numeric.js';
import { networkUtility } from './ecosystem-derivatives.js';
import { considerationUtility } from './foreign-awareness.js';

/** What an option offers a (sector, size) cell this month. */
export interface ProductTerms {
  /** Capability need of the sector (multiplier of capabilitySensitivity). */
  need: number;
  /** Price sensitivity multipliers of the sector and of the size. */
  priceSensK: number;
  priceSensZ: number;
  /** Self-hosting propensity of the sector (0..1). */
  selfHostK: number;
  /** Support need of the size (0 small, 0.5 medium, 1 large). */
  supportZ: number;
}

/**
 * The product part: capability (relative to the month's best, which leaves choices
 * unchanged), the log of the price paid, the ecosystem, and for open weights the value of
 * customization less the cost of missing vendor support, plus the value of a permissive
 * licence (no user caps or use conditions to clear with lawyers). `network` is the option's
 * {@link optionNetworkUtility} this month (the same for every cell: computed once).
 */
export function productUtility(p: Params, t: ProductTerms, capabilityRel: number, logCost: number, network: number, open: boolean, permissive: boolean): number {
  let u = p.capabilitySensitivity * t.need * capabilityRel - p.priceSensitivity * t.priceSensK * t.priceSensZ * logCost + network;
  if (open) u += p.customizability * (0.5 + t.selfHostK) - p.supportWeight * t.supportZ + (permissive ? p.licenceValue : 0);
  return u;
}

/**
 * The origin part: home preference, perceived foreign risk (sector risk aversion × the
 * bloc pair's risk, events included), sovereign procurement (a home-origin bonus in the
 * public and critical sectors of a bloc that buys sovereign) and, for foreign models, the log
 * of the share of adopters who consider them at all (`consideration`, from
 * {@link foreignConsiderationUtility}: the same for every segment, computed once a month).
 */
export function originUtility(p: Params, home: boolean, riskAversionK: number, risk: number, procurement: number, consideration: number): number {
  return (home ? p.homeBias : 0) - p.riskWeight * riskAversionK * risk + procurement + (home ? 0 : consideration);
}

/** The network part of an option's product utility, from its ecosystem (ecosystem-derivatives.ts). */
export function optionNetworkUtility(p: Params, eco: number): number {
  return networkUtility(p.networkEffect, eco, p.ecosystemHalfSize);
}

/** The consideration term of an origin bloc's models for foreign adopters (foreign-awareness.ts). */
export function foreignConsiderationUtility(p: Params, notability: number): number {
  return considerationUtility(false, p.foreignConsideration, notability);
}
