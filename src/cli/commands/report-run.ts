/**
 * `momentum report run SCENARIO --html FILE` and `momentum report compare A B --html FILE`:
 * standalone HTML with inline SVG charts from the playground's chart specifications
 * (src/charts, rendered with Plot + linkedom), written atomically.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioRegistry, runScenario, withOverrides, type Mode, type ResolvedScenario, type RunResult } from '../../model/index.js';
import { observationsFileSchema } from '../../model/calibrate/observation-schema.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { writeFileAtomic } from '../../shell/output-dir.js';
import { runSeriesOf } from '../../charts/run-series.js';
import { compareReportHtml, runReportHtml, type ReportRun } from '../../charts/report-html.js';
import type { ObservationPoint } from '../../charts/chart-spec.js';
import { reportCommand } from './report.js';
import { parseHorizon, parseIntOption, parseMode, parseOverrideFlags } from '../options.js';

function modeText(r: RunResult): string {
  return r.summary.mode === 'agents' ? `agents (${r.summary.agents} agents, seed ${r.summary.seed})` : 'meanfield';
}

function reportRun(s: ResolvedScenario, r: RunResult): ReportRun {
  return { name: s.name, description: s.description, run: runSeriesOf(r), overrides: s.overrides, events: s.events, mode: modeText(r), paramsHash: r.summary.paramsHash };
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

function runOpts(o: Record<string, unknown>) {
  return {
    mode: parseMode(String(o.mode)) as Mode,
    agents: parseIntOption('--agents', String(o.agents), 1, 50_000_000),
    seed: parseIntOption('--seed', String(o.seed), -2147483648, 4294967295),
    ...parseHorizon(String(o.from), String(o.to)),
  };
}

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
      .option('--set <name=value...>', 'override parameters (repeatable)'),
  ).action((arg: string, o: Record<string, unknown>) => {
    const opts = runOpts(o);
    let s = resolveScenarioArg(arg);
    const ov = parseOverrideFlags(o.set as string[] | undefined);
    if (ov) s = withOverrides(s, ov);
    const r = runScenario(s, opts);
    const isBaseline = s.name === 'baseline' && Object.keys(s.overrides).length === 0;
    let base: ReportRun | undefined;
    if (!isBaseline) {
      const bs = new ScenarioRegistry().resolve('baseline');
      base = reportRun(bs, runScenario(bs, opts));
    }
    const html = runReportHtml(reportRun(s, r), base, loadObservations(o.observations as string | undefined));
    writeFileAtomic(String(o.html), html);
    if (!o.quiet) process.stdout.write(`wrote ${String(o.html)}\n`);
  });
  common(
    report
      .command('compare')
      .description('HTML report comparing scenario B (solid) with A (dashed)')
      .argument('<a>', 'scenario name or file (drawn dashed)')
      .argument('<b>', 'scenario name or file (drawn solid)'),
  ).action((a: string, b: string, o: Record<string, unknown>) => {
    const opts = runOpts(o);
    const sa = resolveScenarioArg(a);
    const sb = resolveScenarioArg(b);
    const html = compareReportHtml(reportRun(sa, runScenario(sa, opts)), reportRun(sb, runScenario(sb, opts)), loadObservations(o.observations as string | undefined));
    writeFileAtomic(String(o.html), html);
    if (!o.quiet) process.stdout.write(`wrote ${String(o.html)}\n`);
  });
}
