/**
 * Calibrated parameter values: they replace the priors as the defaults of every parameter
 * they name (and so of the baseline scenario). Written by `momentum calibrate --apply`;
 * edit by re-running the command below, not by hand.
 *
 * Model version 0.3.0; loss 48.388511560557674 (start 704.0510685361403);
 * 3999 model runs, stopped: budget exhausted.
 */
export const CALIBRATED: {
  /** The exact command that reproduces these values. */
  command: string;
  /** Weighted loss at the optimum (null before the first calibration). */
  loss: number | null;
  /** Fitted values by parameter name. */
  values: Record<string, number>;
} = {
  command: "momentum calibrate --params capabilitySensitivity,priceSensitivity,customizability,supportWeight,networkEffect,licenceValue,homeBias,openTaste,homeTaste,originRisk.CN,capabilityOffset.CN,distillation,releaseAttention,agenticDemand,derivativeDownloads,tokenPriceElasticity,reconsiderRate --budget 4000 --seed 1",
  loss: 48.388511560557674,
  values: {
    "capabilitySensitivity": 1.9345662699210684,
    "priceSensitivity": 0.22249756224853248,
    "customizability": -0.08692158799435723,
    "supportWeight": 2.3453067424773493,
    "networkEffect": 1.766234960113155,
    "licenceValue": 0.23926215228163172,
    "homeBias": 0.39088456257661086,
    "openTaste": 0.911975043949268,
    "homeTaste": 1.7272788155656755,
    "originRisk.CN": 1.1792351646922623,
    "capabilityOffset.CN": -0.08982491440447282,
    "distillation": 0.6197708648905143,
    "releaseAttention": 0.2251879435977956,
    "agenticDemand": 1.103629649042366,
    "derivativeDownloads": 3.2166941537982736,
    "tokenPriceElasticity": 0.27246397508071357,
    "reconsiderRate": 0.04619422004706728,
  },
};
