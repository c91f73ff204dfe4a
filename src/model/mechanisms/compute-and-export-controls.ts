/**
 * Compute and hardware constraints. Each bloc's AI compute grows; export controls (dated
 * events) cut the growth of a bloc's access to advanced hardware; the shortfall against the
 * labs win back part of the lost compute growth as faster algorithmic-efficiency gains
 * ("adaptive innovation").
 * Article: "Export controls have limited the availability of high-performance chips … it has
 * encouraged the development of more efficient models" and "the prioritization of
 * scalability over peak performance": efficiency only partly offsets the compute cut
 * (adaptiveInnovation < ~1), so controls cost peak capability while lowering serving costs.
 */

/** Monthly log-growth rate of compute from a doubling time in months. */
export function monthlyRate(doublingMonths: number): number {
  return Math.LN2 / doublingMonths;
}

/** Severity actually felt: policy severity × stringency scale, net of domestic substitution. */
export function effectiveSeverity(severity: number, scale: number, substitution: number): number {
  const s = Math.min(1, Math.max(0, severity * scale));
  return s * (1 - substitution);
}

/** Next month's compute: growth is cut in proportion to the felt severity. */
export function growCompute(k: number, rate: number, severity: number): number {
  return k * Math.exp(rate * (1 - severity));
}

/**
 * Monthly log-growth of algorithmic efficiency. While a bloc's hardware access is cut, its
 * labs win back a fraction `adaptiveInnovation` (0..1) of the compute growth they lose
 * (computeRate × severity) as extra efficiency: below 1, peak capability still falls, while
 * efficiency (and so cost) improves faster than elsewhere.
 */
export function efficiencyRate(baseRate: number, adaptiveInnovation: number, computeRate: number, severity: number): number {
  return baseRate + adaptiveInnovation * computeRate * severity;
}

/** Compute of a lab: its share of the bloc's compute, plus public investment if it releases open weights. */
export function labCompute(blocCompute: number, share: number, releasesOpen: boolean, subsidy: number): number {
  return blocCompute * share * (releasesOpen ? 1 + subsidy : 1);
}
