import { describe, expect, it } from 'vitest';
import { resultToCsv } from '../../src/model/index.js';
import { run } from './helpers.js';

describe('determinism', () => {
  it('the same seed gives a byte-identical series.csv (agents)', () => {
    const a = resultToCsv(run('baseline', {}, { mode: 'agents', agents: 20_000, seed: 42 }));
    const b = resultToCsv(run('baseline', {}, { mode: 'agents', agents: 20_000, seed: 42 }));
    expect(a).toBe(b);
    expect(a.startsWith('date,metric,group,value\n')).toBe(true);
  });

  it('different seeds give different series', () => {
    const a = resultToCsv(run('baseline', {}, { mode: 'agents', agents: 20_000, seed: 1 }));
    const b = resultToCsv(run('baseline', {}, { mode: 'agents', agents: 20_000, seed: 2 }));
    expect(a).not.toBe(b);
  });

  it('meanfield runs are identical and do not depend on the seed', () => {
    const a = resultToCsv(run('baseline', {}, { seed: 1 }));
    const b = resultToCsv(run('baseline', {}, { seed: 99 }));
    expect(a).toBe(b);
  });

  it('the parameter hash changes with parameters and not otherwise', () => {
    const h1 = run('baseline').summary.paramsHash;
    const h2 = run('baseline').summary.paramsHash;
    const h3 = run('baseline', { priceSensitivity: 0.3 }).summary.paramsHash;
    expect(h1).toBe(h2);
    expect(h1).not.toBe(h3);
  });
});
