/**
 * A pool of worker threads (piscina) running ensemble tasks.
 *
 * Worker threads cannot load TypeScript under plain Node, so the pool always runs the
 * compiled entry dist/ensemble/run-worker.js (see shell/compiled-entry.ts).
 */
import { Piscina } from 'piscina';
import { monthIndex, monthLabel } from '../model/index.js';
import { compiledEntry } from '../shell/compiled-entry.js';
import type { EnsembleSpec, RunTask } from './ensemble-plan.js';
import type { RunPayload } from './run-task.js';

/** A pool of `threads` worker threads. */
export class RunPool {
  private readonly pool: Piscina;
  constructor(readonly threads: number) {
    this.pool = new Piscina({
      filename: compiledEntry('ensemble/run-worker.js'),
      minThreads: threads,
      maxThreads: threads,
      // Two tasks per thread: a run is synchronous, so the second waits in the thread's own
      // message queue and starts the moment the first ends, instead of waiting for this
      // (coordinating) thread to hand it over while it stores results
      concurrentTasksPerWorker: 2,
      idleTimeout: 60_000,
      // The entry is compiled JavaScript: do not inherit the parent's loader flags. Under
      // `node --import tsx` (tests, benchmarks) an inherited TypeScript loader would wrap
      // every module binding and slow the solver by about half.
      execArgv: [],
    });
  }

  /** Runs one task on a worker thread. */
  run(spec: EnsembleSpec, task: RunTask): Promise<RunPayload> {
    return this.pool.run({ spec, task }) as Promise<RunPayload>;
  }

  /**
   * Loads the model in every thread and runs a short, small version of `spec` a dozen times, so
   * that measurements do not include thread start-up and compilation of the solver (V8 settles
   * on optimised code for the engine after 10–20 runs).
   */
  async warm(spec: EnsembleSpec): Promise<void> {
    const to = monthLabel(Math.min(monthIndex(spec.from) + 23, monthIndex(spec.to)));
    const short: EnsembleSpec = { ...spec, agents: Math.min(spec.agents, 5000), to, vary: [] };
    for (let round = 0; round < 12; round++) {
      await Promise.all(Array.from({ length: this.threads }, (_, i) => this.run(short, { runId: -1 - i, seed: 1 + i, params: {} })));
    }
  }

  /** Tasks waiting for a thread. */
  get queued(): number {
    return this.pool.queueSize;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
