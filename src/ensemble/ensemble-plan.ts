/**
 * Planning an ensemble: which runs, with which seed and which parameter values.
 *
 * Run i (0-based) gets the seed `replicationSeed(seed, i)` and, when parameters vary, the
 * i-th point of a Latin hypercube or of the Sobol sequence mapped onto the `--vary` ranges.
 * A run's output depends only on the spec and its task, so the plan is the same whether the
 * runs execute on one thread, many threads or many machines.
 */
import {
  canonicalJson,
  hashString,
  mixSeed,
  MODEL_VERSION,
  replicationSeed,
  type Mode,
  type ResolvedScenario,
} from '../model/index.js';
import { latinHypercube } from '../model/sampling/latin-hypercube.js';
import { sobolPoints } from '../model/sampling/sobol-sequence.js';

/** How parameter points are drawn. */
export type SampleDesign = 'lhs' | 'sobol';

/** One varied parameter and its range (validated against PARAM_DEFS by the CLI). */
export interface VaryRange {
  name: string;
  lo: number;
  hi: number;
}

/** Everything that determines an ensemble's results. Plain data: structured-cloneable and JSON-safe. */
export interface EnsembleSpec {
  scenario: ResolvedScenario;
  runs: number;
  seed: number;
  mode: Mode;
  /** Adopters per run (agents mode); ignored by the meanfield solver. */
  agents: number;
  sample: SampleDesign;
  vary: VaryRange[];
  from: string;
  to: string;
}

/** One run of an ensemble. */
export interface RunTask {
  runId: number;
  seed: number;
  /** Values of the varied parameters for this run (empty without --vary). */
  params: Record<string, number>;
}

/** Stream id mixed into the ensemble seed for the Latin hypercube (kept apart from run seeds). */
const LHS_SEED_STREAM = 0x1a7e;

/**
 * Identity of an ensemble: a hash of everything that determines its results, including the
 * model version. A store or a queue only mixes results of the same id.
 */
export function ensembleId(spec: EnsembleSpec): string {
  return hashString(
    canonicalJson({
      v: MODEL_VERSION,
      params: spec.scenario.params,
      events: spec.scenario.events,
      runs: spec.runs,
      seed: spec.seed,
      mode: spec.mode,
      agents: spec.mode === 'agents' ? spec.agents : null,
      sample: spec.vary.length ? spec.sample : null,
      vary: spec.vary,
      from: spec.from,
      to: spec.to,
    }),
  );
}

/** Every run of the ensemble, in run-id order. */
export function planRuns(spec: EnsembleSpec): RunTask[] {
  const dims = spec.vary.length;
  const points = dims === 0 ? [] : spec.sample === 'sobol' ? sobolPoints(spec.runs, dims) : latinHypercube(spec.runs, dims, mixSeed(spec.seed, LHS_SEED_STREAM));
  const tasks: RunTask[] = [];
  for (let i = 0; i < spec.runs; i++) {
    const params: Record<string, number> = {};
    for (let d = 0; d < dims; d++) {
      const { name, lo, hi } = spec.vary[d];
      params[name] = lo + points[i][d] * (hi - lo);
    }
    tasks.push({ runId: i, seed: replicationSeed(spec.seed, i), params });
  }
  return tasks;
}
