/**
 * Executes one run of an ensemble and packs its series into one Float64Array (series-major,
 * S × T values, NaN = undefined that month), so that a worker thread sends one buffer back
 * instead of per-row objects. Shared by the local pool and the distributed workers,
 * so both produce identical numbers.
 */
import { runScenario, withOverrides } from '../model/index.js';
import type { EnsembleSpec, RunTask } from './ensemble-plan.js';

/** Headline first-crossing months of one run (YYYY-MM or null). */
export interface RunIndicators {
  cn_overtakes_us_downloads: string | null;
  cn_overtakes_us_derivatives: string | null;
  cn_overtakes_us_usage: string | null;
}

/** The compact result of one run. */
export interface RunPayload {
  runId: number;
  seed: number;
  /** Metric of each series, in the model's definition order. */
  metrics: string[];
  /** Group of each series. */
  groups: string[];
  /** Months per series. */
  T: number;
  /** values[s * T + t]: series s at month t. */
  values: Float64Array;
  indicators: RunIndicators;
  /** Wall time of the solver, ms. */
  runMs: number;
}

/** Runs one task of an ensemble. */
export function executeRun(spec: EnsembleSpec, task: RunTask): RunPayload {
  const t0 = performance.now();
  const scenario = Object.keys(task.params).length ? withOverrides(spec.scenario, task.params) : spec.scenario;
  const r = runScenario(scenario, { mode: spec.mode, agents: spec.agents, seed: task.seed, from: spec.from, to: spec.to });
  const T = r.dates.length;
  const list = r.series.list;
  const values = new Float64Array(list.length * T);
  const metrics: string[] = [];
  const groups: string[] = [];
  for (let s = 0; s < list.length; s++) {
    metrics.push(list[s].metric);
    groups.push(list[s].group);
    values.set(list[s].values, s * T);
  }
  const ind = r.summary.indicators;
  return {
    runId: task.runId,
    seed: task.seed,
    metrics,
    groups,
    T,
    values,
    indicators: {
      cn_overtakes_us_downloads: ind.cn_overtakes_us_downloads,
      cn_overtakes_us_derivatives: ind.cn_overtakes_us_derivatives,
      cn_overtakes_us_usage: ind.cn_overtakes_us_usage,
    },
    runMs: performance.now() - t0,
  };
}
