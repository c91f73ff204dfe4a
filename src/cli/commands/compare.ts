/**
 * `momentum compare A B`: differences in key indicators, on stdout and in DIR/compare.csv (the
 * comparison itself: model/outputs/compare.ts). With `--sample posterior`, the distribution of
 * B − A over posterior draws (ensemble/compare-posterior.ts), in extra columns of compare.csv.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { runScenario, ValidationError, type Mode } from '../../model/index.js';
import { compareCsv, compareRuns, type CompareRow } from '../../model/outputs/compare.js';
import { resolveScenarioArg } from '../../shell/scenario-files.js';
import { writeOutputDir } from '../../shell/output-dir.js';
import { createProgress } from '../../shell/progress.js';
import { formatTable } from '../format-table.js';
import { parseHorizon, parseMode, parseIntOption } from '../options.js';
import { choosePosterior, drawsText, parseAssumptions, posteriorNotes, posteriorRef } from '../posterior-options.js';

/** Number formatting for the distribution columns (the table keeps full numbers elsewhere). */
function short(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 1 ? v.toPrecision(4).replace(/\.?0+$/, '') : v.toPrecision(3);
}

const fmtP = (p: number | null) => (p === null ? '—' : String(Math.round(p * 1000) / 1000));

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare key indicators of two scenarios (B minus A); with --sample posterior, the distribution of B − A over posterior draws')
    .argument('<a>', 'scenario name or file')
    .argument('<b>', 'scenario name or file')
    .option('--mode <mode>', 'meanfield | agents', 'meanfield')
    .option('--agents <n>', 'number of agents (agents mode)', '100000')
    .option('--seed <s>', 'random seed', '1')
    .option('--from <YYYY-MM>', 'first month', '2023-01')
    .option('--to <YYYY-MM>', 'last month', '2030-12')
    .option('--sample <design>', 'posterior: run A and B over the draws of --posterior (paired: same draw, same seed)')
    .option('--posterior <dir>', 'posterior sample folder (posterior.csv, diagnostics.json; default data/posterior); implies --sample posterior')
    .option('--runs <n>', 'with --sample posterior: pairs of runs (default every draw up to 100, × --seeds-per-draw)')
    .option('--seeds-per-draw <k>', 'with --sample posterior in agents mode: runs (seeds) per draw', '1')
    .option('--assumptions <fixed|prior>', 'with --sample posterior: the uncalibrated assumptions hold their values (fixed, default) or are drawn from their soft priors beside each draw (prior; A and B share them)')
    .option('--workers <k>', 'with --sample posterior: worker threads', String(Math.max(1, availableParallelism())))
    .option('--out <dir>', 'output folder (default out/compare-A-vs-B); - writes compare.csv to stdout')
    .option('--quiet', 'print nothing on success')
    .option('--json', 'print the rows as JSON')
    .action(async (a: string, b: string, o: Record<string, string | boolean | undefined>, cmd: Command) => {
      if (o.out === '-' && o.json) throw new ValidationError('--out', [{ path: '--out', expected: 'a folder when --json is given (--out - writes the CSV to stdout, where the JSON would go)', found: '"-"' }]);
      if (o.sample !== undefined && o.sample !== 'posterior') throw new ValidationError('--sample', [{ path: '--sample', expected: '"posterior" (or no --sample: one run of each scenario)', found: JSON.stringify(o.sample) }]);
      const posteriorMode = o.sample === 'posterior' || o.posterior !== undefined;
      if (!posteriorMode) {
        for (const [flag, key] of [
          ['--runs', 'runs'],
          ['--seeds-per-draw', 'seedsPerDraw'],
          ['--workers', 'workers'],
        ] as const) {
          if (cmd.getOptionValueSource(key) === 'cli') throw new ValidationError(flag, [{ path: flag, expected: 'to be given with --sample posterior', found: `${flag} ${String(o[key])} without it` }]);
        }
      }
      const assumptions = parseAssumptions(o.assumptions as string | undefined, posteriorMode);
      const mode = parseMode(String(o.mode)) as Mode;
      const agents = parseIntOption('--agents', String(o.agents), 1, 50_000_000);
      const seed = parseIntOption('--seed', String(o.seed), -2147483648, 4294967295);
      const { from, to } = parseHorizon(String(o.from), String(o.to));
      const sa = resolveScenarioArg(a);
      const sb = resolveScenarioArg(b);
      const workers = parseIntOption('--workers', String(o.workers), 1, 1024);
      const choice = posteriorMode ? choosePosterior({ dir: o.posterior as string | undefined, runs: o.runs as string | undefined, seedsPerDraw: String(o.seedsPerDraw), mode, assumptions }) : undefined;
      const opts = { mode, agents, seed, from, to };
      const rows = compareRuns(runScenario(sa, opts), runScenario(sb, opts));
      const dir = (o.out as string | undefined) ?? `out/compare-${sa.name}-vs-${sb.name}`;
      if (!choice) {
        if (o.out === '-') {
          process.stdout.write(compareCsv(rows));
          return;
        }
        writeOutputDir(dir, { 'compare.csv': compareCsv(rows) });
        if (o.json) process.stdout.write(JSON.stringify({ a: sa.name, b: sb.name, rows }, null, 2) + '\n');
        else if (!o.quiet) {
          process.stdout.write(
            `compare ${sa.name} (A) vs ${sb.name} (B), ${mode}\n\n` +
              formatTable(['indicator', 'group', 'A', 'B', 'B − A'], rows.map((r) => [r.metric, r.group, r.a, r.b, r.difference])) +
              `\n\nwrote ${dir}/compare.csv\n`,
          );
        }
        return;
      }

      // over posterior draws (loaded only here: the plain command does not pay for the pool)
      const { comparePosterior, posteriorCompareCsv } = await import('../../ensemble/compare-posterior.js');
      const refA = posteriorRef(choice, sa);
      const refB = posteriorRef(choice, sb);
      if (!o.quiet) {
        const notes = posteriorNotes(
          choice,
          [{ scenario: sa.name, names: refA.pinned }, ...(sb.name !== sa.name || refB.pinned.join() !== refA.pinned.join() ? [{ scenario: sb.name, names: refB.pinned }] : [])],
          [...new Set([...(refA.assumptions ?? []), ...(refB.assumptions ?? [])])],
        );
        for (const line of notes) process.stderr.write(line + '\n');
      }
      const progress = createProgress(`compare ${sa.name} vs ${sb.name}`, !(o.quiet || o.json || o.out === '-'));
      let result;
      try {
        result = await comparePosterior({ a: sa, b: sb, refA, refB, sample: choice.sample, runs: choice.runs, seed, mode, agents, from, to, point: rows, workers, onProgress: (d, n) => progress.update(d, n) });
      } finally {
        progress.stop();
      }
      const csv = posteriorCompareCsv(result.rows);
      const posterior = { source: choice.sample.source, hash: choice.sample.hash, draws_in_sample: choice.sample.draws.length, runs: choice.runs, seeds_per_draw: choice.seedsPerDraw, pinned: { a: refA.pinned, b: refB.pinned }, ...(choice.assumptions === 'prior' ? { assumptions_from_priors: { a: refA.assumptions ?? [], b: refB.assumptions ?? [] } } : {}), warnings: choice.sample.warnings };
      const outcomes = { a: sa.name, b: sb.name, mode, seed, from, to, posterior, note: 'p = share of the runs over posterior draws (A and B at the same draw and seed)', outcomes: result.outcomes };
      if (o.out === '-') {
        process.stdout.write(csv);
        return;
      }
      writeOutputDir(dir, { 'compare.csv': csv, 'outcomes.json': JSON.stringify(outcomes, null, 2) + '\n' });
      if (o.json) {
        process.stdout.write(JSON.stringify({ a: sa.name, b: sb.name, posterior, rows: result.rows, outcomes: result.outcomes }, null, 2) + '\n');
        return;
      }
      if (o.quiet) return;
      process.stdout.write(posteriorCompareText(sa.name, sb.name, `${mode}, ${result.runs} pairs of runs over ${drawsText(choice)}`, result.rows, result.outcomes, `${result.seconds.toFixed(1)} s`) + `\n\nwrote ${dir}/compare.csv and ${dir}/outcomes.json\n`);
    });
}

/** The stdout of `compare --sample posterior`. */
export function posteriorCompareText(
  a: string,
  b: string,
  what: string,
  rows: readonly (CompareRow & { difference_quantiles: Record<string, number> | null; p_difference_positive: number | null; pairs: number })[],
  outcomes: readonly { id: string; label: string; a: { p: number | null }; b: { p: number | null } }[],
  took: string,
): string {
  const table = formatTable(
    ['indicator', 'group', 'B − A, calibrated', 'median', '5%', '95%', 'P(B − A > 0)', 'pairs'],
    rows.map((r) => [r.metric, r.group, short(r.difference), short(r.difference_quantiles?.q50), short(r.difference_quantiles?.q05), short(r.difference_quantiles?.q95), r.p_difference_positive === null ? '—' : r.p_difference_positive.toFixed(2), String(r.pairs)]),
  );
  // outcome probabilities: the crossings by year as a table, then the other events
  const years = [...new Set(outcomes.map((e) => /_by_(\d{4})$/.exec(e.id)?.[1]).filter((y): y is string => !!y))];
  const crossingRows: (string | number | null)[][] = [];
  for (const [id, what] of [
    ['cn_overtakes_us_downloads', 'downloads'],
    ['cn_overtakes_us_tokens', 'hosted tokens'],
  ] as const) {
    for (const side of ['a', 'b'] as const) {
      crossingRows.push([`${what}, ${side === 'a' ? `A (${a})` : `B (${b})`}`, ...years.map((y) => outcomes.find((e) => e.id === `${id}_by_${y}`)?.[side].p ?? null)]);
    }
  }
  const others = outcomes.filter((e) => !/_by_\d{4}$/.test(e.id)).map((e) => `P(${e.label}): A ${fmtP(e.a.p)}, B ${fmtP(e.b.p)}`);
  const events = ['P(CN passes US by the end of the year)', formatTable(['', ...years], crossingRows), ...others].join('\n');
  return (
    `compare ${a} (A) vs ${b} (B): ${what} (${took})\n` +
    'B − A of each pair (A and B at the same draw and seed); crossing rows: months, pairs where both cross\n\n' +
    table +
    '\n\n' +
    events
  );
}

export { compareCsv, compareRuns, type CompareRow } from '../../model/outputs/compare.js';
