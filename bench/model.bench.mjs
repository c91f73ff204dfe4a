// `npm run bench`: median wall time of a meanfield baseline run, and agents-solver throughput
// (adopter-months per second) for 1e5 and 1e6 adopters, on one thread.
// Targets (2-core machine): meanfield ≤ 5 ms median (issues #2 and #15); 1e6 adopters × 96 months ≤ 2 s (issue #15; #2 asked ≤ 5 s).
//
// Plain JavaScript on the compiled core (dist/, built by `npm run bench`) under plain node:
// a TypeScript loader wraps every module binding in getters and distorts the timings (a worker
// thread that inherited the loader ran the same loop ~1.7× slower; without it, a worker thread
// runs as fast as the main thread: 0.97–1.06× for agents runs, 2026-11-29), so this one
// benchmark is not TypeScript.
import { availableParallelism, loadavg } from 'node:os';
import { ScenarioRegistry, runScenario } from '../dist/model/index.js';
import { writeBenchRecord } from './record.mjs';

const quick = process.argv.includes('--quick');
/** What bench/records/model/ receives (not with --quick: a quick run is not the measured configuration). */
const figures = {};
const baseline = new ScenarioRegistry().resolve('baseline');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

for (let i = 0; i < 50; i++) runScenario(baseline);
const wall = [];
const cpu = [];
for (let i = 0; i < (quick ? 50 : 300); i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  runScenario(baseline);
  wall.push(performance.now() - t0);
  cpu.push(process.cpuUsage(c0).user / 1000);
}
figures.meanfield_run_ms = { label: 'meanfield baseline run (96 months, 336 demand cells), median wall time', value: round(median(wall), 2), unit: 'ms', max: 5 };
figures.meanfield_run_cpu_ms = { label: 'meanfield baseline run, median CPU time', value: round(median(cpu), 2), unit: 'ms' };
console.log(
  `meanfield baseline: median ${median(wall).toFixed(2)} ms wall (${median(cpu).toFixed(2)} ms CPU, best ${Math.min(...wall).toFixed(2)} ms) per run, ${wall.length} runs of 96 months (target ≤ 5 ms)`,
);
// The host's speed moves by up to 2x between phases a few seconds to minutes long: the medians
// of consecutive blocks of 50 runs show whether the overall median mixes phases.
const blocks = [];
for (let i = 0; i + 50 <= wall.length; i += 50) blocks.push(median(wall.slice(i, i + 50)).toFixed(2));
console.log(`  medians of consecutive blocks of 50 runs: ${blocks.join(', ')} ms`);

for (const n of quick ? [1e5] : [1e5, 1e6]) {
  runScenario(baseline, { mode: 'agents', agents: 20000, seed: 7 });
  const ws = [];
  const cs = [];
  for (let r = 0; r < (n >= 1e6 ? 3 : 5); r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    runScenario(baseline, { mode: 'agents', agents: n, seed: r + 1 });
    ws.push(performance.now() - t0);
    cs.push(process.cpuUsage(c0).user / 1000);
  }
  const t = median(ws) / 1000;
  const tag = n >= 1e6 ? '1e6' : '1e5';
  figures[`agents_${tag}_run_s`] = { label: `agents solver, ${tag} adopters × 96 months, one thread, median wall time`, value: round(t, 3), unit: 's', ...(n >= 1e6 ? { max: 2 } : {}) };
  figures[`agents_${tag}_throughput`] = { label: `agents solver, ${tag} adopters: adopter-months per second`, value: round((n * 96) / t / 1e6, 1), unit: 'M adopter-months/s' };
  console.log(
    `agents ${n.toExponential(0)} adopters × 96 months: median ${t.toFixed(2)} s wall (${(median(cs) / 1000).toFixed(2)} s CPU) per run, ${((n * 96) / t / 1e6).toFixed(1)} M adopter-months/s` +
      (n >= 1e6 ? ' (target ≤ 2 s)' : ''),
  );
}
console.log(`machine load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
if (!quick) writeBenchRecord({ bench: 'model', command: 'npm run bench', figures });
