/**
 * Checkpoints (src/model/solvers/engine.ts): a meanfield run of a scenario whose policies
 * start at a month (`set-params`, or any event from `checkpointFrom`) resumes from the state at
 * that month when the previous run shared everything before it, and gives the same bytes as a full run — whatever the
 * parameters, the events after the month and the scenario the checkpoint came from.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CheckpointCache, PARAM_DEFS, ScenarioRegistry, resultToCsv, runScenario, type ResolvedScenario } from '../../src/model/index.js';
import type { ScenarioEvent } from '../../src/model/scenario/events.js';

const registry = new ScenarioRegistry();

/** The scenario plus policies from a month (and optional later events). */
function withPolicy(base: string, date: string, params: Record<string, number | string>, later: ScenarioEvent[] = []): ResolvedScenario {
  const s = registry.resolve(base);
  const policy: ScenarioEvent = { date, type: 'set-params', params };
  return { ...s, events: [...s.events, policy, ...later].sort((a, b) => a.date.localeCompare(b.date)) };
}

const numeric = PARAM_DEFS.filter((d) => typeof d.default === 'number' && d.name !== 'strategyAdaptation');

describe('checkpoints', () => {
  it('a resumed run gives the same bytes as a full run, and the cache is used', () => {
    const cache = new CheckpointCache();
    const a = withPolicy('baseline', '2026-12', { priceSensitivity: 0.5 });
    const b = withPolicy('baseline', '2026-12', { 'openSubsidy.US': 1.2, 'strategy.meta': 'open' }, [{ date: '2027-06', type: 'export-control', bloc: 'CN', severity: 0.7 }]);
    const first = runScenario(a, { checkpoints: cache });
    expect(cache.hits).toBe(0);
    expect(resultToCsv(first)).toBe(resultToCsv(runScenario(a)));
    const resumed = runScenario(b, { checkpoints: cache });
    expect(cache.hits).toBe(1);
    expect(resultToCsv(resumed)).toBe(resultToCsv(runScenario(b)));
    // history before the policy month is the baseline's
    const base = runScenario(registry.resolve('baseline'));
    const upTo = (csv: string) => csv.split('\n').filter((l) => l < '2026-12').join('\n');
    expect(upTo(resultToCsv(resumed))).toBe(upTo(resultToCsv(base)));
  });

  it('is not used when anything before the month differs', () => {
    const cache = new CheckpointCache();
    runScenario(withPolicy('baseline', '2026-12', { priceSensitivity: 0.5 }), { checkpoints: cache });
    // another start month, another scenario's history: full runs
    const other = withPolicy('baseline', '2027-06', { priceSensitivity: 0.5 });
    expect(resultToCsv(runScenario(other, { checkpoints: cache }))).toBe(resultToCsv(runScenario(other)));
    const history = withPolicy('export-controls-tighten', '2026-12', { priceSensitivity: 0.5 });
    expect(resultToCsv(runScenario(history, { checkpoints: cache }))).toBe(resultToCsv(runScenario(history)));
    expect(cache.hits).toBe(0);
  });

  it('resumes at checkpointFrom whatever kind of event starts there (the playground\'s levers)', () => {
    const cache = new CheckpointCache();
    const base = registry.resolve('baseline');
    const withEvents = (events: ScenarioEvent[]): ResolvedScenario => ({ ...base, events: [...base.events, ...events].sort((x, y) => x.date.localeCompare(y.date)) });
    const a = withEvents([{ date: '2026-12', type: 'model-restriction', bloc: 'US', origin: 'CN', sectors: 'critical', scope: 'all', lift: false }]);
    const b = withEvents([
      { date: '2026-12', type: 'model-restriction', bloc: 'EU', origin: 'CN', sectors: 'all', scope: 'all', lift: false },
      { date: '2026-12', type: 'export-control', bloc: 'CN', severity: 0.8 },
    ]);
    const opts = { checkpoints: cache, checkpointFrom: '2026-12' };
    expect(resultToCsv(runScenario(a, opts))).toBe(resultToCsv(runScenario(a)));
    expect(cache.hits).toBe(0);
    expect(resultToCsv(runScenario(b, opts))).toBe(resultToCsv(runScenario(b)));
    expect(cache.hits).toBe(1);
    // without the option neither has a set-params month: no checkpoint is used
    const plain = new CheckpointCache();
    runScenario(a, { checkpoints: plain });
    runScenario(b, { checkpoints: plain });
    expect(plain.hits).toBe(0);
    // an event before the month is part of the key: a full run, the same bytes
    const earlier = withEvents([{ date: '2026-06', type: 'export-control', bloc: 'CN', severity: 0.8 }]);
    expect(resultToCsv(runScenario(earlier, opts))).toBe(resultToCsv(runScenario(earlier)));
    expect(cache.hits).toBe(1);
  });

  it('property: random policies from random months, resumed or not, give the same bytes', () => {
    const cache = new CheckpointCache();
    fc.assert(
      fc.property(
        fc.constantFrom('baseline', 'us-open-push', 'sovereign-procurement'),
        fc.integer({ min: 2024, max: 2029 }),
        fc.constantFrom(...numeric),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (base, year, def, u) => {
          const v = def.min! + u * (def.max! - def.min!);
          const s = withPolicy(base, `${year}-06`, { [def.name]: v });
          expect(resultToCsv(runScenario(s, { checkpoints: cache }))).toBe(resultToCsv(runScenario(s)));
        },
      ),
      { numRuns: 25, seed: 7 },
    );
    expect(cache.hits).toBeGreaterThan(0);
  });
});
