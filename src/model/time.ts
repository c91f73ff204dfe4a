/**
 * Monthly calendar arithmetic. Dates are `YYYY-MM` strings; internally a month is an
 * absolute index `year * 12 + (month - 1)` so that differences are month counts.
 */

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True when `s` is a valid `YYYY-MM` month. */
export function isMonth(s: string): boolean {
  return MONTH_RE.test(s);
}

/** Absolute month index of a `YYYY-MM` string. Throws on malformed input (validate first). */
export function monthIndex(s: string): number {
  const m = MONTH_RE.exec(s);
  if (!m) throw new Error(`expected a month as YYYY-MM, found "${s}"`);
  return Number(m[1]) * 12 + (Number(m[2]) - 1);
}

/** `YYYY-MM` string of an absolute month index. */
export function monthLabel(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}`;
}

/** Every month from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const a = monthIndex(from);
  const b = monthIndex(to);
  const out: string[] = [];
  for (let i = a; i <= b; i++) out.push(monthLabel(i));
  return out;
}

/** Default simulation horizon (issue #2): 2023-01 to 2030-12, 96 months. */
export const DEFAULT_FROM = '2023-01';
export const DEFAULT_TO = '2030-12';
