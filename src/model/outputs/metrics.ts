/**
 * Output metrics: ids, units, breakdowns and definitions. docs/model.md §Outputs states the
 * same definitions in equations. Groups for bloc breakdowns are the bloc ids (US, CN, EU, RoW).
 */

/** How a metric is broken down. */
export type Breakdown = 'none' | 'bloc' | 'lab' | 'frontier-group' | 'gap-group' | 'openness' | 'adopter-origin';

/** Metadata of one output metric. */
export interface MetricDef {
  id: string;
  label: string;
  unit: string;
  breakdown: Breakdown;
  /** Shares over groups sum to 1 each month. */
  isShare: boolean;
  definition: string;
}

export const METRICS: readonly MetricDef[] = [
  { id: 'usage_share', label: 'Usage share by model origin', unit: 'share', breakdown: 'bloc', isShare: true, definition: 'Share of all usage volume (adopters × usage per adopter) on models of each origin bloc, open and closed together.' },
  { id: 'open_share', label: 'Open-weight share of usage', unit: 'share', breakdown: 'none', isShare: false, definition: 'Share of all usage volume on open-weight models (self-hosted or hosted).' },
  { id: 'download_share', label: 'Open-weight download share by origin', unit: 'share', breakdown: 'bloc', isShare: true, definition: 'Share of the month\'s open-weight downloads on international platforms by origin bloc of the model. Downloads = open-weight adopters × platform presence of their bloc × sector download intensity × portfolio-breadth factor; comparable to Hugging Face download shares by developer.' },
  { id: 'derivative_share', label: 'Share of new derivatives by base-model origin', unit: 'share', breakdown: 'bloc', isShare: true, definition: 'Share of derivatives (fine-tunes) published that month on international platforms, by origin bloc of the base model (developer adopters × platform presence).' },
  { id: 'token_share', label: 'Hosted-API token share by origin', unit: 'share', breakdown: 'bloc', isShare: true, definition: 'Share of hosted-API token volume on international platforms (closed APIs plus open models served by hosts, weighted by the platform presence of the adopter\'s bloc) by model origin; comparable to OpenRouter token shares. Self-hosted usage is excluded.' },
  { id: 'open_token_share', label: 'Token share among open-weight models', unit: 'share', breakdown: 'bloc', isShare: true, definition: 'token_share restricted to open-weight models.' },
  { id: 'hosted_open_share', label: 'Open-weight share of hosted tokens', unit: 'share', breakdown: 'none', isShare: false, definition: 'Share of hosted-API token volume on international platforms that goes to open-weight models; comparable to the open-weight share of OpenRouter tokens.' },
  { id: 'enterprise_open_share', label: 'Open-weight share of enterprise usage', unit: 'share', breakdown: 'none', isShare: false, definition: 'Share of usage volume on open-weight models among medium and large firms (all sectors); comparable to Menlo Ventures\' enterprise workload shares.' },
  { id: 'capability', label: 'Capability of each lab\'s best released model', unit: 'capability points', breakdown: 'lab', isShare: false, definition: 'Capability index of the lab\'s latest major release (closed or open); +1 point ≈ 10× effective compute. Absent before the lab enters.' },
  { id: 'frontier_capability', label: 'Frontier capability by group', unit: 'capability points', breakdown: 'frontier-group', isShare: false, definition: 'Best capability available so far among models of a bloc and openness (groups us_closed, us_open, cn_open, …), a running maximum. Absent while a group has no model.' },
  { id: 'capability_gap_months', label: 'Capability gap', unit: 'months', breakdown: 'gap-group', isShare: false, definition: 'Time shift: months since the leader\'s frontier first reached the follower\'s current frontier. open_vs_closed: best open vs best closed; cn_vs_us: best CN vs best US. Negative when the follower leads.' },
  { id: 'avg_price', label: 'Average price paid', unit: '$ per million tokens', breakdown: 'openness', isShare: false, definition: 'Usage-weighted average price paid: API list price for closed models, hosting or self-hosting cost for open models (groups open, closed).' },
  { id: 'compute', label: 'AI compute by bloc', unit: 'compute index (world 2023-01 = 10)', breakdown: 'bloc', isShare: false, definition: 'AI compute stock of the bloc, after export controls and domestic substitution.' },
  { id: 'data_stock', label: 'Deployment-data stock by bloc', unit: 'data units', breakdown: 'bloc', isShare: false, definition: 'Sum of the deployment-data stocks of the bloc\'s labs (depreciated inflows from their models\' users).' },
  { id: 'hhi', label: 'Concentration over labs (HHI)', unit: 'index 0–1', breakdown: 'none', isShare: false, definition: 'Herfindahl–Hirschman index of usage shares over labs: Σ share².' },
  { id: 'adoption', label: 'Adoption of language models', unit: 'share of potential adopters', breakdown: 'none', isShare: false, definition: 'Fraction of potential adopters (mass-weighted) that use any model.' },
  { id: 'downloads', label: 'Open-weight downloads by origin', unit: 'download index per month', breakdown: 'bloc', isShare: false, definition: 'Monthly open-weight downloads (the numerator of download_share), in model units; calibration maps them to real counts with a fitted scale.' },
  { id: 'derivatives', label: 'New derivatives by base origin', unit: 'derivative index per month', breakdown: 'bloc', isShare: false, definition: 'Derivatives created that month (the numerator of derivative_share), in model units.' },
  { id: 'efficiency', label: 'Algorithmic efficiency by bloc', unit: 'multiple of 2023-01', breakdown: 'bloc', isShare: false, definition: 'Compute-weighted geometric mean of the bloc\'s labs\' algorithmic efficiency.' },
  { id: 'open_labs', label: 'Labs releasing open weights', unit: 'labs', breakdown: 'bloc', isShare: false, definition: 'Number of the bloc\'s labs whose current strategy releases open weights (open or mixed).' },
  { id: 'critical_usage_share', label: 'Usage share in critical sectors', unit: 'share', breakdown: 'adopter-origin', isShare: false, definition: 'Share of usage in an adopter bloc\'s critical sectors (finance, government) on models of each origin; group "US:CN" = CN models in US critical sectors.' },
  { id: 'lab_usage_share', label: 'Usage share by lab', unit: 'share', breakdown: 'lab', isShare: true, definition: 'Share of all usage volume on each lab\'s models (open and closed together); the niches of second-tier, EU and RoW labs.' },
  { id: 'lab_download_share', label: 'Download share by lab', unit: 'share', breakdown: 'lab', isShare: true, definition: 'Share of the month\'s open-weight downloads on international platforms by lab (installed users plus trial downloads of new releases).' },
  { id: 'lab_derivative_share', label: 'Share of new derivatives by base-model lab', unit: 'share', breakdown: 'lab', isShare: true, definition: 'Share of the derivatives published that month on international platforms by the lab of the base model; comparable to ATOM\'s derivative shares by model family (Qwen = alibaba).' },
  { id: 'trial_downloads', label: 'Trial downloads of new releases', unit: 'download index per month', breakdown: 'bloc', isShare: false, definition: 'The part of `downloads` that comes from developers trying recent releases (release attention × developers\' choice probability), by origin bloc.' },
];

export const METRIC_INDEX: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.id, m]));
