/**
 * The posterior band's scheduler on the page: asks the band worker for one posterior draw at a
 * time for the scenario on the charts, so that
 * - the latest input wins: `want` a new scenario and the draws of the old one stop (the worker
 *   drops them when it sees the new key; a reply for an old key is ignored);
 * - the band never holds up the central line: `hold` on every input stops the requests until
 *   the input's central run is on the charts, and stops the draw in flight at its next simulated
 *   month when the page can share a stop flag with the worker (cross-origin isolated pages;
 *   otherwise that one draw finishes beside the central run);
 * - the band is progressive: the worker's reply that completes a stage (10, 20, 40, 80, 160
 *   draws) carries the band of that stage's draws.
 */
import type { ScenarioInput } from '../../../src/model/index.js';
import type { PosteriorReply, StopFlag } from './protocol.js';

/** How the scheduler talks to the worker (a ModelClient in the app, a fake in tests). */
export interface PosteriorBandHandlers {
  request(body: { kind: 'posterior'; scenario: ScenarioInput; key: string; stop?: StopFlag; assumptions?: boolean }): Promise<PosteriorReply>;
  /**
   * The flag shared with the worker (`new Int32Array(new SharedArrayBuffer(4))`), or null when
   * the page cannot share memory (not cross-origin isolated).
   */
  stopFlag?: Int32Array | null;
  /** A stage of the wanted scenario's band is ready. */
  onStage(reply: PosteriorReply & { stage: NonNullable<PosteriorReply['stage']> }): void;
  onError(error: Error, key: string): void;
}

/** Counters for diagnostics and tests. */
export interface PosteriorBandStats {
  /** Requests sent (one draw each). */
  requests: number;
  /** Replies for a scenario no longer wanted (their draw was wasted work). */
  stale: number;
  /** Scenarios given up before their band was complete. */
  cancelled: number;
  /** Draws stopped in flight by an input (through the stop flag). */
  stopped: number;
}

/** Latest-input-wins, one-draw-at-a-time scheduler of the posterior band. */
export class PosteriorBand {
  private target: { key: string; scenario: ScenarioInput; assumptions: boolean } | null = null;
  private inFlight = false;
  /**
   * The key of the last band completed, while no other scenario was asked for since (the worker
   * then still holds its draws and the page its band): asking for it again sends nothing.
   */
  private doneKey: string | null = null;
  readonly stats: PosteriorBandStats = { requests: 0, stale: 0, cancelled: 0, stopped: 0 };

  constructor(private readonly h: PosteriorBandHandlers) {}

  /**
   * Computes (or goes on computing) the band of `scenario`, named `key`; any other scenario's
   * draws stop. `assumptions`: the draws also take the uncalibrated assumptions from their priors
   * (give such a band its own key: the worker keeps one scenario's draws per key).
   */
  want(key: string, scenario: ScenarioInput, assumptions = false): void {
    if (this.target?.key === key || this.doneKey === key) return;
    if (this.target) this.stats.cancelled++;
    this.doneKey = null;
    this.target = { key, scenario, assumptions };
    this.pump();
  }

  /** Stops asking for draws (an input arrived, or the band was switched off or to another kind). */
  hold(): void {
    if (this.target) this.stats.cancelled++;
    this.target = null;
    // the draw in flight (if any) stops at its next month
    const f = this.h.stopFlag;
    if (f && this.inFlight) Atomics.add(f, 0, 1);
  }

  /** The scenario being computed, if any. */
  get wanted(): string | null {
    return this.target?.key ?? null;
  }

  /** True while a draw is in flight. */
  get busy(): boolean {
    return this.inFlight;
  }

  private pump(): void {
    const t = this.target;
    if (this.inFlight || !t) return;
    this.inFlight = true;
    this.stats.requests++;
    let p: Promise<PosteriorReply>;
    try {
      const f = this.h.stopFlag;
      p = this.h.request({ kind: 'posterior', scenario: t.scenario, key: t.key, ...(t.assumptions ? { assumptions: true } : {}), ...(f ? { stop: { flag: f, epoch: Atomics.load(f, 0) } } : {}) });
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (r) => {
        this.inFlight = false;
        if (r.stopped) this.stats.stopped++;
        if (this.target?.key !== r.key) {
          if (!r.stopped) this.stats.stale++;
        } else if (!r.stopped) {
          if (r.done >= r.total) {
            this.doneKey = r.key;
            this.target = null;
          }
          if (r.stage) this.h.onStage(r as PosteriorReply & { stage: NonNullable<PosteriorReply['stage']> });
        }
        this.pump();
      },
      (e: unknown) => {
        this.inFlight = false;
        const failed = t.key;
        if (this.target?.key === failed) this.target = null;
        this.h.onError(e instanceof Error ? e : new Error(String(e)), failed);
        this.pump();
      },
    );
  }
}
