/**
 * Local ensembles on the worker-thread pool: determinism across worker counts, the contents
 * of the DuckDB store, exactly-once storage, and quantile bands against a direct computation.
 * The pool runs dist/ensemble/run-worker.js: `npm test` builds first (run `npm run build`
 * before `npx vitest run test/ensemble` when developing).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthRange, replicationSeed, ScenarioRegistry } from '../../src/model/index.js';
import { ensembleId, planRuns, type EnsembleSpec } from '../../src/ensemble/ensemble-plan.js';
import { LocalExecutor, runEnsemble, type EnsembleReport } from '../../src/ensemble/run-ensemble.js';
import { executeRun } from '../../src/ensemble/run-task.js';
import { ResultsStore } from '../../src/ensemble/results-store.js';
import { BANDS_HEADER, quantileLinear } from '../../src/ensemble/quantile-bands.js';
import { readStore, tempDir, removeTempDirs } from './helpers.js';

afterAll(() => removeTempDirs());

const baseline = new ScenarioRegistry().resolve('baseline');

/** Agents-mode replications: small and short so the suite stays fast. */
const agentsSpec: EnsembleSpec = { scenario: baseline, runs: 6, seed: 11, mode: 'agents', agents: 1500, sample: 'lhs', vary: [], from: '2023-01', to: '2025-12' };

/** A meanfield Sobol sweep over two parameters. */
const sweepSpec: EnsembleSpec = {
  scenario: baseline,
  runs: 8,
  seed: 3,
  mode: 'meanfield',
  agents: 1,
  sample: 'sobol',
  vary: [
    { name: 'priceSensitivity', lo: 0.2, hi: 0.8 },
    { name: 'homeBias', lo: 0, hi: 1 },
  ],
  from: '2023-01',
  to: '2026-12',
};

async function runLocal(spec: EnsembleSpec, workers: number, dir: string, resume = false): Promise<EnsembleReport> {
  return runEnsemble({ spec, db: join(dir, 'store.duckdb'), out: join(dir, 'out'), resume, executor: new LocalExecutor(workers), exportFormat: 'csv' });
}

describe('ensemble plan', () => {
  it('gives run i the seed replicationSeed(seed, i) and parameters inside the ranges', () => {
    const tasks = planRuns(sweepSpec);
    expect(tasks.map((t) => t.runId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(tasks.map((t) => t.seed)).toEqual(tasks.map((_, i) => replicationSeed(3, i)));
    for (const t of tasks) {
      expect(t.params.priceSensitivity).toBeGreaterThanOrEqual(0.2);
      expect(t.params.priceSensitivity).toBeLessThan(0.8);
      expect(t.params.homeBias).toBeGreaterThanOrEqual(0);
      expect(t.params.homeBias).toBeLessThan(1);
    }
    // Sobol point 1 is (0.5, 0.5): the middle of both ranges
    expect(tasks[1].params).toEqual({ priceSensitivity: 0.5, homeBias: 0.5 });
    expect(planRuns(sweepSpec)).toEqual(tasks);
    expect(ensembleId(sweepSpec)).toBe(ensembleId({ ...sweepSpec }));
    expect(ensembleId(sweepSpec)).not.toBe(ensembleId({ ...sweepSpec, seed: 4 }));
  });
});

describe('ensemble plan (Latin hypercube)', () => {
  it('puts one run in each of N equal strata of every varied range, seeded by --seed', () => {
    const spec: EnsembleSpec = { ...sweepSpec, sample: 'lhs', runs: 20 };
    const tasks = planRuns(spec);
    for (const { name, lo, hi } of spec.vary) {
      const strata = tasks.map((t) => Math.floor(((t.params[name] - lo) / (hi - lo)) * 20)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: 20 }, (_, i) => i));
    }
    expect(planRuns({ ...spec })).toEqual(tasks);
    expect(planRuns({ ...spec, seed: 4 }).map((t) => t.params)).not.toEqual(tasks.map((t) => t.params));
  });
});

describe('local ensemble (agents replications)', () => {
  const one = tempDir();
  const two = tempDir();
  let r1: EnsembleReport;
  let r2: EnsembleReport;
  beforeAll(async () => {
    r1 = await runLocal(agentsSpec, 1, one);
    r2 = await runLocal(agentsSpec, 2, two);
  }, 120_000);

  it('is identical on 1 and 2 workers', async () => {
    expect(r1.computed).toBe(6);
    expect(r2.computed).toBe(6);
    expect(readFileSync(join(one, 'out/bands.csv'), 'utf8')).toBe(readFileSync(join(two, 'out/bands.csv'), 'utf8'));
    expect(readFileSync(join(one, 'out/outcomes.json'), 'utf8')).toBe(readFileSync(join(two, 'out/outcomes.json'), 'utf8'));
    expect(readFileSync(join(one, 'out/series.csv'), 'utf8')).toBe(readFileSync(join(two, 'out/series.csv'), 'utf8'));
    const a = await readStore(join(one, 'store.duckdb'));
    const b = await readStore(join(two, 'store.duckdb'));
    expect(a.series).toEqual(b.series);
    expect(a.runs.map((r) => [r.run_id, r.seed, r.params, r.cn])).toEqual(b.runs.map((r) => [r.run_id, r.seed, r.params, r.cn]));
  });

  it('stores one runs row per run and exactly the defined values of each run', async () => {
    const { series, runs } = await readStore(join(one, 'store.duckdb'));
    expect(runs.map((r) => r.run_id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(runs.every((r) => r.status === 'done')).toBe(true);
    expect(runs.map((r) => r.seed)).toEqual(planRuns(agentsSpec).map((t) => t.seed));
    // run 4 recomputed directly must match the stored rows value for value
    const task = planRuns(agentsSpec)[4];
    const direct = executeRun(agentsSpec, task);
    const expected: [number, string, string, string, number][] = [];
    const dates = monthRange(agentsSpec.from, agentsSpec.to);
    for (let s = 0; s < direct.metrics.length; s++) {
      for (let t = 0; t < direct.T; t++) {
        const v = direct.values[s * direct.T + t];
        if (Number.isFinite(v)) expected.push([4, dates[t], direct.metrics[s], direct.groups[s], v]);
      }
    }
    const sortKey = (r: [number, string, string, string, number]) => `${r[1]}|${r[2]}|${r[3]}`;
    const got = series.filter((r) => r[0] === 4).sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : 1));
    expected.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : 1));
    expect(got).toEqual(expected);
    expect(runs[4].cn).toBe(direct.indicators.cn_overtakes_us_downloads);
    // no (run, date, metric, group) twice
    const keys = new Set(series.map((r) => `${r[0]}|${r[1]}|${r[2]}|${r[3]}`));
    expect(keys.size).toBe(series.length);
  });

  it('writes bands whose quantiles match a direct computation over the stored runs', async () => {
    const { series } = await readStore(join(one, 'store.duckdb'));
    const groups = new Map<string, number[]>();
    for (const [, d, m, g, v] of series) {
      const k = `${d},${m},${g}`;
      (groups.get(k) ?? groups.set(k, []).get(k)!).push(v);
    }
    const lines = readFileSync(join(one, 'out/bands.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(BANDS_HEADER);
    expect(lines.length - 1).toBe(groups.size);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const vals = groups.get(cells.slice(0, 3).join(','))!;
      expect(vals, line).toBeDefined();
      const sorted = Float64Array.from(vals).sort();
      const q = cells.slice(3).map(Number);
      [0.05, 0.25, 0.5, 0.75, 0.95].forEach((p, i) => {
        const want = quantileLinear(sorted, p);
        expect(Math.abs(q[i] - want), `${line} q${p}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      });
      for (let i = 1; i < q.length; i++) expect(q[i]).toBeGreaterThanOrEqual(q[i - 1]);
    }
  });

  it('computes outcome probabilities that agree with the runs table', async () => {
    const { runs } = await readStore(join(one, 'store.duckdb'));
    const o = JSON.parse(readFileSync(join(one, 'out/outcomes.json'), 'utf8'));
    const by = o.cn_overtakes_us_downloads.p_by_end_of_year;
    expect(Object.keys(by)).toEqual(['2025']); // the only December from 2025 on inside the horizon
    const n = runs.filter((r) => r.cn !== null && r.cn <= '2025-12').length;
    expect(by['2025'].runs).toBe(n);
    expect(by['2025'].p).toBe(n / 6);
    expect(o.cn_overtakes_us_downloads.runs_never).toBe(runs.filter((r) => r.cn === null).length);
    expect(o.ensemble.runs_done).toBe(6);
  });

  it('never duplicates rows when a result is delivered again or a run is retried', async () => {
    const db = join(one, 'store.duckdb');
    const before = await readStore(db);
    const store = await ResultsStore.open(db);
    try {
      const tasks = planRuns(agentsSpec);
      await store.prepare(agentsSpec, ensembleId(agentsSpec), tasks, true);
      const p2 = executeRun(agentsSpec, tasks[2]);
      // duplicate delivery of a finished run: ignored
      expect(await store.storeRuns([{ payload: p2, origin: { worker: 'test', attempt: 2 } }])).toEqual([]);
      // a run whose earlier attempt left rows behind without being marked done: replaced, not appended
      await store.query(`UPDATE runs SET status = 'pending' WHERE run_id = 2`);
      expect(await store.storeRuns([{ payload: p2, origin: { worker: 'test', attempt: 2 } }, { payload: p2, origin: { worker: 'test', attempt: 3 } }])).toEqual([2]);
    } finally {
      await store.close();
    }
    const after = await readStore(db);
    expect(after.series).toEqual(before.series);
    expect(after.runs.find((r) => r.run_id === 2)!.worker).toBe('test');
  });
});

describe('local ensemble (meanfield Sobol sweep)', () => {
  it('is identical on 1 and 2 workers and records the sampled parameters', async () => {
    const a = tempDir();
    const b = tempDir();
    await runLocal(sweepSpec, 2, a);
    await runLocal(sweepSpec, 1, b);
    expect(readFileSync(join(a, 'out/bands.csv'), 'utf8')).toBe(readFileSync(join(b, 'out/bands.csv'), 'utf8'));
    expect(readFileSync(join(a, 'out/outcomes.json'), 'utf8')).toBe(readFileSync(join(b, 'out/outcomes.json'), 'utf8'));
    const { runs } = await readStore(join(a, 'store.duckdb'));
    expect(runs.map((r) => JSON.parse(r.params))).toEqual(planRuns(sweepSpec).map((t) => t.params));
    // a sweep over parameters gives runs that differ (unlike meanfield replications)
    const { series } = await readStore(join(a, 'store.duckdb'));
    const last = series.filter((r) => r[1] === '2026-12' && r[2] === 'usage_share' && r[3] === 'CN').map((r) => r[4]);
    expect(new Set(last).size).toBeGreaterThan(1);
  });
});
