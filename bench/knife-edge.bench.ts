/**
 * `npm run bench:knife-edge`: the knife-edge sweep of model v2 (issue 15). Each key
 * behavioural parameter is swept over its whole declared range at 21 evenly spaced values,
 * the others at their calibrated defaults; the 2030-12 headline shares (CN download, usage,
 * token and derivative shares, and the open share) must not move by more than 15 percentage
 * points between neighbouring values. Prints the worst jumps and writes a record to
 * bench/records/knife-edge/ (date, machine, figures). Exit 1 when a jump exceeds 15 pp.
 */
import { PARAM_INDEX, ScenarioRegistry, runScenario, withOverrides } from '../src/model/index.js';
import { DEFAULT_CALIBRATION_PARAMS } from '../src/model/calibrate/default-params.js';
import { writeBenchRecord } from './record.mjs';

const HEADLINES: [string, string][] = [
  ['download_share', 'CN'],
  ['usage_share', 'CN'],
  ['token_share', 'CN'],
  ['derivative_share', 'CN'],
  ['open_share', 'all'],
];
const STEPS = 21;
const LIMIT = 0.15;
const extra = ['networkEffect', 'capabilityOffset.CN', 'capabilitySensitivity', 'tasteSpread', 'switchingCost', 'developerStickiness', 'adaptiveInnovation', 'exportControlLeakage', 'ecosystemHalfSize', 'openLeaningShare', 'homeLoyalShare.CN', 'platformPresence.CN', 'trialDownloads', 'dataReturns', 'openSpillover'];
const names = [...new Set([...DEFAULT_CALIBRATION_PARAMS.map((p) => p.name), ...extra])];
const base = new ScenarioRegistry().resolve('baseline');

interface Jump {
  param: string;
  metric: string;
  from: number;
  to: number;
  jump: number;
}
const worst: Jump[] = [];
const t0 = performance.now();
for (const name of names) {
  const d = PARAM_INDEX.get(name)!;
  const values = Array.from({ length: STEPS }, (_, i) => d.min! + ((d.max! - d.min!) * i) / (STEPS - 1));
  const rows = values.map((v) => {
    const r = runScenario(withOverrides(base, { [name]: v }));
    const T = r.dates.length - 1;
    return HEADLINES.map(([m, g]) => r.series.find(m, g)![T]);
  });
  let best: Jump = { param: name, metric: '', from: 0, to: 0, jump: 0 };
  for (let i = 1; i < STEPS; i++)
    for (let h = 0; h < HEADLINES.length; h++) {
      const j = Math.abs(rows[i][h] - rows[i - 1][h]);
      if (j > best.jump) best = { param: name, metric: HEADLINES[h].join(' '), from: values[i - 1], to: values[i], jump: j };
    }
  worst.push(best);
}
worst.sort((a, b) => b.jump - a.jump);
console.log(`knife-edge sweep: ${names.length} parameters × ${STEPS} values, 2030-12 headlines (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log('parameter'.padEnd(26), 'headline'.padEnd(22), 'between'.padEnd(24), 'jump (pp)');
for (const w of worst) console.log(w.param.padEnd(26), w.metric.padEnd(22), `${w.from.toPrecision(3)} → ${w.to.toPrecision(3)}`.padEnd(24), (100 * w.jump).toFixed(1));
const bad = worst.filter((w) => w.jump > LIMIT);
console.log(bad.length ? `FAIL: ${bad.length} parameters jump by more than ${100 * LIMIT} pp` : `worst jump ${(100 * worst[0].jump).toFixed(1)} pp ≤ ${100 * LIMIT} pp`);
writeBenchRecord({
  bench: 'knife-edge',
  command: 'npm run bench:knife-edge',
  figures: {
    worst_jump_pp: { label: 'largest move of a 2030 headline share between neighbouring values of one parameter (21 values over its range)', value: Number((100 * worst[0].jump).toFixed(2)), unit: 'pp', max: 100 * LIMIT },
    parameters: { label: 'parameters swept', value: names.length, unit: 'parameters' },
  },
  notes: worst.map((w) => `${w.param}: ${w.metric} ${(100 * w.jump).toFixed(1)} pp between ${w.from.toPrecision(3)} and ${w.to.toPrecision(3)}`).join('; '),
});
process.exitCode = bad.length ? 1 : 0;
