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
}

export default function modelTask({ endpoint, body, limits, start }: ModelTask): ApiResponse {
  return modelResponse(endpoint, body, limits, start);
}
