/**
 * Adopter sectors (issue #2) and firm sizes. Each sector carries its own behaviour: price
 * sensitivity, capability need, aversion to governance risk, propensity to self-host, rate
 * of data generation, and download intensity. All values are assumptions (documented with
 * ranges in docs/model.md); the article names the sectors ("manufacturing, logistics, urban
 * infrastructure, and consumer services", startups, embodied AI).
 */

/** Sector id. */
export type SectorId =
  | 'software'
  | 'consumer'
  | 'finance'
  | 'manufacturing'
  | 'logistics'
  | 'government'
  | 'robotics';

/** Static description of a sector. */
export interface SectorDef {
  id: SectorId;
  label: string;
  /** Multiplier on the global price sensitivity. */
  priceSensitivity: number;
  /** Multiplier on the global capability sensitivity. */
  capabilityNeed: number;
  /** Multiplier on governance/security risk of foreign-origin models. */
  riskAversion: number;
  /** Share of open-weight users that self-host rather than call a hosted API (0..1). */
  selfHost: number;
  /** Data generated per unit of usage, relative to software = 1. */
  dataRate: number;
  /** Open-weight downloads per unit of open usage, relative to software = 1. */
  downloadIntensity: number;
  /** Share of potential adopters in this sector before the embodied shift (sums to 1). */
  weight: number;
  /** Critical infrastructure: the target of "critical sector" restrictions. */
  critical: boolean;
  /** Industrial or embodied: domestic industrial integration channel and the embodied shift. */
  industrial: boolean;
  /** Embodied AI (robots, vehicles): the sector the embodied shift grows most. */
  embodied: boolean;
  /** Builds derivatives (fine-tunes) on open base models. */
  developer: boolean;
}

export const SECTORS: readonly SectorDef[] = [
  { id: 'software', label: 'Software & startups (developers)', priceSensitivity: 1.3, capabilityNeed: 1.0, riskAversion: 0.4, selfHost: 0.5, dataRate: 1.0, downloadIntensity: 1.0, weight: 0.3, critical: false, industrial: false, embodied: false, developer: true },
  { id: 'consumer', label: 'Consumer services', priceSensitivity: 1.2, capabilityNeed: 0.9, riskAversion: 0.7, selfHost: 0.2, dataRate: 1.5, downloadIntensity: 0.2, weight: 0.22, critical: false, industrial: false, embodied: false, developer: false },
  { id: 'finance', label: 'Finance', priceSensitivity: 0.6, capabilityNeed: 1.2, riskAversion: 1.6, selfHost: 0.4, dataRate: 0.8, downloadIntensity: 0.15, weight: 0.12, critical: true, industrial: false, embodied: false, developer: false },
  { id: 'manufacturing', label: 'Manufacturing', priceSensitivity: 1.0, capabilityNeed: 0.8, riskAversion: 0.9, selfHost: 0.6, dataRate: 3.0, downloadIntensity: 0.3, weight: 0.13, critical: false, industrial: true, embodied: false, developer: false },
  { id: 'logistics', label: 'Logistics & transport', priceSensitivity: 1.0, capabilityNeed: 0.8, riskAversion: 0.9, selfHost: 0.5, dataRate: 2.5, downloadIntensity: 0.2, weight: 0.09, critical: false, industrial: true, embodied: false, developer: false },
  { id: 'government', label: 'Urban infrastructure & government (critical)', priceSensitivity: 0.8, capabilityNeed: 0.9, riskAversion: 2.0, selfHost: 0.6, dataRate: 2.0, downloadIntensity: 0.2, weight: 0.09, critical: true, industrial: false, embodied: false, developer: false },
  { id: 'robotics', label: 'Robotics & embodied AI', priceSensitivity: 0.9, capabilityNeed: 0.9, riskAversion: 1.0, selfHost: 0.8, dataRate: 5.0, downloadIntensity: 0.5, weight: 0.05, critical: false, industrial: true, embodied: true, developer: false },
];

/** Firm-size class. */
export interface SizeDef {
  id: 'small' | 'medium' | 'large';
  label: string;
  /** Share of potential adopters (sums to 1). */
  weight: number;
  /** Usage volume per adopter, relative to small = 1. */
  volume: number;
  /** Multiplier on price sensitivity. */
  priceSensitivity: number;
  /** In-house capacity to self-host: log10 of the largest active-parameter count (billions) run cheaply. */
  hostCapacityLog10B: number;
  /** Cost of self-hosting relative to the hosted price (scale economies of larger firms). */
  selfHostCostFactor: number;
  /** Need for vendor support, SLAs and indemnities: utility cost of open weights (× supportWeight). */
  supportNeed: number;
  /** Share of its activity on international developer platforms (Hugging Face, OpenRouter) rather than direct vendor contracts. */
  platformShare: number;
  /** Counts as an enterprise for `enterprise_open_share`. */
  enterprise: boolean;
}

export const SIZES: readonly SizeDef[] = [
  { id: 'small', label: 'Small (startups, individual developers)', weight: 0.7, volume: 1, priceSensitivity: 1.3, hostCapacityLog10B: 1.0, selfHostCostFactor: 1.2, supportNeed: 0, platformShare: 1, enterprise: false },
  { id: 'medium', label: 'Medium firms', weight: 0.22, volume: 8, priceSensitivity: 1.0, hostCapacityLog10B: 1.6, selfHostCostFactor: 0.8, supportNeed: 0.5, platformShare: 0.4, enterprise: true },
  { id: 'large', label: 'Large enterprises', weight: 0.08, volume: 60, priceSensitivity: 0.7, hostCapacityLog10B: 2.4, selfHostCostFactor: 0.5, supportNeed: 1, platformShare: 0.1, enterprise: true },
];
