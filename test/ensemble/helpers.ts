/**
 * Helpers for the ensemble tests: spawning the CLI, a throwaway redis-server on a free
 * loopback port, and reading a results store back.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'bin/momentum.js');

const created: string[] = [];

/** A fresh temporary folder (removed by {@link removeTempDirs}). */
export function tempDir(prefix = 'momentum-ens-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  created.push(d);
  return d;
}

/** Removes every folder made by {@link tempDir} in this test file. */
export function removeTempDirs(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** True when Debian's redis-server is installed. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A child process with its output collected and a way to wait for a line. */
export interface Child {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  /** Resolves with the first output line matching `re` (stdout or stderr). */
  waitFor: (re: RegExp, timeoutMs?: number) => Promise<string>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

const spawned: ChildProcess[] = [];

/** Kills every CLI process this test file started that is still running (after failures). */
export function killChildren(): void {
  for (const p of spawned.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}

/** Spawns `node bin/momentum.js ARGS` (`env`: extra environment variables). */
export function spawnCli(args: string[], cwd = ROOT, env?: Record<string, string>): Child {
  const proc = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env });
  spawned.push(proc);
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const line = (out + '\n' + err).split('\n').find((l) => w.re.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    check();
  });
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, sig) => resolve(code ?? sig ?? -1)));
  // 'close' comes after the output streams have ended: every line has been seen by then
  const closed = new Promise<void>((resolve) => proc.on('close', () => resolve()));
  return {
    proc,
    out: () => out,
    err: () => err,
    exited,
    waitFor: (re, timeoutMs = 60_000) =>
      new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${re} in output:\n${out}\n${err}`)), timeoutMs);
        waiters.push({
          re,
          resolve: (l) => {
            clearTimeout(t);
            resolve(l);
          },
        });
        check();
        void closed.then(() => {
          check();
          reject(new Error(`process exited before ${re}:\n${out}\n${err}`)); // (no effect once resolved)
        });
      }),
  };
}

/** Runs the CLI to completion. */
export async function runCli(args: string[]): Promise<{ code: number | string; out: string; err: string }> {
  const c = spawnCli(args);
  const code = await c.exited;
  return { code, out: c.out(), err: c.err() };
}

/** A redis-server on a free loopback port, without persistence. */
export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`redis-server did not start:\n${log}`)), 10_000);
    proc.stdout!.on('data', (d: Buffer) => {
      log += d.toString();
      if (/Ready to accept connections/i.test(log)) {
        clearTimeout(t);
        resolve();
      }
    });
    proc.on('exit', () => reject(new Error(`redis-server exited:\n${log}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Reads a store: every series row ordered, and the runs table. */
export async function readStore(file: string): Promise<{
  series: [number, string, string, string, number][];
  runs: { run_id: number; seed: number; status: string; params: string; worker: string | null; cn: string | null }[];
}> {
  const inst = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await inst.connect();
  try {
    const series = (await c.runAndReadAll(`SELECT run_id, date, metric, "group", value FROM series ORDER BY run_id, date, metric, "group"`)).getRowsJS() as [number, string, string, string, number][];
    const runs = (
      (await c.runAndReadAll(`SELECT run_id, seed, status, params, worker, cn_overtakes_us_downloads FROM runs ORDER BY run_id`)).getRowsJS() as [number, bigint, string, string, string | null, string | null][]
    ).map(([run_id, seed, status, params, worker, cn]) => ({ run_id, seed: Number(seed), status, params, worker, cn }));
    return { series, runs };
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}
