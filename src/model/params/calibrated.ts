/**
 * Calibrated parameter values: they replace the priors as the defaults of every parameter
 * they name (and so of the baseline scenario). Written by `momentum calibrate --apply`;
 * edit by re-running the command below, not by hand.
 *
 * Model version 0.2.0; loss 54.77228997850734 (start 1228.6081381976082);
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
  loss: 54.77228997850734,
  values: {
    "capabilitySensitivity": 2.3390498605006225,
    "priceSensitivity": 0.1787327583704147,
    "customizability": 0.028208747310737747,
    "supportWeight": 2.5830654704656175,
    "networkEffect": 2.3253820445363744,
    "licenceValue": 0.1590890046445481,
    "homeBias": 0.46408557972478043,
    "openTaste": 0.9192170080356201,
    "homeTaste": 1.6329635586399358,
    "originRisk.CN": 1.5734817505131176,
    "capabilityOffset.CN": -0.30462328137111083,
    "distillation": 0.7328730529559031,
    "releaseAttention": 0.21435402310737742,
    "agenticDemand": 0.9022527012153058,
    "derivativeDownloads": 3.2763838101041465,
    "tokenPriceElasticity": 0.3106898555223126,
    "reconsiderRate": 0.04508758383182968,
  },
};
