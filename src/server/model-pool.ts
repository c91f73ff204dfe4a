/**
 * The server's model threads: POST /api/run and /api/compare run on a small pool of worker
 * threads (piscina), so a long agents run never stalls the event loop (static files, other
 * API calls and the request log keep flowing) and the time limit is hard: the run checks it
 * every month, and a thread still busy shortly after the deadline is terminated.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { compiledEntry } from '../shell/compiled-entry.js';
import { errorResponse, modelResponse, timeLimitResponse, validateModelRequest, type ApiResponse, type ModelEndpoint } from './api.js';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.js';
import type { ModelHold, ModelTask } from './model-task.js';

/** How long after the deadline a thread that has not stopped by itself is terminated. */
const HARD_STOP_GRACE_MS = 500;

/** Default number of model threads: the machine's cores, at most 4. */
export function defaultModelThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** Runs model requests on `threads` worker threads, or in this thread when `threads` is 0. */
export class ModelPool {
  private pool: Piscina | undefined;

  /**
   * @param threads Worker threads (0: run in the server's own thread, as a library caller may want).
   * @param maxQueued Requests allowed to wait for a thread; more get 503 (server busy).
   * @param graceMs How long after the deadline a thread still running is terminated.
   */
  constructor(
    readonly threads: number,
    readonly maxQueued: number,
    readonly graceMs = HARD_STOP_GRACE_MS,
    /** Test hook: every model task first waits on this (see ModelHold). */
    readonly hold?: ModelHold,
  ) {}

  /** Answers one model request; `start` is when it arrived (the time limit counts from it). */
  async run(endpoint: ModelEndpoint, body: unknown, limits: ServerLimits, start: number): Promise<ApiResponse> {
    if (this.threads === 0) return modelResponse(endpoint, body, limits, start);
    // bad input is answered here at once (the thread would check it again: about 0.1 ms)
    try {
      validateModelRequest(endpoint, body, limits);
    } catch (e) {
      const r = errorResponse(e);
      if (r) return r;
      throw e;
    }
    const pool = this.startPool();
    // the queue limit: queueSize grows synchronously with each pool.run, so this check is exact
    if (pool.queueSize >= this.maxQueued) return busy(this.maxQueued);
    const remaining = start + limits.timeLimitMs - Date.now();
    if (remaining <= 0) return timeLimitResponse(limits.timeLimitMs);
    const signal = AbortSignal.timeout(remaining + this.graceMs);
    const task: ModelTask = { endpoint, body, limits, start, hold: this.hold };
    try {
      return (await pool.run(task, { signal })) as ApiResponse;
    } catch (e) {
      if (signal.aborted) return timeLimitResponse(limits.timeLimitMs);
      throw e;
    }
  }

  /**
   * Starts the threads and has each run the baseline a few times, so that the first requests
   * find them loaded and compiled (a cold thread takes about 0.3 s for its first run). Resolves
   * when they are warm; `momentum serve` does this in the background after it starts listening.
   */
  async warm(rounds = 5): Promise<void> {
    if (this.threads === 0) return;
    const pool = this.startPool();
    const limits = { ...DEFAULT_LIMITS };
    try {
      for (let i = 0; i < rounds && this.pool === pool; i++) {
        await Promise.all(Array.from({ length: this.threads }, () => pool.run({ endpoint: 'run', body: {}, limits, start: Date.now() } satisfies ModelTask)));
      }
    } catch (e) {
      if (this.pool === pool) throw e; // else: closed meanwhile, nothing to warm
    }
  }

  private startPool(): Piscina {
    // threads start on first use (or warm()): a server that only serves files never starts any
    this.pool ??= new Piscina({
      filename: compiledEntry('server/model-task.js'),
      minThreads: this.threads,
      maxThreads: this.threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      // compiled JavaScript: never inherit a TypeScript loader from the parent (see worker-pool.ts)
      execArgv: [],
    });
    return this.pool;
  }

  /** Whether the threads have been started (by warm() or the first valid model request). */
  get started(): boolean {
    return this.pool !== undefined;
  }

  /** Stops the threads (running requests are abandoned). */
  async close(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    await p?.destroy();
  }
}

function busy(maxQueued: number): ApiResponse {
  return { status: 503, json: JSON.stringify({ error: `server busy: ${maxQueued} model requests are already waiting; retry shortly` }) };
}
