/**
 * Piscina worker entry: runs one ensemble task on a worker thread. Loaded from dist/
 * (compiled JavaScript): see worker-pool.ts.
 *
 * The result is copied back (structured clone, about 60 kB), not transferred: transferring
 * detaches the worker's buffer, and the first detached buffer in a thread turns off V8's
 * "no buffer was ever detached" protector, after which every typed-array access in that thread
 * carries a detach check. Measured in Node 20 on a worker thread, agents runs of 1e5 adopters:
 * 133–141 ms with copies, 167–169 ms with transfers.
 */
import { executeRun, type RunPayload } from './run-task.js';
import type { EnsembleSpec, RunTask } from './ensemble-plan.js';

/** Message sent to a worker thread. */
export interface WorkerTask {
  spec: EnsembleSpec;
  task: RunTask;
}

export default function runTask({ spec, task }: WorkerTask): RunPayload {
  return executeRun(spec, task);
}
