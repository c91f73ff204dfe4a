/**
 * Every generated region of the docs, `<!-- NAME:begin -->…<!-- NAME:end -->`, by name: the
 * specification's tables (from the code's metadata), the current calibration (from
 * src/model/params/calibrated.ts), the committed posterior samples (data/posterior, data/posterior-backtest) and the
 * benchmark tables (from bench/records/). Markers stand
 * alone on their lines. An unknown name is an error, so a typo cannot leave a table unrefreshed.
 */
import { SPEC_BLOCKS } from '../../src/shell/docs/spec-tables.js';
import { BENCH_TABLES, benchTable, type BenchRecord } from './bench-records.js';
import { calibrationBlocks } from './calibration-tables.js';
import { posteriorBlocks } from './posterior-tables.js';

/** Regenerates every generated region of a doc (`file` relative to the package root). */
export function refreshGenerated(root: string, file: string, doc: string, records: readonly BenchRecord[]): string {
  const makers: Record<string, () => string> = { ...SPEC_BLOCKS, ...calibrationBlocks(root), ...posteriorBlocks(root) };
  const linkBase = file.includes('/') ? '../'.repeat(file.split('/').length - 1) : '';
  for (const name of Object.keys(BENCH_TABLES)) makers[name] = () => benchTable(name, records).replace('](bench/records/)', `](${linkBase}bench/records/)`);
  return doc.replace(/^<!-- ([\w-]+):begin -->$[\s\S]*?^<!-- \1:end -->$/gm, (whole, name: string) => {
    const make = makers[name];
    if (!make) throw new Error(`${file}: unknown generated region "${name}" (known: ${Object.keys(makers).join(', ')})`);
    return `<!-- ${name}:begin -->\n${make()}\n<!-- ${name}:end -->`;
  });
}
