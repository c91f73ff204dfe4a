/**
 * The run-level invariant check (issue 17): what every finished run must satisfy before any of
 * its output is written. A violation is a bug or an input outside the model's domain that
 * validation let through; it is an error (exit ≠ 0, nothing written), never a silent gap.
 *
 * - every value is finite or undefined (NaN); never ±Infinity;
 * - fractions (shares, `open_share`, `hhi`, `adoption`, …) lie in [0, 1]; stocks and flows are ≥ 0;
 * - a share metric split over groups (`usage_share` by bloc, `critical_usage_share` by origin
 *   within each adopter bloc, …) is, each month, either undefined for every group or defined
 *   for every group with a sum of 1;
 * - "nobody has adopted yet" is the only way a usage share is undefined: once a usage metric is
 *   defined it stays defined (adopters never leave), so a usage share that disappears mid-run
 *   is an error. Metrics of a sub-market (downloads, hosted tokens, a price of one openness)
 *   may be undefined in a month when that sub-market is empty.
 */
import type { SeriesSet } from './series.js';

/** One broken invariant. */
export interface InvariantViolation {
  metric: string;
  group: string;
  date: string;
  value: number;
  rule: string;
}

/** Thrown by {@link assertRunInvariants}: the run's output must not be written. */
export class InvariantError extends Error {
  constructor(
    readonly violations: InvariantViolation[],
    readonly total: number,
    context: string,
  ) {
    const shown = violations.map((v) => `  ${v.metric} ${v.group} ${v.date}: ${Number.isNaN(v.value) ? 'undefined' : v.value} (${v.rule})`);
    super(
      `${context}: the run's output breaks the model's invariants in ${total} place${total === 1 ? '' : 's'}; nothing was written.\n${shown.join('\n')}` +
        (total > violations.length ? `\n  … and ${total - violations.length} more` : '') +
        '\nthis input is outside what the model supports; please report it with the scenario and options',
    );
    this.name = 'InvariantError';
    this.stack = this.message;
  }
}

/** Metrics whose values are fractions in [0, 1]. */
const FRACTIONS = new Set([
  'usage_share',
  'open_share',
  'download_share',
  'derivative_share',
  'token_share',
  'open_token_share',
  'hosted_open_share',
  'enterprise_open_share',
  'hhi',
  'adoption',
  'critical_usage_share',
]);

/** Metrics that are never negative. */
const NON_NEGATIVE = new Set(['compute', 'data_stock', 'downloads', 'derivatives', 'efficiency', 'avg_price', 'open_labs']);

/** Share metrics whose groups sum to 1 (critical_usage_share: within each adopter bloc). */
const SPLIT_SHARES = new Set(['usage_share', 'download_share', 'derivative_share', 'token_share', 'open_token_share', 'critical_usage_share']);

/** Usage metrics: undefined only while nobody has adopted; once defined, defined to the end. */
const USAGE_METRICS = new Set(['usage_share', 'open_share', 'hhi', 'enterprise_open_share', 'critical_usage_share', 'adoption']);

/** Tolerances: a value may stray this far outside [0, 1]; a split share's sum this far from 1. */
const BOUND_TOL = 1e-9;
const SUM_TOL = 1e-6;

/**
 * Checks a run's series; returns at most `limit` violations (the first of each series and
 * rule) and the total count of values that break an invariant.
 */
export function checkRunInvariants(dates: readonly string[], set: SeriesSet, limit = 10): { violations: InvariantViolation[]; total: number } {
  const violations: InvariantViolation[] = [];
  let total = 0;
  // the first violation of each (series, rule) is listed: a broken series usually stays broken
  let lastKey = '';
  const add = (metric: string, group: string, t: number, value: number, rule: string) => {
    total++;
    const key = `${metric}|${group}|${rule}`;
    if (key === lastKey) return;
    lastKey = key;
    if (violations.length < limit) violations.push({ metric, group, date: dates[t] ?? String(t), value, rule });
  };
  const T = dates.length;
  /** Split shares: key (metric or metric|adopter bloc) → their series. */
  const splits = new Map<string, { group: string; values: Float64Array }[]>();
  for (const s of set.list) {
    const { metric, group, values } = s;
    const fraction = FRACTIONS.has(metric);
    const nonNegative = NON_NEGATIVE.has(metric);
    const usage = USAGE_METRICS.has(metric);
    let defined = false;
    for (let t = 0; t < T; t++) {
      const v = values[t];
      if (v !== v) {
        if (usage && defined) add(metric, group, t, v, 'a usage metric undefined after it was defined');
        continue;
      }
      defined = true;
      if (v === Infinity || v === -Infinity) add(metric, group, t, v, 'not finite');
      else if (fraction && (v < -BOUND_TOL || v > 1 + BOUND_TOL)) add(metric, group, t, v, 'outside [0, 1]');
      else if (nonNegative && v < 0) add(metric, group, t, v, 'negative');
    }
    if (SPLIT_SHARES.has(metric)) {
      const key = metric === 'critical_usage_share' ? `${metric}|${group.split(':')[0]}` : metric;
      let list = splits.get(key);
      if (!list) splits.set(key, (list = []));
      list.push({ group, values });
    }
  }
  for (const [key, list] of splits) {
    const metric = key.split('|')[0];
    for (let t = 0; t < T; t++) {
      let sum = 0;
      let undef = 0;
      for (const g of list) {
        const v = g.values[t];
        if (v !== v) undef++;
        else sum += v;
      }
      if (undef === list.length) continue; // nobody in this market yet: undefined for every group
      if (undef > 0) {
        const g = list.find((x) => x.values[t] !== x.values[t])!;
        add(metric, g.group, t, NaN, 'undefined while other groups are defined');
      } else if (!(Math.abs(sum - 1) <= SUM_TOL)) add(metric, list.map((g) => g.group).join('+'), t, sum, 'shares do not sum to 1');
    }
  }
  return { violations, total };
}

/** Throws an {@link InvariantError} naming `context` when the run breaks an invariant. */
export function assertRunInvariants(dates: readonly string[], set: SeriesSet, context: string): void {
  const { violations, total } = checkRunInvariants(dates, set);
  if (total > 0) throw new InvariantError(violations, total, context);
}
