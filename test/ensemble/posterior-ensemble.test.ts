/**
 * Ensembles over a posterior sample (issue 16 item 2): reading and validating the sample
 * (format: docs/ensembles.md §Posterior ensembles), deterministic thinning, the plan (which
 * draw and seed each run takes), bad samples refused with exit status 2 and nothing written,
 * and the same bytes on 1 or 2 worker threads. The Redis case is in distributed-ensemble.test.ts.
 *
 * The sample is test/ensemble/fixtures/posterior (make-posterior-fixture.ts): 128 draws around
 * the calibrated values, labelled as a fixture, not a posterior.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_VERSION, replicationSeed, ScenarioRegistry, withOverrides } from '../../src/model/index.js';
import { ensembleId, planRuns, posteriorDrawOfRun, type EnsembleSpec } from '../../src/ensemble/ensemble-plan.js';
import { parsePosterior, thinnedDrawIndices } from '../../src/ensemble/posterior-sample.js';
import { readPosteriorDir } from '../../src/shell/posterior-file.js';
import { assumptionDraw, uncertainAssumptions } from '../../src/model/calibrate/prior-draws.js';
import { LocalExecutor, runEnsemble } from '../../src/ensemble/run-ensemble.js';
import { executeRun } from '../../src/ensemble/run-task.js';
import { readStore, removeTempDirs, runCli, tempDir } from './helpers.js';
import { POSTERIOR_FIXTURE } from './posterior-fixture.js';

afterAll(() => removeTempDirs());

const FIXTURE = POSTERIOR_FIXTURE;
const csvText = readFileSync(join(FIXTURE, 'posterior.csv'), 'utf8');
const diagText = readFileSync(join(FIXTURE, 'diagnostics.json'), 'utf8');
const baseline = new ScenarioRegistry().resolve('baseline');

/** A copy of the fixture in a temp folder, with posterior.csv and diagnostics.json passed through `edit`. */
function variant(edit: { csv?: (t: string) => string; diagnostics?: (d: Record<string, unknown>) => Record<string, unknown> }): string {
  const dir = join(tempDir(), 'posterior');
  cpSync(FIXTURE, dir, { recursive: true });
  if (edit.csv) writeFileSync(join(dir, 'posterior.csv'), edit.csv(csvText));
  if (edit.diagnostics) writeFileSync(join(dir, 'diagnostics.json'), JSON.stringify(edit.diagnostics(JSON.parse(diagText) as Record<string, unknown>)));
  return dir;
}

/** `dir` after removing its file `name`. */
function without(dir: string, name: string): string {
  rmSync(join(dir, name));
  return dir;
}

describe('deterministic thinning', () => {
  it('takes draws floor(i·N/M): M distinct increasing draws from 0, evenly spread', () => {
    expect(thinnedDrawIndices(128, 16)).toEqual([0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120]);
    expect(thinnedDrawIndices(10, 4)).toEqual([0, 2, 5, 7]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (a, b) => {
        const [m, n] = a <= b ? [a, b] : [b, a];
        const d = thinnedDrawIndices(n, m);
        if (d.length !== m || d[0] !== 0 || d[m - 1] >= n) return false;
        // gaps are floor(N/M) or ceil(N/M): no region of the chain is over- or under-sampled
        for (let i = 1; i < m; i++) {
          const gap = d[i] - d[i - 1];
          if (gap !== Math.floor(n / m) && gap !== Math.ceil(n / m)) return false;
        }
        return m !== n || d.every((x, i) => x === i);
      }),
      { numRuns: 300, seed: 16 },
    );
    expect(() => thinnedDrawIndices(4, 5)).toThrow(RangeError);
  });
});

describe('reading a posterior sample', () => {
  it('reads the fixture: names in column order, every draw, a hash of the CSV', () => {
    const s = readPosteriorDir(FIXTURE);
    expect(s.names[0]).toBe('capabilitySensitivity');
    expect(s.names).toHaveLength(17);
    expect(s.draws).toHaveLength(128);
    // the values are the CSV's, bit for bit
    const row5 = csvText.split('\n')[6].split(',').slice(3, 20).map(Number);
    expect(Array.from(s.draws[5])).toEqual(row5);
    expect(s.warnings).toEqual([]);
    // a new model version refuses this sample (as it refuses data/posterior): regenerate it
    expect(s.diagnostics.modelVersion, 'regenerate the fixture: node --import tsx test/ensemble/fixtures/make-posterior-fixture.ts').toBe(MODEL_VERSION);
  });

  it('warns (and still reads) when the chains have not mixed or few draws are effective', () => {
    const d = JSON.parse(diagText) as { params: { rhat: number; ess: number }[]; maxRhat: number; minEss: number };
    d.params[2].rhat = 1.31;
    d.maxRhat = 1.31;
    d.minEss = 40;
    const s = parsePosterior('p', csvText, JSON.stringify(d));
    expect(s.warnings).toEqual([
      "the posterior's chains have not mixed: max R-hat 1.310 > 1.05 (customizability 1.310); its draws may not represent the posterior",
      'the posterior has few effective draws: min ESS 40 < 100; the outer quantiles of its bands are rough',
    ]);
  });

  const lines = csvText.trimEnd().split('\n');
  const cases: [string, () => [string, string], RegExp][] = [
    ['an unknown parameter (with a suggestion)', () => [csvText.replace(',networkEffect,', ',networkEfect,'), diagText.replace('"networkEffect"', '"networkEfect"')], /p\/posterior\.csv: line 1 \(header\): column "networkEfect": expected the name of a numeric model parameter \(see `momentum params`\), found unknown parameter "networkEfect" \(did you mean "networkEffect"\?\)/],
    ['a header without the documented columns', () => [csvText.replace('draw,chain,iteration,', 'chain,draw,iteration,'), diagText], /line 1 \(header\): expected draw,chain,iteration,<parameter names>,log_likelihood,log_prior/],
    ['a value that is not a number', () => [[lines[0], lines[1], lines[2].replace(/^(\d+,\d+,\d+,)[^,]+/, '$1abc'), ...lines.slice(3)].join('\n'), diagText], /line 3: capabilitySensitivity: expected a number within the parameter's range \[0.5, 12\], found "abc"/],
    ['a value outside the parameter range', () => [[lines[0], lines[1].replace(/^(\d+,\d+,\d+,[^,]+,)[^,]+/, '$1-4'), ...lines.slice(2)].join('\n'), diagText], /line 2: priceSensitivity: expected a number within the parameter's range \[0.02, 2\], found "-4"/],
    ['a short row', () => [[...lines.slice(0, 4), lines[4].split(',').slice(0, 10).join(','), ...lines.slice(5)].join('\n'), diagText], /line 5: expected 22 comma-separated fields \(as the header\), found 10 fields/],
    ['draws out of order', () => [[lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n'), diagText], /line 2: draw: expected 0 \(draws numbered 0\.\.N−1 in order\), found "1"/],
    ['a non-finite log-likelihood', () => [[lines[0], lines[1].replace(/,[^,]+,([^,]+)$/, ',NaN,$1'), ...lines.slice(2)].join('\n'), diagText], /line 2: log_likelihood: expected a finite number, found "NaN"/],
    ['an empty file', () => ['', diagText], /line 1: expected a header/],
    ['diagnostics that are not JSON', () => [csvText, '{"modelVersion": '], /p\/diagnostics\.json: \(file\): expected valid JSON, found a syntax error/],
    ['diagnostics of another model version', () => [csvText, diagText.replace(`"modelVersion": "${MODEL_VERSION}"`, '"modelVersion": "0.1.0"')], new RegExp(`diagnostics\\.json: modelVersion: expected a posterior sampled with this model \\(version ${MODEL_VERSION.replace(/\./g, '\\.')}\\), found "0\\.1\\.0" \\(parameters mean other things in another model version: sample again with \`momentum calibrate --posterior\`\\)`)],
    ['diagnostics that count other draws', () => [csvText, diagText.replace('"draws": 128', '"draws": 200')], /diagnostics\.json: draws: expected 128 \(the rows of posterior\.csv\), found 200/],
    ['diagnostics without the parameters', () => [csvText, diagText.replace('"params"', '"parameters"')], /diagnostics\.json: params: expected array, found nothing \(missing\)/],
  ];
  for (const [what, make, message] of cases) {
    it(`refuses ${what}, naming the file and the field`, () => {
      const [csv, diag] = make();
      expect(() => parsePosterior('p', csv, diag)).toThrow(message);
    });
  }
});

/** A posterior ensemble over the fixture (seed 9, to 2024-12); `assumptions` adds --assumptions prior's list. */
function fixtureSpec(runs: number, seedsPerDraw = 1, scenario = baseline, pinned: string[] = [], assumptions?: string[]): EnsembleSpec {
  const sample = readPosteriorDir(FIXTURE);
  return {
    scenario,
    runs,
    seed: 9,
    mode: seedsPerDraw > 1 ? 'agents' : 'meanfield',
    agents: 1000,
    sample: 'posterior',
    vary: [],
    from: '2023-01',
    to: '2024-12',
    posterior: { source: FIXTURE, hash: sample.hash, names: sample.names.filter((n) => !pinned.includes(n)), pinned, total: 128, seedsPerDraw, ...(assumptions ? { assumptions } : {}) },
  };
}

describe('plan of a posterior ensemble', () => {
  const sample = readPosteriorDir(FIXTURE);
  const spec = fixtureSpec;

  it('gives run i the values of draw floor(i·N/M) and the seed replicationSeed(seed, i)', () => {
    const tasks = planRuns(spec(16), sample);
    tasks.forEach((t, i) => {
      expect(t.seed).toBe(replicationSeed(9, i));
      expect(Object.values(t.params)).toEqual(Array.from(sample.draws[i * 8]));
      expect(Object.keys(t.params)).toEqual(sample.names);
    });
  });

  it('with K seeds per draw, K consecutive runs share a draw and each has its own seed', () => {
    expect(posteriorDrawOfRun({ total: 128, seedsPerDraw: 3 }, 12)).toEqual([0, 0, 0, 32, 32, 32, 64, 64, 64, 96, 96, 96]);
    const tasks = planRuns(spec(12, 3), sample);
    expect(tasks[4].params).toEqual(tasks[3].params);
    expect(tasks[3].params).not.toEqual(tasks[2].params);
    expect(new Set(tasks.map((t) => t.seed)).size).toBe(12);
  });

  it('leaves out the parameters the scenario pins, and is identified by the sample', () => {
    const pinnedScenario = withOverrides(baseline, { networkEffect: 1 });
    const tasks = planRuns(spec(4, 1, pinnedScenario, ['networkEffect']), sample);
    expect(Object.keys(tasks[0].params)).not.toContain('networkEffect');
    expect(Object.keys(tasks[0].params)).toHaveLength(16);
    const s = spec(16);
    expect(ensembleId(s)).not.toBe(ensembleId({ ...s, posterior: { ...s.posterior!, hash: '0000000000000000' } }));
    expect(ensembleId(s)).toBe(ensembleId({ ...s, posterior: { ...s.posterior!, source: 'elsewhere' } }));
    expect(() => planRuns(s, { ...sample, hash: 'other' })).toThrow(/needs the posterior sample its spec names/);
    expect(() => planRuns(s)).toThrow(/needs the posterior sample/);
  });
});

describe('assumptions drawn from their priors (--assumptions prior)', () => {
  const sample = readPosteriorDir(FIXTURE);
  const assumptions = uncertainAssumptions(sample.names);
  const spec = (runs: number, seedsPerDraw = 1, withAssumptions = true) => fixtureSpec(runs, seedsPerDraw, baseline, [], withAssumptions ? assumptions : undefined);

  it('adds each draw its own assumption values, shared by the seeds of that draw, and is another ensemble', () => {
    const tasks = planRuns(spec(12, 3), sample);
    const plain = planRuns(spec(12, 3, false), sample);
    expect(Object.keys(tasks[0].params)).toEqual([...sample.names, ...assumptions]);
    // the posterior part is unchanged; the assumptions are those of the draw's index in the sample
    tasks.forEach((t, i) => {
      for (const n of sample.names) expect(t.params[n]).toBe(plain[i].params[n]);
      expect(Object.fromEntries(assumptions.map((n) => [n, t.params[n]]))).toEqual(assumptionDraw(assumptions, baseline.params, 9, posteriorDrawOfRun({ total: 128, seedsPerDraw: 3 }, 12)[i]));
    });
    expect(tasks[1].params).toEqual(tasks[0].params);
    expect(tasks[3].params.adaptiveInnovation).not.toBe(tasks[0].params.adaptiveInnovation);
    expect(ensembleId(spec(12, 3))).not.toBe(ensembleId(spec(12, 3, false)));
  });

  it('pairs A and B: a scenario that sets one assumption keeps its value, and every other assumption is the same run by run', () => {
    const b = withOverrides(baseline, { adaptiveInnovation: 0.3 });
    const specA = fixtureSpec(8, 1, baseline, [], assumptions);
    const specB = fixtureSpec(8, 1, b, [], uncertainAssumptions([...sample.names, ...Object.keys(b.overrides)]));
    expect(specB.posterior!.assumptions).toEqual(assumptions.filter((n) => n !== 'adaptiveInnovation'));
    const [ta, tb] = [planRuns(specA, sample), planRuns(specB, sample)];
    ta.forEach((t, i) => {
      expect('adaptiveInnovation' in tb[i].params).toBe(false);
      expect(executeRun(specB, tb[i]).values.length).toBeGreaterThan(0);
      for (const n of specB.posterior!.assumptions!) expect(tb[i].params[n], `${n}, run ${i}`).toBe(t.params[n]);
      for (const n of sample.names) expect(tb[i].params[n]).toBe(t.params[n]);
    });
  });

  it('gives the same bytes on 1 and 2 threads, and widens the band of a headline', async () => {
    const outs: string[] = [];
    for (const [threads, withAssumptions] of [[1, true], [2, true], [2, false]] as const) {
      const dir = tempDir();
      const s = { ...spec(32, 1, withAssumptions), to: '2030-12' };
      const r = await runEnsemble({ spec: s, db: join(dir, 's.duckdb'), out: join(dir, 'out'), resume: false, executor: new LocalExecutor(threads), exportFormat: 'none', posterior: sample });
      expect(r.failed).toEqual([]);
      outs.push(readFileSync(join(dir, 'out/bands.csv'), 'utf8'));
      const o = JSON.parse(readFileSync(join(dir, 'out/outcomes.json'), 'utf8')) as { posterior: { assumptions_from_priors?: string[] }; note: string };
      expect(o.posterior.assumptions_from_priors).toEqual(withAssumptions ? assumptions : undefined);
      if (withAssumptions) expect(o.note).toContain('17 uncalibrated assumptions from their soft priors');
    }
    expect(outs[1]).toBe(outs[0]);
    const width = (csv: string) => {
      const row = csv.split('\n').find((l) => l.startsWith('2030-12,open_share,all,'))!.split(',');
      return Number(row[7]) - Number(row[3]); // q95 − q05
    };
    expect(width(outs[0])).toBeGreaterThan(width(outs[2]));
  }, 180_000);
});

describe('posterior ensemble on the worker-thread pool', () => {
  it('gives the same bytes on 1 and 2 threads (meanfield, and agents with 2 seeds per draw), each run at its draw', async () => {
    const sample = readPosteriorDir(FIXTURE);
    const make = (mode: 'meanfield' | 'agents', runs: number, k: number): EnsembleSpec => ({
      scenario: baseline,
      runs,
      seed: 4,
      mode,
      agents: 2000,
      sample: 'posterior',
      vary: [],
      from: '2023-01',
      to: '2025-12',
      posterior: { source: 'fixture', hash: sample.hash, names: sample.names, pinned: [], total: sample.draws.length, seedsPerDraw: k },
    });
    for (const spec of [make('meanfield', 8, 1), make('agents', 8, 2)]) {
      const outs: { bands: string; outcomes: string; store: Awaited<ReturnType<typeof readStore>> }[] = [];
      for (const threads of [1, 2]) {
        const dir = tempDir();
        const r = await runEnsemble({ spec, db: join(dir, 's.duckdb'), out: join(dir, 'out'), resume: false, executor: new LocalExecutor(threads), exportFormat: 'none', posterior: sample });
        expect(r.failed).toEqual([]);
        outs.push({ bands: readFileSync(join(dir, 'out/bands.csv'), 'utf8'), outcomes: readFileSync(join(dir, 'out/outcomes.json'), 'utf8'), store: await readStore(join(dir, 's.duckdb')) });
      }
      expect(outs[1].bands).toBe(outs[0].bands);
      expect(outs[1].outcomes).toBe(outs[0].outcomes);
      expect(outs[1].store.series).toEqual(outs[0].store.series);
      // the store records each run's draw; run 3 is the same run as executeRun of its task
      const tasks = planRuns(spec, sample);
      expect(outs[0].store.runs.map((r) => JSON.parse(r.params) as Record<string, number>)).toEqual(tasks.map((t) => t.params));
      const direct = executeRun(spec, tasks[3]);
      const k = direct.metrics.indexOf('download_share') + 1; // CN follows US
      const stored = outs[0].store.series.filter(([run, date, m, g]) => run === 3 && m === 'download_share' && g === 'CN' && date === '2025-12');
      expect(stored[0][4]).toBe(direct.values[k * direct.T + direct.T - 1]);
      const o = JSON.parse(outs[0].outcomes) as { ensemble: { sample: string }; posterior: { draws_used: number; seeds_per_draw: number; hash: string } };
      expect(o.ensemble.sample).toBe('posterior');
      expect(o.posterior).toMatchObject({ draws_used: 8 / spec.posterior!.seedsPerDraw, seeds_per_draw: spec.posterior!.seedsPerDraw, hash: sample.hash });
    }
  }, 180_000);

  it('spreads the runs: the draws give different outcomes, agents seeds add noise within a draw', async () => {
    const sample = readPosteriorDir(FIXTURE);
    const spec: EnsembleSpec = {
      scenario: baseline,
      runs: 4,
      seed: 2,
      mode: 'agents',
      agents: 2000,
      sample: 'posterior',
      vary: [],
      from: '2023-01',
      to: '2025-06',
      posterior: { source: 'fixture', hash: sample.hash, names: sample.names, pinned: [], total: 128, seedsPerDraw: 2 },
    };
    const [a, b, c] = planRuns(spec, sample).map((t) => executeRun(spec, t).values);
    expect(a).not.toEqual(b); // same draw, other seed
    expect(a).not.toEqual(c); // another draw
  });
});

describe('momentum ensemble --sample posterior (CLI)', () => {
  const run = async (args: string[]) => {
    const dir = tempDir();
    const r = await runCli(['ensemble', 'baseline', '--to', '2024-12', '--db', join(dir, 's.duckdb'), '--out', join(dir, 'out'), ...args]);
    return { ...r, dir, wrote: existsSync(join(dir, 'out')) || existsSync(join(dir, 's.duckdb')) };
  };

  it('runs over the sample, prints what it ran and the token outcomes', async () => {
    const r = await run(['--posterior', FIXTURE, '--runs', '4', '--export', 'none', '--workers', '1']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`over 4 of the 128 draws (draw ⌊i·128/4⌋) of the posterior sample ${FIXTURE}, meanfield`);
    expect(r.out).toContain('CN models overtake US in hosted-API tokens (token_share)');
    const o = JSON.parse(readFileSync(join(r.dir, 'out/outcomes.json'), 'utf8')) as { ensemble: { mode: string; runs_planned: number }; headline: { id: string }[] };
    expect(o.ensemble).toMatchObject({ mode: 'meanfield', runs_planned: 4 });
    expect(o.headline.map((h) => h.id)).toContain('hosted_open_share_above_one_third_in_2024-12');
  });

  it('notes the parameters the scenario pins and records them', async () => {
    const r = await run(['--posterior', FIXTURE, '--runs', '2', '--set', 'networkEffect=1.5', '--export', 'none', '--workers', '1']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('note: scenario "baseline" sets networkEffect: its posterior draws are not used');
    const store = await readStore(join(r.dir, 's.duckdb'));
    expect(store.runs.every((x) => !('networkEffect' in (JSON.parse(x.params) as object)))).toBe(true);
    const o = JSON.parse(readFileSync(join(r.dir, 'out/outcomes.json'), 'utf8')) as { posterior: { pinned_by_scenario: string[] } };
    expect(o.posterior.pinned_by_scenario).toEqual(['networkEffect']);
  });

  it('--assumptions prior: notes and records the assumptions drawn; without --sample posterior it is refused', async () => {
    const r = await run(['--posterior', FIXTURE, '--runs', '2', '--assumptions', 'prior', '--set', 'adaptiveInnovation=0.3', '--export', 'none', '--workers', '1']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/note: 16 uncalibrated assumptions are drawn from their priors beside each posterior draw: .*notabilityScale/);
    expect(r.out).toContain('with the uncalibrated assumptions drawn from their priors');
    const store = await readStore(join(r.dir, 's.duckdb'));
    // the scenario's own value of an assumption holds: it is not drawn
    expect(store.runs.every((x) => !('adaptiveInnovation' in (JSON.parse(x.params) as object)) && 'notabilityScale' in (JSON.parse(x.params) as object))).toBe(true);
    // a store made without the assumptions drawn is another ensemble: --resume with them is refused
    const common = ['ensemble', 'baseline', '--runs', '2', '--to', '2024-06', '--db', join(r.dir, 'r.duckdb'), '--out', join(r.dir, 'r-out'), '--export', 'none', '--workers', '1', '--quiet', '--posterior', FIXTURE];
    expect((await runCli(common)).code).toBe(0);
    const resumed = await runCli([...common, '--resume', '--assumptions', 'prior']);
    expect(resumed.code).toBe(2);
    expect(resumed.err).toMatch(/--resume: expected a store holding the same ensemble \(.*--assumptions.*\), found .*assumptions fixed instead of drawn from their priors/);
    for (const args of [['--assumptions', 'prior'], ['--posterior', FIXTURE, '--assumptions', 'drawn']]) {
      const bad = await run(args);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/--assumptions: expected (to be given with --sample posterior|"fixed" .* or "prior")/);
      expect(bad.wrote).toBe(false);
    }
  });

  it('resumes only over the same sample: another sample is another ensemble', async () => {
    const dir = tempDir();
    const common = ['ensemble', 'baseline', '--runs', '2', '--to', '2024-06', '--db', join(dir, 's.duckdb'), '--out', join(dir, 'out'), '--export', 'none', '--workers', '1', '--quiet'];
    expect((await runCli([...common, '--posterior', FIXTURE])).code).toBe(0);
    const again = await runCli([...common, '--posterior', FIXTURE, '--resume']);
    expect(again.code, again.err).toBe(0);
    const other = variant({ csv: (t) => t.replace(/\n1,1,0,[^,]+,/, '\n1,1,0,3,') });
    const r = await runCli([...common, '--posterior', other, '--resume']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--resume: expected a store holding the same ensemble \(.*--posterior sample.*\), found .* \(posterior sample [0-9a-f]{16} \([^)]*fixtures\/posterior\) instead of sample [0-9a-f]{16} \([^)]*\/posterior\)\)/);
  });

  const bad: [string, () => string[], RegExp][] = [
    ['a missing folder', () => ['--posterior', '/nonexistent/posterior'], /--posterior: expected a folder holding posterior\.csv and diagnostics\.json \(written by `momentum calibrate --posterior`\), found "\/nonexistent\/posterior" \(no such folder\)/],
    ['a folder without diagnostics.json', () => ['--posterior', without(variant({}), 'diagnostics.json')], /--posterior: expected a folder holding posterior\.csv and diagnostics\.json .*, found "[^"]+" without diagnostics\.json/],
    ['a corrupt sample', () => ['--posterior', variant({ csv: (t) => t.replace(/\n5,1,1,[^,]+,/, '\n5,1,1,oops,') })], /posterior\.csv: line 7: capabilitySensitivity: expected a number within the parameter's range \[0.5, 12\], found "oops"/],
    ['unknown parameter names', () => ['--posterior', variant({ csv: (t) => t.replace(',homeBias,', ',homeBais,'), diagnostics: (d) => ({ ...d, params: (d.params as { name: string }[]).map((p) => (p.name === 'homeBias' ? { ...p, name: 'homeBais' } : p)) }) })], /column "homeBais": expected the name of a numeric model parameter .* \(did you mean "homeBias"\?\)/],
    ['a sample of another model version', () => ['--posterior', variant({ diagnostics: (d) => ({ ...d, modelVersion: '0.1.0' }) })], new RegExp(`diagnostics\\.json: modelVersion: expected a posterior sampled with this model \\(version ${MODEL_VERSION.replace(/\./g, '\\.')}\\), found "0\\.1\\.0"`)],
    ['more runs than draws', () => ['--posterior', FIXTURE, '--runs', '129'], /--runs: expected at most 128 \(the sample's 128 draws, each used once\), found 129/],
    ['seeds per draw on the meanfield solver', () => ['--posterior', FIXTURE, '--seeds-per-draw', '2'], /--seeds-per-draw: expected 1 with --mode meanfield/],
    ['runs that are not a multiple of the seeds per draw', () => ['--posterior', FIXTURE, '--mode', 'agents', '--seeds-per-draw', '3', '--runs', '10'], /--runs: expected a multiple of --seeds-per-draw \(3\)/],
    ['--vary with a posterior', () => ['--sample', 'posterior', '--posterior', FIXTURE, '--vary', 'homeBias=0:1'], /--vary: expected no --vary with --sample posterior/],
    ['--posterior with another design', () => ['--sample', 'sobol', '--posterior', FIXTURE], /--posterior: expected to be given with --sample posterior, found --sample sobol/],
    ['--seeds-per-draw without a posterior', () => ['--seeds-per-draw', '2'], /--seeds-per-draw: expected to be given with --sample posterior/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what}: exit 2, nothing written`, async () => {
      const r = await run(args());
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.wrote).toBe(false);
    });
  }
});
