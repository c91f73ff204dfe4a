// Benchmark records: every benchmark writes what it measured as a JSON file in
// bench/records/<bench>/, committed with the code. The docs quote benchmark figures only through
// tables generated from these records (`npm run docs`), and a test fails when a doc states a
// timing that no record backs (test/docs/bench-figures.test.ts). Plain JavaScript so that the
// plain-node model benchmark can use it too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The machine a benchmark ran on: MOMENTUM_BENCH_MACHINE names it; otherwise cores and CPU model. */
export function machine() {
  const model = (cpus()[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  const cores = availableParallelism();
  return {
    label: process.env.MOMENTUM_BENCH_MACHINE || `${cores}-core ${model}`,
    cores,
    cpu: model,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

/** The commit measured (with "+changes" when the work tree differs from it), or null outside git. */
function commit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'bench', 'wasm', 'package.json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return null;
  }
}

/**
 * Writes a record and returns its path. `figures` maps an id to `{ label, value, unit, max?, min? }`:
 * the label says what was measured; `max`/`min` are the issue's target in the same unit.
 * `standard` says the run used the benchmark's documented configuration: the docs' tables
 * quote standard runs only. MOMENTUM_BENCH_RECORDS=DIR writes elsewhere; =none writes nothing.
 */
export function writeBenchRecord({ bench, command, standard = true, options = {}, figures, notes }) {
  const dirSetting = process.env.MOMENTUM_BENCH_RECORDS;
  if (dirSetting === 'none') return null;
  for (const [id, f] of Object.entries(figures)) {
    if (!Number.isFinite(f.value)) throw new Error(`bench record ${bench}: figure ${id} is not a finite number (${f.value})`);
  }
  const date = new Date();
  const record = {
    bench,
    date: date.toISOString(),
    machine: machine(),
    load_average: loadavg().map((x) => Math.round(x * 100) / 100),
    commit: commit(),
    command,
    standard,
    options,
    figures,
    ...(notes ? { notes } : {}),
  };
  const dir = dirSetting ? join(dirSetting, bench) : join(ROOT, 'bench', 'records', bench);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${date.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  console.log(`recorded in ${file.startsWith(ROOT) ? file.slice(ROOT.length) : file}`);
  return file;
}
