/**
 * `npm run bench:ensemble [-- --runs N --scaling-runs M --repeat R --agents A --skip-distributed]` (defaults 1000, 200, 3, 1e5):
 * ensemble throughput (runs per second) and scaling efficiency.
 *
 * 1. the agents solver's cost per run on one worker thread (for the core engineer);
 * 2. the local pool with 1 and with 2 worker threads on M runs: speed-up and efficiency;
 * 3. distributed: a redis-server on a free loopback port and 2 `momentum worker` processes
 *    (1 thread each) on the same M runs, against the 2-thread local pool;
 * 4. the full target: N agents-mode runs × A adopters × 96 months on the local pool.
 *
 * Targets (issue #5, 2-core machine): N = 1000, A = 1e5 in ≤ 120 s; 2 workers ≥ 1.7× one;
 * distributed with 2 worker processes within 15% of the local pool.
 * Needs `npm run build` (worker threads and worker processes run dist/).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { ScenarioRegistry } from '../src/model/index.js';
import type { EnsembleSpec } from '../src/ensemble/ensemble-plan.js';
import { LocalExecutor, runEnsemble, type Executor } from '../src/ensemble/run-ensemble.js';
import { RedisExecutor } from '../src/ensemble/redis-executor.js';
import { RunPool } from '../src/ensemble/worker-pool.js';
import { writeBenchRecord, type BenchFigure } from './record.mjs';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const runs = arg('runs', 1000);
const agents = arg('agents', 100_000);
// 200 runs: the count-based agents solver made a run about 3x faster (about 50 ms), so the 60
// runs of issue #5's bench became 3 s windows in which start-up and the last batch weigh too much
const scalingRuns = arg('scaling-runs', Math.min(runs, 200));
const skipDistributed = process.argv.includes('--skip-distributed');
// the median of 3 repeats: single repeats on the shared 2-core machine ranged 1.62-1.91x
const repeat = arg('repeat', 3);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const scenario = new ScenarioRegistry().resolve('baseline');
const spec = (n: number, seed: number): EnsembleSpec => ({ scenario, runs: n, seed, mode: 'agents', agents, sample: 'lhs', vary: [], from: '2023-01', to: '2030-12' });
const tmp = mkdtempSync(join(tmpdir(), 'momentum-bench-'));
/** What bench/records/ensemble/ receives. */
const figures: Record<string, BenchFigure> = {};
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Clock ticks per second of /proc/PID/stat times. */
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** CPU seconds (user + system) used so far by another process (Linux /proc), 0 if unknown. */
function procCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime (fields 14 and 15)
  } catch {
    return 0;
  }
}

/** Extra processes whose CPU time counts (distributed workers and redis-server). */
let helperPids: number[] = [];
const helpersCpu = () => helperPids.reduce((a, p) => a + procCpuSeconds(p), 0);

/**
 * Runs an ensemble; prints wall time, runs per second and CPU seconds per run (this process's
 * threads plus helper processes). CPU per run does not depend on how busy the machine is, so it
 * shows parallel overhead even when other processes skew the wall times.
 */
async function timeEnsemble(label: string, s: EnsembleSpec, executor: Executor, helpers = false): Promise<number> {
  const c0 = process.cpuUsage();
  const h0 = helpers ? helpersCpu() : 0;
  const r = await runEnsemble({ spec: s, db: join(tmp, `${label}.duckdb`), out: join(tmp, label), resume: false, executor, exportFormat: 'none' });
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6 + (helpers ? helpersCpu() - h0 : 0);
  const rps = r.computed / r.seconds;
  console.log(
    `${label.padEnd(28)} ${String(r.computed).padStart(5)} runs in ${r.seconds.toFixed(1).padStart(6)} s  ${rps.toFixed(2).padStart(6)} runs/s  ${(cpu / r.computed).toFixed(3)} CPU s/run`,
  );
  cpuPerRun.set(label.replace(/ #\d+$/, ''), [...(cpuPerRun.get(label.replace(/ #\d+$/, '')) ?? []), cpu / r.computed]);
  return rps;
}
const cpuPerRun = new Map<string, number[]>();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

console.log(`ensemble benchmark: agents mode, ${agents} adopters, 96 months (2023-01..2030-12), ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)} (other processes skew the figures)`);

// 2–3. scaling of the local pool and distributed mode, interleaved `--repeat` times so that
// drifting load from other processes hits every configuration alike; medians are reported
/** A warmed-up pool (threads started, model loaded and compiled), as a long-running service has. */
async function warmPool(threads: number): Promise<RunPool> {
  const pool = new RunPool(threads);
  await pool.warm(spec(1, 0));
  return pool;
}
/** Median (the mean of the middle two for an even count). */
const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
};
const pool1 = await warmPool(1);
const pool2 = await warmPool(2);

// 1. solver cost per run on one worker thread (compiled JavaScript, as the pool runs it;
// this process may run under a TypeScript loader, which would distort an in-process timing)
{
  const ts: number[] = [];
  for (let i = 0; i < 5; i++) ts.push((await pool1.run(spec(1, 100 + i), { runId: 1000 + i, seed: 100 + i, params: {} })).runMs);
  const perRun = median(ts) / 1000;
  figures.solver_run_ms = { label: `agents solver, ${agents} adopters × 96 months on one worker thread, median`, value: Math.round(perRun * 1000), unit: 'ms' };
  console.log(`agents solver, one worker thread: median ${(perRun * 1000).toFixed(0)} ms per run → ${runs} runs need ≥ ${((runs * perRun) / 2).toFixed(0)} s on 2 cores (target 120 s needs ≤ ${((2 * 120) / runs * 1000).toFixed(0)} ms per run)`);
}

const children: ChildProcess[] = [];
const cleanup = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
};
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    cleanup();
    process.exit(130);
  });
}
let redisUrl: string | undefined;
if (!skipDistributed) {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.log('distributed: skipped (redis-server is not installed)');
  } else {
    const port = await freePort();
    children.push(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
    redisUrl = `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 2; i++) children.push(spawn(process.execPath, [join(ROOT, 'bin/momentum.js'), 'worker', '--redis', redisUrl, '--concurrency', '1', '--quiet'], { stdio: 'ignore' }));
    helperPids = children.map((c) => c.pid ?? 0);
    await new Promise((r) => setTimeout(r, 3000)); // let both workers connect
    // warm-up ensemble: both worker processes load and compile the model once
    // (the same small agents runs as RunPool.warm, about 100 per worker)
    await runEnsemble({ spec: { ...spec(200, 7), agents: Math.min(agents, 5000) }, db: join(tmp, 'warm.duckdb'), resume: false, executor: await RedisExecutor.connect(redisUrl), exportFormat: 'none' });
  }
}
// warm-up ensemble on the local pool, as large as a measured one: the coordinator's store code,
// bands and outcomes are compiled and DuckDB loaded once, as in a long ensemble, so the first
// measured configuration is not penalised (optimising them takes 0.2–0.3 s of a core)
await runEnsemble({ spec: { ...spec(scalingRuns, 11), agents: Math.min(agents, 5000) }, db: join(tmp, 'warm-local.duckdb'), out: join(tmp, 'warm-local'), resume: false, executor: new LocalExecutor(2, pool2), exportFormat: 'none' });
const r1s: number[] = [];
const r2s: number[] = [];
const rds: number[] = [];
try {
  for (let rep = 0; rep < repeat; rep++) {
    // the order alternates (1, 2, distributed; then back), so a drift in the host's speed
    // within a repeat does not always favour the same configuration
    const steps: (() => Promise<void>)[] = [
      async () => void r1s.push(await timeEnsemble(`local pool, 1 worker #${rep + 1}`, spec(scalingRuns, 1), new LocalExecutor(1, pool1))),
      async () => void r2s.push(await timeEnsemble(`local pool, 2 workers #${rep + 1}`, spec(scalingRuns, 1), new LocalExecutor(2, pool2))),
    ];
    if (redisUrl) {
      const url = redisUrl;
      steps.push(async () => void rds.push(await timeEnsemble(`distributed, 2 procs #${rep + 1}`, spec(scalingRuns, 1), await RedisExecutor.connect(url), true)));
    }
    for (const step of rep % 2 ? steps.reverse() : steps) await step();
  }
} finally {
  cleanup();
  await pool1.close();
}
// ratios within each repeat (measured minutes apart at most), then their median: the host's
// speed moves by up to 2x between minutes, so ratios of separate medians would mix its phases
const pct = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
const speedups = r1s.map((r1, i) => r2s[i] / r1);
figures.speedup_2_vs_1 = { label: `local pool, 2 worker threads vs 1 (${scalingRuns} runs${repeat > 1 ? `, median of ${repeat} repeats` : ''})`, value: Math.round(median(speedups) * 100) / 100, unit: '×', min: 1.7 };
console.log(`speed-up 2 vs 1 worker: ${median(speedups).toFixed(2)}× (efficiency ${((100 * median(speedups)) / 2).toFixed(0)}%; target ≥ 1.7×)` + (repeat > 1 ? ` [median of ${repeat} repeats: ${pct(speedups)}]` : ''));
if (rds.length) {
  const shares = rds.map((rd, i) => (100 * rd) / r2s[i]);
  figures.distributed_share = { label: `distributed, 2 worker processes, throughput as a share of the 2-thread pool (${scalingRuns} runs)`, value: Math.round(median(shares)), unit: '%', min: 85 };
  console.log(`distributed vs local pool (2 workers): ${median(shares).toFixed(0)}% of the throughput (target ≥ 85%)` + (repeat > 1 ? ` [median of ${repeat} repeats: ${shares.map((x) => x.toFixed(0) + '%').join(', ')}]` : ''));
}
// load-independent view: CPU seconds per run of each configuration (medians)
const cpu1 = median(cpuPerRun.get('local pool, 1 worker') ?? [NaN]);
const cpu2 = median(cpuPerRun.get('local pool, 2 workers') ?? [NaN]);
const cpuD = median(cpuPerRun.get('distributed, 2 procs') ?? [NaN]);
console.log(
  `CPU per run: 1 worker ${cpu1.toFixed(3)} s, 2 workers ${cpu2.toFixed(3)} s, distributed ${Number.isFinite(cpuD) ? cpuD.toFixed(3) + ' s' : '—'}` +
    ` → on 2 idle cores, 2 workers would give at most ≈ ${((2 * cpu1) / cpu2).toFixed(2)}× one` +
    (Number.isFinite(cpuD) ? `, distributed ≈ ${((100 * cpu2) / cpuD).toFixed(0)}% of the local pool` : ''),
);

for (const [id, v, what] of [['cpu_per_run_1_worker', cpu1, '1 worker thread'], ['cpu_per_run_2_workers', cpu2, '2 worker threads'], ['cpu_per_run_distributed', cpuD, '2 distributed worker processes']] as const) {
  if (Number.isFinite(v)) figures[id] = { label: `CPU time per run (all threads), ${what}`, value: r3(v), unit: 's' };
}

// 4. the full target
if (runs > scalingRuns) {
  const rf = await timeEnsemble(`full: ${runs} runs, 2 workers`, spec(runs, 2), new LocalExecutor(2, pool2));
  console.log(`full target: ${(runs / rf).toFixed(0)} s for ${runs} runs (target ≤ 120 s)`);
  figures.full_target_s = { label: `${runs} agents runs × ${agents} adopters × 96 months, 2 worker threads, wall time`, value: Math.round((runs / rf) * 10) / 10, unit: 's', max: 120 };
  figures.full_target_rate = { label: `${runs}-run ensemble: runs per second`, value: Math.round(rf * 100) / 100, unit: 'runs/s' };
  figures.cpu_per_run_full = { label: `CPU time per run in the ${runs}-run ensemble (all threads)`, value: r3(median(cpuPerRun.get(`full: ${runs} runs, 2 workers`) ?? [NaN])), unit: 's' };
}
await pool2.close();
rmSync(tmp, { recursive: true, force: true });
// the documented configuration (issue #5's target) is standard; other sizes are recorded with --record
const standard = runs === 1000 && agents === 100_000 && scalingRuns === 200 && repeat === 3 && !skipDistributed && redisUrl !== undefined;
if (standard || process.argv.includes('--record')) {
  for (const [id, f] of Object.entries(figures)) if (!Number.isFinite(f.value)) delete figures[id];
  writeBenchRecord({ bench: 'ensemble', command: `npm run bench:ensemble${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`, standard, options: { runs, agents, scalingRuns, repeat, skipDistributed }, figures });
}
