/** `momentum compare A B`: differences in key indicators, on stdout and in DIR/compare.csv. */
import type { Command } from 'commander';
import { monthIndex, runScenario, type RunResult } from '../../model/index.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { writeOutputDir } from '../../shell/output-dir.js';
import { formatTable } from '../format-table.js';
import { KEY_ROWS } from './run.js';
import { parseHorizon, parseMode, parseIntOption } from '../options.js';

/** One row of a comparison. */
export interface CompareRow {
  metric: string;
  group: string;
  date: string;
  a: number | string | null;
  b: number | string | null;
  difference: number | null;
}

const CROSSINGS = ['cn_overtakes_us_downloads', 'cn_overtakes_us_derivatives', 'cn_overtakes_us_usage'] as const;

/** Rows comparing two runs: crossing months, then key metrics at the final month. */
export function compareRuns(a: RunResult, b: RunResult): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const k of CROSSINGS) {
    const va = a.summary.indicators[k];
    const vb = b.summary.indicators[k];
    rows.push({ metric: k, group: 'all', date: '', a: va, b: vb, difference: va && vb ? monthIndex(vb) - monthIndex(va) : null });
  }
  const t = a.dates.length - 1;
  for (const [m, g] of KEY_ROWS) {
    const va = a.series.find(m, g)?.[t];
    const vb = b.series.find(m, g)?.[b.dates.length - 1];
    const fa = va !== undefined && Number.isFinite(va) ? va : null;
    const fb = vb !== undefined && Number.isFinite(vb) ? vb : null;
    rows.push({ metric: m, group: g, date: a.dates[t], a: fa, b: fb, difference: fa !== null && fb !== null ? fb - fa : null });
  }
  return rows;
}

/** compare.csv: `metric,group,date,a,b,difference`. */
export function compareCsv(rows: CompareRow[]): string {
  const cell = (v: number | string | null) => (v === null ? '' : String(v));
  return 'metric,group,date,a,b,difference\n' + rows.map((r) => [r.metric, r.group, r.date, cell(r.a), cell(r.b), cell(r.difference)].join(',')).join('\n') + '\n';
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare key indicators of two scenarios (B minus A)')
    .argument('<a>', 'scenario name or file')
    .argument('<b>', 'scenario name or file')
    .option('--mode <mode>', 'meanfield | agents', 'meanfield')
    .option('--agents <n>', 'number of agents (agents mode)', '100000')
    .option('--seed <s>', 'random seed', '1')
    .option('--from <YYYY-MM>', 'first month', '2023-01')
    .option('--to <YYYY-MM>', 'last month', '2030-12')
    .option('--out <dir>', 'output folder (default out/compare-A-vs-B)')
    .option('--quiet', 'print nothing on success')
    .option('--json', 'print the rows as JSON')
    .action((a: string, b: string, o: Record<string, string | boolean | undefined>) => {
      const mode = parseMode(String(o.mode));
      const agents = parseIntOption('--agents', String(o.agents), 1, 50_000_000);
      const seed = parseIntOption('--seed', String(o.seed), -2147483648, 4294967295);
      const { from, to } = parseHorizon(String(o.from), String(o.to));
      const sa = resolveScenarioArg(a);
      const sb = resolveScenarioArg(b);
      const opts = { mode, agents, seed, from, to };
      const ra = runScenario(sa, opts);
      const rb = runScenario(sb, opts);
      const rows = compareRuns(ra, rb);
      const dir = (o.out as string | undefined) ?? `out/compare-${sa.name}-vs-${sb.name}`;
      writeOutputDir(dir, { 'compare.csv': compareCsv(rows) });
      if (o.json) process.stdout.write(JSON.stringify({ a: sa.name, b: sb.name, rows }, null, 2) + '\n');
      else if (!o.quiet) {
        process.stdout.write(
          `compare ${sa.name} (A) vs ${sb.name} (B), ${mode}\n\n` +
            formatTable(['indicator', 'group', 'A', 'B', 'B − A'], rows.map((r) => [r.metric, r.group, r.a, r.b, r.difference])) +
            `\n\nwrote ${dir}/compare.csv\n`,
        );
      }
    });
}
