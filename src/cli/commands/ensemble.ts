/**
 * `momentum ensemble SCENARIO`: Monte Carlo replications and parameter sweeps on a worker
 * pool (or on `momentum worker` processes over Redis), stored in DuckDB, summarised in
 * DIR/bands.csv and DIR/outcomes.json.
 */
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_FROM, DEFAULT_TO, nearestName, PARAM_DEFS, PARAM_INDEX, ValidationError, withOverrides, type ValidationIssue } from '../../model/index.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { createProgress } from '../../shell/progress.js';
import { parseHorizon, parseIntOption, parseMode, parseOverrideFlags } from '../options.js';
import { formatTable } from '../format-table.js';
import type { EnsembleSpec, SampleDesign, VaryRange } from '../../ensemble/ensemble-plan.js';
import { LocalExecutor, runEnsemble, type EnsembleReport, type Executor } from '../../ensemble/run-ensemble.js';
import { choosePosterior, drawsText, parseAssumptions, posteriorNotes, posteriorRef, type PosteriorChoice } from '../posterior-options.js';

/** Parses `--vary PARAM=lo:hi` flags, checking names and ranges against PARAM_DEFS. */
export function parseVaryFlags(flags: readonly string[] | undefined): VaryRange[] {
  const out: VaryRange[] = [];
  const issues: ValidationIssue[] = [];
  const numericNames = PARAM_DEFS.filter((d) => !d.options).map((d) => d.name);
  for (const f of flags ?? []) {
    const m = /^([^=]+)=([^:]+):(.+)$/.exec(f.trim());
    if (!m) {
      issues.push({ path: '--vary', expected: 'PARAM=lo:hi (e.g. priceSensitivity=0.3:0.6)', found: JSON.stringify(f) });
      continue;
    }
    const name = m[1].trim();
    const def = PARAM_INDEX.get(name);
    if (!def) {
      const near = nearestName(name, numericNames);
      issues.push({ path: `--vary ${name}`, expected: 'the name of a numeric model parameter (see `momentum params`)', found: JSON.stringify(name), hint: near ? `did you mean "${near}"?` : undefined });
      continue;
    }
    if (def.options || def.min === undefined || def.max === undefined) {
      issues.push({ path: `--vary ${name}`, expected: 'a numeric parameter (string parameters cannot be sampled)', found: `a choice among ${(def.options ?? []).join(', ')}` });
      continue;
    }
    const lo = Number(m[2]);
    const hi = Number(m[3]);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || m[2].trim() === '' || m[3].trim() === '') {
      issues.push({ path: `--vary ${name}`, expected: 'numeric bounds lo:hi', found: JSON.stringify(`${m[2]}:${m[3]}`) });
      continue;
    }
    if (!(lo < hi) || lo < def.min || hi > def.max) {
      issues.push({ path: `--vary ${name}`, expected: `lo < hi within the parameter's range [${def.min}, ${def.max}] (${def.unit})`, found: `${lo}:${hi}` });
      continue;
    }
    if (out.some((v) => v.name === name)) {
      issues.push({ path: `--vary ${name}`, expected: 'each parameter varied once', found: 'a repeated name' });
      continue;
    }
    out.push({ name, lo, hi });
  }
  if (issues.length) throw new ValidationError('--vary', issues);
  return out;
}

function parseSample(v: string): SampleDesign {
  if (v !== 'lhs' && v !== 'sobol' && v !== 'posterior') throw new ValidationError('--sample', [{ path: '--sample', expected: '"lhs", "sobol" or "posterior"', found: JSON.stringify(v) }]);
  return v;
}

function parseExport(v: string): 'parquet' | 'csv' | 'none' {
  if (v !== 'parquet' && v !== 'csv' && v !== 'none') throw new ValidationError('--export', [{ path: '--export', expected: '"parquet", "csv" or "none"', found: JSON.stringify(v) }]);
  return v;
}

/** A one-line error without a stack trace (main prints `error: …` and exits 1). */
function plainError(message: string): Error {
  const e = new Error(message);
  e.stack = message;
  return e;
}

/** The text printed after an ensemble (`posterior`: which draws it ran, for a posterior ensemble). */
export function ensembleSummaryText(r: EnsembleReport, dir: string | undefined, db: string, posterior?: string): string {
  const lines = [
    `ensemble ${r.id}: ${r.planned} runs (${r.resumed} from the store, ${r.computed} computed) in ${r.seconds.toFixed(1)} s` +
      (r.computed ? `, ${(r.computed / r.seconds).toFixed(2)} runs/s` : ''),
  ];
  if (posterior) lines.push(`over ${posterior}`);
  const o = r.outcomes as { cn_overtakes_us_downloads?: { p_by_end_of_year: Record<string, { p: number | null }>; p_cn_ahead_in_december: Record<string, { p: number | null }>; month_quantiles_among_runs_that_overtake: Record<string, string | null>; p_never: number | null } } | null;
  const c = o?.cn_overtakes_us_downloads;
  if (c) {
    const years = Object.keys(c.p_by_end_of_year);
    lines.push(
      '',
      'CN open-weight downloads overtake US',
      formatTable(
        ['', ...years],
        [
          ['P(overtaken by end of year)', ...years.map((y) => c.p_by_end_of_year[y].p)],
          ['P(CN ahead in December)', ...years.map((y) => c.p_cn_ahead_in_december[y]?.p ?? null)],
        ],
      ),
      monthLine(c),
    );
  }
  const tokens = (r.outcomes as { cn_overtakes_us_tokens?: CrossingText } | null)?.cn_overtakes_us_tokens;
  if (tokens) {
    const years = Object.keys(tokens.p_by_end_of_year);
    lines.push('', 'CN models overtake US in hosted-API tokens (token_share)', formatTable(['', ...years], [['P(overtaken by end of year)', ...years.map((y) => tokens.p_by_end_of_year[y].p)]]), monthLine(tokens));
  }
  const hosted = (r.outcomes as { headline?: { id: string; p: number | null }[] } | null)?.headline?.find((h) => h.id.startsWith('hosted_open_share_above_one_third_in_'));
  if (hosted) lines.push('', `P(open-weight share of hosted-API tokens > 1/3 in ${hosted.id.slice(-7)}): ${hosted.p ?? '—'}`);
  lines.push('', `store: ${db}`);
  if (r.files.length) lines.push(`wrote ${r.files.join(', ')}`);
  else if (dir) lines.push(`no outputs written to ${dir}`);
  return lines.join('\n');
}

interface CrossingText {
  p_by_end_of_year: Record<string, { p: number | null }>;
  month_quantiles_among_runs_that_overtake: Record<string, string | null>;
  p_never: number | null;
}

function monthLine(c: CrossingText): string {
  const q = c.month_quantiles_among_runs_that_overtake;
  return `month of overtaking (runs that overtake): q05 ${q.q05 ?? '—'}, median ${q.q50 ?? '—'}, q95 ${q.q95 ?? '—'}; never: ${c.p_never === null ? '—' : (100 * c.p_never).toFixed(1) + '%'}`;
}

export function registerEnsemble(program: Command): void {
  program
    .command('ensemble')
    .description('Monte Carlo replications, parameter sweeps and posterior ensembles: DuckDB store, DIR/bands.csv, DIR/outcomes.json')
    .argument('<scenario>', 'built-in scenario name or YAML/JSON file')
    .option('--runs <n>', 'number of runs (default 100; with --sample posterior: every draw up to 100, × --seeds-per-draw)')
    .option('--seed <s>', 'ensemble seed (run i uses replicationSeed(seed, i))', '1')
    .option('--mode <mode>', 'agents | meanfield (default agents; meanfield with --sample posterior)')
    .option('--agents <n>', 'adopters per run (agents mode)', '100000')
    .option('--sample <design>', 'lhs | sobol (the design of --vary points), or posterior (run over the draws of --posterior)', 'lhs')
    .option('--posterior <dir>', 'posterior sample folder (posterior.csv, diagnostics.json) for --sample posterior (default data/posterior)')
    .option('--seeds-per-draw <k>', 'with --sample posterior in agents mode: runs (seeds) per posterior draw', '1')
    .option('--assumptions <fixed|prior>', 'with --sample posterior: the uncalibrated assumptions hold their values (fixed, default) or are drawn from their soft priors beside each draw (prior)')
    .option('--vary <PARAM=lo:hi...>', 'vary a numeric parameter over [lo, hi] (repeatable)')
    .option('--set <name=value...>', 'fixed parameter overrides (repeatable)')
    .option('--from <YYYY-MM>', 'first month', DEFAULT_FROM)
    .option('--to <YYYY-MM>', 'last month', DEFAULT_TO)
    .option('--workers <k>', 'worker threads (local pool)', String(Math.max(1, availableParallelism())))
    .option('--db <file>', 'DuckDB results store (default out/<scenario>-ensemble.duckdb)')
    .option('--out <dir>', 'output folder (default out/<scenario>-ensemble)')
    .option('--export <format>', 'also write the runs and series tables: parquet | csv | none', 'parquet')
    .option('--resume', 'continue the ensemble recorded in --db (runs already done are kept)')
    .option('--force', "replace a --db that holds another ensemble's finished runs")
    .option('--redis <url>', 'run on `momentum worker` processes through this Redis (redis://HOST:PORT)')
    .option('--quiet', 'print nothing on success')
    .option('--json', 'print outcomes.json to stdout')
    .action(async (arg: string, o: Record<string, string | string[] | boolean | undefined>, cmd: Command) => {
      // the options' own checks first, in the order of the help (a posterior's --runs is checked against it below)
      if (o.runs !== undefined) parseIntOption('--runs', String(o.runs), 1, 1_000_000);
      const seed = parseIntOption('--seed', String(o.seed), -2147483648, 4294967295);
      // --posterior alone means --sample posterior; with another design given it is a mistake
      let sample = parseSample(String(o.sample));
      if (o.posterior !== undefined && cmd.getOptionValueSource('sample') !== 'cli') sample = 'posterior';
      const posteriorMode = sample === 'posterior';
      if (o.posterior !== undefined && !posteriorMode) {
        throw new ValidationError('--posterior', [{ path: '--posterior', expected: 'to be given with --sample posterior', found: `--sample ${sample}` }]);
      }
      if (!posteriorMode && cmd.getOptionValueSource('seedsPerDraw') === 'cli') {
        throw new ValidationError('--seeds-per-draw', [{ path: '--seeds-per-draw', expected: 'to be given with --sample posterior', found: `--sample ${sample}` }]);
      }
      const assumptions = parseAssumptions(o.assumptions as string | undefined, posteriorMode);
      const mode = parseMode(String(o.mode ?? (posteriorMode ? 'meanfield' : 'agents')));
      const agents = parseIntOption('--agents', String(o.agents), 1, 50_000_000);
      const workers = parseIntOption('--workers', String(o.workers), 1, 1024);
      const exportFormat = parseExport(String(o.export));
      const vary = parseVaryFlags(o.vary as string[] | undefined);
      if (posteriorMode && vary.length) {
        throw new ValidationError('--vary', [{ path: '--vary', expected: 'no --vary with --sample posterior (the posterior draws set the parameters; use --set to fix one)', found: vary.map((v) => `${v.name}=${v.lo}:${v.hi}`).join(' ') }]);
      }
      let scenario = resolveScenarioArg(arg);
      const overrides = parseOverrideFlags(o.set as string[] | undefined);
      if (overrides) scenario = withOverrides(scenario, overrides);
      const { from, to } = parseHorizon(String(o.from), String(o.to));
      let posterior: PosteriorChoice | undefined;
      let runs: number;
      if (posteriorMode) {
        posterior = choosePosterior({ dir: o.posterior as string | undefined, runs: o.runs as string | undefined, seedsPerDraw: String(o.seedsPerDraw), mode, assumptions });
        runs = posterior.runs;
      } else {
        runs = parseIntOption('--runs', String(o.runs ?? '100'), 1, 1_000_000);
      }
      const dir = (o.out as string | undefined) ?? `out/${scenario.name}-ensemble`;
      const db = (o.db as string | undefined) ?? `out/${scenario.name}-ensemble.duckdb`;
      const rel = relative(resolve(dir), resolve(db));
      if (!rel.startsWith('..') && !isAbsolute(rel)) {
        throw new ValidationError('--db', [{ path: '--db', expected: 'a file outside the output folder (the folder is replaced as a whole)', found: JSON.stringify(db), hint: `--out is ${JSON.stringify(dir)}` }]);
      }
      const spec: EnsembleSpec = { scenario, runs, seed, mode, agents, sample, vary, from, to, ...(posterior ? { posterior: posteriorRef(posterior, scenario) } : {}) };
      const quiet = Boolean(o.quiet || o.json);
      if (posterior && !o.quiet) for (const line of posteriorNotes(posterior, [{ scenario: scenario.name, names: spec.posterior!.pinned }], spec.posterior!.assumptions)) process.stderr.write(line + '\n');
      if (!quiet && mode === 'meanfield' && vary.length === 0 && !posterior && runs > 1) {
        process.stderr.write('note: the meanfield solver is deterministic, so without --vary every run is the same; use --mode agents for replications\n');
      }
      let executor: Executor;
      if (o.redis !== undefined) {
        // loaded only here: local ensembles do not pay for BullMQ and ioredis
        const { RedisExecutor } = await import('../../ensemble/redis-executor.js');
        executor = await RedisExecutor.connect(String(o.redis), quiet ? undefined : (l) => process.stderr.write(l + '\n'));
      } else {
        executor = new LocalExecutor(workers);
      }
      const progress = createProgress(`ensemble ${scenario.name}`, !quiet);
      const tty = Boolean(process.stderr.isTTY);
      const report = await runEnsemble({
        spec,
        db,
        out: dir,
        resume: Boolean(o.resume),
        force: Boolean(o.force),
        executor,
        exportFormat,
        progress,
        log: quiet || tty ? undefined : (l) => process.stderr.write(l + '\n'),
        killBeforeCommit: testHook('MOMENTUM_TEST_KILL_BEFORE_COMMIT'),
        haltAfterRuns: testHaltAfterRuns(),
        posterior: posterior?.sample,
      });
      if (report.failed.length) {
        const first = report.failed.slice(0, 5).map((f) => `  run ${f.runId}: ${f.error}`);
        throw plainError(
          `${report.failed.length} of ${report.planned} runs failed; results of the others are in ${db}, no outputs were written.\n${first.join('\n')}\nrerun with --resume to retry the failed runs`,
        );
      }
      if (o.json) process.stdout.write(JSON.stringify(report.outcomes, null, 2) + '\n');
      else if (!o.quiet) process.stdout.write(ensembleSummaryText(report, dir, db, posterior ? `${drawsText(posterior)}, ${mode}` : undefined) + '\n');
    });
}

/** The crash tests' hook (see `EnsembleRunOptions.haltAfterRuns`): a positive integer or unset. */
function testHaltAfterRuns(): number | undefined {
  return testHook('MOMENTUM_TEST_HALT_AFTER_RUNS');
}

/** A crash tests' hook (see `EnsembleRunOptions.haltAfterRuns` and `killBeforeCommit`): a positive integer or unset. */
function testHook(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
