/**
 * `npm run fuzz [-- --runs N --seed S]`: property-based fuzzing of scenarios and run options
 * (test/fuzz/scenario-fuzz.ts), 20,000 seeded cases by default. Prints the counts; on a failure
 * prints fast-check's shrunk counterexample and the seed and path to replay it, and exits 1.
 */
import { fuzz, fc } from '../test/fuzz/scenario-fuzz.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(n)) {
    process.stderr.write(`--${name}: expected an integer, found ${JSON.stringify(process.argv[i + 1])}\n`);
    process.exit(2);
  }
  return n;
}

const runs = arg('runs', 20_000);
const seed = arg('seed', 17);
const t0 = performance.now();
const { result, counts } = fuzz(runs, seed);
const s = (performance.now() - t0) / 1000;
const lines = [
  `fuzz: ${counts.cases} cases (seed ${seed}) in ${s.toFixed(1)} s`,
  `  rejected with the field named: ${counts.rejected}`,
  `  accepted and run:              ${counts.accepted} (${counts.accepted - counts.acceptedAgents} meanfield, ${counts.acceptedAgents} agents)`,
  `  uncaught errors:               ${counts.uncaught}`,
  `  hangs (cases over 20 s):       ${counts.slow} (slowest case ${counts.maxMs.toFixed(0)} ms)`,
  `  accepted runs with non-finite or out-of-range output: ${counts.invalidOutput}`,
];
process.stdout.write(lines.join('\n') + '\n');
if (result.failed) {
  process.stdout.write('\n' + fc.defaultReportMessage(result) + '\n');
  process.exit(1);
}
