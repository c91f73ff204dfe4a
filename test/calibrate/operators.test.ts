/**
 * Observation operators and the weighted loss on hand-made series (no model run): every
 * expected value is computed by hand from the series below.
 */
import { describe, expect, it } from 'vitest';
import { SeriesSet } from '../../src/model/outputs/series.js';
import { crossingTime, modelledPath, modelledRaw, type RunSeries } from '../../src/model/calibrate/operators.js';
import { evaluateFit, sideSigma } from '../../src/model/calibrate/fit-loss.js';
import type { Observation } from '../../src/model/calibrate/observation-schema.js';

const dates = ['2025-01', '2025-02', '2025-03', '2025-04'];
function run(): RunSeries {
  const s = new SeriesSet(4);
  s.get('downloads', 'US').set([4, 4, 2, 2]);
  s.get('downloads', 'CN').set([1, 2, 3, 6]);
  s.get('downloads', 'EU').set([0, 0, 0, 0]);
  s.get('downloads', 'RoW').set([0, 0, 0, 0]);
  s.get('download_share', 'US').set([0.8, 4 / 6, 0.4, 0.25]);
  s.get('download_share', 'CN').set([0.2, 2 / 6, 0.6, 0.75]);
  s.get('download_share', 'EU').set([0, 0, 0, 0]);
  s.get('download_share', 'RoW').set([0, 0, 0, 0]);
  s.get('enterprise_open_share', 'all').set([0.1, 0.2, NaN, 0.4]);
  s.get('compute', 'US').set([6, 6, 6, 6]);
  s.get('compute', 'CN').set([2, 2, 2, 2]);
  return { dates, series: s };
}

const SRC = { title: 't', author: 'a', year: 2025, url: 'https://example.org/x' };
const U = { se: 0.1, note: 'n' };
const obs = (o: Partial<Observation>): Observation =>
  ({ id: 'x', metric: 'download_share', group: 'CN', period: '2025-01', kind: 'point', value: 0, uncertainty: U, unit: 'share', definition: 'd', source: SRC, ...o }) as Observation;

describe('observation operators', () => {
  it('point: the value in the month; a range gives the mean of defined months', () => {
    expect(modelledRaw(obs({ period: '2025-03' }), run())).toBeCloseTo(0.6, 12);
    expect(modelledRaw(obs({ metric: 'enterprise_open_share', group: 'all', period: { start: '2025-01', end: '2025-04' } }), run())).toBeCloseTo((0.1 + 0.2 + 0.4) / 3, 12);
  });
  it('rolling share: volume-weighted with the downloads numerators, not the mean of monthly shares', () => {
    const o = obs({ kind: 'rolling', period: { start: '2025-01', end: '2025-04' } });
    // CN downloads 12 of 24 in total
    expect(modelledRaw(o, run())).toBeCloseTo(12 / 24, 12);
    const meanOfShares = (0.2 + 2 / 6 + 0.6 + 0.75) / 4;
    expect(Math.abs(modelledRaw(o, run()) - meanOfShares)).toBeGreaterThan(0.01);
  });
  it('share over listed groups and over all groups', () => {
    expect(modelledRaw(obs({ metric: 'downloads', kind: 'rolling', share: ['CN', 'US'], period: { start: '2025-03', end: '2025-04' } }), run())).toBeCloseTo(9 / 13, 12);
    expect(modelledRaw(obs({ metric: 'compute', group: 'US', share: true, period: '2025-02' }), run())).toBeCloseTo(0.75, 12);
  });
  it('cumulative: the sum over the window (group "all" sums the groups), times the multiplier', () => {
    expect(modelledRaw(obs({ metric: 'downloads', kind: 'cumulative', period: { start: '2025-01', end: '2025-03' } }), run())).toBe(6);
    expect(modelledRaw(obs({ metric: 'downloads', group: 'all', kind: 'cumulative', period: { start: '2025-01', end: '2025-04' } }), run())).toBe(24);
    expect(modelledRaw(obs({ metric: 'downloads', kind: 'cumulative', period: { start: '2025-01', end: '2025-02' }, multiplier: { value: 0.5, note: 'n' } }), run())).toBe(1.5);
    const p = modelledPath(obs({ metric: 'downloads', kind: 'cumulative', period: { start: '2025-02', end: '2025-04' } }), run());
    expect(Number.isNaN(p[0])).toBe(true);
    expect(Array.from(p.subarray(1))).toEqual([2, 5, 11]);
  });
  it('crossing: linear interpolation between the months around the sign change', () => {
    // US − CN: 3, 2, −1 → crosses 2/3 of the way from Feb to Mar 2025
    const t = modelledRaw(obs({ metric: 'downloads', group: 'CN>US', kind: 'crossing', period: { start: '2025-01', end: '2025-04' } }), run());
    expect(t).toBeCloseTo((2025 * 12 + 1 + 2 / 3) / 12, 12);
    // never crossing inside the window: the month after it
    const a = Float64Array.from([0, 0, 0]);
    const b = Float64Array.from([1, 1, 1]);
    expect(crossingTime(a, b, 0, 2, 2025 * 12)).toBeCloseTo((2025 * 12 + 3) / 12, 12);
  });
  it('times: multiplies by another series month by month before averaging', () => {
    const o = obs({ metric: 'download_share', group: 'CN', kind: 'rolling', times: { metric: 'enterprise_open_share', group: 'all' }, period: { start: '2025-01', end: '2025-02' } });
    expect(modelledRaw(o, run())).toBeCloseTo((0.2 * 0.1 + (2 / 6) * 0.2) / 2, 12);
  });
  it('a period outside the run or a missing series gives NaN', () => {
    expect(Number.isNaN(modelledRaw(obs({ period: '2024-12' }), run()))).toBe(true);
    expect(Number.isNaN(modelledRaw(obs({ group: 'Mars' }), run()))).toBe(true);
  });
});

describe('weighted loss', () => {
  it('divides residuals by the SE, or by the interval side the residual falls on', () => {
    const o = obs({ value: 0.5, uncertainty: { low: 0.4, high: 0.8, note: 'n' } });
    expect(sideSigma(o, 0.7)).toBeCloseTo(0.3, 12);
    expect(sideSigma(o, 0.45)).toBeCloseTo(0.1, 12);
    const ev = evaluateFit([obs({ period: '2025-03', value: 0.4 }), o], run());
    expect(ev.residuals[0].z).toBeCloseTo((0.6 - 0.4) / 0.1, 12);
    expect(ev.residuals[1].z).toBeCloseTo((0.2 - 0.5) / 0.1, 12);
    expect(ev.loss).toBeCloseTo(4 + 9, 10);
  });
  it('fits a shared nuisance scale in closed form (exact when observations are proportional)', () => {
    const a = obs({ id: 'a', metric: 'downloads', kind: 'cumulative', period: { start: '2025-01', end: '2025-02' }, value: 3000, uncertainty: { se: 300, note: 'n' }, scale: 'k' });
    const b = obs({ id: 'b', metric: 'downloads', kind: 'cumulative', period: { start: '2025-01', end: '2025-04' }, value: 12000, uncertainty: { se: 1200, note: 'n' }, scale: 'k' });
    const ev = evaluateFit([a, b], run());
    expect(ev.scales.k).toBeCloseTo(1000, 9);
    expect(ev.loss).toBeCloseTo(0, 12);
  });
  it('counts only fitted observations; unevaluable ones get a large z', () => {
    const ev = evaluateFit([obs({ period: '2025-03', value: 0.6 }), obs({ id: 'y', group: 'Mars', fit: false }), obs({ id: 'z', period: '2024-01' })], run());
    expect(ev.residuals[1].fitted).toBe(false);
    expect(ev.residuals[2].z).toBe(10);
    expect(ev.loss).toBeCloseTo(100, 12);
  });
});
