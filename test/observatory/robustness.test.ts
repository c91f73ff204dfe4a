/**
 * `momentum observe sync` under failure, through the CLI (needs dist/):
 * - kill -9 at seeded-random points (at a request, before or after a store commit, inside the
 *   final merge), then a resume, gives the same store as an uninterrupted sync;
 * - a bad token, an unreachable Hub, a corrupt store file and a full disk get a clear message
 *   and leave the store unchanged;
 * - a first sync that fails leaves no store that later commands take for a valid one.
 * Kills happen at known points (the stand-in's request hook, the store's commit hooks), never
 * after a wall-clock delay.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/model/index.js';
import { HubClient } from '../../src/observatory/hub-fetch.js';
import { loadRegistry } from '../../src/observatory/registry.js';
import { Store } from '../../src/observatory/store.js';
import { runSync } from '../../src/observatory/sync.js';
import { dumpTables } from './db-dump.js';
import { generateEcosystem, type Ecosystem } from './hub-ecosystem.js';
import { startHubServer, type HubServer } from './hub-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/momentum.js');
const HAVE_DIST = existsSync(join(ROOT, 'dist/cli/main.js'));
if (!HAVE_DIST) console.warn('observatory robustness tests skipped: dist/ is missing (run `npm run build`; `npm test` builds first)');
const registry = loadRegistry(join(ROOT, 'data/organizations.csv'));
const DAY = '2026-06-15';
const ENV = { MOMENTUM_SYNC_DATE: DAY, MOMENTUM_HUB_PAGE_SIZE: '50', MOMENTUM_SYNC_BATCH: '100', MOMENTUM_HUB_BACKOFF_MS: '5' };
let eco: Ecosystem;
let tmp: string;

beforeAll(() => {
  eco = generateEcosystem({ seed: 21, size: 4000, tracked: registry.entries, asOf: DAY });
  tmp = mkdtempSync(join(tmpdir(), 'momentum-observe-robust-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Result = { code: number | null; signal: string | null; stdout: string; stderr: string };
/** Runs the CLI; `onSpawn` gets the child (to kill it from a stand-in hook). */
function cli(args: string[], env: Record<string, string> = {}, onSpawn?: (child: ChildProcess) => void): Promise<Result> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, HF_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    onSpawn?.(child);
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr }));
  });
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** A completed store of `date` made in-process (a starting point for the failure tests). */
async function syncedStore(file: string, srv: HubServer, date = '2026-05-20'): Promise<void> {
  const store = await Store.open(file);
  try {
    await runSync(store, registry, new HubClient({ baseDelayMs: 5 }), { hubUrl: srv.url, date, since: null, pageSize: 200 });
  } finally {
    store.close();
  }
}

describe.skipIf(!HAVE_DIST)('observe sync killed with SIGKILL at random points', () => {
  it('resumes to the same final store as an uninterrupted sync (seeded kill plan)', async () => {
    let killAt: { n: number; child: ChildProcess } | null = null;
    let served = 0;
    const srv = await startHubServer(eco, {}, {
      onRequest: () => {
        served++;
        if (killAt && served === killAt.n) killAt.child.kill('SIGKILL');
      },
    });
    const dbA = join(tmp, 'kill-reference.duckdb');
    const dbB = join(tmp, 'kill-resumed.duckdb');
    try {
      served = 0;
      const a = await cli(['observe', 'sync', '--db', dbA, '--hub-url', srv.url], ENV);
      expect(a.code, a.stderr).toBe(0);
      const requests = served;
      expect(requests).toBeGreaterThan(100);
      // The plan: seeded, printed, so a failure can be replayed.
      const rng = new Rng(2026, 18);
      const kinds = ['request', 'before-commit', 'after-commit', 'request', 'before-commit', 'prune'] as const;
      const plan = kinds.map((kind) => ({ kind, n: kind === 'prune' ? 0 : 1 + rng.int(kind === 'request' ? Math.floor(requests / 3) : 40) }));
      console.log(`kill plan: ${plan.map((p) => `${p.kind}${p.n ? `@${p.n}` : ''}`).join(', ')}`);
      const outcomes: string[] = [];
      for (const p of plan) {
        served = 0;
        const env: Record<string, string> = { ...ENV };
        if (p.kind === 'before-commit') env.MOMENTUM_TEST_KILL_BEFORE_COMMIT = String(p.n);
        if (p.kind === 'after-commit') env.MOMENTUM_TEST_KILL_AFTER_COMMIT = String(p.n);
        if (p.kind === 'prune') env.MOMENTUM_TEST_KILL_BEFORE_COMMIT = 'prune';
        const r = await cli(['observe', 'sync', '--db', dbB, '--hub-url', srv.url], env, (child) => {
          killAt = p.kind === 'request' ? { n: p.n, child } : null;
        });
        killAt = null;
        // Either killed where planned, or the sync had finished before reaching that point.
        expect(r.signal === 'SIGKILL' || r.code === 0, `${p.kind}@${p.n}: ${r.stderr}`).toBe(true);
        outcomes.push(r.signal ?? `exit ${r.code}`);
      }
      // The kills did land (not every run finished on its own).
      expect(outcomes.filter((o) => o === 'SIGKILL').length).toBeGreaterThanOrEqual(4);
      const c = await cli(['observe', 'sync', '--db', dbB, '--hub-url', srv.url], ENV);
      expect(c.code, c.stderr).toBe(0);
      const A = await dumpTables(dbA);
      const B = await dumpTables(dbB);
      expect(B.models.length).toBeGreaterThan(1000);
      expect(B.models).toEqual(A.models);
      expect(B.snapshots).toEqual(A.snapshots);
      expect(B.lineage).toEqual(A.lineage);
    } finally {
      await srv.close();
    }
  });
});

describe.skipIf(!HAVE_DIST)('bad input leaves the store unchanged, with a clear message', () => {
  it('a bad token: exit 2 before anything is written', async () => {
    const srv = await startHubServer(eco, {}, { tokens: ['hf_good'] });
    try {
      const fresh = join(tmp, 'token-fresh.duckdb');
      const r = await cli(['observe', 'sync', '--db', fresh, '--hub-url', srv.url], { ...ENV, HF_TOKEN: 'hf_bad' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('HF_TOKEN');
      expect(r.stderr).toContain('a Hugging Face token the Hub accepts');
      expect(existsSync(fresh)).toBe(false);
      const db = join(tmp, 'token-existing.duckdb');
      await syncedStore(db, srv);
      const before = digest(db);
      process.env.MOMENTUM_TEST_BAD_TOKEN = 'hf_bad';
      const t = await cli(['observe', 'sync', '--db', db, '--hub-url', srv.url, '--token-env', 'MOMENTUM_TEST_BAD_TOKEN'], ENV);
      delete process.env.MOMENTUM_TEST_BAD_TOKEN;
      expect(t.code).toBe(2);
      expect(t.stderr).toContain('--token-env MOMENTUM_TEST_BAD_TOKEN');
      expect(digest(db)).toBe(before);
      // The good token works.
      const g = await cli(['observe', 'sync', '--db', join(tmp, 'token-good.duckdb'), '--hub-url', srv.url], { ...ENV, HF_TOKEN: 'hf_good' });
      expect(g.code, g.stderr).toBe(0);
    } finally {
      await srv.close();
    }
  });

  it('an unreachable Hub: a clear message, no file created, an existing store byte for byte unchanged', async () => {
    const port = await freePort();
    const fresh = join(tmp, 'offline.duckdb');
    const r = await cli(['observe', 'sync', '--db', fresh, '--hub-url', `http://127.0.0.1:${port}`], ENV);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach the Hugging Face Hub');
    expect(existsSync(fresh)).toBe(false);
    const m = await cli(['observe', 'metrics', '--db', fresh, '--out', join(tmp, 'm-offline')]);
    expect(m.code).toBe(2);
    const srv = await startHubServer(eco);
    const db = join(tmp, 'offline-existing.duckdb');
    await syncedStore(db, srv);
    await srv.close();
    const before = digest(db);
    const again = await cli(['observe', 'sync', '--db', db, '--hub-url', srv.url], ENV);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('cannot reach the Hugging Face Hub');
    expect(digest(db)).toBe(before);
  });

  it('a corrupt store file: exit 2 naming the file, which is left as it was', async () => {
    const srv = await startHubServer(eco);
    try {
      const db = join(tmp, 'corrupt.duckdb');
      writeFileSync(db, Buffer.alloc(64 * 1024, 'not a database. '));
      const before = digest(db);
      for (const args of [['observe', 'sync', '--db', db, '--hub-url', srv.url], ['observe', 'metrics', '--db', db, '--out', join(tmp, 'm-corrupt')], ['observe', 'export', '--db', db, '--out', join(tmp, 'x-corrupt')]]) {
        const r = await cli(args, ENV);
        expect(r.code, args[1]).toBe(2);
        expect(r.stderr).toContain(db);
        expect(r.stderr).toContain('corrupt file is left as it is');
        expect(digest(db)).toBe(before);
      }
    } finally {
      await srv.close();
    }
  });

  it('a first sync that fails mid-way leaves a store that metrics and export refuse, and a rerun resumes it', async () => {
    let served = 0;
    let srv: HubServer | null = null;
    srv = await startHubServer(eco, {}, {
      onRequest: () => {
        // The Hub goes away at the 60th request: every later connection is refused.
        if (++served === 60) srv!.server.close();
        if (served >= 60) srv!.server.closeAllConnections();
      },
    });
    const url = srv.url;
    const db = join(tmp, 'first-fails.duckdb');
    try {
      const r = await cli(['observe', 'sync', '--db', db, '--hub-url', url], ENV);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/stopped answering|cannot reach/);
      for (const args of [['observe', 'metrics', '--db', db, '--out', join(tmp, 'm-first')], ['observe', 'export', '--db', db, '--out', join(tmp, 'x-first')], ['observe', 'export-observations', '--db', db, '--out', join(tmp, 'o-first.json')]]) {
        const m = await cli(args);
        expect(m.code, args[1]).toBe(2);
        expect(m.stderr).toContain('a database with a completed sync');
        expect(m.stderr).toContain('rerun `momentum observe sync` to resume');
      }
      expect(existsSync(join(tmp, 'm-first'))).toBe(false);
    } finally {
      await srv.close();
    }
    const again = await startHubServer(eco);
    try {
      const r = await cli(['observe', 'sync', '--db', db, '--hub-url', again.url], ENV);
      expect(r.code, r.stderr).toBe(0);
      const m = await cli(['observe', 'metrics', '--db', db, '--out', join(tmp, 'm-first')]);
      expect(m.code, m.stderr).toBe(0);
    } finally {
      await again.close();
    }
  });
});

/** A small tmpfs for the full-disk test (root with mount rights only; otherwise skipped with the reason printed). */
function mountTmpfs(dir: string, size: string): string | null {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr || r.error?.message || `mount exited ${r.status}`).trim();
}
const DISK = join(tmpdir(), `momentum-full-disk-${process.pid}`);
/** Whether this machine lets the test mount a tmpfs (tried once, unmounted at once). */
function mountCheck(): string | null {
  if (!HAVE_DIST) return 'dist/ is missing';
  const problem = mountTmpfs(DISK, '1m');
  if (problem === null) spawnSync('umount', [DISK]);
  rmSync(DISK, { recursive: true, force: true });
  return problem;
}
const mountProblem = mountCheck();
if (mountProblem) console.warn(`full-disk test skipped: cannot mount a small tmpfs at ${DISK} (${mountProblem})`);

describe.skipIf(mountProblem !== null)('a full disk', () => {
  beforeAll(() => {
    const problem = mountTmpfs(DISK, '48m');
    if (problem) throw new Error(`cannot mount the tmpfs for the full-disk test: ${problem}`);
  });
  afterAll(() => {
    spawnSync('umount', [DISK]);
    rmSync(DISK, { recursive: true, force: true });
  });

  it('fails with a clear message, leaves the data unchanged, and the sync resumes once space is freed', async () => {
    const srv = await startHubServer(eco);
    try {
      const built = join(tmp, 'disk-source.duckdb');
      await syncedStore(built, srv);
      const db = join(DISK, 'hub.duckdb');
      copyFileSync(built, db);
      const before = await dumpTables(db);
      // Fill the disk, leaving a few kilobytes.
      const filler = join(DISK, 'filler');
      const block = Buffer.alloc(256 * 1024);
      let k = 0;
      for (;;) {
        try {
          writeFileSync(`${filler}-${k++}`, block);
        } catch {
          break;
        }
      }
      srv.setVariant(1);
      const r = await cli(['observe', 'sync', '--db', db, '--hub-url', srv.url], ENV);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/disk holding .* is full/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      for (let j = 0; j < k; j++) rmSync(`${filler}-${j}`, { force: true });
      expect(await dumpTables(db)).toEqual(before);
      const again = await cli(['observe', 'sync', '--db', db, '--hub-url', srv.url], ENV);
      expect(again.code, again.stderr).toBe(0);
      const after = await dumpTables(db);
      expect(after.snapshots.filter((s) => s.includes(DAY)).length).toBeGreaterThan(1000);
    } finally {
      await srv.close();
    }
  });
});
