/**
 * Performance decision, kept runnable: in which coordinates should the posterior sampler's
 * independence proposal (src/model/calibrate/mcmc.ts) be fitted?
 *
 *   node --import tsx bench/performance/posterior-independence-proposal.ts [--draws N]
 *
 * Fits each candidate proposal to the even-numbered draws of the committed posterior sample
 * (data/posterior/posterior.csv) and estimates the acceptance rate of an independence
 * Metropolis–Hastings move, E[min(1, w(x*)/w(x))] with w = π/q, x the odd-numbered draws (the
 * posterior, out of the fitting sample) and x* draws of the proposal (π evaluated by a meanfield
 * run each; a proposal outside the box has π = 0). About 2·N meanfield runs per candidate.
 *
 * Result (2026-12-07, model 0.3.0, N = 250, 2-core AMD EPYC). On the earlier committed sample
 * (1,000 draws): a t (ν = 6, scale 1.1) fitted to the logits of the unit-cube coordinates (the
 * sampler until then) 4–6%; a normal fitted to the unit-cube coordinates 15–19% (about a fifth of
 * its draws fall outside the box); a t (ν = 6) on the unit cube 13%; a mixture of 3 normals on the
 * unit cube 18% (31% in-sample: too few draws to fit more than one covariance out of sample). On
 * the current sample (3,000 draws): 5.8%, 27.7% and 19.3% for the first three.
 * Decision: a t (ν = 6) on the unit cube. The soft priors are normal in the parameters' own
 * coordinates, and near a bound the logit stretches the tail that the data cut off. In the
 * sampler (10 chains, 1,000 + 2,000 generations) the normal was accepted 19% of the time but its
 * light tails made chains sticky (a tail-ESS of 144 for priceSensitivity); the t 13% (the logit
 * fit 5%), with every tail-ESS above 380; a 3-component t mixture fitted to the archive by EM 8%.
 */
import fs from 'node:fs';
import { ScenarioRegistry, runScenario } from '../../src/model/index.js';
import { withPriors, prepareCalibration, dataLossOf, priorPenalty } from '../../src/model/calibrate/calibration.js';
import { DEFAULT_CALIBRATION_PARAM_NAMES } from '../../src/model/calibrate/default-params.js';
import { defaultObservationsFile, readObservationsFile } from '../../src/shell/calibration/observations-file.js';
import { cholesky, mahalanobis } from '../../src/model/calibrate/t-mixture.js';
import { Rng } from '../../src/model/random.js';

const argv = process.argv.slice(2);
const N = Number(argv[argv.indexOf('--draws') + 1]) || 250;
const scenario = new ScenarioRegistry().resolve('baseline');
const observations = readObservationsFile(defaultObservationsFile(), runScenario(withPriors(scenario), { mode: 'meanfield' }));
const names = [...DEFAULT_CALIBRATION_PARAM_NAMES];
const { spec, lower, upper } = prepareCalibration({ scenario, params: names, observations, seed: 1 });
const train = new Set(spec.train);
const d = names.length;
const lines = fs.readFileSync(new URL('../../data/posterior/posterior.csv', import.meta.url), 'utf8').trim().split('\n');
const header = lines[0].split(',');
const draws = lines.slice(1).map((l) => {
  const r = l.split(',').map(Number);
  return names.map((n) => r[header.indexOf(n)]);
});
const logPosterior = (x: number[]) => {
  for (let j = 0; j < d; j++) if (!(x[j] >= lower[j] && x[j] <= upper[j])) return -Infinity;
  return -dataLossOf(spec, x, train) / 2 - priorPenalty(spec, x) / 2;
};

interface Coordinates {
  name: string;
  /** Natural value → proposal coordinate, its inverse, and ln |dy/dx| summed (the Jacobian of the change). */
  to: (x: number, j: number) => number;
  from: (y: number, j: number) => number;
  logJac: (y: number, j: number) => number;
}
const unit: Coordinates = { name: 'unit cube', to: (x, j) => (x - lower[j]) / (upper[j] - lower[j]), from: (y, j) => lower[j] + y * (upper[j] - lower[j]), logJac: () => 0 };
const logit: Coordinates = {
  name: 'logit of the unit cube',
  to: (x, j) => {
    const u = Math.min(1 - 1e-12, Math.max(1e-12, unit.to(x, j)));
    return Math.log(u / (1 - u));
  },
  from: (y, j) => unit.from(1 / (1 + Math.exp(-y)), j),
  // q(x) = q_y(y)·|dy/du|, dy/du = 1/(u(1 − u))
  logJac: (y) => {
    const u = 1 / (1 + Math.exp(-y));
    return -Math.log(u * (1 - u));
  },
};

/** Acceptance estimate of an independence proposal: multivariate t (ν = Infinity: normal) fitted to the even draws. */
function acceptance(coords: Coordinates, nu: number, scale: number): number {
  const fit = draws.filter((_, i) => i % 2 === 0).map((x) => x.map(coords.to));
  const mean = new Array<number>(d).fill(0);
  for (const v of fit) for (let j = 0; j < d; j++) mean[j] += v[j] / fit.length;
  const cov = new Float64Array(d * d);
  for (const v of fit) for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) cov[a * d + b] += ((v[a] - mean[a]) * (v[b] - mean[b])) / (fit.length - 1);
  const f = scale ** 2 * (Number.isFinite(nu) ? (nu - 2) / nu : 1);
  const L = cholesky(cov.map((c) => c * f), d)!;
  const z = new Float64Array(d);
  const logQ = (y: number[]) => {
    const q = mahalanobis(y, mean, L, d, z);
    let jac = 0;
    for (let a = 0; a < d; a++) jac += coords.logJac(y[a], a);
    return (Number.isFinite(nu) ? (-(nu + d) / 2) * Math.log1p(q / nu) : -q / 2) + jac;
  };
  const rng = new Rng(7, 1);
  const held = draws.filter((_, i) => i % 2 === 1);
  const wPost: number[] = [];
  for (let i = 0; i < held.length; i += Math.ceil(held.length / N)) wPost.push(logPosterior(held[i]) - logQ(held[i].map(coords.to)));
  const wProp: number[] = [];
  for (let i = 0; i < N; i++) {
    const z = Array.from({ length: d }, () => rng.normal());
    let chi2 = 0;
    if (Number.isFinite(nu)) for (let k = 0; k < nu; k++) chi2 += rng.normal() ** 2;
    const s = Number.isFinite(nu) ? Math.sqrt(nu / chi2) : 1;
    const y = Array.from({ length: d }, (_, a) => {
      let t = 0;
      for (let b = 0; b <= a; b++) t += L[a * d + b] * z[b];
      return mean[a] + s * t;
    });
    wProp.push(logPosterior(y.map(coords.from)) - logQ(y));
  }
  let acc = 0;
  for (const a of wPost) for (const b of wProp) acc += Math.min(1, Math.exp(b - a));
  return acc / (wPost.length * wProp.length);
}

for (const [coords, nu, scale] of [
  [logit, 6, 1.1],
  [unit, Infinity, 1],
  [unit, 6, 1],
] as const) {
  console.log(`${coords.name.padEnd(24)} ${Number.isFinite(nu) ? `t, ν = ${nu}` : 'normal'}, scale ${scale}: acceptance ${acceptance(coords, nu, scale).toFixed(3)}`);
}
