/**
 * An ensemble on a full disk (issue 17 item 6). On 7c77381 it ended with "TransactionContext
 * Error: cannot rollback - no transaction is active", naming no disk, and with about 8 KiB
 * free it left a DuckDB file that could never be opened again.
 *
 * The disk is a small tmpfs (test/chaos/small-disk.ts), filled at a known point: before the
 * command starts, or while the coordinator is halted by its test hook after storing k runs
 * (MOMENTUM_TEST_HALT_AFTER_RUNS; SIGUSR2 lets it go on). Each case checks the message (it says
 * "no space left on device" and names the path), that no unopenable store and no stray file
 * is left, and that a rerun once space is freed gives the same bytes as an uninterrupted run.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAOS, chaosSteps, CHAOS_SEED } from '../chaos/campaign.js';
import { mountSmallDisk, smallDiskProblem, type SmallDisk } from '../chaos/small-disk.js';
import { hasRedisServer, killChildren, readStore, runCli, spawnCli, startRedis } from './helpers.js';

const RUNS = 12;
const ENSEMBLE = ['ensemble', 'baseline', '--runs', String(RUNS), '--seed', '3', '--mode', 'agents', '--agents', '2000', '--workers', '1', '--export', 'csv'];
/** The outputs that must match an uninterrupted run byte for byte (runs.csv holds timings). */
const SAME_BYTES = ['bands.csv', 'outcomes.json', 'series.csv'];

const problem = smallDiskProblem();
if (problem) console.warn(`full-disk tests of ensembles skipped: ${problem}`);

let disk: SmallDisk;
let scratch: string;
const reference: Record<string, string> = {};

beforeAll(async () => {
  if (problem) return;
  disk = mountSmallDisk('ensemble', '16m');
  scratch = mkdtempSync(join(tmpdir(), 'momentum-full-disk-'));
  const r = await runCli([...ENSEMBLE, '--db', join(scratch, 'ref.duckdb'), '--out', join(scratch, 'ref'), '--quiet']);
  expect(r.code, r.err).toBe(0);
  for (const f of SAME_BYTES) reference[f] = readFileSync(join(scratch, 'ref', f), 'utf8');
}, 120_000);

afterAll(() => {
  killChildren();
  disk?.unmount();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Expects the outputs in `dir` to be the uninterrupted run's, byte for byte. */
function expectReferenceOutputs(dir: string): void {
  expect(readdirSync(dir).sort()).toEqual(['bands.csv', 'outcomes.json', 'runs.csv', 'series.csv']);
  for (const f of SAME_BYTES) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(reference[f]);
}

/** Expects a one-line full-disk message about `path`, without a stack trace. */
function expectDiskFullMessage(r: { code: number | string; err: string }, path: string): void {
  expect(r.code, r.err).toBe(1);
  expect(r.err).toContain(`error: no space left on device: the disk holding ${path} is full (`);
  expect(r.err).not.toMatch(/TransactionContext|cannot rollback|\n\s+at /);
}

describe('an ensemble on a full disk (issue 17 item 6)', { tags: ['disk-full'] }, () => {
  it('creating the store: 0 to 64 KiB free names the disk and leaves no file; with space the rerun gives the same bytes', async (ctx) => {
    if (problem) return ctx.skip(problem);
    disk.clear();
    const db = join(disk.dir, 'e.duckdb');
    const out = join(disk.dir, 'out');
    // 8 KiB is the case (an 8 KiB header DuckDB could never open again); 12-64 KiB
    // fail later, while the tables or the ensemble's plan are written
    for (const kib of [0, 4, 8, 12, 16, 32, 64]) {
      disk.fillLeaving(kib * 1024);
      const r = await runCli([...ENSEMBLE, '--db', db, '--out', out, '--quiet']);
      expectDiskFullMessage(r, db);
      expect(r.err, `${kib} KiB free`).toContain('No run was stored, and no store was left behind. Free some space and rerun.');
      expect(disk.entries(), `${kib} KiB free`).toEqual([]);
    }
    disk.free();
    const again = await runCli([...ENSEMBLE, '--db', db, '--out', out, '--quiet']);
    expect(again.code, again.err).toBe(0);
    expectReferenceOutputs(out);
  }, 180_000);

  it('storing runs: the batch is rolled back, the store opens, and --resume with space gives the same bytes', { tags: ['campaign'], timeout: 180_000 }, async (ctx) => {
    if (problem) return ctx.skip(problem);
    disk.clear();
    const db = join(disk.dir, 'e.duckdb');
    const out = join(disk.dir, 'out');
    // npm test: the disk fills once, after the first batch of 4; test:chaos: several times in
    // one ensemble, after seeded numbers of runs (each time: halt, fill, fail, free, resume)
    const steps = CHAOS ? chaosSteps(61, 4, RUNS - 1) : [4];
    if (steps.length > 1) console.log(`full disk after storing ${steps.join(', ')} more runs (MOMENTUM_CHAOS_SEED=${CHAOS_SEED})`);
    let stored = 0;
    for (const [i, k] of steps.entries()) {
      const c = spawnCli([...ENSEMBLE, '--db', db, '--out', out, ...(i ? ['--resume'] : [])], undefined, { MOMENTUM_TEST_HALT_AFTER_RUNS: String(k) });
      await c.waitFor(new RegExp(`halted after storing ${stored + k}/${RUNS} runs`));
      stored += k;
      disk.fillLeaving(0);
      c.proc.kill('SIGUSR2');
      const code = await c.exited;
      expectDiskFullMessage({ code, err: c.err() }, db);
      expect(c.err()).toContain(`The batch being stored was rolled back; ${stored} of ${RUNS} runs are in the store. Free some space and rerun with --resume to continue from there.`);
      // the store and its write-ahead log, nothing else: no output, no scratch folder, no spill
      expect(disk.entries().filter((n) => n !== 'e.duckdb.wal')).toEqual(['e.duckdb']);
      disk.free();
      const s = await readStore(db);
      expect(s.runs.filter((r) => r.status === 'done').map((r) => r.run_id)).toHaveLength(stored);
      expect(new Set(s.series.map((row) => row[0])).size).toBe(stored);
    }
    const resumed = await runCli([...ENSEMBLE, '--db', db, '--out', out, '--resume']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toContain(`${RUNS} runs (${stored} from the store, ${RUNS - stored} computed)`);
    expectReferenceOutputs(out);
  });

  it('replacing an existing store (--force): the store is left as it was', async (ctx) => {
    if (problem) return ctx.skip(problem);
    disk.clear();
    const db = join(disk.dir, 'e.duckdb');
    const out = join(disk.dir, 'out');
    const first = await runCli([...ENSEMBLE, '--db', db, '--out', out, '--quiet']);
    expect(first.code, first.err).toBe(0);
    const before = await readStore(db);
    disk.fillLeaving(0);
    const other = await runCli([...ENSEMBLE.map((a) => (a === String(RUNS) ? String(RUNS + 1) : a)), '--db', db, '--out', out, '--force', '--quiet']);
    expectDiskFullMessage(other, db);
    expect(other.err).toContain('The store was left as it was. Free some space and rerun the same command.');
    disk.free();
    expect(await readStore(db)).toEqual(before);
    expectReferenceOutputs(out); // the earlier outputs too
  }, 180_000);

  it('writing the outputs: nothing is written to the folder, and --resume with space writes them without running again', async (ctx) => {
    if (problem) return ctx.skip(problem);
    disk.clear();
    // the store has space (the scratch folder); the output folder is on the full disk
    const db = join(scratch, 'outputs.duckdb');
    const out = join(disk.dir, 'out');
    disk.fillLeaving(0);
    const r = await runCli([...ENSEMBLE, '--db', db, '--out', out, '--quiet']);
    expectDiskFullMessage(r, out);
    expect(r.err).toContain(`Every run (${RUNS}) is in the store ${db}; no outputs were written to ${out}.`);
    expect(disk.entries()).toEqual([]); // no output folder, no export or temporary scratch folder
    disk.free();
    const resumed = await runCli([...ENSEMBLE, '--db', db, '--out', out, '--resume']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toContain(`${RUNS} runs (${RUNS} from the store, 0 computed)`);
    expectReferenceOutputs(out);
  }, 180_000);
});

// test:chaos only (not registered in npm test, whose distributed tests already take a while):
// the same failure with the runs computed by a `momentum worker` over Redis, where the results
// read but not committed must stay in Redis for the --resume
if (CHAOS) {
  describe('an ensemble over Redis on a full disk', { tags: ['disk-full'] }, () => {
    it('stops naming the disk; --resume with space stores what the worker left in Redis and gives the same bytes', { tags: ['campaign'], timeout: 180_000 }, async (ctx) => {
      if (problem) return ctx.skip(problem);
      if (!hasRedisServer()) return ctx.skip('redis-server is not installed (apt-get install -y redis-server)');
      disk.clear();
      const db = join(disk.dir, 'e.duckdb');
      const out = join(disk.dir, 'out');
      const redis = await startRedis();
      const worker = spawnCli(['worker', '--redis', redis.url, '--concurrency', '1']);
      try {
        await worker.waitFor(/ready/);
        const c = spawnCli([...ENSEMBLE, '--db', db, '--out', out, '--redis', redis.url], undefined, { MOMENTUM_TEST_HALT_AFTER_RUNS: '4' });
        await c.waitFor(new RegExp(`halted after storing 4/${RUNS} runs`));
        disk.fillLeaving(0);
        c.proc.kill('SIGUSR2');
        expectDiskFullMessage({ code: await c.exited, err: c.err() }, db);
        expect(c.err()).toContain(`4 of ${RUNS} runs are in the store`);
        disk.free();
        const resumed = await runCli([...ENSEMBLE, '--db', db, '--out', out, '--redis', redis.url, '--resume']);
        expect(resumed.code, resumed.err).toBe(0);
        expect(resumed.out).toContain(`${RUNS} runs (4 from the store, 8 computed)`);
        expectReferenceOutputs(out);
      } finally {
        worker.proc.kill('SIGTERM');
        await worker.exited;
        await redis.stop();
      }
    });
  });
}
