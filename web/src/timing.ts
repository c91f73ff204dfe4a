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
  /** From the reply's arrival to the visible charts updated in the DOM (React + Plot), ms. */
  renderMs: number;
  /** From the input to the request posted to the worker (the run may wait for the one in flight), ms. */
  postMs: number;
  /** From posting the request to receiving the reply on the main thread (worker time + messaging + main-thread queue), ms. */
  roundTripMs: number;
  /** Of the round trip: from posting the request to the worker starting it, and from the worker's reply to its handling on the main thread (which waits while the main thread is busy), ms. */
  toWorkerMs?: number;
  fromWorkerMs?: number;
  /** Number of measurements so far. */
  count: number;
  /** The scenario key of the result drawn (a band belongs to the same key). */
  key?: string;
  /**
   * Input to the end of the first frame drawn after the charts were updated (set a moment
   * later: a task posted from the next animation frame runs after that frame's paint), ms.
   * It adds the browser's style, layout and paint, and any page work queued before that frame.
   */
  frameMs?: number;
}

/**
 * When an input's uncertainty band reached the charts: `inputToBandMs` from the input to the
 * first band computed for that input's scenario drawn on the charts (measure
 * `momentum:input-to-band`), with the number of draws or runs of that first band.
 */
export interface BandTiming {
  inputToBandMs: number;
  kind: string;
  n: number;
  /** The scenario key the band belongs to (compare with the page's current one). */
  key: string;
  count: number;
}

declare global {
  interface Window {
    __momentumTiming?: Timing;
    __momentumBandTiming?: BandTiming;
    /** The posterior band's request counters (web/src/engine/posterior-band.ts). */
    __momentumPosterior?: import('./engine/posterior-band.js').PosteriorBandStats;
  }
}

let bandCount = 0;

/** Records the first band drawn for the scenario of an input made at `t0`. */
export function recordBandUpdate(t0: number, b: { kind: string; n: number; key: string }): BandTiming {
  const end = performance.now();
  performance.measure('momentum:input-to-band', { start: t0, end });
  const t: BandTiming = { inputToBandMs: end - t0, kind: b.kind, n: b.n, key: b.key, count: ++bandCount };
  window.__momentumBandTiming = t;
  return t;
}

let count = 0;

/** Marks an input; returns its start time. */
export function markInput(): number {
  const t = performance.now();
  performance.mark('momentum:input', { startTime: t });
  return t;
}

/** Records the measure for an input whose charts are now drawn. */
export function recordChartUpdate(d: { t0: number; workerMs: number; posted: number; received: number; renderStart: number; at?: [number, number]; key?: string }): Timing {
  const end = performance.now();
  performance.measure('momentum:input-to-chart', { start: d.t0, end });
  performance.measure('momentum:render', { start: d.renderStart, end });
  const t: Timing = {
    inputToChartMs: end - d.t0,
    workerMs: d.workerMs,
    renderMs: end - d.renderStart,
    postMs: d.posted - d.t0,
    roundTripMs: d.received - d.posted,
    ...(d.at ? { toWorkerMs: d.at[0] - (performance.timeOrigin + d.posted), fromWorkerMs: performance.timeOrigin + d.received - d.at[1] } : {}),
    count: ++count,
    key: d.key,
  };
  window.__momentumTiming = t;
  afterNextFrame(() => {
    const f = performance.now();
    performance.measure('momentum:input-to-frame', { start: d.t0, end: f });
    t.frameMs = f - d.t0;
  });
  return t;
}

/** Runs `f` in a task after the next frame (its rendering and paint). */
function afterNextFrame(f: () => void): void {
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      f();
    };
    ch.port2.postMessage(null);
  });
}
