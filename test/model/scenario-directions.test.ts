/**
 * Every built-in scenario moves the headline docs/model.md names for it (the generated
 * direction table, src/model/scenario/directions.ts) by at least one percentage point in the
 * stated direction against the baseline, at 2030-12 (meanfield solver, calibrated defaults).
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../src/model/index.js';
import { SCENARIO_DIRECTIONS } from '../../src/model/scenario/directions.js';
import { at, run } from './helpers.js';

const END = '2030-12';

describe('scenario direction table', () => {
  const base = run('baseline');
  it('covers every built-in scenario but the baseline', () => {
    const covered = new Set(SCENARIO_DIRECTIONS.map((d) => d.scenario));
    for (const s of BUILTIN_SCENARIOS) if (s.name !== 'baseline') expect(covered.has(s.name), s.name).toBe(true);
  });
  for (const d of SCENARIO_DIRECTIONS) {
    it(`${d.scenario}: ${d.metric} ${d.group} goes ${d.direction} by at least 1 pp`, () => {
      const r = run(d.scenario);
      const delta = at(r, d.metric, d.group, END) - at(base, d.metric, d.group, END);
      if (d.direction === 'up') expect(delta).toBeGreaterThanOrEqual(0.01);
      else expect(delta).toBeLessThanOrEqual(-0.01);
    });
  }
});
