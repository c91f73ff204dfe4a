/**
 * Distributed ensembles over a real redis-server (Debian's package) started on a free
 * loopback port: same results as the local pool, a worker killed mid-run (its job goes to
 * another worker), a coordinator killed and resumed, and fail-fast on an unreachable URL.
 * Without redis-server these tests are skipped, with the reason printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRedis } from '../../src/ensemble/redis-connection.js';
import { POSTERIOR_FIXTURE } from './posterior-fixture.js';
import { freePort, hasRedisServer, readStore, runCli, spawnCli, startRedis, tempDir, removeTempDirs, killChildren, type Child } from './helpers.js';

afterAll(() => {
  killChildren();
  removeTempDirs();
});

const redisAvailable = hasRedisServer();
if (!redisAvailable) {
  console.warn('SKIPPED distributed ensemble tests: redis-server is not installed (apt-get install -y redis-server)');
}

/** Worker processes with short locks so a crashed worker's job is handed over in seconds. */
function startWorker(url: string, env?: Record<string, string>): Child {
  return spawnCli(['worker', '--redis', url, '--concurrency', '1', '--lock-ms', '1500', '--stalled-ms', '500'], undefined, env);
}

async function stopWorkers(ws: Child[]): Promise<void> {
  for (const w of ws) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.exited));
}

describe('unreachable Redis', () => {
  it('fails fast with a clear message (ensemble and worker)', async () => {
    const port = await freePort(); // nothing listens there
    const dir = tempDir();
    // refused at once: no retries, no offline queue (the check gives up after CONNECT_TIMEOUT_MS
    // when nothing answers at all; how long that takes is not a test's business)
    await expect(checkRedis(`redis://127.0.0.1:${port}`)).rejects.toThrow(/connection refused/);
    const e = await runCli(['ensemble', 'baseline', '--runs', '2', '--db', join(dir, 's.duckdb'), '--out', join(dir, 'o'), '--redis', `redis://127.0.0.1:${port}`]);
    const w = await runCli(['worker', '--redis', `redis://127.0.0.1:${port}`]);
    for (const r of [e, w]) {
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/expected a reachable Redis server, found "redis:\/\/127\.0\.0\.1:\d+" \(connection refused\)/);
    }
    const bad = await runCli(['worker', '--redis', 'localhost:6379']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected a Redis URL redis:\/\/HOST:PORT/);
  });
});

describe.skipIf(!redisAvailable)('distributed ensemble over Redis', () => {
  let redis: { url: string; stop: () => Promise<void> };
  const dir = tempDir();
  const common = ['ensemble', 'baseline', '--mode', 'agents', '--agents', '3000', '--to', '2025-12', '--export', 'none'];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** Local-pool reference of the same ensemble. */
  async function reference(name: string, args: string[], base = common) {
    const r = await runCli([...base, ...args, '--workers', '2', '--db', join(dir, `${name}-ref.duckdb`), '--out', join(dir, `${name}-ref`)]);
    expect(r.code, r.err).toBe(0);
    return readStore(join(dir, `${name}-ref.duckdb`));
  }

  it('gives the same results as the local pool', async () => {
    const args = ['--runs', '8', '--seed', '21'];
    const ref = await reference('same', args);
    const workers = [startWorker(redis.url), startWorker(redis.url)];
    try {
      await Promise.all(workers.map((w) => w.waitFor(/ready/)));
      const r = await runCli([...common, ...args, '--db', join(dir, 'same.duckdb'), '--out', join(dir, 'same'), '--redis', redis.url]);
      expect(r.code, r.err).toBe(0);
    } finally {
      await stopWorkers(workers);
    }
    const got = await readStore(join(dir, 'same.duckdb'));
    expect(got.series).toEqual(ref.series);
    expect(readFileSync(join(dir, 'same/bands.csv'), 'utf8')).toBe(readFileSync(join(dir, 'same-ref/bands.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'same/outcomes.json'), 'utf8')).toBe(readFileSync(join(dir, 'same-ref/outcomes.json'), 'utf8'));
    // both workers took part
    expect(new Set(got.runs.map((r) => r.worker)).size).toBe(2);
  }, 180_000);

  it('runs a posterior ensemble (assumptions drawn too) with the same bytes as the local pool on 1 and 2 threads (issue 16)', async () => {
    // agents noise on top of the posterior draws: 6 draws of the test sample, 2 seeds each
    // and the uncalibrated assumptions drawn beside each draw (--assumptions prior)
    const args = ['--runs', '12', '--seed', '24', '--posterior', POSTERIOR_FIXTURE, '--seeds-per-draw', '2', '--assumptions', 'prior'];
    const outs: string[][] = [];
    for (const threads of ['1', '2']) {
      const r = await runCli([...common, ...args, '--workers', threads, '--db', join(dir, `post-${threads}.duckdb`), '--out', join(dir, `post-${threads}`)]);
      expect(r.code, r.err).toBe(0);
    }
    const workers = [startWorker(redis.url), startWorker(redis.url)];
    try {
      await Promise.all(workers.map((w) => w.waitFor(/ready/)));
      const r = await runCli([...common, ...args, '--db', join(dir, 'post-redis.duckdb'), '--out', join(dir, 'post-redis'), '--redis', redis.url]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('over 6 of the 128 draws (draw ⌊i·128/6⌋) of the posterior sample');
    } finally {
      await stopWorkers(workers);
    }
    for (const name of ['post-1', 'post-2', 'post-redis']) outs.push(['bands.csv', 'outcomes.json'].map((f) => readFileSync(join(dir, name, f), 'utf8')));
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[2]).toEqual(outs[0]);
    const local = await readStore(join(dir, 'post-1.duckdb'));
    const remote = await readStore(join(dir, 'post-redis.duckdb'));
    expect(remote.series).toEqual(local.series);
    expect(remote.runs.map((r) => r.params)).toEqual(local.runs.map((r) => r.params));
    expect(new Set(remote.runs.map((r) => r.worker)).size).toBe(2);
  }, 180_000);

  it('hands the run of a worker killed mid-run to another worker: nothing lost or duplicated', { tags: ['kill'], timeout: 180_000 }, async () => {
    const args = ['--runs', '10', '--seed', '22'];
    const ref = await reference('crash', args);
    // the victim holds every run it takes (a test hook), so it is killed while it holds one
    const victim = startWorker(redis.url, { MOMENTUM_TEST_WORKER_HOLD: '1' });
    const survivor = startWorker(redis.url);
    try {
      await Promise.all([victim.waitFor(/ready/), survivor.waitFor(/ready/)]);
      const coord = spawnCli([...common, ...args, '--db', join(dir, 'crash.duckdb'), '--out', join(dir, 'crash'), '--redis', redis.url]);
      const line = await victim.waitFor(/run \S+ started/);
      victim.proc.kill('SIGKILL');
      const killedJob = /run (\S+) started/.exec(line)![1];
      expect(await coord.exited, coord.err()).toBe(0);
      expect(survivor.out()).toMatch(new RegExp(`run ${killedJob} done`));
      const got = await readStore(join(dir, 'crash.duckdb'));
      expect(got.runs.every((r) => r.status === 'done')).toBe(true);
      expect(got.series).toEqual(ref.series);
      const runId = Number(killedJob.split('-').pop());
      expect(got.runs[runId].worker).toMatch(new RegExp(`:${survivor.proc.pid}$`));
      expect(readFileSync(join(dir, 'crash/bands.csv'), 'utf8')).toBe(readFileSync(join(dir, 'crash-ref/bands.csv'), 'utf8'));
    } finally {
      await stopWorkers([victim, survivor]);
    }
  });

  it('resumes after the coordinator is killed, keeping results the workers pushed meanwhile', { tags: ['kill'], timeout: 180_000 }, async () => {
    const args = ['--runs', '24', '--seed', '23'];
    const ref = await reference('resume', args);
    const workers = [startWorker(redis.url), startWorker(redis.url)];
    try {
      await Promise.all(workers.map((w) => w.waitFor(/ready/)));
      const db = join(dir, 'resume.duckdb');
      // batches of 4 runs, and a halt after the first (a test hook): the kill comes at a known
      // point, with 20 runs not yet stored, whatever the machine's speed
      const coord = spawnCli([...common, ...args, '--db', db, '--out', join(dir, 'resume'), '--redis', redis.url], undefined, { MOMENTUM_TEST_HALT_AFTER_RUNS: '4' });
      const line = await coord.waitFor(/halted after storing (\d+)\/24 runs/);
      expect(Number(/storing (\d+)/.exec(line)![1])).toBe(4);
      coord.proc.kill('SIGKILL');
      await coord.exited;
      const again = await runCli([...common, ...args, '--db', db, '--out', join(dir, 'resume'), '--redis', redis.url, '--resume']);
      expect(again.code, again.err).toBe(0);
      expect(again.out).toMatch(/24 runs \(4 from the store, 20 computed\)/);
      const got = await readStore(db);
      expect(got.runs.every((r) => r.status === 'done')).toBe(true);
      expect(got.series).toEqual(ref.series);
      expect(readFileSync(join(dir, 'resume/outcomes.json'), 'utf8')).toBe(readFileSync(join(dir, 'resume-ref/outcomes.json'), 'utf8'));
    } finally {
      await stopWorkers(workers);
    }
    // issue 17 item 5: once the store holds every run, --resume has nothing to queue; it used to
    // leave its Redis connections open (close() was only called with runs pending) and hang
    const done = await runCli([...common, ...args, '--db', join(dir, 'resume.duckdb'), '--out', join(dir, 'resume'), '--redis', redis.url, '--resume']);
    expect(done.code, done.err).toBe(0);
    expect(done.out).toMatch(/24 runs \(24 from the store, 0 computed\)/);
  });
});

describe.skipIf(!redisAvailable)('Redis going away (issue 20 item 1)', { tags: ['kill'] }, () => {
  it('ends the coordinator with an error naming --resume, and a worker on its first SIGTERM', async () => {
    const redis = await startRedis();
    const dir = tempDir();
    // the worker holds the run it takes (a test hook), so its graceful close has a run to wait
    // for and the coordinator has runs pending when Redis goes away
    const worker = startWorker(redis.url, { MOMENTUM_TEST_WORKER_HOLD: '1' });
    await worker.waitFor(/ready/);
    const coord = spawnCli(['ensemble', 'baseline', '--runs', '3', '--mode', 'meanfield', '--vary', 'homeBias=0:1', '--to', '2024-06', '--db', join(dir, 's.duckdb'), '--out', join(dir, 'o'), '--redis', redis.url]);
    await coord.waitFor(/queued 3 runs/);
    await worker.waitFor(/run \S+ started/);
    await redis.stop();
    const t0 = Date.now();
    await worker.waitFor(/worker error: .*ECONNREFUSED/);
    worker.proc.kill('SIGTERM'); // once: on 7c77381 the worker waited for Redis forever
    expect(await worker.exited).toBe(1);
    expect(worker.err()).toMatch(/could not finish the runs in progress and disconnect within 10 s \(is Redis at redis:\/\/127\.0\.0\.1:\d+ reachable\?\); exiting/);
    // the coordinator gives up after 30 s without Redis (on 7c77381 it printed this and never exited)
    const code = await coord.exited;
    console.log(`coordinator ended ${((Date.now() - t0) / 1000).toFixed(1)} s after redis-server stopped, exit ${code}`);
    expect(code, coord.err()).toBe(1);
    expect(coord.err()).toMatch(/error: lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+ for 30 s \(connect ECONNREFUSED [^)]*\); finished runs are in the store: rerun with --resume/);
    expect(coord.err()).not.toContain('Unhandled error event');
    expect(existsSync(join(dir, 'o'))).toBe(false);
  }, 120_000);
});
