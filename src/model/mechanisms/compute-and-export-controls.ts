/**
 * Compute and hardware constraints. Each bloc's AI compute grows; export controls (dated
 * events) cut the growth of a bloc's access to advanced hardware, less what leaks through
 * (smuggling, remote cloud access) and what domestic accelerators replace (a share that
 * grows over time). Labs win back part of the lost compute growth as faster
 * algorithmic-efficiency gains ("adaptive innovation"), and compute scarcity raises serving
 * costs (cost-efficiency.ts).
 * Article: "Export controls have limited the availability of high-performance chips … it has
 * encouraged the development of more efficient models" and "the prioritization of
 * scalability over peak performance".
 */

/** Monthly log-growth rate of compute from a doubling time in months. */
export function monthlyRate(doublingMonths: number): number {
  return Math.LN2 / doublingMonths;
}

/**
 * Domestic substitution after `years` since 2023-01: the share of the cut that domestic
 * accelerators replace grows from its 2023 value towards 1 at `growthPerYear`:
 * 1 − (1 − s₀)·e^{−growth·years}.
 */
export function substitutionAt(initial: number, growthPerYear: number, years: number): number {
  const s0 = Math.min(1, Math.max(0, initial));
  return 1 - (1 - s0) * Math.exp(-Math.max(0, growthPerYear) * Math.max(0, years));
}

/** Severity actually felt: policy severity × stringency, less leakage, net of domestic substitution. */
export function effectiveSeverity(severity: number, scale: number, leakage: number, substitution: number): number {
  const s = Math.min(1, Math.max(0, severity * scale));
  return s * (1 - Math.min(1, Math.max(0, leakage))) * (1 - substitution);
}

/** Next month's compute: growth is cut in proportion to the felt severity. */
export function growCompute(k: number, rate: number, severity: number): number {
  return k * Math.exp(rate * (1 - severity));
}

/**
 * Monthly log-growth of algorithmic efficiency. While a bloc's hardware access is cut, its
 * labs win back a fraction `adaptiveInnovation` of the compute growth they lose
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
