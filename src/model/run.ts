/**
 * One run of the model: scenario → parameters → solver → series and summary. Pure: the
 * same inputs give the same bytes, in Node, in worker threads and in a browser Web Worker.
 */
import { compile } from './solvers/compile.js';
import { simulate, type EngineCheckpoint } from './solvers/engine.js';
import { meanfieldSolver } from './solvers/meanfield.js';
import { agentsSolver } from './solvers/agents.js';
import type { ResolvedScenario } from './scenario/resolve.js';
import { DEFAULT_WORLD, type WorldConfig } from './world/world.js';
import { DEFAULT_FROM, DEFAULT_TO, isMonth, monthIndex } from './time.js';
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
  /**
   * A cache of checkpoints (meanfield runs of the default world): a scenario whose policies
   * start at a month (`set-params` events) is resumed from the state at that month when the
   * previous run shared everything before it, and gives the same bytes as a full run.
   */
  checkpoints?: CheckpointCache;
  /**
   * With `checkpoints`: the month from which this scenario may differ from the runs before it
   * (the playground's own events and policies start there). Default: its first `set-params`
   * month. Everything before it (parameters, events) is part of the checkpoint's key, so a run
   * resumes only when that is identical, whatever the events from this month on.
   */
  checkpointFrom?: string;
}

/** The last checkpoint taken, and what it is valid for. */
export class CheckpointCache {
  key = '';
  checkpoint: EngineCheckpoint | null = null;
  /** Runs resumed from the checkpoint (for tests and the playground's status). */
  hits = 0;
}

/**
 * Where a run may resume, and the key of everything before it: `at` (RunOptions.checkpointFrom)
 * or the month of the scenario's first `set-params` event (its policies from a date), or null
 * when there is none or the run cannot be resumed (lab strategy adaptation looks back over the
 * run).
 */
function checkpointPlan(scenario: ResolvedScenario, from: string, to: string, at?: string): { t: number; key: string } | null {
  const m0 = monthIndex(from);
  let first = Infinity;
  if (at !== undefined) first = isMonth(at) ? monthIndex(at) : Infinity;
  else for (const e of scenario.events) if (e.type === 'set-params') first = Math.min(first, monthIndex(e.date));
  const t = first - m0;
  if (!(t >= 1) || first > monthIndex(to)) return null;
  const adaptive = (v: Record<string, number | string>) => typeof v.strategyAdaptation === 'number' && v.strategyAdaptation >= 0.5;
  if (adaptive(scenario.params) || scenario.events.some((e) => e.type === 'set-params' && adaptive(e.params))) return null;
  const before = scenario.events.filter((e) => monthIndex(e.date) < first).map(eventHash);
  return { t, key: hashString(canonicalJson({ params: scenario.params, events: before, t, from, to, v: MODEL_VERSION })) };
}

/**
 * Each event's hash, kept per event object: a playground session resolves the same built-in
 * event objects (the release calendar) for every run, and hashing them all again took about 7% of
 * a run resumed at "now". Resolved events are never mutated (the registry shares them between
 * scenarios).
 */
const EVENT_HASHES = new WeakMap<object, string>();
function eventHash(e: object): string {
  let h = EVENT_HASHES.get(e);
  if (h === undefined) {
    h = hashString(canonicalJson(e));
    EVENT_HASHES.set(e, h);
  }
  return h;
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
  const cache = mode === 'meanfield' && world === DEFAULT_WORLD ? opts.checkpoints : undefined;
  const plan = cache ? checkpointPlan(scenario, from, to, opts.checkpointFrom) : null;
  let series;
  if (cache && plan && cache.key === plan.key && cache.checkpoint) {
    cache.hits++;
    series = simulate(c, factory, opts.onProgress, { resume: cache.checkpoint });
  } else if (cache && plan) {
    series = simulate(c, factory, opts.onProgress, {
      captureAt: plan.t,
      onCheckpoint: (cp) => {
        cache.key = plan.key;
        cache.checkpoint = cp;
      },
    });
  } else series = simulate(c, factory, opts.onProgress);
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
