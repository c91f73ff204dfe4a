/**
 * The meanfield solver is the expectation of the agents solver (docs/model.md §4): at
 * N = 200 000 agents, at the calibrated defaults (default taste spread), the pooled RMS gap
 * between the two over the headline shares (every month, every group) is at most 0.01, on the
 * baseline and on every built-in scenario. Sampling noise alone is about 1/√N ≈ 0.002 per
 * share; the bound leaves room for the noise's effect on the shared feedback (ecosystems,
 * data), which the first version's representative adopter could not keep small.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, type RunResult } from '../../src/model/index.js';
import { run } from './helpers.js';

const HEADLINES = ['usage_share', 'download_share', 'derivative_share', 'token_share', 'open_token_share', 'open_share', 'hosted_open_share', 'enterprise_open_share'];

/** Pooled RMS gap and the largest gap over the headline shares. */
export function headlineGap(a: RunResult, b: RunResult): { rms: number; max: number; n: number } {
  let se = 0;
  let n = 0;
  let max = 0;
  for (const s of a.series.list) {
    if (!HEADLINES.includes(s.metric)) continue;
    const v = b.series.find(s.metric, s.group)!;
    for (let t = 0; t < s.values.length; t++) {
      if (!(Number.isFinite(s.values[t]) && Number.isFinite(v[t]))) continue;
      const d = s.values[t] - v[t];
      se += d * d;
      n++;
      max = Math.max(max, Math.abs(d));
    }
  }
  return { rms: Math.sqrt(se / n), max, n };
}

describe('agents vs meanfield at 200 000 agents', () => {
  for (const sc of BUILTIN_SCENARIOS) {
    it(`${sc.name}: pooled RMS gap over the headline shares ≤ 0.01`, () => {
      const mf = run(sc.name);
      const ag = run(sc.name, {}, { mode: 'agents', agents: 200_000, seed: 11 });
      const g = headlineGap(mf, ag);
      console.log(`${sc.name}: RMS ${g.rms.toFixed(4)}, max ${g.max.toFixed(4)} over ${g.n} values`);
      expect(g.n).toBeGreaterThan(1000);
      expect(g.rms).toBeLessThanOrEqual(0.01);
    });
  }
});
