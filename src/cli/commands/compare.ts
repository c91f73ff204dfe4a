/** `momentum compare A B`: differences in key indicators, on stdout and in DIR/compare.csv (the comparison itself: model/outputs/compare.ts). */
import type { Command } from 'commander';
import { runScenario, ValidationError } from '../../model/index.js';
import { compareCsv, compareRuns } from '../../model/outputs/compare.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { writeOutputDir } from '../../shell/output-dir.js';
import { formatTable } from '../format-table.js';
import { parseHorizon, parseMode, parseIntOption } from '../options.js';

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
    .option('--out <dir>', 'output folder (default out/compare-A-vs-B); - writes compare.csv to stdout')
    .option('--quiet', 'print nothing on success')
    .option('--json', 'print the rows as JSON')
    .action((a: string, b: string, o: Record<string, string | boolean | undefined>) => {
      if (o.out === '-' && o.json) throw new ValidationError('--out', [{ path: '--out', expected: 'a folder when --json is given (--out - writes the CSV to stdout, where the JSON would go)', found: '"-"' }]);
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
      if (o.out === '-') {
        process.stdout.write(compareCsv(rows));
        return;
      }
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

export { compareCsv, compareRuns, type CompareRow } from '../../model/outputs/compare.js';
