/**
 * Latest-input-wins scheduling (as SDEverywhere's model runner does): at most one run in
 * flight and at most one pending. A new input while a run is in flight replaces the pending
 * one, so a fast-moving slider never queues up stale runs and the last input always runs.
 */

/** Callbacks of a scheduler. */
export interface SchedulerHandlers<I, O> {
  /** Starts a run. */
  run: (input: I) => Promise<O>;
  /** Receives each finished run's output with its input. */
  onResult: (output: O, input: I) => void;
  /** Receives each failed run's error with its input. */
  onError?: (error: unknown, input: I) => void;
}

/** A latest-input-wins scheduler. */
export class LatestScheduler<I, O> {
  private inFlight = false;
  private pending: { input: I } | null = null;
  private idleWaiters: (() => void)[] = [];
  /** Inputs replaced before they could run (for diagnostics and tests). */
  dropped = 0;
  /** Runs started. */
  started = 0;

  constructor(private readonly h: SchedulerHandlers<I, O>) {}

  /** Asks for a run with `input`: starts now if idle, else replaces the pending input. */
  schedule(input: I): void {
    if (this.inFlight) {
      if (this.pending) this.dropped++;
      this.pending = { input };
      return;
    }
    this.start(input);
  }

  /** True while a run is in flight. */
  get busy(): boolean {
    return this.inFlight;
  }

  /** True when an input waits for the run in flight. */
  get hasPending(): boolean {
    return this.pending !== null;
  }

  /** Resolves when nothing is in flight or pending. */
  idle(): Promise<void> {
    if (!this.inFlight && !this.pending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private start(input: I): void {
    this.inFlight = true;
    this.started++;
    let p: Promise<O>;
    try {
      p = this.h.run(input);
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (out) => this.finish(() => this.h.onResult(out, input)),
      (err) => this.finish(() => this.h.onError?.(err, input)),
    );
  }

  private finish(deliver: () => void): void {
    this.inFlight = false;
    try {
      deliver();
    } finally {
      const next = this.pending;
      this.pending = null;
      if (next) this.start(next.input);
      else {
        const w = this.idleWaiters;
        this.idleWaiters = [];
        for (const f of w) f();
      }
    }
  }
}
