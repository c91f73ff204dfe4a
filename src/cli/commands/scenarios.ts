/** `momentum scenarios` and `momentum params`: what can be run and tuned. */
import type { Command } from 'commander';
import { PARAM_DEFS, ScenarioRegistry, ValidationError, scenarioJsonSchema } from '../../model/index.js';
import { formatTable } from '../format-table.js';
import { writeFileAtomic } from '../../shell/output-dir.js';

/** First sentence of a description. */
export function firstSentence(s: string): string {
  const m = /^(.*?[.!?])(\s|$)/.exec(s);
  return m ? m[1] : s;
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
    .description('list every parameter: name, kind, unit, default, prior (of calibrated defaults), range, description, source')
    .option('--json', 'print as JSON')
    .option('--kind <kind>', 'only "policy" levers or "world" assumptions')
    .action((o: { json?: boolean; kind?: string }) => {
      if (o.kind !== undefined && o.kind !== 'policy' && o.kind !== 'world') {
        throw new ValidationError('--kind', [{ path: '--kind', expected: '"policy" or "world"', found: JSON.stringify(o.kind) }]);
      }
      const defs = PARAM_DEFS.filter((d) => !o.kind || d.kind === o.kind);
      if (o.json) {
        process.stdout.write(JSON.stringify(defs, null, 2) + '\n');
        return;
      }
      // The prior is the value before calibration (blank for parameters that are not fitted); the
      // source is shown in full, so a calibrated default says so.
      const rows = defs.map((d) => [
        d.name,
        d.kind,
        d.unit,
        String(d.default),
        d.prior === undefined ? '' : String(d.prior),
        d.options ? d.options.join('|') : `${d.min}..${d.max}`,
        d.description,
        d.source,
      ]);
      process.stdout.write(formatTable(['name', 'kind', 'unit', 'default', 'prior', 'range', 'description', 'source'], rows) + '\n');
    });

  program
    .command('schema')
    .description('write the JSON Schema of scenario files (for editors)')
    .option('--out <file>', 'output file', 'scenario.schema.json')
    .action((o: { out: string }) => {
      writeFileAtomic(o.out, JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
      process.stdout.write(`wrote ${o.out}\n`);
    });
}
