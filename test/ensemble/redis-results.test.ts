/**
 * The coordinator's side of the Redis result list, against a real redis-server: results are
 * read ahead of their commits and removed only once committed, each run is handed to the store
 * once, and a failing store ends the ensemble with its own error while the results stay in
 * Redis for `--resume`. Results are pushed straight into the list (as `momentum worker` does),
 * so no worker runs here. Without redis-server these tests are skipped, with the reason printed.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioRegistry } from '../../src/model/index.js';
import type { EnsembleSpec, RunTask } from '../../src/ensemble/ensemble-plan.js';
import { RedisExecutor } from '../../src/ensemble/redis-executor.js';
import { resultsKey } from '../../src/ensemble/redis-connection.js';
import { encodePayload } from '../../src/ensemble/payload-codec.js';
import type { RunPayload } from '../../src/ensemble/run-task.js';
import { hasRedisServer, startRedis } from './helpers.js';

const redisAvailable = hasRedisServer();
if (!redisAvailable) {
  console.warn('SKIPPED Redis result-list tests: redis-server is not installed (apt-get install -y redis-server)');
}

const spec: EnsembleSpec = {
  scenario: new ScenarioRegistry().resolve('baseline'),
  runs: 100,
  seed: 1,
  mode: 'meanfield',
  agents: 1,
  sample: 'lhs',
  vary: [],
  from: '2024-01',
  to: '2024-12',
};

/** A small result of run `runId` (one series, one month). */
function payload(runId: number): RunPayload {
  return {
    runId,
    seed: runId,
    metrics: ['download_share'],
    groups: ['CN'],
    T: 1,
    values: Float64Array.of(runId / 100),
    indicators: { cn_overtakes_us_downloads: null, cn_overtakes_us_derivatives: null, cn_overtakes_us_usage: null },
    runMs: 1,
  };
}

const tasks = (n: number): RunTask[] => Array.from({ length: n }, (_, i) => ({ runId: i, seed: i, params: {} }));
const noFailure = async (): Promise<void> => {
  throw new Error('no run should fail here');
};

describe.skipIf(!redisAvailable)('Redis result list (coordinator side)', () => {
  let server: { url: string; stop: () => Promise<void> };
  let client: Redis;

  beforeAll(async () => {
    server = await startRedis();
    client = new Redis(server.url);
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  /** Pushes results of runs 0..n−1, plus a repeated result and an item that is not a result. */
  async function pushResults(id: string, n: number): Promise<number> {
    const items = Array.from({ length: n }, (_, i) => encodePayload(payload(i), { worker: 'test', attempt: 1 }));
    items.splice(40, 0, encodePayload(payload(3), { worker: 'test', attempt: 2 }), 'not a result');
    await client.rpush(resultsKey(id), ...items);
    return items.length;
  }

  it('reads results ahead of slow commits, stores each run once and removes results only once committed', async () => {
    const id = 'test-read-ahead';
    const listed = await pushResults(id, 100);
    const executor = await RedisExecutor.connect(server.url);
    const received: number[] = [];
    let lengthBeforeCommits = -1;
    let commit!: () => void;
    const committed = new Promise<void>((res) => (commit = res));
    try {
      await executor.execute(
        spec,
        id,
        tasks(100),
        async (p) => {
          received.push(p.runId);
          // no commit finishes before every run has been handed over: a coordinator that
          // waited for each commit before reading on would never get here (test timeout)
          if (received.length === 100) {
            lengthBeforeCommits = await client.llen(resultsKey(id));
            commit();
          }
          await committed;
        },
        noFailure,
      );
    } finally {
      await executor.close();
    }
    expect(lengthBeforeCommits).toBe(listed);
    expect(received).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(await client.exists(resultsKey(id))).toBe(0);
  }, 20_000);

  it('ends with the store’s error when a commit fails and leaves the results in Redis', async () => {
    const id = 'test-store-failure';
    // the coordinator logs 'queued …' once its runs are queued, just before it starts polling
    let polling!: () => void;
    const queued = new Promise<void>((res) => (polling = res));
    const executor = await RedisExecutor.connect(server.url, (line) => {
      if (/^queued /.test(line)) polling();
    });
    let listed = 0;
    try {
      const running = executor.execute(
        spec,
        id,
        tasks(10),
        async () => {
          throw new Error('the store is full');
        },
        noFailure,
      );
      // the results arrive while the coordinator polls (its runs are queued; no worker serves them)
      await queued;
      listed = await pushResults(id, 10);
      // not taken for a lost Redis (which it would retry for 30 s): the store's own error, at once
      await expect(running).rejects.toThrow('the store is full');
    } finally {
      await executor.close();
    }
    expect(await client.llen(resultsKey(id))).toBe(listed);
  }, 15_000);
});
