/**
 * Lab release strategies: open weights, closed API, or mixed. A strategy decides which
 * products a lab offers: closed labs an API, open labs open weights (served by hosts and the
 * lab itself), mixed labs both, with open releases lagging the frontier. Open weights once
 * released stay downloadable. Optional adaptation (parameter strategyAdaptation): a closed
 * lab that lost a third of its usage share over a year opens up (becomes mixed), as Meta,
 * Alibaba and later OpenAI did to win developers. Article: "the balance between openness and
 * control … will determine the trajectory of global competition".
 */
import type { Strategy } from '../world/labs.js';

export const STRATEGY_CODE: Record<Strategy, number> = { open: 0, closed: 1, mixed: 2 };
export const STRATEGY_OF_CODE: readonly Strategy[] = ['open', 'closed', 'mixed'];

/** Whether a strategy code releases open weights. */
export function releasesOpen(code: number): boolean {
  return code !== 1;
}

/** Whether a strategy code sells a closed API. */
export function sellsApi(code: number): boolean {
  return code !== 0;
}

/**
 * Yearly review (adaptation on): a closed lab whose usage share fell by at least a third
 * over twelve months switches to mixed. Returns the new strategy code.
 */
export function adaptStrategy(code: number, shareNow: number, shareYearAgo: number): number {
  if (code === 1 && shareYearAgo > 0 && shareNow < (2 / 3) * shareYearAgo) return 2;
  return code;
}
