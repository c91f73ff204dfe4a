/**
 * The ensemble coordinator: plans the runs, hands the ones not yet done to an executor (a
 * local worker-thread pool or a Redis queue served by `momentum worker` processes), stores
 * results in DuckDB in small transactions as they arrive, and finally writes bands.csv,
 * outcomes.json and the exported tables into the output folder, all at once.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { makeScratchDir, removeStaleScratch, writeOutputDir } from '../shell/output-dir.js';
import { DiskFullError, isDiskFull } from '../shell/disk-full.js';
import type { Progress } from '../shell/progress.js';
import { ensembleId, planRuns, type EnsembleSpec, type RunTask } from './ensemble-plan.js';
import { ResultsStore, type RunOrigin } from './results-store.js';
import type { RunPayload } from './run-task.js';
import { bandsToCsv } from './quantile-bands.js';
import { computeOutcomes } from './outcomes.js';
import { RunPool } from './worker-pool.js';
import type { PosteriorSample } from './posterior-sample.js';

/** Something that runs tasks and reports each result (or failure) exactly once per report. */
export interface Executor {
  /**
   * Runs `tasks`. `onResult` resolves once the result is committed to the store (a queue
   * acknowledges only then). Resolves when every task has been reported.
   */
  execute(
    spec: EnsembleSpec,
    id: string,
    tasks: RunTask[],
    onResult: (payload: RunPayload, origin: RunOrigin) => Promise<void>,
    onFailure: (runId: number, error: string, origin: RunOrigin) => Promise<void>,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Runs tasks on a local piscina pool. */
export class LocalExecutor implements Executor {
  private pool: RunPool | undefined;
  private readonly ownsPool: boolean;
  /** `pool`: an existing (e.g. warmed-up) pool, left open by close(). */
  constructor(
    readonly threads: number,
    pool?: RunPool,
  ) {
    this.pool = pool;
    this.ownsPool = !pool;
  }
  async execute(
    spec: EnsembleSpec,
    _id: string,
    tasks: RunTask[],
    onResult: (payload: RunPayload, origin: RunOrigin) => Promise<void>,
    onFailure: (runId: number, error: string, origin: RunOrigin) => Promise<void>,
  ): Promise<void> {
    this.pool ??= new RunPool(this.threads);
    const pool = this.pool;
    const origin: RunOrigin = { worker: `local:${this.threads}`, attempt: 1 };
    await Promise.all(
      tasks.map((t) =>
        pool.run(spec, t).then(
          (p) => onResult(p, origin),
          (e: unknown) => onFailure(t.runId, (e as Error)?.message ?? String(e), origin),
        ),
      ),
    );
  }
  async close(): Promise<void> {
    if (!this.ownsPool) return;
    await this.pool?.close();
    this.pool = undefined;
  }
}

/** Options of {@link runEnsemble}. */
export interface EnsembleRunOptions {
  spec: EnsembleSpec;
  db: string;
  out?: string;
  resume: boolean;
  executor: Executor;
  /** Tables written next to bands.csv and outcomes.json. */
  exportFormat: 'parquet' | 'csv' | 'none';
  progress?: Progress;
  /** Occasional status lines (used when no progress bar shows). */
  log?: (line: string) => void;
  /**
   * Test hook (never set in normal use; the CLI reads it from `MOMENTUM_TEST_HALT_AFTER_RUNS`):
   * batches hold at most this many runs, and once a batch is committed with runs still to
   * store, the coordinator stops storing and prints `halted after storing k/N runs (test
   * hook)`. Crash tests kill it then, at a known point, instead of racing the batch timer;
   * full-disk tests fill the disk and send SIGUSR2, on which it goes on storing (once halted,
   * it does not halt again).
   */
  haltAfterRuns?: number;
  /**
   * Test hook (the CLI reads it from `MOMENTUM_TEST_KILL_BEFORE_COMMIT`): the coordinator
   * kills itself with SIGKILL just before committing this batch (1 = its first), when the
   * batch's rows are written but not committed.
   */
  killBeforeCommit?: number;
  /** Replace a store that holds another ensemble's finished runs (otherwise an error). */
  force?: boolean;
  /** The posterior sample of a `sample: 'posterior'` spec (its hash must be the spec's). */
  posterior?: PosteriorSample;
}

/** What {@link runEnsemble} reports. */
export interface EnsembleReport {
  id: string;
  planned: number;
  /** Runs already done in the store when this invocation started (resume). */
  resumed: number;
  /** Runs computed by this invocation. */
  computed: number;
  failed: { runId: number; error: string }[];
  seconds: number;
  files: string[];
  outcomes: Record<string, unknown> | null;
}

/**
 * A batch of results is stored when it holds BATCH_RUNS runs or its first result is BATCH_MS
 * old. Each batch costs a few queries (about 1.6 ms of CPU per run more with batches of 7 runs
 * than of 32, on cores the workers need); a second bounds what a crash of the coordinator can
 * lose (those runs are run again on --resume) and how stale the progress bar gets.
 */
const BATCH_RUNS = 32;
const BATCH_MS = 1000;

/** Runs (or resumes) an ensemble. Outputs are written only when every run is done. */
export async function runEnsemble(o: EnsembleRunOptions): Promise<EnsembleReport> {
  const t0 = performance.now();
  const id = ensembleId(o.spec);
  const tasks = planRuns(o.spec, o.posterior);
  let opened: ResultsStore | undefined;
  // what a full disk interrupted: the store (o.db) or the outputs (o.out); and how far it got
  const total = tasks.length;
  let writing: 'store' | 'outputs' = 'store';
  let resumed = 0;
  let stored = 0;
  let removeStore = false;
  let prepared = false;
  try {
    const store = (opened = await ResultsStore.open(o.db));
    const killAt = o.killBeforeCommit;
    if (killAt !== undefined) store.hooks.beforeCommit = (n) => void (n === killAt && process.kill(process.pid, 'SIGKILL'));
    const done = await store.prepare(o.spec, id, tasks, o.resume, o.force ?? false);
    prepared = true;
    resumed = done.size;
    const pending = tasks.filter((t) => !done.has(t.runId));
    stored = resumed;
    let computed = 0;
    const failed: { runId: number; error: string }[] = [];
    const halt = o.haltAfterRuns;
    let halted = false;
    const batchRuns = halt !== undefined && halt > 0 ? Math.min(BATCH_RUNS, halt) : BATCH_RUNS;
    o.log?.(resumed ? `resuming ensemble ${id}: ${resumed} of ${total} runs already in ${o.db}` : `ensemble ${id}: ${total} runs`);
    o.progress?.update(stored, total);

    // batched, serialised commits; each result's promise resolves when its batch commits
    let buffer: { payload: RunPayload; origin: RunOrigin; resolve: () => void; reject: (e: unknown) => void }[] = [];
    let chain: Promise<void> = Promise.resolve();
    // the first failed write ends the storing: the batches after it are refused with the same
    // error (after an I/O error DuckDB takes no more writes, and it is the error to report)
    let storeError: { error: unknown } | undefined;
    let timer: NodeJS.Timeout | undefined;
    let lastLog = performance.now();
    let lastLogged = stored;
    const flush = (): Promise<void> => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      const batch = buffer;
      buffer = [];
      if (batch.length === 0) return chain;
      chain = chain.then(async () => {
        if (storeError) {
          for (const b of batch) b.reject(storeError.error);
          return;
        }
        try {
          const ids = await store.storeRuns(batch);
          stored += ids.length;
          computed += ids.length;
          o.progress?.update(stored, total);
          const now = performance.now();
          if (o.log && (stored - lastLogged >= Math.max(1, Math.ceil(total / 10)) || now - lastLog > 10_000 || stored === total)) {
            o.log(`stored ${stored}/${total} runs (${((now - t0) / 1000).toFixed(1)} s)`);
            lastLog = now;
            lastLogged = stored;
          }
          for (const b of batch) b.resolve();
        } catch (e) {
          storeError = { error: e };
          for (const b of batch) b.reject(e);
          return;
        }
        if (halt !== undefined && !halted && stored - resumed >= halt && stored < total) {
          halted = true;
          // the listener is in place before the line that tells the test it may signal
          const resumeSignal = new Promise<void>((res) => process.once('SIGUSR2', () => res()));
          process.stderr.write(`halted after storing ${stored}/${total} runs (test hook)\n`);
          await resumeSignal;
        }
      });
      return chain;
    };
    // runs reported so far (results or failures): once every pending run has reported, the
    // last batch is stored at once instead of after BATCH_MS (which had left both cores idle
    // for up to BATCH_MS at the end of every ensemble)
    const reported = new Set<number>();
    const onResult = (payload: RunPayload, origin: RunOrigin): Promise<void> =>
      new Promise<void>((res, rej) => {
        buffer.push({ payload, origin, resolve: res, reject: rej });
        reported.add(payload.runId);
        if (buffer.length >= batchRuns || reported.size >= pending.length) void flush();
        // (under the test hook batches close only when full, so the halt point is exact)
        else if (halt === undefined) timer ??= setTimeout(() => void flush(), BATCH_MS);
      });
    const onFailure = async (runId: number, error: string, origin: RunOrigin): Promise<void> => {
      failed.push({ runId, error });
      reported.add(runId);
      if (reported.size >= pending.length) void flush();
      const marked = chain.then(async () => {
        if (storeError) throw storeError.error;
        try {
          await store.markFailed(runId, error, origin);
        } catch (e) {
          storeError = { error: e };
          throw e;
        }
      });
      chain = marked.catch(() => undefined); // (the chain goes on: later batches see storeError)
      await marked;
    };

    if (pending.length) {
      try {
        await o.executor.execute(o.spec, id, pending, onResult, onFailure);
      } finally {
        await flush();
      }
    }
    await chain;
    if (storeError) throw storeError.error;
    o.progress?.stop();

    const counts = await store.counts();
    const files: string[] = [];
    let outcomes: Record<string, unknown> | null = null;
    if (counts.done === total && o.out) {
      writing = 'outputs';
      const bands = bandsToCsv(await store.bands());
      outcomes = await computeOutcomes(store, o.spec, id, o.posterior);
      const out: Record<string, string | Uint8Array> = { 'bands.csv': bands, 'outcomes.json': JSON.stringify(outcomes, null, 2) + '\n' };
      if (o.exportFormat !== 'none') {
        // DuckDB writes the tables to a scratch folder next to the output; then every file
        // moves into place at once
        removeStaleScratch(o.out);
        const scratch = makeScratchDir(o.out, 'export');
        try {
          for (const f of await store.exportTables(scratch, o.exportFormat)) out[basename(f)] = readFileSync(f);
        } finally {
          rmSync(scratch, { recursive: true, force: true });
        }
      }
      writeOutputDir(o.out, out);
      files.push(...Object.keys(out).map((f) => join(o.out!, f)));
    }
    return { id, planned: total, resumed, computed, failed, seconds: (performance.now() - t0) / 1000, files, outcomes };
  } catch (e) {
    if (!isDiskFull(e)) throw e;
    // a store this invocation created and stored no run in is removed (below, once closed):
    // nothing is lost, and no store is left that holds a plan but no results. (When creating
    // it failed, ResultsStore.open has removed it already; an existing one stays.)
    removeStore = opened !== undefined && opened.created && stored === 0;
    const removed = removeStore || (opened === undefined && !existsSync(resolve(o.db)));
    throw diskFullError(e, o, { total, stored, prepared, writing, removed });
  } finally {
    o.progress?.stop();
    // the executor is closed on every path (its connections would keep the process alive):
    // also when the store already held every run, and when opening or preparing it failed
    await o.executor.close();
    await opened?.close();
    if (removeStore && opened) ResultsStore.removeFiles(opened.file);
  }
}

/** What a full disk interrupted, said with the path of that disk and what to do next. */
function diskFullError(e: unknown, o: EnsembleRunOptions, at: { total: number; stored: number; prepared: boolean; writing: 'store' | 'outputs'; removed: boolean }): DiskFullError {
  if (at.writing === 'outputs') {
    return new DiskFullError(
      o.out!,
      `Every run (${at.total}) is in the store ${o.db}; no outputs were written to ${o.out}. Free some space and rerun with --resume: it writes the outputs without running anything again.`,
      e,
    );
  }
  if (at.removed) {
    return new DiskFullError(o.db, `No run was stored, and no store was left behind. Free some space and rerun.`, e);
  }
  if (!at.prepared) {
    // opening the store, or recording the ensemble in it, was rolled back
    return new DiskFullError(o.db, `The store was left as it was. Free some space and rerun the same command.`, e);
  }
  return new DiskFullError(
    o.db,
    `The batch being stored was rolled back; ${at.stored} of ${at.total} runs are in the store. Free some space and rerun with --resume to continue from there.`,
    e,
  );
}
