/**
 * Calibrated parameter values: they replace the priors as the defaults of every parameter
 * they name (and so of the baseline scenario). Written by `momentum calibrate --apply`;
 * edit by re-running the command below, not by hand.
 *
 * Model version 0.2.0: not calibrated yet.
 */
export const CALIBRATED: {
  /** The exact command that reproduces these values. */
  command: string;
  /** Weighted loss at the optimum (null before the first calibration). */
  loss: number | null;
  /** Fitted values by parameter name. */
  values: Record<string, number>;
} = {
  command: '',
  loss: null,
  values: {},
};
