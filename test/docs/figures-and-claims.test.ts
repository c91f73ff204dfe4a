/**
 * Figures come from recorded benchmarks, generated tables are current, and claims that cite a
 * test are backed by that test. The docs checked are README.md, docs/*.md and examples/*.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docFiles } from '../../scripts/docs/markdown.js';
import { BENCH_TABLES, loadRecords, unbackedFigures } from '../../scripts/docs/bench-records.js';
import { refreshGenerated } from '../../scripts/docs/generated.js';
import { uncheckedClaims } from '../../scripts/docs/citations.js';

const ROOT = join(import.meta.dirname, '../..');
const records = loadRecords(ROOT);
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

describe('benchmark records (bench/records/)', () => {
  it('are well-formed, and every generated table row names a figure its benchmark records', () => {
    expect(records.length).toBeGreaterThan(0);
    for (const rows of Object.values(BENCH_TABLES)) {
      for (const row of rows) {
        const ofBench = records.filter((r) => r.bench === row.bench);
        if (ofBench.length === 0) continue; // the table then says "no record yet"
        expect(ofBench.some((r) => row.figure in r.figures), `no ${row.bench} record has the figure ${row.figure}`).toBe(true);
      }
    }
  });
});

describe('generated tables are current (refresh with `npm run docs`)', () => {
  for (const file of docFiles(ROOT)) {
    it(file, () => {
      const text = read(file);
      expect(refreshGenerated(ROOT, file, text, records), `${file}: a generated table is stale; run \`npm run docs\``).toBe(text);
    });
  }
});

describe('every timing a doc states is backed by a benchmark record', () => {
  for (const file of docFiles(ROOT)) {
    it(file, () => {
      const unbacked = unbackedFigures(read(file), records).map((f) => `${file}:${f.line}: "${f.text}"`);
      expect(
        unbacked,
        `${unbacked.join('\n')}\nno record in bench/records/ backs these figures: quote benchmark figures through a generated table (\`<!-- bench-…:begin -->\`, \`npm run docs\`), or, for history or settings that are not measurements of the current code, wrap them in <!-- unrecorded: REASON --> … <!-- /unrecorded -->`,
      ).toEqual([]);
    });
  }
});

describe('claims that cite a test for a number cite a test that prints or asserts it', () => {
  for (const file of docFiles(ROOT)) {
    it(file, () => {
      const problems = uncheckedClaims(ROOT, file, read(file));
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});
