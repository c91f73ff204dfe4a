/** `momentum scenarios` and `momentum params`: what can be run and tuned. */
import type { Command } from 'commander';
import { PARAM_DEFS, ScenarioRegistry, ValidationError } from '../../model/index.js';
import { editorScenarioJsonSchema } from '../../shell/scenario-schema.js';
import { formatNumber, formatTable } from '../format-table.js';
import { writeFileAtomic } from '../../shell/output-dir.js';

/** First sentence of a description. */
export function firstSentence(s: string): string {
  const m = /^(.*?[.!?])(\s|$)/.exec(s);
  return m ? m[1] : s;
}

/** Width of the compact `momentum params` table. */
export const PARAMS_WIDTH = 100;

/**
 * The compact parameter table: name, kind, default, prior (of a calibrated default), range and
 * unit, each line at most {@link PARAMS_WIDTH} characters (the unit is cut with "…" when the
 * line would be longer).
 */
export function paramsTable(rows: { name: string; kind: string; value: string; prior: string; range: string; unit: string; assumption: boolean }[]): string {
  const head = ['name', 'kind', 'default', 'prior', 'range', 'unit'];
  const cells = rows.map((r) => [r.name, r.kind, r.value, r.prior, r.range, r.unit]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const fixed = widths.slice(0, 5).reduce((a, b) => a + b + 2, 0);
  widths[5] = Math.max(8, Math.min(widths[5], PARAMS_WIDTH - fixed));
  const cut = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s);
  const line = (c: string[]) => c.map((x, i) => (i === 2 || i === 3 ? cut(x, widths[i]).padStart(widths[i]) : cut(x, widths[i]).padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .option('--json', 'print as JSON')
    .action((o: { json?: boolean }) => {
      const reg = new ScenarioRegistry();
      const list = reg.list();
      if (o.json) {
        process.stdout.write(JSON.stringify(list.map((s) => ({ name: s.name, extends: s.extends ?? null, description: s.description, events: s.events.length })), null, 2) + '\n');
        return;
      }
      process.stdout.write(formatTable(['scenario', 'description'], list.map((s) => [s.name, firstSentence(s.description)])) + '\n');
    });

  program
    .command('params')
    .description('list every parameter: name, kind, default, prior (of a calibrated default), range, unit (--wide adds description and source)')
    .option('--json', 'print as JSON')
    .option('--kind <kind>', 'only "policy" levers or "world" assumptions')
    .option('--wide', 'every column, descriptions and sources in full (wider than a terminal)')
    .action((o: { json?: boolean; kind?: string; wide?: boolean }) => {
      if (o.kind !== undefined && o.kind !== 'policy' && o.kind !== 'world') throw new ValidationError('--kind', [{ path: '--kind', expected: '"policy" or "world"', found: JSON.stringify(o.kind) }]);
      const defs = PARAM_DEFS.filter((d) => !o.kind || d.kind === o.kind);
      if (o.json) {
        process.stdout.write(JSON.stringify(defs, null, 2) + '\n');
        return;
      }
      const range = (d: (typeof defs)[number]) => (d.options ? d.options.join('|') : `${formatNumber(d.min ?? NaN)}..${formatNumber(d.max ?? NaN)}`);
      const value = (v: string | number) => (typeof v === 'number' ? formatNumber(v) : v);
      if (o.wide) {
        // the source in full, so a calibrated default says so
        const rows = defs.map((d) => [d.name, d.kind, d.unit, value(d.default), d.prior === undefined ? '' : value(d.prior), range(d), d.description, d.source]);
        process.stdout.write(formatTable(['name', 'kind', 'unit', 'default', 'prior', 'range', 'description', 'source'], rows) + '\n');
        return;
      }
      process.stdout.write(paramsTable(defs.map((d) => ({ name: d.name, kind: d.kind, value: value(d.default), prior: d.prior === undefined ? '' : value(d.prior), range: range(d), unit: d.unit, assumption: d.source.startsWith('assumption') }))) + '\n');
      process.stdout.write('\nDefaults rounded to 4 significant digits (exact: --json); descriptions, sources: --wide\n');
    });

  program
    .command('schema')
    .description('write the JSON Schema of scenario files (for editors)')
    .option('--out <file>', 'output file', 'scenario.schema.json')
    .action((o: { out: string }) => {
      writeFileAtomic(o.out, JSON.stringify(editorScenarioJsonSchema(), null, 2) + '\n');
      process.stdout.write(`wrote ${o.out}\n`);
    });
}
