/**
 * `momentum report run SCENARIO --html FILE` and `momentum report compare A B --html FILE`:
 * standalone HTML with inline SVG charts from the playground's chart specifications
 * (src/charts, rendered with Plot + linkedom), written atomically.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_VERSION, ScenarioRegistry, runScenario, ValidationError, withOverrides, type Mode, type ResolvedScenario, type RunResult } from '../../model/index.js';
import { observationsFileSchema } from '../../model/calibrate/observation-schema.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { writeFileAtomic } from '../../shell/output-dir.js';
import { runSeriesOf } from '../../charts/run-series.js';
import { compareReportHtml, runReportHtml, type ReportRun } from '../../charts/report-html.js';
import type { ObservationPoint } from '../../charts/chart-spec.js';
import { reportCommand } from './report.js';
import { parseHorizon, parseIntOption, parseMode, parseOverrideFlags } from '../options.js';
import { readEnsembleDir } from '../../shell/ensemble-dir.js';
import type { EnsembleView } from '../../charts/ensemble-report.js';

function modeText(r: RunResult): string {
  return r.summary.mode === 'agents' ? `agents (${r.summary.agents} agents, seed ${r.summary.seed})` : 'meanfield';
}

function reportRun(s: ResolvedScenario, r: RunResult, ensemble?: EnsembleView): ReportRun {
  return { name: s.name, description: s.description, run: runSeriesOf(r), overrides: s.overrides, events: s.events, mode: modeText(r), paramsHash: r.summary.paramsHash, ensemble };
}

/** Observations from `file` (default data/observations.json in the working folder) if present and valid; a warning otherwise. */
function loadObservations(file: string | undefined): ObservationPoint[] | undefined {
  const path = file ?? join(process.cwd(), 'data', 'observations.json');
  if (!existsSync(path)) return undefined;
  try {
    const parsed = observationsFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data;
    process.stderr.write(`warning: ${path} is not a valid observations file; charts are drawn without observations\n`);
  } catch (e) {
    process.stderr.write(`warning: could not read ${path}: ${(e as Error).message}\n`);
  }
  return undefined;
}

/**
 * The run options. With ensembles, the horizon is theirs unless --from/--to are given, and then
 * it must be theirs (a fan is drawn over the months it has).
 */
function runOpts(o: Record<string, unknown>, cmd: Command, ensembles: readonly EnsembleView[] = []) {
  let from = String(o.from);
  let to = String(o.to);
  for (const e of ensembles) {
    for (const [flag, key, theirs] of [
      ['--from', 'from', e.outcomes.ensemble.from],
      ['--to', 'to', e.outcomes.ensemble.to],
    ] as const) {
      const given = cmd.getOptionValueSource(key) === 'cli';
      const mine = key === 'from' ? from : to;
      if (given && mine !== theirs) {
        throw new ValidationError(flag, [{ path: flag, expected: `the horizon of the ensemble in ${e.dir} (${e.outcomes.ensemble.from}..${e.outcomes.ensemble.to}), or no ${flag}`, found: JSON.stringify(mine) }]);
      }
      if (key === 'from') from = theirs;
      else to = theirs;
    }
  }
  if (ensembles.length === 2 && (ensembles[0].outcomes.ensemble.from !== ensembles[1].outcomes.ensemble.from || ensembles[0].outcomes.ensemble.to !== ensembles[1].outcomes.ensemble.to)) {
    const h = (e: EnsembleView) => `${e.outcomes.ensemble.from}..${e.outcomes.ensemble.to}`;
    throw new ValidationError('--ensemble', [{ path: '--ensemble', expected: 'two ensembles over the same months', found: `${h(ensembles[0])} in ${ensembles[0].dir} and ${h(ensembles[1])} in ${ensembles[1].dir}` }]);
  }
  return {
    mode: parseMode(String(o.mode)) as Mode,
    agents: parseIntOption('--agents', String(o.agents), 1, 50_000_000),
    seed: parseIntOption('--seed', String(o.seed), -2147483648, 4294967295),
    ...parseHorizon(from, to),
  };
}

/** Reads the --ensemble folders and pairs each with the scenario of that name. */
function ensemblesFor(dirs: readonly string[], scenarios: readonly ResolvedScenario[], quiet: boolean): (EnsembleView | undefined)[] {
  const views = dirs.map((d) => readEnsembleDir(d));
  const out: (EnsembleView | undefined)[] = scenarios.map(() => undefined);
  for (const v of views) {
    const i = scenarios.findIndex((s, k) => s.name === v.outcomes.ensemble.scenario && out[k] === undefined);
    if (i < 0) {
      const names = scenarios.map((s) => JSON.stringify(s.name)).join(' or ');
      throw new ValidationError('--ensemble', [
        { path: '--ensemble', expected: `an ensemble of scenario ${names}${scenarios.length > 1 ? ', at most one each' : ''}`, found: `${JSON.stringify(v.dir)}, an ensemble of "${v.outcomes.ensemble.scenario}"` },
      ]);
    }
    out[i] = v;
    if (!quiet && v.outcomes.ensemble.model_version !== MODEL_VERSION) {
      process.stderr.write(`warning: ${v.dir}: an ensemble of model version ${v.outcomes.ensemble.model_version}, drawn beside runs of this model (${MODEL_VERSION})\n`);
    }
  }
  return out;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function common(cmd: Command): Command {
  return cmd
    .requiredOption('--html <file>', 'HTML file to write')
    .option('--mode <mode>', 'meanfield | agents', 'meanfield')
    .option('--agents <n>', 'number of agents (agents mode)', '100000')
    .option('--seed <s>', 'random seed', '1')
    .option('--from <YYYY-MM>', 'first month', '2023-01')
    .option('--to <YYYY-MM>', 'last month', '2030-12')
    .option('--observations <file>', 'observations to overlay (default data/observations.json if present)')
    .option('--quiet', 'print nothing on success');
}

/** Registers `report run [SCENARIO] --html FILE` and `report compare A B --html FILE` under `momentum report`. */
export function registerReportRun(program: Command): void {
  const report = reportCommand(program);
  common(
    report
      .command('run')
      .description('HTML report of one scenario beside the baseline (inline SVG charts)')
      .argument('[scenario]', 'built-in scenario name or YAML/JSON file', 'baseline')
      .option('--set <name=value...>', 'override parameters (repeatable)')
      .option('--ensemble <dir>', "an ensemble of the scenario (`momentum ensemble`'s output folder): fan charts and its outcome probabilities"),
  ).action((arg: string, o: Record<string, unknown>, cmd: Command) => {
    let s = resolveScenarioArg(arg);
    const ov = parseOverrideFlags(o.set as string[] | undefined);
    if (ov) s = withOverrides(s, ov);
    const [ensemble] = o.ensemble === undefined ? [undefined] : ensemblesFor([String(o.ensemble)], [s], Boolean(o.quiet));
    const opts = runOpts(o, cmd, ensemble ? [ensemble] : []);
    const r = runScenario(s, opts);
    const isBaseline = s.name === 'baseline' && Object.keys(s.overrides).length === 0;
    let base: ReportRun | undefined;
    if (!isBaseline) {
      const bs = new ScenarioRegistry().resolve('baseline');
      base = reportRun(bs, runScenario(bs, opts));
    }
    const html = runReportHtml(reportRun(s, r, ensemble), base, loadObservations(o.observations as string | undefined));
    writeFileAtomic(String(o.html), html);
    if (!o.quiet) process.stdout.write(`wrote ${String(o.html)}\n`);
  });
  common(
    report
      .command('compare')
      .description('HTML report comparing scenario B (solid) with A (dashed)')
      .argument('<a>', 'scenario name or file (drawn dashed)')
      .argument('<b>', 'scenario name or file (drawn solid)')
      .option('--ensemble <dir>', "an ensemble of A or of B (`momentum ensemble`'s output folder; give it twice for both): fan charts and outcome probabilities", collect),
  ).action((a: string, b: string, o: Record<string, unknown>, cmd: Command) => {
    const sa = resolveScenarioArg(a);
    const sb = resolveScenarioArg(b);
    const dirs = (o.ensemble as string[] | undefined) ?? [];
    if (dirs.length > 2) throw new ValidationError('--ensemble', [{ path: '--ensemble', expected: 'at most two folders (one for A, one for B)', found: `${dirs.length}` }]);
    const [ea, eb] = ensemblesFor(dirs, [sa, sb], Boolean(o.quiet));
    const opts = runOpts(o, cmd, [ea, eb].filter((e): e is EnsembleView => !!e));
    const html = compareReportHtml(reportRun(sa, runScenario(sa, opts), ea), reportRun(sb, runScenario(sb, opts), eb), loadObservations(o.observations as string | undefined));
    writeFileAtomic(String(o.html), html);
    if (!o.quiet) process.stdout.write(`wrote ${String(o.html)}\n`);
  });
}
