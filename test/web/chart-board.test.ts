/**
 * The chart board (worker replies drawn on the charts in view before React renders) and the
 * memoised chart input that lets React skip charts already drawn.
 */
import { describe, expect, it } from 'vitest';
import type { ChartInput, RunSeries } from '../../src/charts/index.js';
import { ChartBoard, chartInputCache, type BoardCard } from '../../web/src/components/chart-board.js';

const run = (): RunSeries => ({ dates: ['2024-01'], series: [{ metric: 'usage_share', group: 'US', values: [0.5] }] });

/** A card that is in view or not and can or cannot draw (e.g. before it has a width). */
function card(visible: boolean, canDraw = true) {
  let shown: ChartInput | null = null;
  const drawn: ChartInput[] = [];
  const c: BoardCard = {
    drawIfVisible: (input) => {
      if (!visible || !canDraw) return;
      shown = input;
      drawn.push(input);
    },
    shows: (input) => (visible ? shown === input : null),
  };
  return { c, drawn };
}

describe('ChartBoard', () => {
  it('draws on the cards in view only, and reports success when every card in view shows the input', () => {
    const board = new ChartBoard();
    const a = card(true);
    const b = card(false);
    board.register(a.c);
    board.register(b.c);
    const input: ChartInput = { current: run() };
    expect(board.drawVisible(input)).toBe(true);
    expect(a.drawn).toEqual([input]);
    expect(b.drawn).toEqual([]);
  });

  it('reports failure when a card in view could not draw, or when no card is in view (React then draws and times)', () => {
    const board = new ChartBoard();
    board.register(card(true).c);
    const off = board.register(card(true, false).c);
    expect(board.drawVisible({ current: run() })).toBe(false);
    off();
    expect(board.drawVisible({ current: run() })).toBe(true);
    const empty = new ChartBoard();
    empty.register(card(false).c);
    expect(empty.drawVisible({ current: run() })).toBe(false);
  });
});

describe('chartInputCache', () => {
  const extras = { labels: { current: 'A', baseline: 'B' }, now: '2026-12', counterfactual: false, view: 'lines' as const };

  it('returns the same object for the same parts, a new one when a part changes', () => {
    const inputOf = chartInputCache();
    const r = { run: run(), key: 'k1' };
    const base = run();
    const obs: never[] = [];
    const a = inputOf(r, base, null, obs, false, extras);
    expect(inputOf(r, base, null, obs, false, { ...extras, labels: { ...extras.labels } })).toBe(a);
    expect(a).toMatchObject({ current: r.run, baseline: base, band: undefined, observations: obs, now: '2026-12', counterfactual: false, view: undefined });
    expect(inputOf(r, run(), null, obs, false, extras)).not.toBe(a);
    expect(inputOf(r, base, null, obs, false, { ...extras, counterfactual: true })).not.toBe(a);
    expect(inputOf(r, base, null, obs, false, { ...extras, view: 'difference' }).view).toBe('difference');
    expect(inputOf(r, null, null, obs, false, { ...extras, view: 'difference' }).view).toBeUndefined();
  });

  it('keeps the band while a new one is computed, when switched on, as one object per band', () => {
    const inputOf = chartInputCache();
    const r = { run: run(), key: 'k1' };
    const band = { kind: 'agents' as const, key: 'k1', low: run(), high: run(), n: 4, q: [0, 1] as [number, number], label: 'range of 4 runs', size: 4, total: 20 };
    const on = inputOf(r, null, band, [], true, extras);
    expect(on.band).toEqual({ low: band.low, high: band.high, label: 'range of 4 runs' });
    expect(inputOf(r, null, band, [], false, extras).band).toBeUndefined();
    // a new scenario keeps the same band object (so the charts' fast redraw still applies)
    expect(inputOf({ run: run(), key: 'k2' }, null, band, [], true, extras).band).toBe(on.band);
  });
});
