import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

/**
 * The agents solver samples exactly the latent classes the meanfield solver integrates over,
 * so at the calibrated defaults (default taste spread) its error against the meanfield falls
 * as 1/√N.
 */
describe('agents → meanfield as N grows', () => {
  it('error falls roughly as 1/sqrt(N)', () => {
    // the calibrated defaults, heterogeneity included (the first version needed tasteSpread = 0
    // and a weak network effect here: its meanfield was not the agents solver's expectation)
    const fixed = {};
    const mf = run('baseline', fixed);
    const metrics: [string, string][] = [
      ['usage_share', 'CN'],
      ['usage_share', 'US'],
      ['open_share', 'all'],
      ['adoption', 'all'],
    ];
    const err = (n: number) => {
      let total = 0;
      const seeds = [11, 12, 13];
      for (const seed of seeds) {
        const ag = run('baseline', fixed, { mode: 'agents', agents: n, seed });
        let sq = 0;
        let k = 0;
        for (const [m, g] of metrics) {
          const a = ag.series.find(m, g)!;
          const b = mf.series.find(m, g)!;
          for (let t = 0; t < a.length; t++) {
            sq += (a[t] - b[t]) ** 2;
            k++;
          }
        }
        total += Math.sqrt(sq / k);
      }
      return total / seeds.length;
    };
    const e3 = err(2_000);
    const e5 = err(200_000);
    console.log(`RMS error vs meanfield: N=2e3 ${e3.toFixed(4)}, N=2e5 ${e5.toFixed(4)} (ratio ${(e3 / e5).toFixed(1)}, 1/sqrt(N) predicts 10)`);
    expect(e5).toBeLessThan(0.01);
    expect(e3 / e5).toBeGreaterThan(5);
    expect(e3 / e5).toBeLessThan(20);
  });
});
