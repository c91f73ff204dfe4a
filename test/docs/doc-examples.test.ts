/**
 * Documented commands are tests: every shell block of README.md, docs/*.md and examples/*.md is
 * marked (scripts/docs/doc-examples.ts); transcripts run and must print what the doc shows,
 * command blocks must succeed, synopses may only use flags the command has. A stale output fails
 * with the difference and the command that refreshes every output: `npm run docs`.
 * Needs dist/ (`npm test` builds it first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { docFiles } from '../../scripts/docs/markdown.js';
import { checkSynopsis, docExamples, runExample } from '../../scripts/docs/doc-examples.js';

const ROOT = join(import.meta.dirname, '../..');
const REFRESH = 'after a change, refresh every documented output with `npm run docs` and review the diff';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it in pretest)');
});

describe('every shell block of the docs is marked', () => {
  for (const file of docFiles(ROOT)) {
    it(file, () => {
      const { problems } = docExamples(file, readFileSync(join(ROOT, file), 'utf8'));
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }

  it('the docs hold transcripts, command blocks and synopses (the check is not empty)', () => {
    const kinds = docFiles(ROOT).flatMap((f) => docExamples(f, readFileSync(join(ROOT, f), 'utf8')).examples.map((e) => e.spec.kind));
    for (const k of ['transcript', 'commands', 'synopsis', 'not-run'] as const) expect(kinds).toContain(k);
  });
});

for (const file of docFiles(ROOT)) {
  const { examples } = docExamples(file, readFileSync(join(ROOT, file), 'utf8'));
  if (examples.length === 0) continue;
  describe(file, () => {
    for (const ex of examples) {
      const where = `${file}:${ex.block.line}`;
      if (ex.spec.kind === 'not-run') {
        it(`${where} is not run in CI: ${ex.spec.reason}`, () => expect(ex.spec.reason.length).toBeGreaterThan(10));
      } else if (ex.spec.kind === 'synopsis') {
        it(`${where}: every flag of the synopsis is in the command's --help`, () => {
          const failures = checkSynopsis(ROOT, ex);
          expect(failures, failures.join('\n')).toEqual([]);
        });
      } else {
        it(`${where}: ${ex.spec.kind === 'transcript' ? 'the transcript runs and prints what the doc shows' : 'every command succeeds'}`, async () => {
          const r = await runExample(ROOT, ex);
          const broken = r.failures.filter(() => !r.refreshable);
          expect(broken, broken.join('\n')).toEqual([]);
          expect(r.actual, `${where}: the output shown is stale; ${REFRESH}`).toBe(r.expected);
        }, 300_000);
      }
    }
  });
}
