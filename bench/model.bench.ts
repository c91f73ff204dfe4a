/**
 * `npm run bench`: median wall time of a meanfield baseline run, and agents-solver
 * throughput (adopter-months per second) for 1e5 and 1e6 adopters, on one thread.
 * Targets (issue #2, 2-core machine): meanfield ≤ 5 ms median; 1e6 adopters × 96 months ≤ 5 s.
 */
// Imports the compiled core (dist/, built by `npm run bench`) so that timings are not those of a TypeScript loader.
const compiledCore = '../dist/model/index.js';
const { ScenarioRegistry, runScenario } = (await import(compiledCore)) as typeof import('../src/model/index.js');

const reg = new ScenarioRegistry();
const baseline = reg.resolve('baseline');
const quick = process.argv.includes('--quick');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// meanfield: warm up, then time
for (let i = 0; i < 20; i++) runScenario(baseline);
const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i < (quick ? 50 : 200); i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  runScenario(baseline);
  times.push(performance.now() - t0);
  cpuTimes.push(process.cpuUsage(c0).user / 1000);
}
const mf = median(times);
console.log(`meanfield baseline: median ${mf.toFixed(2)} ms wall (${median(cpuTimes).toFixed(2)} ms CPU) per run (${times.length} runs, 96 months; target ≤ 5 ms)`);
console.log(`machine load average: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).availableParallelism()} cores`);

for (const n of quick ? [1e5] : [1e5, 1e6]) {
  runScenario(baseline, { mode: 'agents', agents: Math.min(n, 2e4), seed: 7 }); // warm-up
  const reps = n >= 1e6 ? 3 : 5;
  const ts: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    runScenario(baseline, { mode: 'agents', agents: n, seed: r + 1 });
    ts.push(performance.now() - t0);
    cpu.push(process.cpuUsage(c0).user / 1000);
  }
  const t = median(ts) / 1000;
  const tc = median(cpu) / 1000;
  const am = n * 96;
  console.log(
    `agents ${n.toExponential(0)} adopters × 96 months: median ${t.toFixed(2)} s wall (${tc.toFixed(2)} s CPU) per run, ${(am / t / 1e6).toFixed(1)} M adopter-months/s` +
      (n >= 1e6 ? ' (target ≤ 5 s)' : ''),
  );
}
