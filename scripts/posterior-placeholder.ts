/**
 * PLACEHOLDER posterior for the playground, until `momentum calibrate --posterior` commits a real
 * sample at data/posterior/ (issue #16, item 1). NOT a posterior: each draw is the calibrated
 * value of every default calibration parameter plus normal noise of 0.3 prior sd, cut at ±1 prior
 * sd and at the parameter's range. It has the format of docs (brief posterior-format.md):
 * posterior.csv (`draw,chain,iteration,<params>,log_likelihood,log_prior`) and diagnostics.json,
 * so the web app's reader and build step work on it unchanged, and its `sampler` names it a
 * placeholder, which the playground's band label then says.
 *
 *   node --import tsx scripts/posterior-placeholder.ts [--out web/build/posterior-placeholder]
 *
 * Deterministic (seed 16): the same command gives the same bytes. log_likelihood is −Σz²/2 of a
 * meanfield run against data/observations.json (evaluateFit, as calibration computes it) and
 * log_prior −Σ((θ−μ)/sd)²/2 with the soft priors of param-defs.ts.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_VERSION, PARAM_INDEX, Rng, ScenarioRegistry, runScenario, withOverrides } from '../src/model/index.js';
import { DEFAULT_CALIBRATION_PARAM_NAMES } from '../src/model/calibrate/default-params.js';
import { evaluateFit } from '../src/model/calibrate/fit-loss.js';
import { defaultObservationsFile, packageRoot, readObservationsFile } from '../src/shell/calibration/observations-file.js';

const SEED = 16;
const CHAINS = 4;
const ITERATIONS = 60;
/** Noise in prior sd, and the cut (also in prior sd). */
const SPREAD = 0.3;
const CUT = 1;

const argv = process.argv.slice(2);
const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : join(packageRoot(), 'web/build/posterior-placeholder');

const names = [...DEFAULT_CALIBRATION_PARAM_NAMES];
const defs = names.map((n) => {
  const d = PARAM_INDEX.get(n);
  if (!d || typeof d.default !== 'number' || typeof d.prior !== 'number' || d.priorSd === undefined || d.min === undefined || d.max === undefined) {
    throw new Error(`${n}: expected a calibrated numeric parameter with a prior sd and a range`);
  }
  return { name: n, value: d.default, prior: d.prior, sd: d.priorSd, min: d.min, max: d.max };
});
const observations = readObservationsFile(defaultObservationsFile());
const baseline = new ScenarioRegistry().resolve('baseline');
const rng = new Rng(SEED);

const rows: string[] = [['draw', 'chain', 'iteration', ...names, 'log_likelihood', 'log_prior'].join(',')];
const t0 = performance.now();
let draw = 0;
// chain-major order, as a sampler that writes one chain after another would (readers thin by draw)
for (let chain = 0; chain < CHAINS; chain++) {
  for (let it = 0; it < ITERATIONS; it++) {
    const theta = defs.map((d) => {
      let e: number;
      do e = SPREAD * rng.normal();
      while (Math.abs(e) > CUT);
      return Math.min(d.max, Math.max(d.min, d.value + e * d.sd));
    });
    const run = runScenario(withOverrides(baseline, Object.fromEntries(names.map((n, i) => [n, theta[i]]))));
    const ll = -evaluateFit(observations, run).loss / 2;
    const lp = -defs.reduce((s, d, i) => s + ((theta[i] - d.prior) / d.sd) ** 2, 0) / 2;
    rows.push([draw, chain, it, ...theta, ll, lp].map(String).join(','));
    draw++;
  }
}
const seconds = (performance.now() - t0) / 1000;

const columns = names.map((_, j) => rows.slice(1).map((r) => Number(r.split(',')[3 + j])).sort((a, b) => a - b));
const q = (s: number[], p: number) => s[Math.round(p * (s.length - 1))];
const mean = (s: number[]) => s.reduce((a, b) => a + b, 0) / s.length;
const diagnostics = {
  modelVersion: MODEL_VERSION,
  command: 'node --import tsx scripts/posterior-placeholder.ts',
  seed: SEED,
  sampler: `placeholder (not a posterior): calibrated values + normal noise of ${SPREAD} prior sd, cut at ±${CUT} prior sd and the parameter's range`,
  chains: CHAINS,
  iterations: ITERATIONS,
  burnIn: 0,
  thin: 1,
  draws: draw,
  // independent draws: no mixing to diagnose, so R-hat is 1 and the ESS the number of draws by construction
  params: names.map((name, j) => {
    const s = columns[j];
    const m = mean(s);
    return { name, mean: m, sd: Math.sqrt(s.reduce((a, v) => a + (v - m) ** 2, 0) / (s.length - 1)), q05: q(s, 0.05), q50: q(s, 0.5), q95: q(s, 0.95), rhat: 1, ess: draw };
  }),
  minEss: draw,
  maxRhat: 1,
  acceptance: 1,
  seconds: Math.round(seconds * 10) / 10,
};

mkdirSync(out, { recursive: true });
// atomically: write beside, then rename
for (const [file, text] of [
  ['posterior.csv', rows.join('\n') + '\n'],
  ['diagnostics.json', JSON.stringify(diagnostics, null, 2) + '\n'],
] as const) {
  writeFileSync(join(out, `${file}.tmp`), text);
  renameSync(join(out, `${file}.tmp`), join(out, file));
}
console.log(`placeholder posterior: ${draw} draws of ${names.length} parameters in ${out} (${seconds.toFixed(1)} s)`);
