/**
 * The chart cards on the page, so a worker reply can be drawn on the charts in view at once,
 * ahead of React's render of the rest of the page (headlines, legends, captions, status).
 */
import type { ChartInput } from '../../../src/charts/index.js';

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
