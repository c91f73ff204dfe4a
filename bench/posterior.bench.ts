/**
 * `npm run bench:posterior`: the posterior of the default calibration (17 parameters,
 * data/observations.json) sampled with DE-MC-z on the meanfield solver, each generation split over
 * the worker threads (cores, at most 2). Measures the wall time, the smallest bulk and tail
 * effective sample size over the parameters and the largest R-hat. Target (issue 16, 2-core
 * machine): ≥ 2,000 effective draws over the calibrated parameters in ≤ 10 minutes with R-hat
 * < 1.05. The machine is shared: the record keeps the load average, and the CPU time of all
 * threads says how much of the wall time the sampler had the cores.
 *
 *   npm run bench:posterior [-- --chains C --burn-in B --samples N --thin T --seed S]
 *   npm run bench:posterior -- --quick      (a tenth of the generations; writes no record)
 */
import { cpus, loadavg } from 'node:os';
import { ScenarioRegistry, runScenario } from '../src/model/index.js';
import { withPriors } from '../src/model/calibrate/calibration.js';
import { samplePosterior, RHAT_MAX } from '../src/model/calibrate/posterior.js';
import { defaultWorkers, lossPool } from '../src/shell/calibration/loss-pool.js';
import { DEFAULT_CALIBRATION_PARAM_NAMES } from '../src/model/calibrate/default-params.js';
import { defaultObservationsFile, readObservationsFile } from '../src/shell/calibration/observations-file.js';
import { writeBenchRecord } from './record.mjs';

/** The benchmark's standard configuration: the command of the committed sample data/posterior (docs/calibration.md §8.5). */
export const STANDARD = { chains: 20, burnIn: 500, samples: 4000, thin: 30, seed: 1 } as const;

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const quick = process.argv.includes('--quick');
const cfg = {
  chains: arg('chains', STANDARD.chains),
  burnIn: arg('burn-in', STANDARD.burnIn),
  samples: arg('samples', STANDARD.samples),
  thin: arg('thin', STANDARD.thin),
  seed: arg('seed', STANDARD.seed),
};
if (quick) {
  cfg.burnIn = Math.round(cfg.burnIn / 10);
  cfg.samples = Math.max(cfg.chains * 4, Math.round(cfg.samples / cfg.chains / 10) * cfg.chains);
}
const standard = !quick && (Object.keys(STANDARD) as (keyof typeof STANDARD)[]).every((k) => cfg[k] === STANDARD[k]);

const scenario = new ScenarioRegistry().resolve('baseline');
const observations = readObservationsFile(defaultObservationsFile(), runScenario(withPriors(scenario), { mode: 'meanfield' }));
const names = [...DEFAULT_CALIBRATION_PARAM_NAMES];
const workers = defaultWorkers();
const load0 = loadavg()[0];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let lastShown = 0;
const r = await samplePosterior(
  {
    scenario,
    params: names,
    observations,
    ...cfg,
    checkDraws: 0,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - lastShown > 30_000) {
        lastShown = now;
        console.log(`  generation ${done}/${total} after ${((now - t0) / 1000).toFixed(0)} s`);
      }
    },
  },
  lossPool(workers),
);
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const minTail = Math.min(...r.params.map((p) => (Number.isFinite(p.essTail) ? p.essTail : 0)));
console.log(
  `posterior: ${names.length} parameters, ${r.chains} chains × ${r.iterations} generations after ${r.burnIn} of burn-in (thin ${r.thin}), ${r.draws} draws, ${r.run.evaluations} meanfield runs in ${s.toFixed(1)} s wall time with ${workers} worker thread${workers > 1 ? 's' : ''}`,
);
console.log(`min bulk-ESS ${r.minEss.toFixed(0)} (target ≥ 2000), min tail-ESS ${minTail.toFixed(0)}, max R-hat ${r.maxRhat.toFixed(3)} (target < ${RHAT_MAX}), acceptance ${r.acceptance.toFixed(3)} ${JSON.stringify(r.run.acceptanceByMove)}`);
for (const p of r.params) console.log(`  ${p.name.padEnd(22)} mean ${p.mean.toPrecision(3).padStart(8)}  sd ${p.sd.toPrecision(2).padStart(7)}  R-hat ${p.rhat.toFixed(3)}  ESS ${p.ess.toFixed(0).padStart(5)}  tail ${p.essTail.toFixed(0).padStart(5)}`);
for (const w of r.warnings) console.log(`  WARNING ${w}`);
console.log(`process CPU time ${cpuS.toFixed(1)} s (all threads); load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (wall time exceeds CPU time / threads when other processes compete)`);
if (!quick) {
  writeBenchRecord({
    bench: 'posterior',
    command: 'npm run bench:posterior',
    standard,
    options: { params: names.length, workers, ...cfg },
    figures: {
      posterior_s: { label: `posterior sample (${names.length} parameters, ${r.chains} chains, ${r.run.evaluations} runs, ${workers} worker thread${workers > 1 ? 's' : ''}), wall time`, value: Math.round(s * 10) / 10, unit: 's', max: 600 },
      posterior_cpu_s: { label: 'the same, CPU time of all threads', value: Math.round(cpuS * 10) / 10, unit: 's' },
      min_ess: { label: 'smallest bulk effective sample size over the parameters', value: Math.round(r.minEss), unit: 'draws', min: 2000 },
      min_ess_tail: { label: 'smallest tail effective sample size over the parameters', value: Math.round(minTail), unit: 'draws' },
      max_rhat: { label: 'largest rank-normalised split-R-hat over the parameters', value: Math.round(r.maxRhat * 1000) / 1000, unit: 'R-hat', max: RHAT_MAX },
      evaluations: { label: 'meanfield runs (burn-in included)', value: r.run.evaluations, unit: 'runs' },
      acceptance: { label: 'acceptance rate after burn-in', value: Math.round(r.acceptance * 1000) / 1000, unit: 'rate' },
    },
    notes: `${r.warnings.length ? `not mixed: ${r.warnings.join('; ')}. ` : ''}Shared 2-core machine: load average ${load0.toFixed(1)} before the run.`,
  });
}
