/**
 * Calibrated parameter values: they replace the priors as the defaults of every parameter
 * they name (and so of the baseline scenario). Written by `momentum calibrate --apply`;
 * edit by re-running the command below, not by hand.
 *
 * Model version 0.1.0; loss 45.854472109182 (start 196.62694062639676);
 * 3996 model runs, stopped: budget exhausted.
 */
export const CALIBRATED: {
  /** The exact command that reproduces these values. */
  command: string;
  /** Weighted loss at the optimum (null before the first calibration). */
  loss: number | null;
  /** Fitted values by parameter name. */
  values: Record<string, number>;
} = {
  command: "momentum calibrate --params networkEffect,priceSensitivity,capabilitySensitivity,supportWeight,customizability,originRisk.CN,platformPresence.CN,reconsiderRate,homeBias,derivativeLagMonths,breadthBoost,capabilityOffset.CN,openSpillover --bounds networkEffect=0:1 --budget 4000 --seed 1",
  loss: 45.854472109182,
  values: {
    "networkEffect": 1,
    "priceSensitivity": 1.0017743886877346,
    "capabilitySensitivity": 7.230947187512852,
    "supportWeight": 4,
    "customizability": -0.5,
    "originRisk.CN": 2.1029098737621443,
    "platformPresence.CN": 0.002436490276735421,
    "reconsiderRate": 0.14968192410801273,
    "homeBias": 0.055838210123646044,
    "derivativeLagMonths": 17.347841871625153,
    "breadthBoost": 0.9932300316340303,
    "capabilityOffset.CN": 0.03486547086532932,
    "openSpillover": 0.6944508683028323,
  },
};
