/**
 * One run of the model: scenario → parameters → solver → series and summary. Pure: the
 * same inputs give the same bytes, in Node, in worker threads and in a browser Web Worker.
 */
import { compile } from './solvers/compile.js';
import { simulate } from './solvers/engine.js';
import { meanfieldSolver } from './solvers/meanfield.js';
import { agentsSolver } from './solvers/agents.js';
import type { ResolvedScenario } from './scenario/resolve.js';
import { DEFAULT_WORLD, type WorldConfig } from './world/world.js';
import { DEFAULT_FROM, DEFAULT_TO } from './time.js';
import { SeriesSet, seriesToCsv } from './outputs/series.js';
import { indicators, type Indicators } from './outputs/summary.js';
import { canonicalJson, hashString } from './outputs/hash.js';
import { MODEL_VERSION } from './version.js';
import { ValidationError, validateHorizon } from './scenario/validate.js';
import { assertRunInvariants } from './outputs/invariants.js';

export type Mode = 'meanfield' | 'agents';

/** How to run. */
export interface RunOptions {
  mode?: Mode;
  /** Number of agents (agents mode). Default 100 000. */
  agents?: number;
  /** Seed of the random streams (agents mode; recorded in both). Default 1. */
  seed?: number;
  from?: string;
  to?: string;
  world?: WorldConfig;
  onProgress?: (done: number, total: number) => void;
}

/** Metadata and key indicators of a run (written to summary.json). */
export interface RunSummary {
  scenario: string;
  description: string;
  modelVersion: string;
  mode: Mode;
  seed: number;
  agents: number | null;
  from: string;
  to: string;
  months: number;
  paramsHash: string;
  overrides: Record<string, number | string>;
  indicators: Indicators;
}

/** The result of a run. */
export interface RunResult {
  dates: string[];
  series: SeriesSet;
  summary: RunSummary;
}

export const DEFAULT_AGENTS = 100_000;

/** Hash of everything that determines a run's output (parameters, events, horizon, mode). */
export function runHash(scenario: ResolvedScenario, mode: Mode, from: string, to: string): string {
  return hashString(canonicalJson({ params: scenario.params, events: scenario.events, mode, from, to, v: MODEL_VERSION }));
}

/** Runs a resolved scenario. Throws {@link ValidationError} for a bad horizon. */
export function runScenario(scenario: ResolvedScenario, opts: RunOptions = {}): RunResult {
  const mode = opts.mode ?? 'meanfield';
  const from = opts.from ?? DEFAULT_FROM;
  const to = opts.to ?? DEFAULT_TO;
  const seed = opts.seed ?? 1;
  const agents = opts.agents ?? DEFAULT_AGENTS;
  const world = opts.world ?? DEFAULT_WORLD;
  const issues = validateHorizon(from, to, world);
  if (!Number.isInteger(seed)) issues.push({ path: 'seed', expected: 'an integer', found: String(seed) });
  if (mode === 'agents' && !(Number.isInteger(agents) && agents >= 1)) issues.push({ path: 'agents', expected: 'a positive integer', found: String(agents) });
  if (issues.length) throw new ValidationError('run options', issues);
  const c = compile(world, scenario, from, to);
  const factory = mode === 'agents' ? agentsSolver({ agents, seed }) : meanfieldSolver;
  const series = simulate(c, factory, opts.onProgress);
  // no output leaves a run that breaks the invariants (finite, shares in [0, 1] summing to 1)
  assertRunInvariants(c.dates, series, `scenario "${scenario.name}" (${mode}${mode === 'agents' ? `, seed ${seed}` : ''}, ${from}..${to})`);
  // The summary (parameter hash, indicators) is computed on first read: the playground's
  // worker never reads it, and it costs about 5% of a meanfield run.
  let summary: RunSummary | undefined;
  return {
    dates: c.dates,
    series,
    get summary(): RunSummary {
      summary ??= {
        scenario: scenario.name,
        description: scenario.description,
        modelVersion: MODEL_VERSION,
        mode,
        seed,
        agents: mode === 'agents' ? agents : null,
        from,
        to,
        months: c.T,
        paramsHash: runHash(scenario, mode, from, to),
        overrides: scenario.overrides,
        indicators: indicators(c.dates, series),
      };
      return summary;
    },
  };
}

/** Long-format CSV of a run (`date,metric,group,value`). */
export function resultToCsv(r: RunResult): string {
  return seriesToCsv(r.dates, r.series);
}

export type { SeriesSet };
