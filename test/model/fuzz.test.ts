/**
 * Property-based fuzzing in `npm test` (issue 17): 500 seeded fast-check cases of mutated
 * scenarios, overrides and run options through validation and runScenario in both modes
 * (test/fuzz/scenario-fuzz.ts). Each case is a field-named rejection or a run whose outputs are
 * all finite with shares in [0, 1]; a failure is shrunk and printed. `npm run fuzz` runs 20,000.
 */
import { describe, expect, it } from 'vitest';
import { fc, fuzz } from '../fuzz/scenario-fuzz.js';

describe('scenario fuzzing (fast-check)', () => {
  it('500 cases: a field-named rejection or a finite, in-range run; never an exception or a hang', () => {
    const { result, counts } = fuzz(500, 500);
    if (result.failed) throw new Error(fc.defaultReportMessage(result) ?? 'fuzzing failed');
    expect(counts.cases).toBe(500);
    // both outcomes and both solvers are exercised (not a generator that only makes rejects)
    expect(counts.rejected).toBeGreaterThan(50);
    expect(counts.accepted - counts.acceptedAgents).toBeGreaterThan(50);
    expect(counts.acceptedAgents).toBeGreaterThan(50);
    console.log(`fuzz: ${counts.cases} cases, ${counts.rejected} rejected, ${counts.accepted} accepted (${counts.acceptedAgents} agents), slowest ${counts.maxMs.toFixed(0)} ms`);
  }, 300_000);
});
