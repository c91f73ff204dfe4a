/**
 * `momentum worker`: consumes ensemble runs from the BullMQ queue and pushes their results to
 * the ensemble's Redis list. Simulations run on a local worker-thread pool, so this process's
 * event loop stays free to renew job locks however long a run takes.
 */
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { EnsembleSpec, RunTask } from './ensemble-plan.js';
import { encodePayload } from './payload-codec.js';
import { bullConnection, checkRedis, QUEUE_NAME, redisOptions, resultsKey, specKey } from './redis-connection.js';
import { RunPool } from './worker-pool.js';

/** Options of a worker process. */
export interface WorkerOptions {
  url: string;
  concurrency: number;
  /** Job lock duration (ms): a crashed worker's job is handed over after about this long. */
  lockMs?: number;
  /** How often (ms) this worker checks for stalled jobs of crashed workers. */
  stalledMs?: number;
  log?: (line: string) => void;
  /**
   * Test hook (the CLI reads it from `MOMENTUM_TEST_WORKER_HOLD=1`): the worker takes runs
   * and announces them but never finishes one, so a test can kill it while it holds a run.
   */
  holdRuns?: boolean;
}

/** A running worker. */
export interface RunningWorker {
  readonly id: string;
  /** Finishes the runs in progress, then disconnects. */
  close(): Promise<void>;
}

/** Seconds an uncollected result list is kept in Redis. */
const RESULTS_TTL_S = 30 * 24 * 3600;

interface JobData {
  ensembleId: string;
  task: RunTask;
}

/** Starts a worker (after checking that Redis answers). */
export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  await checkRedis(o.url);
  const opts = redisOptions(o.url);
  const id = `${hostname()}:${process.pid}`;
  const pool = new RunPool(o.concurrency);
  const redis = new Redis({ ...opts, maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const specs = new Map<string, EnsembleSpec>();
  const log = o.log ?? (() => {});

  const processor = async (job: Job<JobData>): Promise<{ runId: number }> => {
    const { ensembleId, task } = job.data;
    let spec = specs.get(ensembleId);
    if (!spec) {
      const text = await redis.get(specKey(ensembleId));
      if (!text) throw new Error(`ensemble ${ensembleId} has no spec in Redis (its coordinator finished or expired)`);
      spec = JSON.parse(text) as EnsembleSpec;
      if (specs.size > 16) specs.clear();
      specs.set(ensembleId, spec);
    }
    log(`run ${job.id} started`);
    if (o.holdRuns) await new Promise<never>(() => undefined);
    const payload = await pool.run(spec, task);
    const key = resultsKey(ensembleId);
    // the expiry only matters for results nobody collects (e.g. a duplicate finishing late)
    const res = await redis
      .multi()
      .rpush(key, encodePayload(payload, { worker: id, attempt: job.attemptsStarted || job.attemptsMade + 1 }))
      .expire(key, RESULTS_TTL_S)
      .exec();
    const err = res ? res.find(([e]) => e)?.[0] : new Error('transaction aborted');
    if (err) throw err; // BullMQ retries the job
    log(`run ${job.id} done in ${payload.runMs.toFixed(0)} ms`);
    return { runId: task.runId };
  };

  const worker = new Worker<JobData>(QUEUE_NAME, processor, {
    connection: bullConnection(o.url, { maxRetriesPerRequest: null }),
    // twice the threads: each thread has the next job at hand when a run ends (RunPool queues
    // two tasks per thread), instead of idling while this process reports the result to Redis
    // and fetches the next job
    concurrency: 2 * o.concurrency,
    lockDuration: o.lockMs ?? 30_000,
    stalledInterval: o.stalledMs ?? 30_000,
    // a run is handed over after a crash; a run that crashes workers again and again fails
    maxStalledCount: 5,
    autorun: true,
  });
  // one line per distinct error and half minute: a Redis outage repeats the same error on
  // every reconnection attempt
  const lastError = new Map<string, number>();
  worker.on('error', (e) => {
    const now = Date.now();
    if (now - (lastError.get(e.message) ?? -Infinity) < 30_000) return;
    lastError.set(e.message, now);
    log(`worker error: ${e.message}`);
  });
  worker.on('failed', (job, e) => log(`run ${job?.id ?? '?'} failed: ${e.message}`));
  await worker.waitUntilReady();
  log(`worker ${id} ready: queue ${QUEUE_NAME} at ${o.url}, concurrency ${o.concurrency}`);
  return {
    id,
    async close() {
      await worker.close();
      await pool.close();
      redis.disconnect();
    },
  };
}
