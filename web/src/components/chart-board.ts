/**
 * The chart cards on the page, so a worker reply can be drawn on the charts in view at once,
 * ahead of React's render of the rest of the page (headlines, legends, captions, status).
 */
import type { ChartInput, ObservationPoint, RunSeries } from '../../../src/charts/index.js';

/** A registered card: draws `input` if the card is in view; tells whether it is in view and shows `input`. */
export interface BoardCard {
  drawIfVisible(input: ChartInput): void;
  /** null when the card is out of view (it does not count); else whether it now shows `input`. */
  shows(input: ChartInput): boolean | null;
}

/** The set of chart cards of a page. */
export class ChartBoard {
  private readonly cards = new Set<BoardCard>();

  /** Adds a card; returns the function that removes it. */
  register(card: BoardCard): () => void {
    this.cards.add(card);
    return () => this.cards.delete(card);
  }

  /**
   * Draws `input` on every card in view (fast redraw of the scenario lines where possible).
   * True when at least one card is in view and every card in view now shows `input`.
   */
  drawVisible(input: ChartInput): boolean {
    for (const c of this.cards) c.drawIfVisible(input);
    let seen = 0;
    for (const c of this.cards) {
      const s = c.shows(input);
      if (s === false) return false;
      if (s) seen++;
    }
    return seen > 0;
  }
}

/**
 * An uncertainty band for the scenario of `key`: quantiles `q` of `n` meanfield runs over
 * posterior draws or of `n` agents runs, with its label; `size` of `total` draws or runs were
 * asked for so far (n < size when some draws broke the model's invariants).
 */
export type Band = { kind: 'posterior' | 'agents'; assumptions?: boolean; key: string; low: RunSeries; high: RunSeries; n: number; q: [number, number]; label: string; size: number; total: number };

/** What the charts show besides the runs. */
export interface ChartExtras {
  labels: { current: string; baseline: string };
  now: string;
  counterfactual: boolean;
  view: 'lines' | 'difference';
}

/**
 * The charts' input for a result, memoised on its parts: the worker reply's early draw and
 * React's render get the same object for the same parts, so a chart drawn early is not drawn
 * again. The band stays on the charts while a new one is computed for a changed scenario
 * (the status line says it is updating): dropping it would force a full render of every chart
 * at each lever step instead of the fast redraw of the scenario lines.
 */
export function chartInputCache() {
  let last: { args: unknown[]; value: ChartInput } | null = null;
  const bands = new WeakMap<Band, ChartInput['band']>();
  let labels: ChartExtras['labels'] | null = null;
  return (result: { run: RunSeries; key: string }, reference: RunSeries | null, band: Band | null, observations: readonly ObservationPoint[], bandOn: boolean, extras: ChartExtras): ChartInput => {
    const b = band && bandOn ? band : null;
    if (!labels || labels.current !== extras.labels.current || labels.baseline !== extras.labels.baseline) labels = { ...extras.labels };
    const args = [result.run, reference, b, observations, labels, extras.now, extras.counterfactual, extras.view];
    if (last && args.every((v, i) => v === last!.args[i])) return last.value;
    let bandInput: ChartInput['band'];
    if (b) {
      bandInput = bands.get(b);
      if (!bandInput) bands.set(b, (bandInput = { low: b.low, high: b.high, label: b.label }));
    }
    last = {
      args,
      value: { current: result.run, baseline: reference ?? undefined, band: bandInput, observations, labels, now: extras.now, counterfactual: extras.counterfactual, view: extras.view === 'difference' && reference ? 'difference' : undefined },
    };
    return last.value;
  };
}
