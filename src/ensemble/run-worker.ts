/**
 * Piscina worker entry: runs one ensemble task on a worker thread and transfers the result's
 * buffer back instead of copying it. Loaded from dist/ (compiled JavaScript): see worker-pool.ts.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { executeRun } from './run-task.js';
import type { EnsembleSpec, RunTask } from './ensemble-plan.js';

/** Message sent to a worker thread. */
export interface WorkerTask {
  spec: EnsembleSpec;
  task: RunTask;
}

export default function runTask({ spec, task }: WorkerTask): unknown {
  const payload = executeRun(spec, task);
  // A Piscina "transferable": the payload is the value, its buffer moves instead of being copied.
  const movable = { [transferableSymbol]: [payload.values.buffer], [valueSymbol]: payload };
  return move(movable as unknown as Parameters<typeof move>[0]);
}
