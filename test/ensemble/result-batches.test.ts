/**
 * How the coordinator batches results into the store: the last batch is stored as soon as
 * every run has reported (a result or a failure), not when the batch timer fires. The batch
 * timer is faked and never advanced here, so an ensemble that waited for it would never end and
 * the test would fail on its timeout (15 s; an ensemble here takes about a second).
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScenarioRegistry } from '../../src/model/index.js';
import type { EnsembleSpec, RunTask } from '../../src/ensemble/ensemble-plan.js';
import { runEnsemble, type Executor } from '../../src/ensemble/run-ensemble.js';
import type { RunOrigin } from '../../src/ensemble/results-store.js';
import { executeRun, type RunPayload } from '../../src/ensemble/run-task.js';
import { readStore, removeTempDirs, tempDir } from './helpers.js';

afterAll(() => removeTempDirs());

const spec: EnsembleSpec = {
  scenario: new ScenarioRegistry().resolve('baseline'),
  runs: 5,
  seed: 9,
  mode: 'meanfield',
  agents: 1,
  sample: 'lhs',
  vary: [{ name: 'priceSensitivity', lo: 0.2, hi: 0.8 }],
  from: '2024-01',
  to: '2025-12',
};

/** Runs tasks one by one in this thread; `failing` runs report a failure instead of a result. */
class InlineExecutor implements Executor {
  constructor(private readonly failing = new Set<number>()) {}
  async execute(
    s: EnsembleSpec,
    _id: string,
    tasks: RunTask[],
    onResult: (payload: RunPayload, origin: RunOrigin) => Promise<void>,
    onFailure: (runId: number, error: string, origin: RunOrigin) => Promise<void>,
  ): Promise<void> {
    const origin = { worker: 'inline', attempt: 1 };
    const reports: Promise<void>[] = [];
    for (const t of tasks) reports.push(this.failing.has(t.runId) ? onFailure(t.runId, 'injected failure', origin) : onResult(executeRun(s, t), origin));
    await Promise.all(reports);
  }
  async close(): Promise<void> {}
}

describe('result batches', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stores the last batch once every run has reported, without waiting for the batch timer', async () => {
    const dir = tempDir();
    const report = await runEnsemble({ spec, db: join(dir, 'store.duckdb'), out: join(dir, 'out'), resume: false, executor: new InlineExecutor(), exportFormat: 'none' });
    expect(report.computed).toBe(5);
    expect(report.files.map((f) => f.slice(dir.length))).toEqual(['/out/bands.csv', '/out/outcomes.json']);
    const store = await readStore(join(dir, 'store.duckdb'));
    expect(store.runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
  }, 15_000);

  it('does so when the last report is a failure too', async () => {
    const dir = tempDir();
    const report = await runEnsemble({ spec, db: join(dir, 'store.duckdb'), out: join(dir, 'out'), resume: false, executor: new InlineExecutor(new Set([4])), exportFormat: 'none' });
    expect(report.computed).toBe(4);
    expect(report.failed).toEqual([{ runId: 4, error: 'injected failure' }]);
    const store = await readStore(join(dir, 'store.duckdb'));
    expect(store.runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done', 'failed']);
  }, 15_000);
});
