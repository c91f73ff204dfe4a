/**
 * `npm run docs`: makes the docs true again after a change, in one command. It (1) regenerates
 * every generated region of README.md, docs/*.md and examples/*.md — the specification's tables
 * from the code, the current calibration, the benchmark tables from bench/records/ — and (2) runs
 * every documented command and rewrites the output shown by each stale transcript. Review the
 * diff and commit it. (`npm run docs` compiles dist/ first: the commands run the built CLI.)
 *
 *   npm run docs                 regenerate and rewrite (`-- --update` says the same)
 *   npm run docs -- --check      write nothing; exit 1 and show what is stale
 *   npm run docs -- --no-run     regenerate the tables only (no commands run)
 *
 * A command that fails, or a block whose marker is wrong, cannot be refreshed: it is reported
 * and the exit status is 1 (the other docs are still refreshed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { docFiles } from './docs/markdown.js';
import { loadRecords } from './docs/bench-records.js';
import { refreshGenerated } from './docs/generated.js';
import { applyBodies, checkSynopsis, docExamples, runExample, type ExampleResult } from './docs/doc-examples.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const known = new Set(['--check', '--no-run', '--update']);
const unknown = process.argv.slice(2).filter((a) => !known.has(a));
if (unknown.length) {
  console.error(`npm run docs: unknown option ${unknown.join(' ')} (known: ${[...known].join(', ')})`);
  process.exit(2);
}
const check = process.argv.includes('--check');
const runCommands = !process.argv.includes('--no-run');
const records = loadRecords(root);
const errors: string[] = [];
const changed: string[] = [];

for (const file of docFiles(root)) {
  const before = readFileSync(`${root}/${file}`, 'utf8');
  let text = refreshGenerated(root, file, before, records);
  if (text !== before) console.log(`${file}: generated tables ${check ? 'are stale' : 'regenerated'}`);
  if (runCommands) {
    const { examples, problems } = docExamples(file, text);
    errors.push(...problems);
    const results: ExampleResult[] = [];
    for (const ex of examples) {
      if (ex.spec.kind === 'synopsis') {
        errors.push(...checkSynopsis(root, ex));
        continue;
      }
      if (ex.spec.kind === 'not-run') continue;
      process.stdout.write(`${file}:${ex.block.line}: running ${ex.spec.kind}… `);
      const r = await runExample(root, ex);
      results.push(r);
      if (r.failures.length === 0) console.log('ok');
      else if (r.refreshable) {
        console.log(check ? 'STALE' : 'output rewritten');
        if (check) console.log(diff(r.expected, r.actual));
      } else {
        console.log('FAILED');
        errors.push(...r.failures);
      }
    }
    text = applyBodies(text, results.filter((r) => r.refreshable));
  }
  if (text !== before) {
    changed.push(file);
    if (!check) writeFileSync(`${root}/${file}`, text);
  }
}

/** A plain line diff (expected → actual) of a stale transcript. */
function diff(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (x[i] !== undefined) out.push(`  - ${x[i]}`);
    if (y[i] !== undefined) out.push(`  + ${y[i]}`);
  }
  return out.join('\n');
}

for (const e of errors) console.error(`error: ${e}`);
if (check) {
  console.log(changed.length ? `stale: ${changed.join(', ')} (run \`npm run docs\`)` : 'every doc is up to date');
  process.exitCode = changed.length || errors.length ? 1 : 0;
} else {
  console.log(changed.length ? `rewrote ${changed.join(', ')}: review the diff and commit it` : 'every doc is up to date');
  process.exitCode = errors.length ? 1 : 0;
}
