/**
 * Input-to-chart timing with the Performance API. Each input is marked; when the charts
 * for that input are in the DOM, a measure `momentum:input-to-chart` is recorded and the
 * last figures are exposed as `window.__momentumTiming` (read by the e2e test).
 */

/** The last measurement. */
export interface Timing {
  /** Input event to charts updated in the DOM, ms. */
  inputToChartMs: number;
  /** Time the worker spent running the model, ms. */
  workerMs: number;
  /** Time to render all charts (Plot) on the main thread, ms. */
  renderMs: number;
  /** Number of measurements so far. */
  count: number;
}

declare global {
  interface Window {
    __momentumTiming?: Timing;
  }
}

let count = 0;

/** Marks an input; returns its start time. */
export function markInput(): number {
  const t = performance.now();
  performance.mark('momentum:input', { startTime: t });
  return t;
}

/** Records the measure for an input whose charts are now drawn. */
export function recordChartUpdate(t0: number, workerMs: number, renderStart: number): Timing {
  const end = performance.now();
  performance.measure('momentum:input-to-chart', { start: t0, end });
  performance.measure('momentum:render', { start: renderStart, end });
  const t: Timing = { inputToChartMs: end - t0, workerMs, renderMs: end - renderStart, count: ++count };
  window.__momentumTiming = t;
  return t;
}
