/**
 * The chart a lever moves most directly: on a phone the levers and the charts do not fit on
 * one screen, so the chart of the last lever touched is shown beside the levers.
 */
import { PARAM_INDEX } from '../../../src/model/index.js';
import { CHARTS } from '../../../src/charts/index.js';

const BY_NAME: Readonly<Record<string, string>> = {
  exportControlScale: 'compute-share',
  embodiedPace: 'data-stock',
};

/** The chart of a parameter (by name), of a policy, or of its mechanism. */
export function chartForParam(name: string): string {
  if (BY_NAME[name]) return BY_NAME[name];
  if (name.startsWith('openSubsidy.')) return 'download-share';
  if (name.startsWith('strategy.')) return 'usage-share';
  const mech = PARAM_INDEX.get(name)?.mechanism;
  return CHARTS.find((c) => c.mechanism === mech)?.id ?? 'usage-share';
}

/** The chart of an event lever. */
export function chartForLever(lever: 'export-control' | 'restrictions' | 'incident'): string {
  return lever === 'export-control' ? 'compute-share' : 'usage-share';
}
