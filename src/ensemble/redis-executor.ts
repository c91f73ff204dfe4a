/**
 * Distributed execution over Redis with BullMQ: the coordinator (this file) enqueues one job
 * per pending run and collects results that `momentum worker` processes push to a
 * per-ensemble Redis list; distributed-worker.ts is the other side.
 *
 * Exactly once: job ids are `<ensemble>-<run>`, so re-enqueueing (e.g. after `--resume`)
 * never creates a second job for a run; a result is removed from the list only after the
 * store has committed it, and the store ignores results of runs already done. A worker that
 * dies mid-run loses its job lock; BullMQ's stalled-job check hands the job to another worker.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { EnsembleSpec, RunTask } from './ensemble-plan.js';
import type { Executor } from './run-ensemble.js';
import type { RunOrigin } from './results-store.js';
import type { RunPayload } from './run-task.js';
import { decodePayload } from './payload-codec.js';
import { checkRedis, CONNECT_TIMEOUT_MS, jobId, QUEUE_NAME, redisOptions, resultsKey, specKey } from './redis-connection.js';

/** Attempts per job when a run throws (a crash of the worker process is retried separately, as a stall). */
export const JOB_ATTEMPTS = 3;

/** How long the coordinator tolerates Redis being unreachable before giving up. */
const LOST_REDIS_MS = 30_000;

/** How long closing the queue may take before its connection is simply ended. */
const CLOSE_MS = 2000;

/** Seconds a spec stays in Redis without a coordinator refreshing it. */
const SPEC_TTL_S = 30 * 24 * 3600;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the coordinator's connection last reported. */
interface ConnectionState {
  lastError?: Error;
}

/** Runs tasks on remote workers through Redis. */
export class RedisExecutor implements Executor {
  /** Results read from the head of the list and not yet removed (their commits are pending). */
  private unacked = 0;
  /** Removals of committed results, chained so that they happen in reading order. */
  private acks: Promise<void> = Promise.resolve();
  /** The first failure to store results (it ends the ensemble; the results stay in Redis). */
  private storeError: unknown;

  private constructor(
    readonly url: string,
    private readonly redis: Redis,
    private readonly queueRedis: Redis,
    private readonly queue: Queue,
    private readonly link: ConnectionState,
    private readonly log?: (line: string) => void,
  ) {}

  /** Connects (failing fast with a clear message when Redis is unreachable). */
  static async connect(url: string, log?: (line: string) => void): Promise<RedisExecutor> {
    await checkRedis(url);
    const opts = redisOptions(url);
    const quiet = () => {
      // reported by the failing command; the poll loop decides when to give up
    };
    const redis = new Redis({ ...opts, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    const link: ConnectionState = {};
    redis.on('error', (e: Error) => {
      link.lastError = e; // named by the poll loop if it gives up
    });
    // the queue gets a connection of ours, not options: BullMQ then leaves it open on close(),
    // with our error listener still on it, and close() can end it for sure (BullMQ's own
    // connection, closed while Redis was gone, lost its listener and went on reconnecting:
    // '[ioredis] Unhandled error event' every few seconds, and a process that never exited)
    const queueRedis = new Redis({ ...opts, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    queueRedis.on('error', quiet);
    const queue = new Queue(QUEUE_NAME, { connection: queueRedis });
    queue.on('error', quiet);
    if (redis.status !== 'ready') {
      await new Promise<void>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`Redis at ${url} did not become ready`)), 2 * CONNECT_TIMEOUT_MS);
        redis.once('ready', () => {
          clearTimeout(t);
          res();
        });
      });
    }
    return new RedisExecutor(url, redis, queueRedis, queue, link, log);
  }

  async execute(
    spec: EnsembleSpec,
    id: string,
    tasks: RunTask[],
    onResult: (payload: RunPayload, origin: RunOrigin) => Promise<void>,
    onFailure: (runId: number, error: string, origin: RunOrigin) => Promise<void>,
  ): Promise<void> {
    const pending = new Map(tasks.map((t) => [t.runId, t]));
    this.unacked = 0;
    this.acks = Promise.resolve();
    this.storeError = undefined;
    await this.redis.set(specKey(id), JSON.stringify(spec), 'EX', SPEC_TTL_S);
    // results a previous coordinator left unread come first, so they are not recomputed
    await this.drain(id, pending, onResult);
    const toQueue = [...pending.values()];
    for (let i = 0; i < toQueue.length; i += 500) {
      await this.queue.addBulk(
        toQueue.slice(i, i + 500).map((t) => ({
          name: 'run',
          data: { ensembleId: id, task: t },
          opts: { jobId: jobId(id, t.runId), attempts: JOB_ATTEMPTS, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: true, removeOnFail: false },
        })),
      );
    }
    // jobs of this ensemble that failed for good earlier are retried (the store says not done)
    await this.retryFailed(id, pending);
    this.log?.(`queued ${pending.size} runs on ${QUEUE_NAME} at ${this.url}`);

    let lastOk = Date.now();
    let lastFailedCheck = 0;
    let lastWorkerNote = Date.now();
    while (pending.size > 0) {
      if (this.storeError) throw this.storeError;
      try {
        const got = await this.drain(id, pending, onResult);
        const now = Date.now();
        lastOk = now;
        if (now - lastFailedCheck > 2000) {
          lastFailedCheck = now;
          await this.collectFailures(id, pending, onFailure);
          if (now - lastWorkerNote > 30_000) {
            lastWorkerNote = now;
            const workers = await this.queue.getWorkersCount();
            if (workers === 0) this.log?.(`waiting: no \`momentum worker\` is connected to ${this.url} (${pending.size} runs pending)`);
          }
        }
        if (got === 0) await sleep(50);
      } catch (e) {
        if (Date.now() - lastOk > LOST_REDIS_MS) {
          const cause = this.link.lastError?.message ?? (e as Error).message;
          const err = new Error(`lost the connection to Redis at ${this.url} for ${LOST_REDIS_MS / 1000} s (${cause}); finished runs are in the store: rerun with --resume`);
          err.stack = err.message;
          throw err;
        }
        await sleep(500);
      }
    }
    await this.acks;
    if (this.storeError) throw this.storeError;
    // the ensemble is complete: its spec and (empty) result list can go
    await this.redis.del(specKey(id), resultsKey(id));
  }

  /**
   * Hands every result waiting in the list to the store; returns how many were read. Results are
   * read ahead of their commits (the store batches them for up to a second) and removed from
   * the list only once committed, in reading order: waiting for each commit before reading on
   * had left the last results of an ensemble in Redis for up to a batch's second.
   */
  private async drain(id: string, pending: Map<number, RunTask>, onResult: (p: RunPayload, o: RunOrigin) => Promise<void>): Promise<number> {
    const key = resultsKey(id);
    let total = 0;
    for (;;) {
      const items = await this.redis.lrange(key, this.unacked, this.unacked + 63);
      if (items.length === 0) return total;
      this.unacked += items.length;
      const commits: Promise<void>[] = [];
      for (const text of items) {
        let decoded;
        try {
          decoded = decodePayload(text);
        } catch {
          continue; // not a result of ours: dropped with the trim below
        }
        if (!pending.has(decoded.payload.runId)) continue; // duplicate delivery of a stored run
        pending.delete(decoded.payload.runId);
        commits.push(onResult(decoded.payload, decoded.origin));
      }
      const n = items.length;
      this.acks = this.acks.then(async () => {
        try {
          await Promise.all(commits);
        } catch (e) {
          this.storeError ??= e; // not acknowledged: a coordinator run with --resume reads them again
          return;
        }
        // the offset moves in the same tick as the trim is sent: this connection runs
        // commands in order, so every later read sees the list without these items
        this.unacked -= n;
        // a failed trim only means these items are read again later and skipped as stored
        await this.redis.ltrim(key, n, -1).catch(() => {});
      });
      total += n;
    }
  }

  /** Reports runs whose jobs failed for good (every attempt threw, or stalled too often). */
  private async collectFailures(id: string, pending: Map<number, RunTask>, onFailure: (runId: number, error: string, origin: RunOrigin) => Promise<void>): Promise<void> {
    const failed = await this.queue.getJobs(['failed'], 0, 999);
    for (const job of failed) {
      if (!job?.id?.startsWith(`${id}-`)) continue;
      const runId = Number(job.id.slice(id.length + 1));
      if (!pending.has(runId)) continue;
      // a job that still has attempts left is not final: BullMQ moves it back to wait itself
      if (job.attemptsMade < (job.opts.attempts ?? 1) && !/stalled/i.test(job.failedReason ?? '')) continue;
      pending.delete(runId);
      await onFailure(runId, job.failedReason || 'failed', { worker: 'redis', attempt: job.attemptsMade });
      await job.remove().catch(() => {});
    }
  }

  private async retryFailed(id: string, pending: Map<number, RunTask>): Promise<void> {
    const failed = await this.queue.getJobs(['failed'], 0, 9999);
    for (const job of failed) {
      if (!job?.id?.startsWith(`${id}-`)) continue;
      if (!pending.has(Number(job.id.slice(id.length + 1)))) continue;
      // removing and re-adding resets the attempt count
      const data = job.data;
      const opts = job.opts;
      await job.remove();
      await this.queue.add('run', data, { ...opts, jobId: job.id });
    }
  }

  /** Closes the queue (for at most CLOSE_MS: Redis may be gone) and ends both connections. */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.queue.close().catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, CLOSE_MS)))]);
    clearTimeout(timer);
    this.queueRedis.disconnect();
    this.redis.disconnect();
  }
}
