/**
 * Calibrated parameter values: they replace the priors as the defaults of every parameter
 * they name (and so of the baseline scenario). Written by `momentum calibrate --apply`;
 * edit by re-running the command below, not by hand.
 *
 * Model version 0.2.0; loss 52.48893614094638 (start 1017.5720979104502);
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
  command: "momentum calibrate --params capabilitySensitivity,priceSensitivity,customizability,supportWeight,networkEffect,homeBias,openTaste,homeTaste,originRisk.CN,capabilityOffset.CN,distillation,releaseAttention,agenticDemand,derivativeDownloads,tokenPriceElasticity,reconsiderRate --budget 4000 --seed 1",
  loss: 52.48893614094638,
  values: {
    "capabilitySensitivity": 2.4631302170470506,
    "priceSensitivity": 0.17702295240376312,
    "customizability": -0.057710677054310766,
    "supportWeight": 2.5076397405740867,
    "networkEffect": 2.3947816430545354,
    "homeBias": 0.46115675281834945,
    "openTaste": 0.9383548000941426,
    "homeTaste": 1.7367325445041903,
    "originRisk.CN": 1.611665846069072,
    "capabilityOffset.CN": -0.2571564344624251,
    "distillation": 0.7892980983115344,
    "releaseAttention": 0.2626146849248445,
    "agenticDemand": 0.8669321469670267,
    "derivativeDownloads": 3.2139645264700483,
    "tokenPriceElasticity": 0.34982990627422383,
    "reconsiderRate": 0.04557400436667692,
  },
};
