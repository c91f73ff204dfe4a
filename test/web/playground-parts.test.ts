/** Smaller parts of the playground: slider snapping, the band's label, announcements, saved scenarios, lever → chart. */
import { describe, expect, it } from 'vitest';
import { PARAM_DEFS, PARAM_INDEX } from '../../src/model/index.js';
import { CHART_INDEX, ensembleBand, type RunSeries } from '../../src/charts/index.js';
import { sliderStep, snapToDefault, formatParam } from '../../web/src/components/param-control.js';
import { bandLabel, bandQuantiles } from '../../web/src/engine/protocol.js';
import { announcement } from '../../web/src/components/headline-panel.js';
import { listSaved, removeSaved, saveScenario, savedState } from '../../web/src/state/saved-scenarios.js';
import { defaultState, withParam } from '../../web/src/state/playground-state.js';
import { chartForLever, chartForParam } from '../../web/src/state/lever-focus.js';
import { kebab, parseReference, referenceKey } from '../../web/src/components/scenarios-panel.js';

describe('sliders', () => {
  it('snap to the calibrated default within half a step, and show it to four significant digits', () => {
    const d = PARAM_INDEX.get('priceSensitivity')!;
    const step = sliderStep(d);
    const def = d.default as number;
    expect(snapToDefault(d, Number((def - step / 3).toFixed(6)))).toBe(def);
    expect(snapToDefault(d, def + step)).not.toBe(def);
    // a plain decimal (at most 4 significant digits, checked below for every parameter: 0.1787, 1.002)
    expect(formatParam(d, def)).toMatch(/^\d+(?:\.\d{1,4})?$/);
    const significant = (t: string) => t.replace(/[^0-9]/g, '').replace(/^0+/, '').replace(/0+$/, '').length;
    for (const p of PARAM_DEFS) if (typeof p.default === 'number' && !Number.isInteger(p.default)) expect(significant(formatParam(p, p.default)), `${p.name} ${formatParam(p, p.default)}`).toBeLessThanOrEqual(4);
  });
});

describe('the uncertainty band', () => {
  it('says how many runs and which quantiles were computed', () => {
    expect(bandQuantiles(4)).toEqual([0, 1]);
    expect(bandQuantiles(10)).toEqual([0.1, 0.9]);
    expect(bandQuantiles(20)).toEqual([0.05, 0.95]);
    expect(bandLabel(4, [0, 1])).toBe('range (min–max) of 4 agents runs, 5,000 agents each (sampling noise, not parameter uncertainty)');
    expect(bandLabel(20, [0.05, 0.95])).toMatch(/^5–95% quantiles of 20 agents runs/);
    // the range is the min and max of the runs
    const run = (v: number): RunSeries => ({ dates: ['2024-01'], series: [{ metric: 'm', group: 'g', values: [v] }] });
    const b = ensembleBand([run(3), run(1), run(2)], 0, 1);
    expect([b.low.series[0].values[0], b.high.series[0].values[0]]).toEqual([1, 3]);
  });
});

describe('headline announcements', () => {
  it('announce only the sentences that changed, and nothing the first time', () => {
    const a = [
      { id: 'x', text: 'X in 2025-04.', changed: false },
      { id: 'y', text: 'Y: 40%.', changed: false },
    ];
    expect(announcement(null, a)).toBe('');
    expect(announcement(a, a)).toBe('');
    expect(announcement(a, [a[0], { id: 'y', text: 'Y: 42%.', changed: true }])).toBe('Y: 42%.');
  });
});

describe('saved scenarios', () => {
  it('save, list newest first, replace by name, load the same state, remove', () => {
    const mem = new Map<string, string>();
    const store = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    const a = { ...withParam(defaultState('2026-12'), 'strategy.meta', 'closed'), name: 'meta-closes' };
    const b = { ...defaultState('2026-12'), name: 'tight', exportControl: { on: true, severity: 0.9, date: '2027-01' } };
    saveScenario(a, store, new Date('2026-12-01T10:00:00Z'));
    saveScenario(b, store, new Date('2026-12-01T11:00:00Z'));
    expect(listSaved(store).map((x) => x.name)).toEqual(['tight', 'meta-closes']);
    saveScenario({ ...a, description: 'again' }, store, new Date('2026-12-01T12:00:00Z'));
    expect(listSaved(store).map((x) => x.name)).toEqual(['meta-closes', 'tight']);
    const back = savedState(listSaved(store)[0]);
    expect(back.ok && back.state).toEqual({ ...a, description: 'again' });
    expect(removeSaved('tight', store).map((x) => x.name)).toEqual(['meta-closes']);
    mem.set('momentum:saved-scenarios', '{broken');
    expect(listSaved(store)).toEqual([]);
  });

  it('names are kebab-case; references round-trip through the select value', () => {
    expect(kebab('EU Open Push!')).toBe('eu-open-push');
    for (const r of [{ kind: 'none' as const }, { kind: 'preset' as const, name: 'baseline' }, { kind: 'saved' as const, name: 'my-one' }]) expect(parseReference(referenceKey(r))).toEqual(r);
  });
});

describe('the phone chart beside the levers', () => {
  it('every lever maps to a chart that exists', () => {
    for (const d of PARAM_DEFS) expect(CHART_INDEX.has(chartForParam(d.name)), d.name).toBe(true);
    for (const l of ['export-control', 'restrictions', 'incident'] as const) expect(CHART_INDEX.has(chartForLever(l))).toBe(true);
  });
});
