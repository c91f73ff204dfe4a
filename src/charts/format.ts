/**
 * Numbers for people: shares as percentages ("93%", not 0.932), other values to three
 * significant digits with thousands separators, parameter values to at most four
 * significant digits (a calibrated 1.0017743886877346 shows as 1.002). Used by the
 * playground's tooltips, popovers, data tables and headlines, and by the HTML reports.
 */
import type { ParamDef, ParamValue } from '../model/index.js';

const sig3 = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
const sig4 = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });

/** A share (0–1) as a percentage with sensible precision: 93%, 4.5%, 0.18%. */
export function formatShare(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  const p = v * 100;
  const a = Math.abs(p);
  if (a === 0) return '0%';
  if (a >= 9.95) return `${p.toFixed(0)}%`;
  if (a >= 0.995) return `${p.toFixed(1).replace(/\.0$/, '')}%`;
  return `${sig3.format(Number(p.toPrecision(2)))}%`;
}

/** A difference of shares in percentage points, signed: +4.2 pp, −0.3 pp. */
export function formatSharePoints(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  const p = v * 100;
  const a = Math.abs(p);
  const body = a >= 9.95 ? a.toFixed(0) : a >= 0.995 ? a.toFixed(1) : a === 0 ? '0' : sig3.format(Number(a.toPrecision(2)));
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${body} pp`;
}

/** Any other value: three significant digits, thousands separators; exponent form below 0.001. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a !== 0 && a < 1e-3) return v.toExponential(1).replace('e', '×10^').replace('^-', '^−');
  return sig3.format(v).replace(/^-/, '−');
}

/** A value in a metric's unit: shares as percentages, prices in dollars, months with one decimal. */
export function formatMetricValue(unit: 'share' | 'price' | 'months' | 'number', v: number): string {
  if (unit === 'share') return formatShare(v);
  if (unit === 'price') return Number.isFinite(v) ? `$${formatNumber(v)}` : 'n/a';
  if (unit === 'months') return Number.isFinite(v) ? `${v.toFixed(1).replace(/^-/, '−')}` : 'n/a';
  return formatNumber(v);
}

/** A parameter value: at most four significant digits (choices as they are). */
export function formatParamValue(v: ParamValue, def?: Pick<ParamDef, 'options'>): string {
  if (typeof v === 'string' || def?.options) return String(v);
  if (!Number.isFinite(v)) return 'n/a';
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return sig4.format(v).replace(/^-/, '−');
}
