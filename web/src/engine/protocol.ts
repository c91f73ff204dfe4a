/** Messages between the page and the model Web Worker. */
import type { ScenarioInput } from '../../../src/model/index.js';
import type { RunSeries } from '../../../src/charts/index.js';

/** A run request: meanfield run of a scenario, or an agents ensemble for the band. */
export type WorkerRequest =
  | { id: number; kind: 'run'; scenario: ScenarioInput }
  | { id: number; kind: 'baseline' }
  | { id: number; kind: 'ensemble'; scenario: ScenarioInput; runs: number; agents: number };

/** When the worker started and finished a request, in ms since the epoch (`performance.timeOrigin + performance.now()`, comparable across threads). */
export type WorkerSpan = [start: number, end: number];

/** A reply: the run (or band) and the time the worker spent, or an error message. */
export type WorkerResponse =
  | { id: number; ok: true; kind: 'run' | 'baseline'; run: RunSeries; ms: number; at?: WorkerSpan }
  | { id: number; ok: true; kind: 'ensemble'; low: RunSeries; high: RunSeries; ms: number }
  | { id: number; ok: false; error: string };

/** Size of the uncertainty ensemble (issue #4: a small agents ensemble in the worker). */
export const ENSEMBLE = { runs: 8, agents: 5_000 } as const;
