/**
 * A pool of worker threads (piscina) running ensemble tasks.
 *
 * Worker threads cannot load TypeScript under plain Node, so the pool always runs the
 * compiled entry dist/ensemble/run-worker.js (see shell/compiled-entry.ts).
 */
import { Piscina } from 'piscina';
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
   * Loads the model in every thread and runs a small version of `spec` (5,000 adopters, the
   * same months) `rounds` times, so that measurements do not include thread start-up and
   * compilation of the solver. V8 settles on optimised code for the monthly loop after 10–20
   * runs, but functions called once a run are optimised much later: the scenario compiler, for
   * example, after 50–60 runs, taking 150–190 ms of a core to optimise. 100 rounds leave a
   * thread as a long-running service has it.
   */
  async warm(spec: EnsembleSpec, rounds = 100): Promise<void> {
    const small: EnsembleSpec = { ...spec, agents: Math.min(spec.agents, 5000), vary: [] };
    for (let round = 0; round < rounds; round++) {
      await Promise.all(Array.from({ length: this.threads }, (_, i) => this.run(small, { runId: -1 - i, seed: 1 + i, params: {} })));
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
