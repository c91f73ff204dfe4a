/**
 * Piscina entry of the server's model threads: one POST /api/run or /api/compare, answered as
 * JSON text (the text crosses the thread boundary as one string, not as a cloned object tree).
 * Loaded from dist/ (compiled JavaScript): see model-pool.ts.
 */
import { modelResponse, type ApiResponse, type ModelEndpoint } from './api.js';
import type { ServerLimits } from './limits.js';

/** Message sent to a model thread. */
export interface ModelTask {
  endpoint: ModelEndpoint;
  body: unknown;
  limits: ServerLimits;
  /** When the request arrived (Date.now()). */
  start: number;
  /** Test hook: see {@link ModelHold}. */
  hold?: SharedArrayBuffer;
}

/**
 * Test hook (never set by `momentum serve`): a shared flag pair. A model thread that takes a
 * task sets cell 1 to 1 (and notifies), then blocks until cell 0 is 1: a test then knows a run
 * is in progress on a thread, and for as long as it likes, without racing a run's duration.
 */
export type ModelHold = SharedArrayBuffer;

export default function modelTask({ endpoint, body, limits, start, hold }: ModelTask): ApiResponse {
  if (hold) {
    const cells = new Int32Array(hold);
    Atomics.store(cells, 1, 1);
    Atomics.notify(cells, 1);
    Atomics.wait(cells, 0, 0);
  }
  return modelResponse(endpoint, body, limits, start);
}
