/** Messages between the page and the model Web Worker. */
import type { ScenarioInput } from '../../../src/model/index.js';
import type { RunSeries } from '../../../src/charts/index.js';

/**
 * A request: a meanfield run of a scenario, the baseline, or more agents runs for the
 * uncertainty band of a scenario (`key` names the scenario; runs of an earlier key are
 * dropped, so the band always belongs to one scenario).
 */
export type WorkerRequest =
  | { id: number; kind: 'run'; scenario: ScenarioInput }
  | { id: number; kind: 'baseline' }
  | { id: number; kind: 'band'; scenario: ScenarioInput; key: string; runs: number; agents: number; stop?: StopFlag }
  | { id: number; kind: 'posterior'; scenario: ScenarioInput; key: string; stop?: StopFlag; assumptions?: boolean };

/**
 * A flag shared with the band worker (a SharedArrayBuffer, when the page is cross-origin
 * isolated): the page bumps `flag[0]` on every input, and a draw started at another `epoch`
 * stops at its next simulated month.
 */
export interface StopFlag {
  flag: Int32Array;
  epoch: number;
}

/** When the worker started and finished a request, in ms since the epoch (`performance.timeOrigin + performance.now()`, comparable across threads). */
export type WorkerSpan = [start: number, end: number];

/** The band of `n` agents runs: its quantiles `q` (e.g. [0.05, 0.95]; [0, 1] is the range). */
export interface BandReply {
  key: string;
  n: number;
  q: [number, number];
  /** The band of the `n` runs (absent when none ran yet). */
  low?: RunSeries;
  high?: RunSeries;
  /** The run in flight was stopped by an input (`StopFlag`) and not counted. */
  stopped?: boolean;
  ms: number;
}

/**
 * One more posterior draw of the scenario `key` (each request runs at most one, so the page can
 * stop asking at any time). `done` counts the draws run for this key in the progressive order
 * (posterior-plan.ts), of `total`; `stage` comes with the request that completes a stage: the
 * quantiles `q` of the stage's `n` draws that ran (`failed` of its draws broke the model's
 * invariants and are left out; no band when none ran).
 */
export interface PosteriorReply {
  key: string;
  done: number;
  total: number;
  placeholder: boolean;
  /** With the assumptions drawn from their priors: how many (absent or 0 otherwise). */
  assumptions?: number;
  stage?: { size: number; n: number; failed: number; q: [number, number]; low?: RunSeries; high?: RunSeries };
  /** The draw was stopped by an input (`StopFlag`) and not counted: it runs again when asked for. */
  stopped?: boolean;
  ms: number;
}

/** A reply: the run (or band) and the time the worker spent, or an error message. */
export type WorkerResponse =
  | { id: number; ok: true; kind: 'run' | 'baseline'; run: RunSeries; ms: number; at?: WorkerSpan }
  | ({ id: number; ok: true; kind: 'band' } & BandReply)
  | ({ id: number; ok: true; kind: 'posterior' } & PosteriorReply)
  | { id: number; ok: false; error: string };

/**
 * The uncertainty band: agents runs of 5,000 agents, one per request, up to 20 per scenario.
 * It is sampling noise of the agents solver around the scenario, not parameter uncertainty.
 */
export const ENSEMBLE = { runs: 20, agents: 5_000, perRequest: 1 } as const;

/**
 * The quantiles a band of `n` runs can honestly show: the range below 10 runs, the 10–90%
 * quantiles from 10 runs, 5–95% from 20 (type-7 interpolation needs a few runs beyond each tail).
 */
export function bandQuantiles(n: number): [number, number] {
  if (n >= 20) return [0.05, 0.95];
  if (n >= 10) return [0.1, 0.9];
  return [0, 1];
}

/** The label of a band: how many runs and which quantiles were actually computed. */
export function bandLabel(n: number, q: [number, number], agents: number = ENSEMBLE.agents): string {
  const what = q[0] === 0 && q[1] === 1 ? `range (min–max) of ${n} agents run${n === 1 ? '' : 's'}` : `${Math.round(q[0] * 100)}–${Math.round(q[1] * 100)}% quantiles of ${n} agents runs`;
  return `${what}, ${agents.toLocaleString('en')} agents each (sampling noise, not parameter uncertainty)`;
}
