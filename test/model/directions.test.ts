/**
 * Directional checks, at least one per mechanism (declarative: in scenario X with parameter
 * change Y, metric Z at month W moves up or down). Each compares two meanfield runs.
 */
import { describe, expect, it } from 'vitest';
import { PARAM_INDEX } from '../../src/model/index.js';
import { at, run } from './helpers.js';

/** A parameter's default times a factor, clamped to its range: checks stay valid whatever the calibrated defaults are. */
function scaled(name: string, factor: number): number {
  const d = PARAM_INDEX.get(name)!;
  const v = (d.default as number) * factor;
  return Math.min(d.max!, Math.max(d.min!, v));
}

interface Check {
  mechanism: string;
  what: string;
  a: [string, Record<string, number | string>];
  b: [string, Record<string, number | string>];
  metric: string;
  group: string;
  date: string;
  /** Expected sign of b − a. */
  direction: 'up' | 'down';
}

const CHECKS: Check[] = [
  { mechanism: 'compute-and-export-controls', what: 'tighter export controls lower CN compute', a: ['baseline', {}], b: ['export-controls-tighten', {}], metric: 'compute', group: 'CN', date: '2030-12', direction: 'down' },
  { mechanism: 'compute-and-export-controls', what: 'tighter export controls raise CN efficiency (adaptive innovation)', a: ['baseline', {}], b: ['export-controls-tighten', {}], metric: 'efficiency', group: 'CN', date: '2030-12', direction: 'up' },
  { mechanism: 'compute-and-export-controls', what: 'no export controls at all raise CN compute', a: ['baseline', {}], b: ['baseline', { exportControlScale: 0 }], metric: 'compute', group: 'CN', date: '2026-12', direction: 'up' },
  { mechanism: 'adoption-choice', what: 'more customizability of open weights raises open_share', a: ['baseline', {}], b: ['baseline', { customizability: Math.min(2, (PARAM_INDEX.get('customizability')!.default as number) + 1) }], metric: 'open_share', group: 'all', date: '2027-12', direction: 'up' },
  { mechanism: 'adoption-choice', what: 'higher price sensitivity raises open_share (open is cheaper)', a: ['baseline', {}], b: ['baseline', { priceSensitivity: scaled('priceSensitivity', 1.5) }], metric: 'open_share', group: 'all', date: '2027-12', direction: 'up' },
  { mechanism: 'embodied-shift', what: 'a faster embodied shift raises CN data_stock', a: ['baseline', {}], b: ['embodied-acceleration', {}], metric: 'data_stock', group: 'CN', date: '2030-12', direction: 'up' },
  { mechanism: 'data-feedback', what: 'a stronger industrial-integration channel raises CN data_stock', a: ['baseline', {}], b: ['baseline', { dataFeedbackIndustrial: scaled('dataFeedbackIndustrial', 2.5) }], metric: 'data_stock', group: 'CN', date: '2030-12', direction: 'up' },
  { mechanism: 'capability', what: 'higher returns to data raise frontier capability', a: ['baseline', {}], b: ['baseline', { dataReturns: scaled('dataReturns', 2) }], metric: 'frontier_capability', group: 'us_closed', date: '2030-12', direction: 'up' },
  { mechanism: 'cost-efficiency', what: 'faster algorithmic progress lowers the price of closed models', a: ['baseline', {}], b: ['baseline', { efficiencyHalvingMonths: scaled('efficiencyHalvingMonths', 0.65) }], metric: 'avg_price', group: 'closed', date: '2028-12', direction: 'down' },
  { mechanism: 'ecosystem-derivatives', what: 'US investment in open models raises the US share of new derivatives', a: ['baseline', {}], b: ['us-open-push', {}], metric: 'derivative_share', group: 'US', date: '2028-12', direction: 'up' },
  { mechanism: 'governance-risk', what: 'a higher perceived risk of CN models lowers CN usage share', a: ['baseline', {}], b: ['baseline', { 'originRisk.CN': scaled('originRisk.CN', 1.5) }], metric: 'usage_share', group: 'CN', date: '2027-12', direction: 'down' },
  { mechanism: 'lab-strategy', what: 'no new open releases after 2026-07 lower open_share', a: ['baseline', {}], b: ['closed-world', {}], metric: 'open_share', group: 'all', date: '2030-12', direction: 'down' },
  { mechanism: 'market-entry', what: 'faster imitation raises adoption', a: ['baseline', {}], b: ['baseline', { bassQ: scaled('bassQ', 2) }], metric: 'adoption', group: 'all', date: '2025-12', direction: 'up' },
];

describe('directional checks (one or more per mechanism)', () => {
  for (const c of CHECKS) {
    it(`${c.mechanism}: ${c.what}`, () => {
      const ra = run(c.a[0], c.a[1]);
      const rb = run(c.b[0], c.b[1]);
      const va = at(ra, c.metric, c.group, c.date);
      const vb = at(rb, c.metric, c.group, c.date);
      if (c.direction === 'up') expect(vb).toBeGreaterThan(va);
      else expect(vb).toBeLessThan(va);
    });
  }

  it('governance-risk: banning CN models in US and EU critical sectors drives their CN share to 0', () => {
    const base = run('baseline');
    const r = run('foreign-model-restrictions');
    expect(at(base, 'critical_usage_share', 'US:CN', '2026-06')).toBeGreaterThan(0);
    expect(at(base, 'critical_usage_share', 'US:CN', '2030-12')).toBeGreaterThan(0);
    expect(at(r, 'critical_usage_share', 'US:CN', '2026-06')).toBeCloseTo(at(base, 'critical_usage_share', 'US:CN', '2026-06'), 12);
    for (const d of ['2026-07', '2028-01', '2030-12']) {
      expect(at(r, 'critical_usage_share', 'US:CN', d)).toBe(0);
      expect(at(r, 'critical_usage_share', 'EU:CN', d)).toBe(0);
    }
    // the ban does not reach RoW
    expect(at(r, 'critical_usage_share', 'RoW:CN', '2030-12')).toBeGreaterThan(0);
  });

  it('governance-risk: the ban also holds in the agents solver', () => {
    const r = run('foreign-model-restrictions', {}, { mode: 'agents', agents: 30_000, seed: 5 });
    expect(at(r, 'critical_usage_share', 'US:CN', '2027-01')).toBe(0);
  });

  it('governance-risk: a security incident lowers CN usage abroad for a while', () => {
    const base = run('baseline');
    const calm = run('baseline', { incidentHalfLife: 3 });
    expect(PARAM_INDEX.get('incidentHalfLife')!.default).toBeGreaterThan(3);
    // a longer-lasting incident (half-life 12 vs 3 months) keeps CN share lower in 2025
    expect(at(base, 'usage_share', 'CN', '2025-04')).toBeLessThan(at(calm, 'usage_share', 'CN', '2025-04'));
  });

  it('capability: a mixed lab\'s open releases never exceed its frontier', () => {
    const r = run('baseline');
    const open = r.series.find('frontier_capability', 'us_open')!;
    const closed = r.series.find('frontier_capability', 'us_closed')!;
    // Google and OpenAI are mixed with delays; Meta is open. The US open frontier lags the closed one.
    for (let t = 0; t < r.dates.length; t++) if (Number.isFinite(open[t])) expect(open[t]).toBeLessThanOrEqual(closed[t] + 1e-9);
  });

  it('lab-strategy: adaptation lets a losing closed lab open up', () => {
    const off = run('baseline', { strategyAdaptation: 0 });
    const on = run('baseline', { strategyAdaptation: 1 });
    const a = on.series.find('open_labs', 'US')!;
    const b = off.series.find('open_labs', 'US')!;
    let more = 0;
    for (let t = 0; t < a.length; t++) {
      expect(a[t]).toBeGreaterThanOrEqual(b[t]);
      if (a[t] > b[t]) more++;
    }
    expect(more).toBeGreaterThan(0);
  });
});
