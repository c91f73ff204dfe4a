/** `momentum run [SCENARIO|FILE]`: one run, written to DIR/series.csv and DIR/summary.json. */
import type { Command } from 'commander';
import { resultToCsv, runScenario, ValidationError, type Mode, type RunResult } from '../../model/index.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { writeOutputDir } from '../../shell/output-dir.js';
import { createProgress } from '../../shell/progress.js';
import { formatTable } from '../format-table.js';
import { parseHorizon, parseMode, parseIntOption, parseOverrideFlags } from '../options.js';
import { withOverrides } from '../../model/index.js';
import { KEY_ROWS } from '../../model/outputs/compare.js';

export { KEY_ROWS };

/** The human summary of a run. */
export function summaryText(r: RunResult): string {
  const s = r.summary;
  const T = r.dates.length;
  const cols = [0, r.dates.indexOf('2025-12'), T - 1].filter((i, k, a) => i >= 0 && a.indexOf(i) === k);
  const rows = KEY_ROWS.map(([m, g]) => {
    const v = r.series.find(m, g);
    return [m, g, ...cols.map((t) => (v && Number.isFinite(v[t]) ? v[t] : null))];
  });
  const head = `Momentum ${s.modelVersion} | scenario ${s.scenario} | ${s.mode}${s.mode === 'agents' ? ` (${s.agents} agents, seed ${s.seed})` : ''} | ${s.from}..${s.to} | params ${s.paramsHash}`;
  const ind = s.indicators;
  const lines = [
    head,
    `CN open-weight downloads overtake US: ${ind.cn_overtakes_us_downloads ?? 'never'}`,
    `CN share of new derivatives overtakes US: ${ind.cn_overtakes_us_derivatives ?? 'never'}`,
    '',
    formatTable(['metric', 'group', ...cols.map((t) => r.dates[t])], rows),
  ];
  return lines.join('\n');
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a scenario and write DIR/series.csv and DIR/summary.json')
    .argument('[scenario]', 'built-in scenario name or YAML/JSON file', 'baseline')
    .option('--mode <mode>', 'meanfield | agents', 'meanfield')
    .option('--agents <n>', 'number of agents (agents mode)', '100000')
    .option('--seed <s>', 'random seed', '1')
    .option('--from <YYYY-MM>', 'first month', '2023-01')
    .option('--to <YYYY-MM>', 'last month', '2030-12')
    .option('--set <name=value...>', 'override parameters (repeatable)')
    .option('--out <dir>', 'output folder (default out/<scenario>); - writes series.csv to stdout')
    .option('--quiet', 'print nothing on success')
    .option('--json', 'print summary.json to stdout instead of the table')
    .action((arg: string, o: Record<string, string | string[] | boolean | undefined>) => {
      if (o.out === '-' && o.json) throw new ValidationError('--out', [{ path: '--out', expected: 'a folder when --json is given (--out - writes the CSV to stdout, where the JSON would go)', found: '"-"' }]);
      const mode: Mode = parseMode(String(o.mode));
      const agents = parseIntOption('--agents', String(o.agents), 1, 50_000_000);
      const seed = parseIntOption('--seed', String(o.seed), -2147483648, 4294967295);
      const { from, to } = parseHorizon(String(o.from), String(o.to));
      let scenario = resolveScenarioArg(arg);
      const overrides = parseOverrideFlags(o.set as string[] | undefined);
      if (overrides) scenario = withOverrides(scenario, overrides);
      const progress = createProgress(`run ${scenario.name}`, !o.quiet && !o.json && mode === 'agents');
      const result = runScenario(scenario, { mode, agents, seed, from, to, onProgress: (d, t) => progress.update(d, t) });
      progress.stop();
      const csv = resultToCsv(result);
      if (o.out === '-') {
        // the CSV alone on stdout, for pipes (nothing else is printed there)
        process.stdout.write(csv);
        return;
      }
      const dir = (o.out as string | undefined) ?? `out/${scenario.name}`;
      const summaryJson = JSON.stringify(result.summary, null, 2) + '\n';
      writeOutputDir(dir, { 'series.csv': csv, 'summary.json': summaryJson });
      if (o.json) process.stdout.write(summaryJson);
      else if (!o.quiet) process.stdout.write(`${summaryText(result)}\n\nwrote ${dir}/series.csv and ${dir}/summary.json\n`);
    });
}
